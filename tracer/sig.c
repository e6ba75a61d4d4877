/* tracer/sig.c: signal events (sig.*): pending and blocked sets per process, handlers running. */
#include <string.h>
#include "kinds.h"

enum { V_GENERATE, V_DELIVER, V_RETURN, V_IGNORE, V_MASK, V_INTERRUPT };

static const struct ev_type types[] = {
	{ "sig.generate", 0, V_GENERATE }, { "sig.deliver", 0, V_DELIVER }, { "sig.return", 0, V_RETURN },
	{ "sig.ignore", 0, V_IGNORE }, { "sig.mask", 0, V_MASK }, { "sig.interrupt", 0, V_INTERRUPT },
	{ NULL, 0, 0 },
};

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

static void apply(struct apply_ctx *c, int verb)
{
	struct proc *p = state_proc(c->s, c->rec->pid);
	int64_t v;
	int sig;
	switch (verb) {
	case V_GENERATE: {
		if (!ev_int(c, "target", &v, 1))
			return;
		sig = signo(c);
		int added;
		struct proc *t = state_proc_get(c->s, (int32_t)v, &added);
		if (!t)
			return;
		if (added) {
			t->orphan = 1;
			ev_diag(c, "sig.generate: target %d was never seen", t->pid);
		}
		ev_hex(c, "pending", &t->pending, 1);
		ev_hex(c, "blocked", &t->blocked, 0);
		if (sig)
			t->last_sig = (int16_t)sig;
		return;
	}
	case V_DELIVER: {
		if (!p)
			return;
		sig = signo(c);
		ev_hex(c, "pending", &p->pending, 1);
		ev_hex(c, "blocked", &p->blocked, 0);
		const char *h;
		if (sig) {
			p->last_sig = (int16_t)sig;
			if (ev_str(c, "handler", &h, 0))
				p->in_handler = (int16_t)sig;
		}
		return;
	}
	case V_RETURN:
		if (!p)
			return;
		ev_hex(c, "blocked", &p->blocked, 1);
		p->in_handler = 0;
		return;
	case V_IGNORE: {
		/* the kernel names the process the signal was for in `target` (else it is pid's own) */
		struct proc *q = ev_int(c, "target", &v, 0) ? state_proc(c->s, (int32_t)v) : p;
		if (q && (sig = signo(c)))
			q->last_sig = (int16_t)sig;
		return;
	}
	case V_MASK:
		if (!p)
			return;
		ev_hex(c, "pending", &p->pending, 0);
		ev_hex(c, "blocked", &p->blocked, 1);
		return;
	case V_INTERRUPT:
		if (p)
			proc_forget_waits(c, p->pid);
		return;
	default:
		return;
	}
}

const struct ev_family family_sig = { "sig", types, apply };
