/* tracer/ui/view_msg.c: a System V message queue: bytes used against msg_qbytes, the messages in order
 * (type, size, text), and the senders and receivers sleeping on it. Messages slide in and out. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

static int box_w(struct gfx *g)
{
	return gfx_s(g, g->projector ? 96 : 84);
}

static int box_h(struct gfx *g)
{
	return gfx_lh(g, FS_SMALL) * 2 + gfx_lh(g, FS_BODY) + gfx_s(g, 8);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	struct gfx *g = f->g;
	const struct msg_blob *b = o->blob;
	int per_row = w / (box_w(g) + gfx_s(g, 6));
	if (per_row < 1)
		per_row = 1;
	int rows = b->nmsgs ? (b->nmsgs + per_row - 1) / per_row : 1;
	if (rows > 3)
		rows = 3;
	int waits = (b->nsend ? 1 : 0) + (b->nrecv ? 1 : 0);
	return gfx_lh(g, FS_BODY) + gfx_s(g, 14) + rows * (box_h(g) + gfx_s(g, 6)) + waits * gfx_lh(g, FS_BODY);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct msg_blob *b = o->blob;
	snprintf(buf, len, "key 0x%llx · mode %o", (unsigned long long)b->key, b->mode & 0777);
}

static void box(struct frame_ctx *f, const struct msg_one *m, int x, int y, int a, int hl)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int w = box_w(g), h = box_h(g), pad = gfx_s(g, 4);
	SDL_Rect r = { x, y, w, h };
	if (a == 255 && gfx_in(r, f->mx, f->my))
		snprintf(f->tip, sizeof f->tip, "mtype %lld, %u bytes: \"%s\"%s", (long long)m->mtype, m->size, m->preview,
			 m->size > strlen(m->preview) ? " ..." : "");
	gfx_rfill(g, r, gfx_s(g, 5), gfx_alpha(gfx_mix(th->panel_hi, th->kind[2], hl ? 0.45f : 0.18f), a));
	gfx_frame(g, r, 1, gfx_alpha(hl ? th->kind[2] : th->border, a));
	/* Type, then size, then the text, each on its own line: a long type and a 5-digit size never overlap. */
	int lh = gfx_lh(g, FS_SMALL);
	gfx_textf(g, FF_SANS_BOLD, FS_SMALL, gfx_alpha(th->kind[2], a), x + pad, y + pad, AL_LEFT, w - 2 * pad, "type %lld",
		  (long long)m->mtype);
	gfx_textf(g, FF_SANS, FS_SMALL, gfx_alpha(th->dim, a), x + pad, y + pad + lh, AL_LEFT, w - 2 * pad, "%u bytes",
		  m->size);
	gfx_text(g, FF_MONO, FS_BODY, gfx_alpha(th->text, a), x + pad, y + pad + 2 * lh + gfx_s(g, 2), AL_LEFT, w - 2 * pad,
		 m->preview[0] ? m->preview : "\"\"");
}

/* Small card: counts and the types in the queue. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct msg_blob *b = o->blob;
	char buf[200];
	snprintf(buf, sizeof buf, "%u msg%s · %u of %u B", b->qnum, b->qnum == 1 ? "" : "s", b->cbytes, b->qbytes);
	gfx_text(g, FF_SANS, FS_BODY, th->text, r.x, r.y, AL_LEFT, r.w, buf);
	size_t u = (size_t)snprintf(buf, sizeof buf, "types:");
	for (int i = 0; i < b->nmsgs && u < sizeof buf; i++)
		u += (size_t)snprintf(buf + u, sizeof buf - u, " %lld", (long long)b->msgs[i].mtype);
	if (!b->nmsgs)
		snprintf(buf, sizeof buf, "empty");
	int y = r.y + gfx_lh(g, FS_BODY);
	int w = gfx_text(g, FF_MONO, FS_SMALL, th->kind[2], r.x, y, AL_LEFT, r.w / 2, buf);
	if (b->nsend || b->nrecv)
		gfx_textf(g, FF_SANS, FS_SMALL, th->state[PS_SLEEPING], r.x + w + gfx_s(g, 8), y, AL_LEFT, r.w - w, "%d send, %d recv waiting", b->nsend, b->nrecv);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) * 3 / 4) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct msg_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	const char *ty = frame_ev_type(f);
	int sending = on && !strcmp(ty, "msg.send") && b->last_op == 1;
	int receiving = on && !strcmp(ty, "msg.recv") && b->last_op == 2 && pb;
	char buf[160];
	/* bytes bar */
	int y = r.y;
	snprintf(buf, sizeof buf, "%u message%s · %u of %u bytes", b->qnum, b->qnum == 1 ? "" : "s", b->cbytes, b->qbytes);
	int tw = gfx_text(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w / 2 + pad * 4, buf);
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
	/* the queue, front (next out) first */
	int bw = box_w(g) + gfx_s(g, 6), bh = box_h(g) + gfx_s(g, 6);
	int per_row = r.w / bw;
	if (per_row < 1)
		per_row = 1;
	int maxrows = (r.y + r.h - y - (b->nsend ? lh : 0) - (b->nrecv ? lh : 0)) / bh;
	if (maxrows < 1)
		maxrows = 1;
	int cap = per_row * maxrows;
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, r.x, y - gfx_s(g, 3) - gfx_lh(g, FS_SMALL) + gfx_lh(g, FS_SMALL), AL_LEFT, 0, "");
	SDL_Rect qr = { r.x, y, r.w, maxrows * bh };
	gfx_clip(g, &qr);
	for (int i = 0; i < b->nmsgs && i < cap; i++) {
		int x = r.x + (i % per_row) * bw, yy = y + (i / per_row) * bh;
		int hl = 0;
		if (sending && i == b->nmsgs - 1) {   /* the new message slides in from the right */
			x += (int)((1 - e) * (r.x + r.w - x));
			hl = 1;
		}
		if (receiving)  /* the rest move up one place */
			x += (int)((1 - e) * bw * (i % per_row == per_row - 1 ? 0 : 1));
		box(f, &b->msgs[i], x, yy, 255, hl);
	}
	if (receiving) {   /* find the message that left: the first in prev not matching */
		int k = 0;
		while (k < b->nmsgs && k < pb->nmsgs && b->msgs[k].mtype == pb->msgs[k].mtype && b->msgs[k].size == pb->msgs[k].size &&
		       !strcmp(b->msgs[k].preview, pb->msgs[k].preview))
			k++;
		if (k < pb->nmsgs && k < cap)
			box(f, &pb->msgs[k], r.x + (k % per_row) * bw, y + (k / per_row) * bh - (int)(e * bh), (int)(255 * (1 - e)), 1);
	}
	gfx_clip(g, NULL);
	if (b->nmsgs == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x + pad, y + pad, AL_LEFT, r.w, "empty");
	if (b->nmsgs > cap || b->more)
		gfx_textf(g, FF_SANS_BOLD, FS_SMALL, th->dim, r.x + r.w, y + maxrows * bh - gfx_lh(g, FS_SMALL), AL_RIGHT, 0,
			  "+%u more", (unsigned)(b->nmsgs > cap ? b->nmsgs - cap : 0) + b->more);
	y += maxrows * bh;
	if (b->nsend)
		y += (frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], "senders waiting (queue full):", b->send_wait, b->nsend), lh);
	if (b->nrecv) {
		size_t u = (size_t)snprintf(buf, sizeof buf, "receivers waiting (msgtyp");
		for (int i = 0; i < b->nrecv && u < sizeof buf; i++)
			u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%lld", i ? "," : " ", (long long)b->recv_type[i]);
		snprintf(buf + u, sizeof buf - (u < sizeof buf ? u : sizeof buf), "):");
		frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], buf, b->recv_wait, b->nrecv);
	}
}

const struct obj_view view_msg = { height, draw, subtitle };
