/* tracer/obj_tty.c: terminals (tty.*): the session a terminal belongs to and its foreground process group
 * (tty.pgrp: TIOCSCTTY, tcsetpgrp, the session leader's exit), and the signal keys typed on it (tty.signal: ^C,
 * ^\, ^Z send SIGINT, SIGQUIT, SIGTSTP to the foreground group, termios(3) "Special characters"; Linux
 * drivers/tty/n_tty.c n_tty_receive_signal_char). A key's signals follow as sig.generate events from pid 0, one
 * per live process of the group (kill_pgrp): tty_key_source (sig.c asks) tells them from the kernel's own
 * signals, so the views start them at the terminal, labelled with the key. Process groups and sessions are the
 * processes' own (proc.pgrp, proc.c); the terminal counts the group's processes from them. */
#include <stdio.h>
#include <string.h>
#include "kinds.h"
#include "objs.h"

enum { V_PGRP, V_SIGNAL };

/* Either event brings the terminal into existence: the trace has no create event for it (the console exists
 * from boot). */
static const struct ev_type types[] = {
	{ "tty.pgrp", 2, V_PGRP }, { "tty.signal", 2, V_SIGNAL }, { NULL, 0, 0 },
};

/* The live processes of group pgrp into the effect's pids; returns their count. */
static int group_pids(struct apply_ctx *c, int32_t pgrp)
{
	int n = 0;
	for (int i = 0; i < c->s->nprocs && pgrp > 0; i++) {
		const struct proc *p = &c->s->procs[i];
		if (p->pgid == pgrp && p->state != PS_ZOMBIE) {
			fx_add_pid(c->fx, p->pid);
			n++;
		}
	}
	return n;
}

/* A signal key as the trace names it: a caret and one character ("^C", "^\\", "^Z", "^?"). */
static int is_key(const char *k)
{
	return k[0] == '^' && k[1] > 0x20 && k[1] < 0x7f && !k[2];
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct tty_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int64_t session, pgrp, sig;
	const char *key;
	if (verb == V_PGRP) {
		fx->verb = FX_TTY_PGRP;
		if (!ev_pid(c, "session", &session, 1) || !ev_pid(c, "pgrp", &pgrp, 1))
			return APPLY_OK;
		if (session != b->session)
			snprintf(fx->text, sizeof fx->text, "session");
		b->session = (int32_t)session;
		b->pgrp = (int32_t)pgrp;
		fx->n = pgrp;
		group_pids(c, b->pgrp);
		return APPLY_OK;
	}
	fx->verb = FX_TTY_SIGNAL;
	if (!ev_str(c, "key", &key, 1) || !ev_int(c, "sig", &sig, 1) || !ev_pid(c, "pgrp", &pgrp, 1))
		return APPLY_OK;
	if (!is_key(key)) {
		ev_diag(c, "tty.signal: key '%.16s' is not a control key (^C, ^\\, ^Z)", key);
		return APPLY_OK;
	}
	if (sig < 1 || sig > 64) {
		ev_diag(c, "tty.signal: signal number %lld out of range 1..64", (long long)sig);
		return APPLY_OK;
	}
	if (b->session && pgrp != b->pgrp)   /* a missed tty.pgrp, or the kernel signalled the wrong group */
		ev_diag(c, "tty.signal to process group %lld, but the terminal's foreground group is %d", (long long)pgrp, b->pgrp);
	snprintf(b->key, sizeof b->key, "%s", key);
	snprintf(fx->text, sizeof fx->text, "%s", key);
	b->key_sig = (int16_t)sig;
	b->key_pgrp = (int32_t)pgrp;
	b->key_seq = c->rec->seq;
	b->nkeys++;
	fx->sig = (int16_t)sig;
	fx->n = pgrp;
	int n = group_pids(c, b->key_pgrp);
	b->key_left = (uint16_t)(n < 65535 ? n : 65535);
	return APPLY_OK;
}

struct obj *tty_key_source(struct apply_ctx *c, int32_t target, int sig)
{
	const struct proc *t = state_proc(c->s, target);
	if (c->rec->pid != 0 || !t || !t->pgid)
		return NULL;
	for (int i = 0; i < c->s->nobjs; i++) {
		struct obj *o = &c->s->objs[i];
		struct tty_blob *b = o->blob;
		/* the key's signals follow it closely (kill_pgrp, under no lock that keeps other CPUs' events out) */
		if (o->kind != OBJ_TTY || !b->key_left || b->key_sig != sig || b->key_pgrp != t->pgid ||
		    c->rec->seq - b->key_seq > 64 + 4 * (int64_t)b->key_left)
			continue;
		b->key_left--;
		return o;
	}
	return NULL;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct tty_blob *b = o->blob;
	snprintf(buf, len, "session %d pgrp %d key '%s' sig %d to %d left %u seq %lld keys %u", b->session, b->pgrp, b->key,
		 b->key_sig, b->key_pgrp, b->key_left, (long long)b->key_seq, b->nkeys);
}

const struct obj_kind kind_tty = {
	.name = "tty", .label = "terminal", .id_field = "tty", .id_max = INT32_MAX,
	.blob_size = sizeof(struct tty_blob), .types = types, .apply = apply, .dump = dump,
};
