/* tracer/ui/caption.c: the caption bar: what the current event did, in words and in the mechanism's terms
 * ("philo(8) sleeps: P(sem 0) in set 0 cannot go on, semval is 0"), from the model's typed effect. A
 * presenter reads it aloud; it also says, in red, which processes are deadlocked. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

/* The semaphore values of the current event's set, for "semval 1 -> 0". */
static int semval(const struct state *s, int32_t cat, int num, int *v)
{
	const struct obj *o = state_obj_by_cat(s, cat);
	if (!o || o->kind != OBJ_SEM || num < 0 || num >= ((const struct sem_blob *)o->blob)->nsems)
		return 0;
	*v = ((const struct sem_blob *)o->blob)->sems[num].semval;
	return 1;
}

/* The kind of object cat (now, or before the event), -1 if none. */
static int kind_of(const struct frame_ctx *f, int32_t cat)
{
	const struct obj *o = state_obj_by_cat(f->s, cat);
	if (!o)
		o = state_obj_by_cat(f->prev, cat);
	return o ? o->kind : -1;
}

static int is_queue(const struct frame_ctx *f, int32_t cat)
{
	return kind_of(f, cat) == OBJ_MSG;
}

/* "sem 0 -1, sem 1 -1" */
static void sops_text(const struct ev_effect *fx, char *buf, size_t len)
{
	size_t u = 0;
	buf[0] = 0;
	for (int i = 0; i < fx->nsops && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%ssem %d %+d", i ? ", " : "", fx->sops[i].num, fx->sops[i].op);
}

/* ": yes(5), head(6)": the processes of the effect's group (full), "" otherwise or when there are none. */
static void group_text(const struct frame_ctx *f, const struct ev_effect *fx, int full, char *buf, size_t len)
{
	char one[48];
	size_t u = 0;
	buf[0] = 0;
	for (int i = 0; full && i < fx->npids && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%s", i ? ", " : ": ", frame_proc_label(f, fx->pids[i], one, sizeof one));
	if (full && fx->npids_total > fx->npids && u < len)
		snprintf(buf + u, len - u, " and %d more", fx->npids_total - fx->npids);
}

/* group_text's full form as a return value. */
static const char *group_text_s(const struct frame_ctx *f, const struct ev_effect *fx, char *buf, size_t len)
{
	group_text(f, fx, 1, buf, len);
	return buf;
}

/* Did the effect's SIGCONT continue its stopped target? */
static int was_stopped(const struct frame_ctx *f, const struct ev_effect *fx)
{
	const struct proc *p = fx->sig == 18 && fx->npids ? state_proc((struct state *)f->prev, fx->pids[0]) : NULL;
	return p && p->state == PS_SLEEPING && !strcmp(p->wchan, "stopped");
}

const char *caption_text(const struct frame_ctx *f, int form, char *buf, size_t len)
{
	const struct ev_effect *fx = f->fx;
	char who[48], whom[48], ob[80], ob_s[48], q[96], x[128];
	buf[0] = 0;
	if (!fx)
		return buf;
	int full = form == 0;
	frame_proc_label(f, fx->pid, who, sizeof who);
	if (fx->npids)
		frame_proc_label(f, fx->pids[0], whom, sizeof whom);
	else
		whom[0] = 0;
	ob[0] = ob_s[0] = 0;
	if (fx->obj >= 0) {
		frame_obj_label(f, fx->obj, 0, ob, sizeof ob);
		frame_obj_label(f, fx->obj, 1, ob_s, sizeof ob_s);
	}
	const char *o = full ? ob : ob_s;
	if (fx->obj < 0 && (fx->verb == FX_WAKE || fx->verb == FX_BLOCK))
		o = fx->text; /* a sleep on no object of the model (a futex word): the event's own words */
	const struct proc *p = state_proc((struct state *)f->s, fx->pid);
	switch (fx->verb) {
	case FX_CREATE:
		snprintf(buf, len, "%s created %s", who, ob);
		break;
	case FX_PUT:
		frame_quote(fx->data, fx->ndata, fx->flags & FXF_MORE_DATA, full ? 24 : 10, q, sizeof q);
		if (is_queue(f, fx->obj))
			snprintf(buf, len, full ? "%s sent a message of type %lld (%lld bytes) to %s: %s" : "%s: msgsnd type %lld (%lld B) to %s",
				 who, (long long)fx->mtype, (long long)fx->n, o, q);
		else if (kind_of(f, fx->obj) == OBJ_MQ)
			snprintf(buf, len, full ? "%s sent a message of priority %lld (%lld bytes) to %s: %s" : "%s: mq_send prio %lld (%lld B) to %s",
				 who, (long long)fx->mtype, (long long)fx->n, o, q);
		else if (kind_of(f, fx->obj) == OBJ_UNIX && fx->text[0])   /* files travel with the bytes (SCM_RIGHTS) */
			snprintf(buf, len, full ? "%s sent %lld bytes to %s, with %s in flight: %s" : "%s sent %lld B and files to %s",
				 who, (long long)fx->n, o, fx->text, q);
		else if (kind_of(f, fx->obj) == OBJ_UNIX)
			snprintf(buf, len, full ? "%s sent %lld bytes to %s: %s" : "%s sent %lld bytes to %s", who, (long long)fx->n, o, q);
		else
			snprintf(buf, len, full ? "%s wrote %lld bytes into %s: %s" : "%s wrote %lld bytes into %s", who, (long long)fx->n, o, q);
		break;
	case FX_TAKE:
		frame_quote(fx->data, fx->ndata, fx->flags & FXF_MORE_DATA, full ? 24 : 10, q, sizeof q);
		if (is_queue(f, fx->obj))
			snprintf(buf, len, full ? "%s received a message of type %lld (%lld bytes) from %s: %s" : "%s: msgrcv type %lld (%lld B) from %s",
				 who, (long long)fx->mtype, (long long)fx->n, o, q);
		else if (kind_of(f, fx->obj) == OBJ_MQ)
			snprintf(buf, len, full ? "%s received a message of priority %lld (%lld bytes) from %s: %s" : "%s: mq_receive prio %lld (%lld B) from %s",
				 who, (long long)fx->mtype, (long long)fx->n, o, q);
		else if (kind_of(f, fx->obj) == OBJ_UNIX && fx->sub == 2 && f->ev)   /* accept(2): the new socket is the event's */
			snprintf(buf, len, full ? "%s accepted a connection waiting on %s: %s, now its fd %lld" : "%s: accept on %s: %s, fd %lld",
				 who, o, frame_obj_label(f, f->ev->obj, 1, x, sizeof x), (long long)fx->n);
		else if (kind_of(f, fx->obj) == OBJ_UNIX && fx->text[0])   /* files arrived as new descriptors */
			snprintf(buf, len, full ? "%s received %lld bytes from %s, and the files as %s: %s" : "%s received %lld B and files from %s",
				 who, (long long)fx->n, o, fx->text, q);
		else if (kind_of(f, fx->obj) == OBJ_UNIX && !(fx->flags & FXF_EOF))
			snprintf(buf, len, full ? "%s received %lld bytes from %s: %s" : "%s received %lld bytes from %s", who, (long long)fx->n, o, q);
		else if (fx->flags & FXF_EOF)
			snprintf(buf, len, full ? "%s read end of file from %s: no writer is left" : "%s: end of file on %s", who, o);
		else
			snprintf(buf, len, full ? "%s read %lld bytes from %s: %s" : "%s read %lld bytes from %s", who, (long long)fx->n, o, q);
		break;
	case FX_SEMOP: {
		sops_text(fx, x, sizeof x);
		int v;
		if (fx->nsops == 1 && semval(f->s, fx->obj, fx->sops[0].num, &v)) {
			int was = v;
			semval(f->prev, fx->obj, fx->sops[0].num, &was);
			const char *what = fx->sops[0].op < 0 ? "P" : fx->sops[0].op > 0 ? "V" : "wait for 0";
			if (full)
				snprintf(buf, len, "%s: %s(sem %d) in %s, semval %d -> %d%s", who, what, fx->sops[0].num, o, was, v,
					 fx->text[0] ? " (SEM_UNDO at exit)" : "");
			else
				snprintf(buf, len, "%s: %s(sem %d), %d -> %d", who, what, fx->sops[0].num, was, v);
		} else {
			snprintf(buf, len, "%s: semop on %s: %s%s", who, o, x, fx->text[0] ? " (SEM_UNDO at exit)" : "");
		}
		break;
	}
	case FX_BLOCK: {
		char wt[96] = "";
		if (p)
			frame_wait_text(f, p, full ? 0 : 1, wt, sizeof wt);
		int v;
		if (p && p->wait.kind == WAIT_SEM && full && semval(f->s, fx->obj, p->wait.semnum, &v))
			snprintf(buf, len, "%s sleeps: %s cannot go on (semval %d)", who, wt, v);
		else
			snprintf(buf, len, "%s sleeps: %s", who, wt[0] ? wt : o);
		break;
	}
	case FX_WAKE: {
		if (fx->npids_total > 1)
			snprintf(whom + strlen(whom), sizeof whom - strlen(whom), " and %d more", fx->npids_total - 1);
		if (fx->err[0])
			snprintf(buf, len, "%s woke %s on %s to fail: %s", who, whom, o, fx->err);
		else if (kind_of(f, fx->obj) == OBJ_MQ && fx->sub == 1)   /* mq.wake op send: the sleeper's message went in */
			snprintf(buf, len, full ? "%s's receive made room in %s: %s's message is in, and it wakes" : "%s let %s's message into %s",
				 who, full ? o : whom, full ? whom : o);
		else if (kind_of(f, fx->obj) == OBJ_MQ)   /* op recv: handed the message directly */
			snprintf(buf, len, full ? "%s handed its message to %s, asleep in mq_receive on %s" : "%s woke %s on %s", who, whom, o);
		else if (fx->text[0] && fx->obj >= 0)
			snprintf(buf, len, full ? "%s's open let %s through %s" : "%s's open woke %s", who, whom, o);
		else
			snprintf(buf, len, full ? "%s woke %s, asleep on %s" : "%s woke %s", who, whom[0] ? whom : "nobody", o);
		break;
	}
	case FX_FAIL:
		snprintf(buf, len, "%s: the operation on %s failed: %s", who, o, fx->err);
		break;
	case FX_REQUEUE:
		snprintf(buf, len, full ? "%s moved %lld sleeper%s from futex 0x%llx to %s without waking them%s" : "%s requeued %lld to %s",
			 who, (long long)fx->n, fx->n == 1 ? "" : "s", (unsigned long long)fx->addr, o, full ? group_text_s(f, fx, x, sizeof x) : "");
		break;
	case FX_OPEN:
		snprintf(buf, len, full ? "%s opened %s for %s%s" : "%s opened %s", who, o,
			 !strcmp(fx->text, "w") ? "writing" : !strcmp(fx->text, "r") ? "reading" : "reading and writing",
			 fx->npids ? " and let the other end's openers through" : "");
		break;
	case FX_CLOSE:
		snprintf(buf, len, "%s closed the %s end of %s", who, fx->sub == 1 ? "write" : "read", o);
		break;
	case FX_SHUTDOWN:
		snprintf(buf, len, "%s: shutdown(%s) on side %d of %s", who, fx->text, fx->sub, o);
		break;
	case FX_REMOVE:
		snprintf(buf, len, "%s: %s is gone", who, o);
		break;
	case FX_ATTACH:
		if (kind_of(f, fx->obj) == OBJ_MMAP && !strcmp(fx->text, "fork"))
			snprintf(buf, len, full ? "%s inherits %s from its parent at 0x%" PRIx64 ": a store by either is seen by both" : "%s inherits %s",
				 who, o, fx->addr);
		else if (kind_of(f, fx->obj) == OBJ_MMAP && full) {
			const struct obj *mo = state_obj_by_cat(f->s, fx->obj);
			const struct mmap_blob *mb = mo ? mo->blob : NULL;
			int past = mb && !mb->file && fx->mtype + fx->n > mb->npages;   /* longer than the memory (mremap) */
			snprintf(buf, len, "%s mapped pages %lld-%lld of %s at 0x%" PRIx64 " (%s)%s", who, (long long)fx->mtype,
				 (long long)(fx->mtype + fx->n - 1), o, fx->addr, fx->text, past ? ": past its end, a touch there is SIGBUS" : "");
		}
		else if (kind_of(f, fx->obj) == OBJ_MMAP)
			snprintf(buf, len, "%s mapped %s", who, o);
		else
			snprintf(buf, len, full ? "%s attached %s at 0x%" PRIx64 : "%s attached %s", who, o, fx->addr);
		break;
	case FX_DETACH:
		if (kind_of(f, fx->obj) == OBJ_MMAP && full)
			snprintf(buf, len, "%s unmapped pages %lld-%lld of %s at 0x%" PRIx64 " (%s)", who, (long long)fx->mtype,
				 (long long)(fx->mtype + fx->n - 1), o, fx->addr, !strcmp(fx->text, "exit") ? "exit or execve" : "munmap");
		else if (kind_of(f, fx->obj) == OBJ_MMAP)
			snprintf(buf, len, "%s unmapped %s", who, o);
		else
			snprintf(buf, len, "%s detached %s", who, o);
		break;
	case FX_TOUCH:
		if (fx->flags & FXF_ALLOC)
			snprintf(buf, len, full ? "%s touched page %lld of %s first (a %s): the page is made now, and every process that maps it will see it" :
				 "%s made page %lld of %s", who, (long long)fx->n, o, fx->text);
		else
			snprintf(buf, len, full ? "%s mapped in page %lld of %s (a %s): from now on it sees the stores of the others there" :
				 "%s mapped in page %lld of %s", who, (long long)fx->n, o, fx->text);
		break;
	case FX_CTL:
		if (fx->obj >= 0 && (kind_of(f, fx->obj) == OBJ_UNIX || kind_of(f, fx->obj) == OBJ_MQ)) {   /* the words say it */
			snprintf(buf, len, "%s: %s (%s)", who, fx->text, o);
			break;
		}
		if (fx->obj < 0) {   /* proc.pgrp: setpgid(2), setsid(2) */
			const struct proc *t = state_proc((struct state *)f->s, fx->npids ? fx->pids[0] : fx->pid);
			snprintf(buf, len, "%s is in process group %d, session %d", fx->npids ? whom : who, t ? t->pgid : 0, t ? t->sid : 0);
		} else {
			snprintf(buf, len, "%s: %s on %s", who, fx->text[0] ? fx->text : "ctl", o);
		}
		break;
	case FX_FORK:
		snprintf(buf, len, "%s forked %s", who, whom);
		break;
	case FX_EXEC:
		snprintf(buf, len, "process %d now runs %s", fx->pid, fx->text);
		break;
	case FX_EXIT:
		if ((fx->n & 0x7f) == 0)
			snprintf(buf, len, "%s exited with code %d", who, (int)(fx->n >> 8) & 0xff);
		else
			snprintf(buf, len, "%s was killed by %s", who, sig_name((int)(fx->n & 0x7f)));
		break;
	case FX_REAP:
		snprintf(buf, len, "%s reaped %s with wait4", who, whom);
		break;
	case FX_SWITCH:
		if (fx->npids)
			snprintf(buf, len, full ? "the CPU switches from %s to %s" : "switch to %s", fx->pid ? who : "idle", whom);
		else
			snprintf(buf, len, "%s leaves the CPU: idle", who);
		if (!full && fx->npids)
			snprintf(buf, len, "switch to %s", whom);
		break;
	case FX_SIG_GENERATE: {
		if (was_stopped(f, fx) && !(fx->flags & FXF_TTY)) {
			snprintf(buf, len, "%s sent SIGCONT to %s: it continues", fx->pid ? who : "the kernel", whom);
			break;
		}
		if (fx->flags & FXF_TTY) {   /* a key's: "^C on terminal 0 sent SIGINT to cat(8)" */
			snprintf(buf, len, full ? "%s typed on %s sent %s to %s" : "%s sent %s to %s", fx->text, ob, sig_name(fx->sig), whom);
			break;
		}
		const char *how = fx->flags & FXF_COALESCED ? ": already pending, merged (standard signals do not queue)" :
				  fx->flags & FXF_QUEUED ? ": queued behind the one pending (real-time signals queue)" :
				  fx->flags & FXF_BLOCKED ? ": blocked, it stays pending" : "";
		if ((fx->flags & FXF_VALUE) && full)   /* sigqueue(3), mq_notify(3), a timer: the value goes with it */
			snprintf(buf, len, "%s sent %s to %s with value 0x%llx (%s)%s", fx->pid ? who : "the kernel", sig_name(fx->sig), whom,
				 (unsigned long long)fx->mtype, fx->text, how);
		else if (fx->flags & FXF_VALUE)
			snprintf(buf, len, "%s sent %s = 0x%llx to %s", fx->pid ? who : "the kernel", sig_name(fx->sig), (unsigned long long)fx->mtype, whom);
		else
			snprintf(buf, len, "%s sent %s to %s%s", fx->pid ? who : "the kernel", sig_name(fx->sig), whom, full ? how : "");
		break;
	}
	case FX_SIG_DELIVER:
		if ((fx->flags & FXF_HANDLER) && (fx->flags & FXF_VALUE) && full)   /* a queued instance: its value in si_value */
			snprintf(buf, len, "%s taken by %s with si_value 0x%llx: its handler runs on a new frame on the user stack",
				 sig_name(fx->sig), who, (unsigned long long)fx->mtype);
		else if (fx->flags & FXF_HANDLER)
			snprintf(buf, len, full ? "%s taken by %s: its handler runs on a new frame on the user stack" : "%s: %s handler runs",
				 sig_name(fx->sig), who);
		else
			snprintf(buf, len, "%s taken by %s: default action %s", sig_name(fx->sig), who, fx->text);
		break;
	case FX_SIG_RETURN:
		snprintf(buf, len, full ? "%s returned from its %s handler: rt_sigreturn pops the frame" : "%s: %s handler returned",
			 who, sig_name(fx->sig));
		break;
	case FX_SIG_IGNORE:
		if (fx->flags & FXF_TTY)
			snprintf(buf, len, full ? "%s from %s for %s discarded: ignored" : "%s for %s ignored", sig_name(fx->sig), fx->text, whom);
		else if (was_stopped(f, fx))
			snprintf(buf, len, full ? "SIGCONT continues %s (nothing stays pending: its action is to ignore)" : "SIGCONT continues %s", whom);
		else
			snprintf(buf, len, "%s for %s discarded: ignored", sig_name(fx->sig), whom[0] ? whom : who);
		break;
	case FX_TTY_SIGNAL:
		group_text(f, fx, full, x, sizeof x);
		if (full)
			snprintf(buf, len, "%s typed on %s: %s to its foreground process group %lld%s", fx->text, ob, sig_name(fx->sig),
				 (long long)fx->n, x);
		else
			snprintf(buf, len, "%s: %s to group %lld", fx->text, sig_name(fx->sig), (long long)fx->n);
		break;
	case FX_TTY_PGRP: {
		const struct obj *t = state_obj_by_cat(f->s, fx->obj);
		const struct tty_blob *tb = t && t->kind == OBJ_TTY ? t->blob : NULL;
		group_text(f, fx, full, x, sizeof x);
		if (tb && !tb->session)
			snprintf(buf, len, full ? "%s has no session any more: nobody's controlling terminal" : "%s: no session", ob);
		else if (fx->text[0] && tb)
			snprintf(buf, len, full ? "%s is the controlling terminal of session %d, foreground group %lld%s" : "%s: session %d, group %lld",
				 ob, tb->session, (long long)fx->n, x);
		else if (p && p->pgid == fx->n && full)   /* the shell takes the terminal back when its job stops or ends */
			snprintf(buf, len, "%s made its own group %lld the foreground of %s again", who, (long long)fx->n, ob);
		else if (p && p->pgid == fx->n)
			snprintf(buf, len, "%s took %s back", who, ob);
		else if (fx->pid > 0)
			snprintf(buf, len, full ? "%s gave %s to process group %lld%s" : "%s: %s to group %lld", who, ob, (long long)fx->n, x);
		else
			snprintf(buf, len, "%s: foreground group %lld%s", ob, (long long)fx->n, full ? x : "");
		break;
	}
	case FX_SIG_MASK: {
		char blk[160];
		sigset_names(p ? p->blocked : 0, blk, sizeof blk);
		int nb = p ? __builtin_popcountll(p->blocked) : 0;
		if (nb > 8)
			snprintf(buf, len, "%s blocks %d signals", who, nb);
		else
			snprintf(buf, len, "%s blocks %s", who, nb ? blk : "no signal");
		break;
	}
	case FX_SIG_INTERRUPT:
		snprintf(buf, len, "a signal interrupted %s's %s: %s", who, fx->text[0] ? fx->text : "call", fx->err[0] ? fx->err : "EINTR");
		break;
	case FX_MARK:
		snprintf(buf, len, "%s marks: %s", who, fx->text);
		break;
	case FX_ENOSYS:
		snprintf(buf, len, "%s called %s: not implemented (ENOSYS)", who, fx->text[0] ? fx->text : "a system call");
		break;
	case FX_HALT:
		snprintf(buf, len, "the kernel powers off (status %lld)", (long long)fx->n);
		break;
	case FX_OVERFLOW:
		snprintf(buf, len, "the kernel could not write a %s event", fx->text);
		break;
	default:
		if (f->ev && (f->ev->flags & EVF_BAD))
			snprintf(buf, len, "line %u is not a valid event", f->ev->line);
		else if (f->ev)
			snprintf(buf, len, "%s by %s", type_get(f->ev->type)->name, who);
		break;
	}
	return buf;
}

void caption_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int size = g->projector ? FS_BIG : FS_BODY, pad = gfx_s(g, 12);
	gfx_fill(g, r, th->panel);
	gfx_clip(g, &r);
	int y = r.y + (r.h - gfx_lh(g, size)) / 2, x = r.x + pad, w = r.w - 2 * pad;
	if (f->wg.ndead) {   /* the deadlock says itself first */
		char d[200], one[48];
		size_t u = (size_t)snprintf(d, sizeof d, "DEADLOCK: ");
		for (int i = 0; i < f->wg.ndead && u < sizeof d; i++)
			u += (size_t)snprintf(d + u, sizeof d - u, "%s%s", i ? ", " : "", frame_proc_label(f, f->wg.dead[i], one, sizeof one));
		char d2[64];
		snprintf(d2, sizeof d2, "DEADLOCK: %d processes", f->wg.ndead);
		const char *alts[] = { d, d2 };
		int dw = gfx_fit_width(g, FF_SANS_BOLD, size, w / 2, alts, 2, NULL);
		gfx_text_fit(g, FF_SANS_BOLD, size, th->err, x, y, AL_LEFT, w / 2, alts, 2);
		x += dw + pad;
		w = r.x + r.w - pad - x;
	}
	char a0[300], a1[300], a2[64] = "";
	caption_text(f, 0, a0, sizeof a0);
	caption_text(f, 1, a1, sizeof a1);
	if (!f->fx)
		snprintf(a0, sizeof a0, "before the first event: Space plays, Right steps");
	else if (f->ev)
		snprintf(a2, sizeof a2, "%s", type_get(f->ev->type)->name);
	const char *alts[] = { a0, a1, a2[0] ? a2 : a1 };
	gfx_text_fit(g, FF_SANS_BOLD, size, th->text, x, y, AL_LEFT, w, alts, 3);
	gfx_clip(g, NULL);
}
