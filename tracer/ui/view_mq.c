/* tracer/ui/view_mq.c: a POSIX message queue (obj_mqueue.c's state): its name, mq_curmsgs against mq_maxmsg, its
 * messages in the order mq_receive takes them (highest priority first, FIFO within one: a message sent slides
 * into its place), the process registered with mq_notify, and the senders asleep on a full queue and receivers on
 * an empty one. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"
#include "names.h"

static int lines(const struct mq_blob *b)
{
	return 1 + (b->notify_pid ? 1 : 0) + (b->q.nsend ? 1 : 0) + (b->q.nrecv ? 1 : 0);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct mq_blob *b = o->blob;
	return lines(b) * gfx_lh(f->g, FS_BODY) + gfx_s(f->g, 10) + msg_queue_height(f, b->nmsgs, w, 2);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct mq_blob *b = o->blob;
	snprintf(buf, len, "mq %lld \xc2\xb7 mode %o%s", (long long)o->id, b->mode & 0777, b->unlinked ? " \xc2\xb7 unlinked" : "");
}

static void title(const struct state *s, const struct obj *o, int form, char *buf, size_t len)
{
	const struct mq_blob *b = o->blob;
	if (b->name[0])
		snprintf(buf, len, form ? "%s" : "POSIX queue %s", b->name);
	else
		snprintf(buf, len, form ? "mq %lld" : "POSIX queue %lld", (long long)o->id);
}

/* Less room than it asks for: the counts and the priorities in the queue, or who sleeps on it. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	const struct mq_blob *b = o->blob;
	char a0[200], a1[80];
	snprintf(a0, sizeof a0, "%u of mq_maxmsg %u messages \xc2\xb7 %u B", b->curmsgs, b->maxmsg, b->qsize);
	snprintf(a1, sizeof a1, "%u of %u msgs", b->curmsgs, b->maxmsg);
	frame_queue_compact(f, r, a0, a1, &b->q, "mq_send", "mq_receive", "priorities:", b->msgs, b->nmsgs,
			    gfx_kind_colour(&f->g->th, OBJ_MQ));
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) - gfx_s(f->g, 4)) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct mq_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	SDL_Color kc = gfx_kind_colour(th, OBJ_MQ);
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	char a0[200], a1[80], who[48];
	int y = r.y;
	snprintf(a0, sizeof a0, "%u of mq_maxmsg %u messages \xc2\xb7 %u B (mq_msgsize %u)", b->curmsgs, b->maxmsg, b->qsize, b->msgsize);
	snprintf(a1, sizeof a1, "%u of %u msgs", b->curmsgs, b->maxmsg);
	const char *alts[] = { a0, a1 };
	int tw = gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w, alts, 2);
	SDL_Rect bar = { r.x + tw + pad, y + lh / 4, r.w - tw - pad, lh / 2 };
	if (bar.w > gfx_s(g, 30) && b->maxmsg) {
		gfx_fill(g, bar, th->panel_hi);
		int fw = (int)((long long)bar.w * (b->curmsgs > b->maxmsg ? b->maxmsg : b->curmsgs) / b->maxmsg);
		gfx_fill(g, (SDL_Rect){ bar.x, bar.y, fw, bar.h }, b->curmsgs >= b->maxmsg ? th->err : kc);
	}
	y += lh + gfx_s(g, 6);
	int rows_h = r.y + r.h - y - (lines(b) - 1) * lh, bh = msg_queue_height(f, 1, r.w, 1);
	int rows = rows_h / bh < 1 ? 1 : rows_h / bh > 2 ? 2 : rows_h / bh;
	msg_queue_draw(f, o->cat, b->msgs, b->nmsgs, (int)b->more, pb ? pb->msgs : NULL, pb ? pb->nmsgs : 0,
		       (SDL_Rect){ r.x, y, r.w, rows * bh }, "prio");
	y += rows * bh;
	if (b->notify_pid) {
		char n0[160], n1[80], n2[80];
		frame_proc_label(f, b->notify_pid, who, sizeof who);
		if (!strcmp(b->notify, "signal"))
			snprintf(n0, sizeof n0, "mq_notify: %s gets %s when a message arrives in the empty queue", who, sig_name(b->notify_sig));
		else
			snprintf(n0, sizeof n0, "mq_notify: %s registered (%s)", who, b->notify[0] ? b->notify : "?");
		if (!strcmp(b->notify, "signal"))
			snprintf(n1, sizeof n1, "mq_notify: %s to %s", sig_name(b->notify_sig), who);
		else
			snprintf(n1, sizeof n1, "mq_notify: %s", who);
		snprintf(n2, sizeof n2, "notify: %s", who);
		const char *na[] = { n0, n1, n2 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->warn, r.x, y, AL_LEFT, r.w, na, 3);
		y += lh;
	}
	if (b->q.nsend)
		y += (frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], "mq_send waits (full):", b->q.send_wait, b->q.nsend), lh);
	if (b->q.nrecv)
		frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], "mq_receive waits (empty):", b->q.recv_wait, b->q.nrecv);
}

const struct obj_view view_mq = { height, draw, subtitle, title, NULL };
