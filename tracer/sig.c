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
	int n = 0;
	for (int i = 0; i < p->nrtq; i++)
		if (p->pending & bit(p->rtq[i].sig))
			p->rtq[n++] = p->rtq[i];
	p->nrtq = (uint8_t)n;
}

/* si_code names as sig.generate's code gives them (siginfo.h), with their values. */
static const struct { const char *name; int16_t code; } si_codes[] = {
	{ "SI_USER", 0 }, { "SI_KERNEL", 0x80 }, { "SI_QUEUE", -1 }, { "SI_TIMER", -2 }, { "SI_MESGQ", -3 },
	{ "SI_ASYNCIO", -4 }, { "SI_SIGIO", -5 }, { "SI_TKILL", -6 },
};

/* The name of si_code code, NULL for SIG_CODE_NONE or one the trace does not name. */
const char *sig_code_name(int code)
{
	for (size_t i = 0; i < sizeof si_codes / sizeof si_codes[0]; i++)
		if (si_codes[i].code == code)
			return si_codes[i].name;
	return NULL;
}

/* The instance of sig this sig.generate sends: its code and value as the event gives them (each optional); the
 * effect carries them (text: the code's name; FXF_VALUE: the value, in mtype). */
static struct sig_rt sig_info(struct apply_ctx *c, int sig)
{
	struct sig_rt e = { .sig = (int16_t)sig, .code = SIG_CODE_NONE };
	const char *code = NULL;
	if (ev_str(c, "code", &code, 0)) {
		for (size_t i = 0; i < sizeof si_codes / sizeof si_codes[0]; i++)
			if (!strcmp(code, si_codes[i].name))
				e.code = si_codes[i].code;
		if (e.code == SIG_CODE_NONE)
			ev_diag(c, "sig.generate: unknown code '%s'", code);
		else if (!(c->fx->flags & FXF_TTY))
			snprintf(c->fx->text, sizeof c->fx->text, "%s", code);
	}
	if (ev_get(c, "value") && ev_hex(c, "value", &e.value, 0)) {
		e.has_value = 1;
		c->fx->flags |= FXF_VALUE;
		c->fx->mtype = (int64_t)e.value;
	}
	return e;
}

/* A real-time signal's instance e was queued for t: it goes into t's queue in delivery order (after those of lower
 * or equal number). Beyond SIG_RTQ it is only counted (rtqueued). */
static void rt_enqueue(struct proc *t, struct sig_rt e)
{
	if (t->nrtq >= SIG_RTQ)
		return;
	int at = t->nrtq;
	while (at > 0 && t->rtq[at - 1].sig > e.sig)
		at--;
	memmove(&t->rtq[at + 1], &t->rtq[at], sizeof t->rtq[0] * (size_t)(t->nrtq - at));
	t->rtq[at] = e;
	t->nrtq++;
}

/* The oldest queued instance of sig in p's queue was delivered: it leaves the queue, and the effect carries its
 * value (FXF_VALUE, in mtype) when it had one. */
static void rt_dequeue(struct apply_ctx *c, struct proc *p, int sig)
{
	for (int i = 0; i < p->nrtq; i++)
		if (p->rtq[i].sig == sig) {
			if (p->rtq[i].has_value) {
				c->fx->flags |= FXF_VALUE;
				c->fx->mtype = (int64_t)p->rtq[i].value;
			}
			memmove(&p->rtq[i], &p->rtq[i + 1], sizeof p->rtq[0] * (size_t)(p->nrtq - i - 1));
			p->nrtq--;
			return;
		}
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
		struct sig_rt info = sig_info(c, sig);
		if (sig) {
			t->last_sig = (int16_t)sig;
			if (sig >= SIGRTMIN && (t->pending & bit(sig))) {
				uint8_t *q = &t->rtqueued[sig - SIGRTMIN];
				*q = (uint8_t)((was & bit(sig)) ? (*q < 255 ? *q + 1 : 255) : 1);
				if (was & bit(sig))
					fx->flags |= FXF_QUEUED;
				rt_enqueue(t, info);
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
			if (sig >= SIGRTMIN)
				rt_dequeue(c, p, sig);
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
