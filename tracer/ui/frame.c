/* tracer/ui/frame.c: one frame: layout of the panels, the top bar, shared helpers for views (labels, what a
 * process waits for in its mechanism's terms).
 * Layout, normal mode: processes | IPC objects | event log, the caption (what just happened) and the
 * timeline below. Projector mode (a presenter's layout, readable from the back row): the same without the
 * log (l shows it), text at least 36 px at 1080p, scaled with the height, so the layout is the same at
 * 1280x720, 1920x1080 and 3840x2160. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

const SDL_Rect *frame_proc_rect(const struct frame_ctx *f, int32_t pid)
{
	for (int i = 0; i < f->nprocs; i++)
		if (f->procs[i].key == pid)
			return &f->procs[i].r;
	return NULL;
}

const SDL_Rect *frame_obj_rect(const struct frame_ctx *f, int32_t cat)
{
	for (int i = 0; i < f->nobjs; i++)
		if (f->objs[i].key == cat)
			return &f->objs[i].r;
	return NULL;
}

const SDL_Rect *frame_part_rect(const struct frame_ctx *f, int32_t key, int sub)
{
	for (int i = 0; i < f->nparts; i++)
		if (f->parts[i].key == key && f->parts[i].sub == sub)
			return &f->parts[i].r;
	return NULL;
}

void frame_part(struct frame_ctx *f, int32_t key, int sub, SDL_Rect r)
{
	if (f->nparts < MAX_PARTS)
		f->parts[f->nparts++] = (struct part){ key, (int16_t)sub, r };
}

int frame_ev_on(const struct frame_ctx *f, int32_t cat)
{
	return f->fx && f->fx->obj == cat && cat >= 0;
}

int frame_verb(const struct frame_ctx *f)
{
	return f->fx ? f->fx->verb : FX_NONE;
}

static const struct proc *find_proc(const struct state *s, int32_t pid)
{
	for (int i = 0; s && i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	return NULL;
}

const char *frame_proc_name(const struct proc *p, char *buf, size_t len)
{
	if (p->tgid != p->pid && p->tgid > 0)
		snprintf(buf, len, "%s(%d/%d)", p->name, p->tgid, p->pid);
	else
		snprintf(buf, len, "%s(%d)", p->name, p->pid);
	return buf;
}

const char *frame_proc_label(const struct frame_ctx *f, int32_t pid, char *buf, size_t len)
{
	const struct proc *p = find_proc(f->s, pid);
	if (!p)
		p = find_proc(f->prev, pid);   /* just reaped */
	const char *name = p ? p->name : f->cur >= 0 ? trace_proc_name(f->t, pid, (size_t)f->cur) : NULL;
	if (pid == 0)
		snprintf(buf, len, "the kernel");
	else if (p)
		frame_proc_name(p, buf, len);
	else if (name)
		snprintf(buf, len, "%s(%d)", name, pid);
	else
		snprintf(buf, len, "pid %d", pid);
	return buf;
}

const char *frame_obj_label(const struct frame_ctx *f, int32_t cat, int shortform, char *buf, size_t len)
{
	const struct obj *o = state_obj_by_cat(f->s, cat);
	if (!o)
		o = state_obj_by_cat(f->prev, cat);
	if (!o) {
		trace_cat_label(f->t, cat, buf, len);
		return buf;
	}
	const struct pipe_blob *pb = o->kind == OBJ_PIPE ? o->blob : NULL;
	if (pb && pb->fifo[0])
		snprintf(buf, len, shortform ? "%s" : "FIFO %s", pb->fifo);
	else if (pb && pb->sock)
		snprintf(buf, len, "socketpair %lld", (long long)pb->sock - 1);
	else if (o->kind == OBJ_SEM)
		snprintf(buf, len, shortform ? "set %lld" : "semaphore set %lld", (long long)o->id);
	else if (o->kind == OBJ_MSG)
		snprintf(buf, len, shortform ? "queue %lld" : "message queue %lld", (long long)o->id);
	else if (o->kind == OBJ_SHM)
		snprintf(buf, len, shortform ? "shm %lld" : "shared memory %lld", (long long)o->id);
	else if (o->kind == OBJ_TTY)
		snprintf(buf, len, shortform ? "tty %lld" : "terminal %lld", (long long)o->id);
	else if (o->kind == OBJ_UNIX) {
		const struct unix_blob *ub = o->blob;
		snprintf(buf, len, shortform || !ub->addr[0] ? "socket %lld" : "socket %lld (%s)", (long long)o->id, ub->addr);
	} else if (o->kind == OBJ_MQ) {
		const struct mq_blob *mb = o->blob;
		if (mb->name[0])
			snprintf(buf, len, shortform ? "%s" : "POSIX queue %s", mb->name);
		else
			snprintf(buf, len, shortform ? "mq %lld" : "POSIX queue %lld", (long long)o->id);
	} else if (o->kind == OBJ_FUTEX)
		snprintf(buf, len, "futex 0x%llx", (unsigned long long)((const struct futex_blob *)o->blob)->uaddr);
	else if (o->kind == OBJ_MMAP) {
		const struct mmap_blob *mb = o->blob;
		if (mb->file)
			snprintf(buf, len, shortform ? "file %llu" : "file %llu (mapped)", (unsigned long long)mb->ino);
		else
			snprintf(buf, len, shortform ? "shmem %llu" : "shared memory %llu", (unsigned long long)mb->ino);
	}
	else
		snprintf(buf, len, "%s %lld", obj_kinds[o->kind]->name, (long long)o->id);
	return buf;
}

/* "pipe 2", "/tmp/x", "socket 1" for a wait's object. */
static const char *wait_obj(const struct frame_ctx *f, const struct proc_wait *w, char *buf, size_t len)
{
	const struct obj *o = state_obj_by_cat(f->s, w->obj);
	const struct pipe_blob *pb = o && o->kind == OBJ_PIPE ? o->blob : NULL;
	if (pb && pb->fifo[0])
		snprintf(buf, len, "%s", pb->fifo);
	else if (pb && pb->sock)
		snprintf(buf, len, "socket %lld", (long long)pb->sock - 1);
	else
		snprintf(buf, len, "pipe %lld", (long long)w->id);
	return buf;
}

const char *frame_wait_text(const struct frame_ctx *f, const struct proc *p, int form, char *buf, size_t len)
{
	const struct proc_wait *w = &p->wait;
	char on[64], c;
	int tty;
	buf[0] = 0;
	if (p->state != PS_SLEEPING)
		return buf;
	switch (w->kind) {
	case WAIT_PIPE_READ:
		wait_obj(f, w, on, sizeof on);
		snprintf(buf, len, form == 0 ? "read(%s): empty" : "read(%s)", on);
		break;
	case WAIT_PIPE_WRITE:
		wait_obj(f, w, on, sizeof on);
		snprintf(buf, len, form == 0 ? "write(%s): full" : "write(%s)", on);
		break;
	case WAIT_FIFO_OPEN:
		wait_obj(f, w, on, sizeof on);
		snprintf(buf, len, form == 2 ? "open(%s)" : "open(%s) for %s", on, w->mode == 'w' ? "writing" : "reading");
		break;
	case WAIT_SEM: {
		char op[32];
		if (w->semop < -1)
			snprintf(op, sizeof op, "P(sem %d) by %d", w->semnum, -w->semop);
		else if (w->semop == 0)
			snprintf(op, sizeof op, "sem %d = 0?", w->semnum);
		else
			snprintf(op, sizeof op, "P(sem %d)", w->semnum);
		if (w->semnum < 0)
			snprintf(op, sizeof op, "semop");
		if (form == 2)
			snprintf(buf, len, "%s", op);
		else
			snprintf(buf, len, "%s in set %lld%s", op, (long long)w->id, form == 0 && w->nsops > 1 ? " (with others)" : "");
		break;
	}
	case WAIT_MSG_SEND:
		snprintf(buf, len, form == 0 ? "msgsnd(queue %lld): full" : "msgsnd(queue %lld)", (long long)w->id);
		break;
	case WAIT_MSG_RECV:
		if (form == 2)
			snprintf(buf, len, "msgrcv(queue %lld)", (long long)w->id);
		else if (w->arg == 0)
			snprintf(buf, len, "msgrcv(queue %lld, any type)", (long long)w->id);
		else if (w->arg < 0)
			snprintf(buf, len, "msgrcv(queue %lld, type <= %lld)", (long long)w->id, -(long long)(w->arg < -INT64_MAX ? -INT64_MAX : w->arg));
		else
			snprintf(buf, len, "msgrcv(queue %lld, type %lld)", (long long)w->id, (long long)w->arg);
		break;
	case WAIT_UNIX: {
		static const char ops[] = "rasqc";
		static const char *const what[] = { "recv", "accept", "send", "send", "connect" };
		static const char *const why[] = { "nothing to read", "no connection waiting", "its send budget is used up",
						   "the receiver's queue is full", "the backlog is full" };
		const char *c = strchr(ops, w->mode ? w->mode : 'r');
		int k = c ? (int)(c - ops) : 0;
		snprintf(buf, len, form == 0 ? "%s(socket %lld): %s" : "%s(sock %lld)", what[k], (long long)w->id, why[k]);
		break;
	}
	case WAIT_MQ_SEND:
	case WAIT_MQ_RECV: {
		const struct obj *o = state_obj_by_cat(f->s, w->obj);
		const char *name = o && o->kind == OBJ_MQ && ((const struct mq_blob *)o->blob)->name[0] ? ((const struct mq_blob *)o->blob)->name : NULL;
		if (name)
			snprintf(on, sizeof on, "%s", name);
		else
			snprintf(on, sizeof on, "mq %lld", (long long)w->id);
		if (w->kind == WAIT_MQ_SEND)
			snprintf(buf, len, form == 0 ? "mq_send(%s): full" : "mq_send(%s)", on);
		else
			snprintf(buf, len, form == 0 ? "mq_receive(%s): empty" : "mq_receive(%s)", on);
		break;
	}
	case WAIT_FUTEX: {
		const struct obj *o = state_obj_by_cat(f->s, w->obj);
		const struct futex_blob *fb = o && o->kind == OBJ_FUTEX ? o->blob : NULL;
		uint64_t a = fb ? fb->uaddr : 0;
		if (form == 2) {
			snprintf(buf, len, "futex");
		} else if (form == 0 && fb && fb->pi_owner) {   /* a priority-inheritance lock: its word names the owner */
			char owner[48];
			frame_proc_label(f, fb->pi_owner, owner, sizeof owner);
			snprintf(buf, len, "FUTEX_LOCK_PI(0x%llx): held by %s", (unsigned long long)a, owner);
		} else
			snprintf(buf, len, form == 0 ? "FUTEX_WAIT(0x%llx): the word held %lld" : "futex 0x%llx", (unsigned long long)a, (long long)w->arg);
		break;
	}
	default:
		if (!strncmp(p->wchan, "wait", 4))
			snprintf(buf, len, form == 0 ? "wait4: for a child" : "wait4");
		else if (!strncmp(p->wchan, "futex ", 6) && form != 0)
			snprintf(buf, len, "futex"); /* the word's address in the full form only */
		else if (!strcmp(p->wchan, "sigsuspend") || !strcmp(p->wchan, "pause"))
			snprintf(buf, len, form == 0 ? "%s: for a signal" : "%s", p->wchan);
		else if (sscanf(p->wchan, "tty %d rea%c", &tty, &c) == 2)   /* the terminal's read: canonical mode waits for a line */
			snprintf(buf, len, form == 0 ? "read(terminal %d): no line yet" : form == 1 ? "read(terminal %d)" : "read(tty %d)", tty);
		else if (!strcmp(p->wchan, "stopped") && p->last_sig >= 19 && p->last_sig <= 22)   /* SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
			snprintf(buf, len, form == 2 ? "stopped" : "stopped by %s", sig_name(p->last_sig));
		else
			snprintf(buf, len, "%s", p->wchan[0] ? p->wchan : "asleep");
		break;
	}
	return buf;
}

int frame_pids(struct frame_ctx *f, int x, int y, int maxw, SDL_Color c, const char *label, const int32_t *pids, int n)
{
	char buf[256], shortb[256], one[48];
	size_t u = (size_t)snprintf(buf, sizeof buf, "%s", label), v = (size_t)snprintf(shortb, sizeof shortb, "%s", label);
	for (int i = 0; i < n && u < sizeof buf; i++) {
		u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%s", i ? ", " : " ", frame_proc_label(f, pids[i], one, sizeof one));
		if (v < sizeof shortb)
			v += (size_t)snprintf(shortb + v, sizeof shortb - v, "%s%d", i ? "," : " ", pids[i]);
	}
	const char *alts[2] = { buf, shortb };
	return gfx_text_fit(f->g, FF_SANS, FS_BODY, c, x, y, AL_LEFT, maxw, alts, 2);
}

void frame_queue_compact(struct frame_ctx *f, SDL_Rect r, const char *counts, const char *counts_short,
			 const struct queue_parties *q, const char *send_call, const char *recv_call, const char *keys_label,
			 const struct msg_one *m, int n, SDL_Color kc)
{
	struct gfx *g = f->g;
	const char *alts[] = { counts, counts_short };
	gfx_text_fit(g, FF_SANS, FS_BODY, g->th.text, r.x, r.y, AL_LEFT, r.w, alts, 2);
	int y = r.y + gfx_lh(g, FS_BODY);
	if (y + gfx_lh(g, FS_BODY) > r.y + r.h + gfx_s(g, 4))
		return;
	char a0[200], a1[40];
	if (q->nsend || q->nrecv) {
		snprintf(a0, sizeof a0, "asleep: %d in %s, %d in %s", q->nsend, send_call, q->nrecv, recv_call);
		snprintf(a1, sizeof a1, "%d asleep", q->nsend + q->nrecv);
		const char *wa[] = { a0, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, g->th.state[PS_SLEEPING], r.x, y, AL_LEFT, r.w, wa, 2);
		return;
	}
	size_t u = (size_t)snprintf(a0, sizeof a0, "%s", keys_label);
	for (int i = 0; i < n && u < sizeof a0; i++)
		u += (size_t)snprintf(a0 + u, sizeof a0 - u, " %lld", (long long)m[i].mtype);
	gfx_text(g, FF_MONO, FS_BODY, kc, r.x, y, AL_LEFT, r.w, n ? a0 : "empty");
}

float frame_ease(float t)
{
	if (t <= 0)
		return 0;
	if (t >= 1)
		return 1;
	return 1 - (1 - t) * (1 - t) * (1 - t);
}

const char *frame_byte(uint8_t b, char buf[8])
{
	if (b == '\n')
		return "\\n";
	if (b == '\t')
		return "\\t";
	if (b == 0)
		return "\\0";
	if (b >= 0x20 && b < 0x7f) {
		buf[0] = (char)b;
		buf[1] = 0;
		return buf;
	}
	snprintf(buf, 8, "%02x", b);
	return buf;
}

const char *frame_size(uint64_t n, char *buf, size_t len)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(buf, len, "%" PRIu64 " MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 " KiB", n >> 10);
	else
		snprintf(buf, len, "%" PRIu64 " B", n);
	return buf;
}

const char *frame_quote(const uint8_t *data, int n, int more, int max, char *buf, size_t len)
{
	size_t u = 0;
	if (len < 8) {
		if (len)
			buf[0] = 0;
		return buf;
	}
	buf[u++] = '"';
	int k;
	for (k = 0; k < n && u + 8 < len && k < max; k++) {
		uint8_t b = data[k];
		if (b == '\n')
			buf[u++] = '\\', buf[u++] = 'n';
		else if (b == '\t')
			buf[u++] = '\\', buf[u++] = 't';
		else if (b < 0x20 || b >= 0x7f)
			buf[u++] = '.';
		else
			buf[u++] = (char)b;
	}
	buf[u++] = '"';
	if ((k < n || more) && u + 4 < len)
		memcpy(buf + u, "...", 3), u += 3;
	buf[u] = 0;
	return buf;
}

int frame_pipe_byte(const struct frame_ctx *f, const struct obj *o, uint64_t pos, uint8_t *b)
{
	const struct pipe_blob *pb = o->blob;
	if (pipe_known(pb, pos)) {
		*b = pb->ring[pos % PIPE_SHADOW];
		return 1;
	}
	return trace_pipe_byte(f->t, o->cat, pos, b);
}

const struct tty_blob *frame_tty(const struct frame_ctx *f, int32_t sid)
{
	for (int i = 0; sid > 0 && i < f->s->nobjs; i++)
		if (f->s->objs[i].kind == OBJ_TTY && ((const struct tty_blob *)f->s->objs[i].blob)->session == sid)
			return f->s->objs[i].blob;
	return NULL;
}

int frame_involved(const struct frame_ctx *f, int32_t cat, int32_t pid)
{
	const struct proc *p = find_proc(f->s, pid);
	if (p && p->state == PS_SLEEPING && p->wait.obj == cat)
		return 1;
	if (f->fx && f->fx->obj == cat) {
		if (f->fx->pid == pid)
			return 1;
		for (int i = 0; i < f->fx->npids; i++)
			if (f->fx->pids[i] == pid)
				return 1;
	}
	const struct obj *o = state_obj_by_cat(f->s, cat);
	if (o && o->kind == OBJ_SOCK) {   /* its rings' users */
		const struct sock_blob *sb = o->blob;
		for (int d = 0; d < 2; d++) {
			const struct obj *r = state_obj((struct state *)f->s, OBJ_PIPE, sb->pipes[d]);
			if (r && frame_involved(f, r->cat, pid))
				return 1;
		}
	}
	if (o && o->kind == OBJ_TTY)   /* the processes of its session */
		return p && p->sid > 0 && p->sid == ((const struct tty_blob *)o->blob)->session;
	if (!o || !obj_kinds[o->kind]->pids)
		return 0;
	int32_t l[64];
	int n = obj_kinds[o->kind]->pids(o, l, 64);
	return pidlist_has(l, n, pid);
}

/* "1.234 567 ms" style time for ns since boot. */
static void fmt_time(uint64_t ns, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 " ms", ns / 1000000, ns / 1000 % 1000);
}

/* A badge: text on a rounded box of colour bg, right-aligned at rx; returns the width taken. */
static int badge(struct gfx *g, int rx, int y, SDL_Color bg, SDL_Color fg, const char *s)
{
	int w, h, pad = gfx_s(g, 6);
	gfx_measure(g, FF_SANS_BOLD, FS_BODY, s, &w, &h);
	gfx_rfill(g, (SDL_Rect){ rx - w - 2 * pad, y, w + 2 * pad, gfx_lh(g, FS_BODY) }, gfx_s(g, 4), bg);
	gfx_text(g, FF_SANS_BOLD, FS_BODY, fg, rx - pad, y, AL_RIGHT, 0, s);
	return w + 2 * pad;
}

/* What playback is doing, for the top bar. */
static const char *play_state(const struct frame_ctx *f, char *buf, size_t len)
{
	const struct frame_info *in = f->info;
	if (in->live == 1) {
		char sk[40] = "";
		if (in->skipped)
			snprintf(sk, sizeof sk, ", %ld skipped", in->skipped);
		if (in->holding)
			snprintf(buf, len, "LIVE: kernel held, %s", in->playing ? "following" : "paused");
		else if (!in->playing)
			snprintf(buf, len, in->no_hold ? "LIVE: paused (the kernel runs on)" : "LIVE: paused");
		else if (in->behind > 0)
			snprintf(buf, len, "LIVE: following, %ld to show%s", in->behind, sk);
		else
			snprintf(buf, len, "LIVE: caught up%s", sk);
	} else if (in->live == 2) {
		/* stopped before the end (Space, a click on the log or the timeline): paused, not merely ended */
		snprintf(buf, len, in->playing ? "live ended: replaying" :
			 f->cur < (long)f->t->n - 1 ? "live ended: paused" : "live ended");
	} else {
		snprintf(buf, len, in->playing ? "playing" : "paused");
	}
	return buf;
}

static void top_bar(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	gfx_fill(g, r, th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y + r.h - g->line, r.w, g->line }, th->border);
	gfx_clip(g, &r);
	int pad = gfx_s(g, 12), x = r.x + pad;
	int yb = r.y + (r.h - gfx_lh(g, FS_BODY)) / 2;
	char buf[300], st[80], tb[48];
	const struct frame_info *in = f->info;
	/* right side first: badges, play state, position (they say what is happening: they must show) */
	int rx = r.x + r.w - pad;
	if (f->t->fatal[0])
		rx -= badge(g, rx, yb, th->err, th->bg, g->projector ? "cannot read" : f->t->fatal) + pad;
	if (f->t->gaps) {
		snprintf(buf, sizeof buf, "SEQ GAP: %" PRIu64 " lost", f->t->lost);
		rx -= badge(g, rx, yb, th->err, th->bg, buf) + pad;
	}
	if (f->t->ndiags) {
		snprintf(buf, sizeof buf, "%zu problem%s", f->t->ndiags, f->t->ndiags == 1 ? "" : "s");
		rx -= badge(g, rx, yb, th->warn, th->bg, buf) + pad;
	}
	if (f->wg.ndead)
		rx -= badge(g, rx, yb, th->err, th->bg, "DEADLOCK") + pad;
	if (in && in->video_from >= 0) {   /* `v`: a video range begun */
		snprintf(buf, sizeof buf, "video from %lld", (long long)in->video_from);
		rx -= badge(g, rx, yb, th->accent, th->bg, buf) + pad;
	} else if (in && in->video_busy) {
		rx -= badge(g, rx, yb, th->accent, th->bg, "rendering video") + pad;
	}
	if (f->s->halted) {
		snprintf(buf, sizeof buf, "halted (%d)", f->s->halt_status);
		rx -= gfx_text(g, FF_SANS_BOLD, FS_BODY, f->s->halt_status ? th->err : th->ok, rx, yb, AL_RIGHT, 0, buf) + pad;
	}
	if (in) {
		play_state(f, st, sizeof st);
		snprintf(buf, sizeof buf, "%s  %gx", st, in->speed);
		const char *alts[] = { buf, st };
		rx -= gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, in->live == 1 ? th->err : th->dim, rx, yb, AL_RIGHT, rx - x - r.w / 4,
				   alts, 2) + pad;
	}
	/* the position */
	char a0[160], a1[120], a2[64];
	if (f->ev) {
		fmt_time(f->ev->ts, tb, sizeof tb);
		snprintf(a0, sizeof a0, "event %ld / %zu   seq %" PRId64 "   t = %s", f->cur + 1, f->t->n, f->ev->seq, tb);
		snprintf(a1, sizeof a1, "event %ld / %zu   seq %" PRId64, f->cur + 1, f->t->n, f->ev->seq);
		snprintf(a2, sizeof a2, "%ld / %zu", f->cur + 1, f->t->n);
	} else {
		snprintf(a0, sizeof a0, "event 0 / %zu (before the first)", f->t->n);
		snprintf(a1, sizeof a1, "event 0 / %zu", f->t->n);
		snprintf(a2, sizeof a2, "0 / %zu", f->t->n);
	}
	const char *pos[] = { a0, a1, a2 };
	int lw;
	gfx_measure(g, FF_SANS_BOLD, FS_TITLE, "ipctrace", &lw, &(int){ 0 });
	int room = rx - x - lw - 2 * pad;
	int pw = gfx_fit_width(g, FF_SANS_BOLD, FS_BODY, room, pos, 3, NULL);
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, th->text, rx, yb, AL_RIGHT, room, pos, 3);
	rx -= pw + pad;
	/* left: the program and the trace's name, in what room is left */
	x += gfx_text(g, FF_SANS_BOLD, FS_TITLE, th->accent, x, r.y + (r.h - gfx_lh(g, FS_TITLE)) / 2, AL_LEFT, 0, "ipctrace") + pad;
	if (rx - x > gfx_s(g, 40)) {   /* the name, shorter, or not at all (the window's title has it) */
		char stem[128];
		snprintf(buf, sizeof buf, "%s  %s", f->t->name, g->projector ? "" : f->t->hdr.kernel);
		snprintf(stem, sizeof stem, "%s", f->t->name);
		char *dot = strstr(stem, ".jsonl");
		if (dot)
			*dot = 0;
		const char *nm[] = { buf, f->t->name, stem, "" };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->text, x, yb, AL_LEFT, rx - x, nm, 4);
	}
	gfx_clip(g, NULL);
}

/* Where the focus goes: the selection, else the current event's object or process. */
static void pick_focus(struct frame_ctx *f)
{
	if (f->focus_cat >= 0 && !state_obj_by_cat(f->s, f->focus_cat))
		f->focus_cat = -1;
	if (f->focus_pid >= 0 && !find_proc(f->s, f->focus_pid))
		f->focus_pid = -1;
}

/* The loading screen: a progress bar while a big trace loads (the window opens at once). */
static void loading(struct frame_ctx *f, double frac)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	char buf[200];
	int w = g->w * 2 / 3, h = gfx_s(g, 24);
	SDL_Rect bar = { (g->w - w) / 2, g->h / 2, w, h };
	snprintf(buf, sizeof buf, "loading %s: %.0f%%", f->t->name, frac * 100);
	gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, g->w / 2, bar.y - gfx_lh(g, FS_BIG) - gfx_s(g, 10), AL_CENTER, g->w - gfx_s(g, 40), buf);
	gfx_fill(g, bar, th->panel_hi);
	gfx_fill(g, (SDL_Rect){ bar.x, bar.y, (int)(w * frac), h }, th->accent);
	snprintf(buf, sizeof buf, "%zu events so far", f->t->built);
	gfx_text(g, FF_SANS, FS_BODY, th->dim, g->w / 2, bar.y + h + gfx_s(g, 10), AL_CENTER, 0, buf);
}

/* The caption bar (cap): the event's caption, and a toast (the answer to a key, for a few seconds) at its right
 * end, the caption fitted to what is left. The toast has a place of its own: drawn over the stage, it covered
 * what it was about (the signal legend of a focused process, say). A toast too long to leave the caption a
 * third of the bar takes the whole bar while it lasts. */
static void toast_and_caption(struct frame_ctx *f, SDL_Rect cap)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const char *msg = f->info && !f->info->help ? f->info->toast : NULL;   /* the help covers the screen */
	if (!msg) {
		caption_draw(f, cap);
		return;
	}
	int size = g->projector ? FS_BIG : FS_BODY, pad = gfx_s(g, 12), inset = gfx_s(g, 3), w, h;
	gfx_measure(g, FF_SANS_BOLD, size, msg, &w, &h);
	int pill = w + 2 * pad + inset;   /* inset: a margin at the right edge */
	if (pill > cap.w * 2 / 3)
		pill = cap.w;
	SDL_Rect t = { cap.x + cap.w - pill, cap.y, pill - inset, cap.h };
	if (pill < cap.w)
		caption_draw(f, (SDL_Rect){ cap.x, cap.y, cap.w - pill, cap.h });
	gfx_fill(g, (SDL_Rect){ t.x, t.y, pill, t.h }, th->panel);
	gfx_rfill(g, (SDL_Rect){ t.x + inset, t.y + inset, t.w - 2 * inset, t.h - 2 * inset }, gfx_s(g, 6), th->text);
	gfx_text(g, FF_SANS_BOLD, size, th->bg, t.x + t.w / 2, t.y + (t.h - gfx_lh(g, size)) / 2, AL_CENTER,
		 t.w - 2 * pad, msg);
}

void frame_draw(struct frame_ctx *f)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	f->nprocs = f->nobjs = f->nlog = f->nparts = 0;
	f->tip[0] = 0;
	f->kernel_badge = (SDL_Rect){ 0, 0, 0, 0 };
	gfx_clear(g, th->bg);
	g->layer = GFX_LAYER_PANELS;
	if (f->info && f->info->loading > 0 && f->info->loading < 1) {
		loading(f, f->info->loading);
		return;
	}
	if (g->projector)
		f->mx = f->my = -1;   /* presenting: no hover tooltips */
	waitgraph_build(f->s, &f->wg);
	pick_focus(f);

	int hb = gfx_lh(g, FS_TITLE) + gfx_s(g, 12);
	int ht = g->projector ? gfx_s(g, 34) : gfx_s(g, 62);
	int hc = gfx_lh(g, g->projector ? FS_BIG : FS_BODY) + gfx_s(g, 10);
	int gap = gfx_s(g, 8);
	int show_log = !g->projector || (f->info && f->info->show_log);
	int wp = (int)(g->w * (g->projector ? 0.30f : 0.26f)), wl = show_log ? (int)(g->w * (g->projector ? 0.27f : 0.28f)) : 0;
	SDL_Rect top = { 0, 0, g->w, hb };
	SDL_Rect tl = { 0, g->h - ht, g->w, ht };
	SDL_Rect cap = { 0, g->h - ht - hc, g->w, hc };
	int my = hb + gap, mh = cap.y - my - gap;
	f->panel_procs = (SDL_Rect){ gap, my, wp - gap, mh };
	f->panel_objs = (SDL_Rect){ wp + gap, my, g->w - wp - wl - 2 * gap - (show_log ? 0 : gap), mh };
	f->panel_log = (SDL_Rect){ g->w - wl, my, wl - gap, mh };

	objs_draw(f, f->panel_objs);   /* first: the process panel folds away who is not involved in a focus */
	procs_draw(f, f->panel_procs);
	if (show_log)
		log_draw(f, f->panel_log);
	toast_and_caption(f, cap);
	timeline_draw(f, tl);
	top_bar(f, top);
	g->layer = GFX_LAYER_ARROWS;
	waitgraph_draw(f);
	arrows_draw(f);
	g->layer = GFX_LAYER_OVERLAY;
	if (f->info && f->info->help)
		help_draw(f);
	if (f->tip[0] && f->mx >= 0) {
		int w, h, p = gfx_s(g, 6);
		gfx_measure(g, FF_SANS, FS_BODY, f->tip, &w, &h);
		if (w > g->w - 2 * p)
			w = g->w - 2 * p;
		int x = f->mx + gfx_s(g, 14), y = f->my + gfx_s(g, 14);
		if (x + w + 2 * p > g->w)
			x = g->w - w - 2 * p;
		if (y + h + 2 * p > g->h)
			y = f->my - h - 2 * p;
		gfx_rfill(g, (SDL_Rect){ x, y, w + 2 * p, h + 2 * p }, p, th->text);
		gfx_text(g, FF_SANS, FS_BODY, th->bg, x + p, y + p, AL_LEFT, w, f->tip);
	}
}

const char *frame_mono_fit(struct gfx *g, int size, const char *s, int maxw, char *buf, size_t len)
{
	int cw, ch;
	gfx_measure(g, FF_MONO, size, "0", &cw, &ch);
	size_t n = cw > 0 && maxw > 0 ? (size_t)(maxw / cw) : 0;
	if (n >= len)
		n = len - 1;
	snprintf(buf, n + 1 < len ? n + 1 : len, "%s", s);
	return buf;
}
