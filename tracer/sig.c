/* tracer/sig.c: signal events (sig.*): per process the pending and blocked sets, the dispositions seen (a
 * signal delivered to a handler is caught, one discarded is ignored: the trace has no sigaction event),
 * the handler frames on its user stack (pushed by delivery, popped by rt_sigreturn), and how many instances
 * of each real-time signal are queued (standard signals coalesce: signal(7)). */
#include <stdio.h>
#include <string.h>
#include "kinds.h"
#include "objs.h"

enum { V_GENERATE, V_DELIVER, V_RETURN, V_IGNORE, V_MASK, V_INTERRUPT };

static const struct ev_type types[] = {
	{ "sig.generate", 0, V_GENERATE }, { "sig.deliver", 0, V_DELIVER }, { "sig.return", 0, V_RETURN },
	{ "sig.ignore", 0, V_IGNORE }, { "sig.mask", 0, V_MASK }, { "sig.interrupt", 0, V_INTERRUPT },
	{ NULL, 0, 0 },
};

#define SIGCONT 18
#define SIGRTMIN 32   /* Linux's first real-time signal (glibc and musl reserve 32..34 for themselves) */

/* Read the signal number field; reports a number outside 1..64. Returns 0 when absent or bad. */
static int signo(struct apply_ctx *c)
{
	int64_t v;
	if (!ev_int(c, "sig", &v, 1))
		return 0;
	if (v < 1 || v > 64) {
		ev_diag(c, "signal number %lld out of range 1..64", (long long)v);
		return 0;
	}
	return (int)v;
}

static uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

/* The real-time queue of p agrees with its pending set: a signal not pending has no instance queued. */
static void rt_sync(struct proc *p)
{
	for (int s = SIGRTMIN; s <= 64; s++)
		if (!(p->pending & bit(s)))
			p->rtqueued[s - SIGRTMIN] = 0;
}

/* SIGCONT continues a stopped process whatever its disposition, even ignored (signal(7)): it is ready to run again. */
static void continued(struct proc *p, int sig)
{
	if (sig == SIGCONT && p->state == PS_SLEEPING && !strcmp(p->wchan, "stopped")) {
		p->state = PS_RUNNABLE;
		p->wchan[0] = 0;
		p->wait = (struct proc_wait){ .kind = WAIT_NONE, .obj = -1 };
	}
}

/* A signal from pid 0 that a key typed on a terminal sent (obj_tty.c): the effect starts at the terminal, with
 * the key (text), and the event belongs to the terminal (its log rows, focus). */
static void from_key(struct apply_ctx *c, int32_t target, int sig)
{
	struct obj *tty = sig ? tty_key_source(c, target, sig) : NULL;
	if (!tty)
		return;
	const struct tty_blob *b = tty->blob;
	c->fx->flags |= FXF_TTY;
	c->fx->obj = tty->cat;
	c->rec->obj = tty->cat;
	snprintf(c->fx->text, sizeof c->fx->text, "%s", b->key);
}

static void apply(struct apply_ctx *c, int verb)
{
	struct proc *p = state_proc(c->s, c->rec->pid);
	struct ev_effect *fx = c->fx;
	int64_t v;
	int sig;
	switch (verb) {
	case V_GENERATE: {
		if (!ev_pid(c, "target", &v, 1))
			return;
		sig = signo(c);
		int added;
		struct proc *t = state_proc_get(c->s, (int32_t)v, &added);
		if (!t) {
			ev_oom(c);
			return;
		}
		if (added) {
			t->orphan = 1;
			ev_diag(c, "sig.generate: target %d was never seen", t->pid);
		}
		uint64_t was = t->pending;
		ev_hex(c, "pending", &t->pending, 1);
		ev_hex(c, "blocked", &t->blocked, 0);
		fx->verb = FX_SIG_GENERATE;
		fx->sig = (int16_t)sig;
		fx_add_pid(fx, t->pid);
		if (sig) {
			t->last_sig = (int16_t)sig;
			if (sig >= SIGRTMIN && (t->pending & bit(sig))) {
				uint8_t *q = &t->rtqueued[sig - SIGRTMIN];
				*q = (uint8_t)((was & bit(sig)) ? (*q < 255 ? *q + 1 : 255) : 1);
				if (was & bit(sig))
					fx->flags |= FXF_QUEUED;
			} else if (sig < SIGRTMIN && (was & bit(sig))) {
				fx->flags |= FXF_COALESCED;
			}
			if (t->blocked & bit(sig))
				fx->flags |= FXF_BLOCKED;
		}
		from_key(c, t->pid, sig);
		continued(t, sig);
		rt_sync(t);
		return;
	}
	case V_DELIVER: {
		fx->verb = FX_SIG_DELIVER;
		if (!p)
			return;
		sig = signo(c);
		fx->sig = (int16_t)sig;
		ev_hex(c, "pending", &p->pending, 1);
		ev_hex(c, "blocked", &p->blocked, 0);
		const char *h;
		if (sig) {
			p->last_sig = (int16_t)sig;
			if (sig >= SIGRTMIN && p->rtqueued[sig - SIGRTMIN] > 1 && (p->pending & bit(sig)))
				p->rtqueued[sig - SIGRTMIN]--;
			if (ev_str(c, "handler", &h, 0)) {
				fx->flags |= FXF_HANDLER;
				snprintf(fx->text, sizeof fx->text, "%s", h);
				p->caught |= bit(sig);
				p->ignored &= ~bit(sig);
				if (p->nframes < 255) {   /* the handler's frame goes on the user stack (counted beyond SIG_FRAMES) */
					p->frames[p->nframes < SIG_FRAMES ? p->nframes : SIG_FRAMES - 1] = (int16_t)sig;
					p->nframes++;
				}
			} else if (ev_str(c, "action", &h, 0) && !strcmp(h, "sigwait")) {
				snprintf(fx->text, sizeof fx->text, "%s", h);   /* taken by sigwaitinfo: says nothing of the disposition */
			} else if (ev_str(c, "action", &h, 0)) {   /* the default action (or SIG_IGN): no handler */
				snprintf(fx->text, sizeof fx->text, "%s", h);
				p->caught &= ~bit(sig);
				if (!strcmp(h, "ignore"))
					p->ignored |= bit(sig);
				else
					p->ignored &= ~bit(sig);
			}
		}
		rt_sync(p);
		return;
	}
	case V_RETURN:
		fx->verb = FX_SIG_RETURN;
		if (!p)
			return;
		if (ev_int(c, "sig", &v, 0) && v >= 1 && v <= 64)
			fx->sig = (int16_t)v;
		else
			fx->sig = (int16_t)proc_in_handler(p);
		ev_hex(c, "blocked", &p->blocked, 1);
		if (p->nframes)
			p->nframes--;
		return;
	case V_IGNORE: {
		/* the kernel names the process the signal was for in `target` (else it is pid's own) */
		struct proc *q = ev_pid(c, "target", &v, 0) ? state_proc(c->s, (int32_t)v) : p;
		fx->verb = FX_SIG_IGNORE;
		if (q && (sig = signo(c))) {
			q->last_sig = (int16_t)sig;
			q->ignored |= bit(sig);
			q->caught &= ~bit(sig);
			fx->sig = (int16_t)sig;
			fx_add_pid(fx, q->pid);
			from_key(c, q->pid, sig);
			continued(q, sig);
		}
		return;
	}
	case V_MASK:
		fx->verb = FX_SIG_MASK;
		if (!p)
			return;
		ev_hex(c, "pending", &p->pending, 0);
		ev_hex(c, "blocked", &p->blocked, 1);
		rt_sync(p);
		return;
	case V_INTERRUPT: {
		const char *s;
		fx->verb = FX_SIG_INTERRUPT;
		if (ev_str(c, "call", &s, 0))
			snprintf(fx->text, sizeof fx->text, "%s", s);
		if (ev_str(c, "result", &s, 0))
			snprintf(fx->err, sizeof fx->err, "%s", s);
		if (p)
			proc_forget_waits(c, p->pid);
		return;
	}
	default:
		return;
	}
}

const struct ev_family family_sig = { "sig", types, apply };
