/* tracer/ui/view_pipe.c: a pipe or FIFO: the ring (fill level from tail to head), the bytes in it from the
 * oldest (next to be read) to the newest, wherever the trace carried them (the shadow ring of the state, or
 * the `data` of the write that put them there), its ends, and who sleeps in read, write or a FIFO's open. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

static int nwaitlines(const struct pipe_blob *b)
{
	return (b->nrwait ? 1 : 0) + (b->nwwait ? 1 : 0) + (b->nowait ? 1 : 0);
}

static int strip_h(struct gfx *g)
{
	return gfx_lh(g, FS_BODY) + gfx_s(g, 8);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	struct gfx *g = f->g;
	const struct pipe_blob *b = o->blob;
	return gfx_lh(g, FS_BODY) * (2 + nwaitlines(b)) + strip_h(g) + gfx_s(g, 12);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct pipe_blob *b = o->blob;
	if (b->fds[0] >= 0 && b->fds[1] >= 0 && !(b->fds[0] == 0 && b->fds[1] == 0))
		snprintf(buf, len, "read fd %d, write fd %d", b->fds[0], b->fds[1]);
	else
		buf[0] = 0;
}

/* Draw the byte cell of position pos of o; alpha a. */
static void cell(struct frame_ctx *f, const struct obj *o, int x, int y, int cw, int ch, uint64_t pos, int a, SDL_Color edge)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct pipe_blob *b = o->blob;
	char tmp[8];
	uint8_t v;
	SDL_Rect r = { x, y, cw - gfx_s(g, 2), ch };
	gfx_fill(g, r, gfx_alpha(gfx_mix(th->panel_hi, th->kind[0], 0.25f), a));
	gfx_frame(g, r, 1, gfx_alpha(edge, a));
	int known = frame_pipe_byte(f, o, pos, &v);
	const char *s = known ? frame_byte(v, tmp) : "\xc2\xb7";   /* unknown: not in the trace's data */
	if (a == 255 && gfx_in(r, f->mx, f->my)) {
		if (known)
			snprintf(f->tip, sizeof f->tip, "byte %" PRIu64 " of the stream, ring offset %" PRIu64 ": 0x%02x", pos,
				 b->cap ? pos % b->cap : pos, v);
		else
			snprintf(f->tip, sizeof f->tip, "byte %" PRIu64 ": not in the trace (only the first data_max bytes of a write are)", pos);
	}
	int size = strlen(s) > 1 ? FS_SMALL : FS_BODY;
	gfx_text(g, FF_MONO, size, gfx_alpha(strlen(s) > 1 ? th->dim : th->text, a), x + (cw - gfx_s(g, 2)) / 2,
		 y + (ch - gfx_lh(g, size)) / 2, AL_CENTER, cw - gfx_s(g, 2), s);
}

/* The waiters' lines from y; returns the y after them. */
static int waiters(struct frame_ctx *f, const struct pipe_blob *b, int x, int y, int w)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int lh = gfx_lh(g, FS_BODY);
	if (b->nrwait)
		y += (frame_pids(f, x, y, w, th->state[PS_SLEEPING], "read() waits:", b->rwait, b->nrwait), lh);
	if (b->nwwait)
		y += (frame_pids(f, x, y, w, th->state[PS_SLEEPING], "write() waits:", b->wwait, b->nwwait), lh);
	if (b->nowait)
		y += (frame_pids(f, x, y, w, th->state[PS_SLEEPING], "open() waits:", b->owait, b->nowait), lh);
	return y;
}

/* Small card: the fill and the newest bytes on one line, a fill bar, who waits. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct pipe_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), pad = gfx_s(g, 6);
	char a0[160], a1[80], sz[32], tmp[8];
	uint64_t used = b->head - b->tail;
	int nw = b->nrwait + b->nwwait + b->nowait;
	snprintf(a0, sizeof a0, "%" PRIu64 " B of %s%s", used, frame_size(b->cap, sz, sizeof sz), nw ? ", asleep on it:" : "");
	snprintf(a1, sizeof a1, "%" PRIu64 " B", used);
	const char *alts[] = { a0, a1 };
	int w = gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, r.y, AL_LEFT, r.w, alts, 2);
	if (nw) {
		int32_t l[3 * WAITMAX];
		int n = 0;
		for (int i = 0; i < b->nrwait; i++)
			l[n++] = b->rwait[i];
		for (int i = 0; i < b->nwwait; i++)
			l[n++] = b->wwait[i];
		for (int i = 0; i < b->nowait; i++)
			l[n++] = b->owait[i];
		if (r.w - w - pad > gfx_s(g, 30))
			frame_pids(f, r.x + w + pad, r.y, r.w - w - pad, th->state[PS_SLEEPING], "", l, n);
	} else {
		/* the newest bytes, right-aligned, in what room is left */
		char bytes[200];
		size_t u = 0;
		for (uint64_t p = b->head; p > b->tail && u + 4 < sizeof bytes && b->head - p < 24; p--) {
			uint8_t v;
			if (!frame_pipe_byte(f, o, p - 1, &v))
				break;
			const char *c = frame_byte(v, tmp);
			size_t l = strlen(c);
			memmove(bytes + l, bytes, u);
			memcpy(bytes, c, l);
			u += l;
		}
		bytes[u] = 0;
		int bw, bh;
		gfx_measure(g, FF_MONO, FS_BODY, bytes, &bw, &bh);
		if (u && bw <= r.w - w - 2 * pad)
			gfx_text(g, FF_MONO, FS_BODY, th->kind[0], r.x + r.w, r.y, AL_RIGHT, 0, bytes);
	}
	if (r.h < lh + gfx_s(g, 8))
		return;
	SDL_Rect bar = { r.x, r.y + lh + gfx_s(g, 3), r.w, gfx_s(g, 6) };
	gfx_fill(g, bar, th->panel_hi);
	int fw = b->cap ? (int)((double)used / (double)b->cap * bar.w) : 0;
	if (used && fw < 2)
		fw = 2;
	gfx_fill(g, (SDL_Rect){ bar.x, bar.y, fw > bar.w ? bar.w : fw, bar.h }, th->kind[0]);
}

/* opening: how many of b's sleepers wait in a FIFO's open(2) for end mode ('r' or 'w'). */
static int opening(const struct pipe_blob *b, char mode)
{
	int n = 0;
	for (int i = 0; i < b->nowait; i++)
		n += b->omode[i] == mode;
	return n;
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct pipe_blob *b = o->blob;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	if (r.h < height(f, o, r.w) - gfx_s(g, 4)) {
		draw_compact(f, o, r);
		return;
	}
	int on = frame_ev_on(f, o->cat);
	int verb = frame_verb(f);
	int writing = on && verb == FX_PUT && f->fx->n > 0;
	int reading = on && verb == FX_TAKE && f->fx->n > 0 && prev;

	/* ring on the left: track, used arc from tail to head, interpolated while animating */
	int D = r.h - pad;
	if (D > r.w / 4)
		D = r.w / 4;
	if (D > gfx_s(g, 120))
		D = gfx_s(g, 120);
	float cx = r.x + D / 2.0f, cy = r.y + D / 2.0f, R = D / 2.0f, T = R * 0.28f;
	uint64_t cap = b->cap ? b->cap : 1;
	const struct pipe_blob *pb = prev ? prev->blob : NULL;
	double used = (double)(b->head - b->tail);
	if (pb && on)
		used = (double)(pb->head - pb->tail) + ((double)(b->head - b->tail) - (double)(pb->head - pb->tail)) * e;
	gfx_ring(g, cx, cy, R - T, R, 0, 6.2832f, th->panel_hi);
	float a0 = (float)((double)(b->tail % cap) / (double)cap * 6.2832);
	float sweep = (float)(used / (double)cap * 6.2832);
	if (used > 0 && sweep < 0.12f)
		sweep = 0.12f;   /* keep a few bytes visible */
	gfx_ring(g, cx, cy, R - T, R, a0, a0 + sweep, th->kind[0]);
	if (a0 + sweep > 6.2832f)
		gfx_ring(g, cx, cy, R - T, R, 0, a0 + sweep - 6.2832f, th->kind[0]);
	char buf[128], s1[32];
	int inner = (int)(2 * (R - T) * 0.9f), nw, nh;
	frame_size((uint64_t)(used + 0.5), s1, sizeof s1);
	gfx_measure(g, FF_SANS_BOLD, FS_BODY, s1, &nw, &nh);
	if (nw <= inner)
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->text, (int)cx, (int)(cy - lh / 2.0f), AL_CENTER, 0, s1);

	/* right: labels, the bytes from tail (next read) to head (last written) */
	int x = r.x + D + pad * 2, w = r.x + r.w - x;
	int y = r.y;
	char t0[64], t1[64], h0[64], h1[64];
	snprintf(t0, sizeof t0, "tail %" PRIu64 " \xe2\x86\x92 read", b->tail);
	snprintf(t1, sizeof t1, "tail %" PRIu64, b->tail);
	snprintf(h0, sizeof h0, "write \xe2\x86\x90 head %" PRIu64, b->head);
	snprintf(h1, sizeof h1, "head %" PRIu64, b->head);
	const char *ta[] = { t0, t1 }, *ha[] = { h0, h1 };
	int tmin, th1;   /* the head gets what the tail's shortest form leaves */
	gfx_measure(g, FF_SANS, FS_BODY, t1, &tmin, &th1);
	int hw = gfx_fit_width(g, FF_SANS, FS_BODY, w - tmin - pad, ha, 2, NULL);
	gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x + w, y, AL_RIGHT, w - tmin - pad, ha, 2);
	gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w - hw - pad, ta, 2);
	y += lh;
	int ch = strip_h(g), cw = gfx_s(g, g->projector ? 34 : 22);
	uint64_t inpipe = b->head - b->tail;
	SDL_Rect strip = { x, y, w, ch };
	gfx_fill(g, strip, gfx_mix(th->panel, th->bg, 0.5f));
	/* all the bytes if they fit; else the oldest ones, a gap with the count of the rest, and the newest ones */
	int ncells = w / cw, gapw = 0, show, split;
	if (inpipe <= (uint64_t)ncells) {
		show = split = (int)inpipe;
	} else {
		snprintf(buf, sizeof buf, "+%" PRIu64, inpipe);   /* the widest the count can be */
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &gapw, &nh);
		gapw += pad;
		show = (w - gapw) / cw;
		if (show < 0)
			show = 0;
		split = (show + 1) / 2;
	}
	gfx_clip_push(g, strip);
	for (int i = 0; i < show; i++) {
		uint64_t pos = i < split ? b->tail + (uint64_t)i : b->head - (uint64_t)(show - i);
		int cxp = x + i * cw + (i >= split ? gapw : 0);
		SDL_Color edge = th->border;
		int moving = writing && pos >= b->head - (uint64_t)f->fx->n && e < 1;
		if (moving) {   /* new bytes slide in from the right */
			cxp += (int)((1 - e) * (w - cxp + x));
			edge = th->kind[0];
			g->moving++;
		}
		cell(f, o, cxp, y, cw, ch, pos, 255, edge);
		if (moving)
			g->moving--;
	}
	if ((uint64_t)show < inpipe) {
		snprintf(buf, sizeof buf, "+%" PRIu64, inpipe - (uint64_t)show);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->dim, x + split * cw + gapw / 2, y + (ch - lh) / 2, AL_CENTER, 0, buf);
	}
	if (reading && e < 1) {   /* the bytes just read leave to the left */
		uint64_t n = (uint64_t)f->fx->n < 24 ? (uint64_t)f->fx->n : 24;
		g->moving++;
		for (uint64_t i = 0; i < n; i++) {
			int cxp = x + (int)i * cw - (int)(e * (float)(n * (uint64_t)cw + (uint64_t)cw));
			cell(f, prev, cxp, y, cw, ch, pb->tail + i, (int)(255 * (1 - e)), th->kind[0]);
		}
		g->moving--;
	}
	gfx_clip_pop(g);
	if (inpipe == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, x + pad, y + (ch - lh) / 2, AL_LEFT, w - 2 * pad, "empty");
	y += ch + gfx_s(g, 4);

	/* ends and sleepers */
	char e0[120], e1[80], e2[40];
	/* A FIFO's opener counts as a reader or writer while it waits in open(2) for the other end (fifo(7); Linux
	 * fs/pipe.c fifo_open): then no read or write has begun, and nothing is wrong yet. */
	int ropen = opening(b, 'r'), wopen = opening(b, 'w');
	const char *why = "";
	int wrong = 0;
	if (!b->writers && b->readers) {
		wrong = ropen < b->readers;
		why = wrong ? ": read gives EOF when empty" : ": open() waits for a writer";
	} else if (!b->readers && b->writers) {
		wrong = wopen < b->writers;
		why = wrong ? ": write gives EPIPE" : ": open() waits for a reader";
	} else if (!b->readers && !b->writers) {
		wrong = 1;
	}
	snprintf(e0, sizeof e0, "readers %d, writers %d%s", b->readers, b->writers, why);
	snprintf(e1, sizeof e1, "readers %d, writers %d", b->readers, b->writers);
	snprintf(e2, sizeof e2, "r %d, w %d", b->readers, b->writers);
	const char *ea[] = { e0, e1, e2 };
	gfx_text_fit(g, FF_SANS, FS_BODY, wrong ? th->err : th->text, x, y, AL_LEFT, w, ea, 3);
	y += lh;
	waiters(f, b, x, y, w);
}

const struct obj_view view_pipe = { height, draw, subtitle };
