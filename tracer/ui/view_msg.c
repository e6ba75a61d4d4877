/* tracer/ui/view_msg.c: a System V message queue: bytes used against msg_qbytes, the messages in order
 * (type, size, text), and the senders and receivers sleeping on it. Messages slide in and out. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

static int box_w(struct gfx *g)
{
	return gfx_s(g, g->projector ? 150 : 84);
}

static int box_h(struct gfx *g)
{
	return gfx_lh(g, FS_SMALL) * 2 + gfx_lh(g, FS_BODY) + gfx_s(g, 8);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	struct gfx *g = f->g;
	const struct msg_blob *b = o->blob;
	int waits = (b->q.nsend ? 1 : 0) + (b->q.nrecv ? 1 : 0);
	return gfx_lh(g, FS_BODY) + gfx_s(g, 14) + msg_queue_height(f, b->nmsgs, w, 3) + waits * gfx_lh(g, FS_BODY);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct msg_blob *b = o->blob;
	snprintf(buf, len, "key 0x%llx \xc2\xb7 mode %o", (unsigned long long)b->key, b->mode & 0777);
}

/* One message at (x, y), alpha a, highlighted when hl; `what` names its mtype ("type", or "prio" for a POSIX queue). */
static void box(struct frame_ctx *f, const struct msg_one *m, int x, int y, int a, int hl, const char *what)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int w = box_w(g), h = box_h(g), pad = gfx_s(g, 4);
	SDL_Rect r = { x, y, w, h };
	if (a == 255 && gfx_in(r, f->mx, f->my))
		snprintf(f->tip, sizeof f->tip, "%s %lld, %u bytes: \"%s\"%s", what, (long long)m->mtype, m->size, m->preview,
			 m->size > strlen(m->preview) ? " ..." : "");
	gfx_rfill(g, r, gfx_s(g, 5), gfx_alpha(gfx_mix(th->panel_hi, th->kind[2], hl ? 0.45f : 0.18f), a));
	gfx_frame(g, r, 1, gfx_alpha(hl ? th->kind[2] : th->border, a));
	/* Type, then size, then the text, each on its own line: a long type and a 5-digit size never overlap. */
	int lh = gfx_lh(g, FS_SMALL);
	char t0[32], t1[24], s0[24], s1[24];
	snprintf(t0, sizeof t0, "%s %lld", what, (long long)m->mtype);
	snprintf(t1, sizeof t1, "%lld", (long long)m->mtype);
	snprintf(s0, sizeof s0, "%u bytes", m->size);
	snprintf(s1, sizeof s1, "%u B", m->size);
	const char *ta[] = { t0, t1 }, *sa[] = { s0, s1 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_SMALL, gfx_alpha(th->kind[2], a), x + pad, y + pad, AL_LEFT, w - 2 * pad, ta, 2);
	gfx_text_fit(g, FF_SANS, FS_SMALL, gfx_alpha(th->dim, a), x + pad, y + pad + lh, AL_LEFT, w - 2 * pad, sa, 2);
	char pv[sizeof m->preview + 2];
	gfx_text(g, FF_MONO, FS_BODY, gfx_alpha(th->text, a), x + pad, y + pad + 2 * lh + gfx_s(g, 2), AL_LEFT, w - 2 * pad,
		 frame_mono_fit(g, FS_BODY, m->preview[0] ? m->preview : "\"\"", w - 2 * pad, pv, sizeof pv));
}

void msg_queue_draw(struct frame_ctx *f, int32_t cat, const struct msg_one *m, int n, int more_unlisted, const struct msg_one *pm,
		    int pn, SDL_Rect area, const char *what)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, cat);
	int sending = on && frame_verb(f) == FX_PUT && n > (pm ? pn : 0);
	int receiving = on && frame_verb(f) == FX_TAKE && pm;
	char buf[24];
	int y = area.y;
	int bw = box_w(g) + gfx_s(g, 6), bh = box_h(g) + gfx_s(g, 6);
	int per_row = area.w / bw;
	if (per_row < 1)
		per_row = 1;
	int maxrows = area.h / bh;
	if (maxrows < 1)
		maxrows = 1;
	int cap = per_row * maxrows;
	int more = (n > cap ? n - cap : 0) + more_unlisted;
	if (more && cap > 1 && n >= cap)   /* the last place says how many more */
		cap--;
	gfx_clip_push(g, area);
	/* a new message goes where its place in the queue is (the end, or before lower priorities) */
	int k_new = -1;
	if (sending) {
		k_new = 0;
		while (k_new < pn && k_new < n && m[k_new].mtype == pm[k_new].mtype && m[k_new].size == pm[k_new].size &&
		       !strcmp(m[k_new].preview, pm[k_new].preview))
			k_new++;
	}
	for (int i = 0; i < n && i < cap; i++) {
		int x = area.x + (i % per_row) * bw, yy = y + (i / per_row) * bh;
		int moving = 0;
		if (sending && i == k_new && e < 1)
			continue;   /* drawn last, over the others */
		if (sending && i > k_new && e < 1 && i % per_row) {   /* those behind it make room */
			x -= (int)((1 - e) * bw);
			moving = 1;
		}
		if (receiving && e < 1 && i % per_row != per_row - 1) {   /* the rest move up one place */
			x += (int)((1 - e) * bw);
			moving = 1;
		}
		g->moving += moving;
		box(f, &m[i], x, yy, 255, 0, what);
		g->moving -= moving;
	}
	if (sending && k_new < n && k_new < cap && e < 1) {
		/* the new message: at the end it slides in from the right; before lower priorities it drops into its place */
		int x = area.x + (k_new % per_row) * bw, yy = y + (k_new / per_row) * bh;
		if (k_new == n - 1)
			x += (int)((1 - e) * (area.x + area.w - x));
		else
			yy -= (int)((1 - e) * bh);
		g->moving++;
		box(f, &m[k_new], x, yy, k_new == n - 1 ? 255 : (int)(255 * e), 1, what);
		g->moving--;
	}
	if (receiving && e < 1) {   /* find the message that left: the first in prev not matching */
		int k = 0;
		while (k < n && k < pn && m[k].mtype == pm[k].mtype && m[k].size == pm[k].size && !strcmp(m[k].preview, pm[k].preview))
			k++;
		g->moving++;
		if (k < pn && k < cap)
			box(f, &pm[k], area.x + (k % per_row) * bw, y + (k / per_row) * bh - (int)(e * bh), (int)(255 * (1 - e)), 1, what);
		g->moving--;
	}
	gfx_clip_pop(g);
	if (n == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, area.x + pad, y + pad, AL_LEFT, area.w - pad, "empty");
	if (more) {
		int i = cap;
		snprintf(buf, sizeof buf, "+%d", more);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->dim, area.x + (i % per_row) * bw + box_w(g) / 2, y + (i / per_row) * bh + (box_h(g) - lh) / 2,
			 AL_CENTER, box_w(g), buf);
	}
}

int msg_queue_height(struct frame_ctx *f, int n, int w, int maxrows)
{
	struct gfx *g = f->g;
	int per_row = w / (box_w(g) + gfx_s(g, 6));
	if (per_row < 1)
		per_row = 1;
	int rows = n ? (n + per_row - 1) / per_row : 1;
	if (rows > maxrows)
		rows = maxrows;
	return rows * (box_h(g) + gfx_s(g, 6));
}

/* Small card: counts and the types in the queue. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	const struct msg_blob *b = o->blob;
	char a0[200], a1[80];
	snprintf(a0, sizeof a0, "%u message%s \xc2\xb7 %u of %u bytes", b->qnum, b->qnum == 1 ? "" : "s", b->cbytes, b->qbytes);
	snprintf(a1, sizeof a1, "%u msgs, %u B", b->qnum, b->cbytes);
	frame_queue_compact(f, r, a0, a1, &b->q, "msgsnd", "msgrcv", "types:", b->msgs, b->nmsgs, f->g->th.kind[2]);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) - gfx_s(f->g, 4)) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct msg_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	char buf[160], a1[80];
	/* bytes bar */
	int y = r.y;
	snprintf(buf, sizeof buf, "%u message%s \xc2\xb7 %u of %u bytes", b->qnum, b->qnum == 1 ? "" : "s", b->cbytes, b->qbytes);
	snprintf(a1, sizeof a1, "%u msgs, %u of %u B", b->qnum, b->cbytes, b->qbytes);
	const char *alts[] = { buf, a1 };
	int tw = gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w, alts, 2);
	SDL_Rect bar = { r.x + tw + pad, y + lh / 4, r.w - tw - pad, lh / 2 };
	if (bar.w > gfx_s(g, 30)) {
		gfx_fill(g, bar, th->panel_hi);
		double frac = b->qbytes ? (double)b->cbytes / b->qbytes : 0;
		if (pb && on && pb->qbytes)
			frac = (double)pb->cbytes / pb->qbytes + (frac - (double)pb->cbytes / pb->qbytes) * e;
		int fw = (int)(bar.w * (frac > 1 ? 1 : frac));
		if (b->cbytes && fw < 2)
			fw = 2;
		gfx_fill(g, (SDL_Rect){ bar.x, bar.y, fw, bar.h }, b->cbytes >= b->qbytes && b->qbytes ? th->err : th->kind[2]);
	}
	y += lh + gfx_s(g, 6);
	int bh = box_h(g) + gfx_s(g, 6);
	int maxrows = (r.y + r.h - y - (b->q.nsend ? lh : 0) - (b->q.nrecv ? lh : 0)) / bh;
	if (maxrows < 1)
		maxrows = 1;
	msg_queue_draw(f, o->cat, b->msgs, b->nmsgs, (int)b->more, pb ? pb->msgs : NULL, pb ? pb->nmsgs : 0,
		       (SDL_Rect){ r.x, y, r.w, maxrows * bh }, "type");
	y += maxrows * bh;
	if (b->q.nsend)
		y += (frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], "msgsnd waits (full):", b->q.send_wait, b->q.nsend), lh);
	if (b->q.nrecv) {
		size_t u = (size_t)snprintf(buf, sizeof buf, "msgrcv waits (type");
		for (int i = 0; i < b->q.nrecv && u < sizeof buf; i++)
			u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%lld", i ? "," : " ", (long long)b->recv_type[i]);
		snprintf(buf + u, sizeof buf - (u < sizeof buf ? u : sizeof buf), "):");
		frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], buf, b->q.recv_wait, b->q.nrecv);
	}
}

const struct obj_view view_msg = { height, draw, subtitle };
