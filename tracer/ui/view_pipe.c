/* tracer/ui/view_pipe.c: a pipe or FIFO: the ring (fill level, head and tail), the bytes in it from the
 * oldest (next to be read) to the newest, readers and writers, and who sleeps on it. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	struct gfx *g = f->g;
	return gfx_lh(g, FS_BODY) * 4 + gfx_s(g, 38) + gfx_lh(g, FS_SMALL);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct pipe_blob *b = o->blob;
	if (b->fds[0] >= 0 && b->fds[1] >= 0 && !(b->fds[0] == 0 && b->fds[1] == 0))
		snprintf(buf, len, "read fd %d, write fd %d", b->fds[0], b->fds[1]);
	else
		buf[0] = 0;
}

/* Draw one byte cell; alpha a. */
static void cell(struct frame_ctx *f, int x, int y, int cw, int ch, const struct pipe_blob *b, uint64_t pos, int a, SDL_Color edge)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	char tmp[8];
	SDL_Rect r = { x, y, cw - gfx_s(g, 2), ch };
	gfx_fill(g, r, gfx_alpha(gfx_mix(th->panel_hi, th->kind[0], 0.25f), a));
	gfx_frame(g, r, 1, gfx_alpha(edge, a));
	const char *s = pipe_known(b, pos) ? frame_byte(b->ring[pos % PIPE_SHADOW], tmp) : "\xc2\xb7";   /* unknown: not in the trace's data */
	int face = FF_MONO, size = strlen(s) > 1 ? FS_SMALL : FS_BODY;
	if (a == 255 && gfx_in(r, f->mx, f->my)) {
		if (pipe_known(b, pos)) {
			uint8_t v = b->ring[pos % PIPE_SHADOW];
			char ch[8] = "";
			if (v >= 0x20 && v < 0x7f)
				snprintf(ch, sizeof ch, " '%c'", v);
			snprintf(f->tip, sizeof f->tip, "byte %" PRIu64 " of the stream, ring offset %" PRIu64 ": 0x%02x%s", pos,
				 b->cap ? pos % b->cap : pos, v, ch);
		}
		else
			snprintf(f->tip, sizeof f->tip, "byte %" PRIu64 ": not in the trace (only the first data_max bytes of a write are)", pos);
	}
	gfx_text(g, face, size, gfx_alpha(strlen(s) > 1 ? th->dim : th->text, a), x + (cw - gfx_s(g, 2)) / 2,
		 y + (ch - gfx_lh(g, size)) / 2, AL_CENTER, 0, s);
}

/* Small card: a fill bar and the newest bytes on one line. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct pipe_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), pad = gfx_s(g, 6);
	char buf[160], sz[32], tmp[8];
	uint64_t used = b->head - b->tail;
	snprintf(buf, sizeof buf, "%llu B / %s", (unsigned long long)used, frame_size(b->cap, sz, sizeof sz));
	int w = gfx_text(g, FF_SANS, FS_BODY, th->text, r.x, r.y, AL_LEFT, r.w / 2, buf);
	/* newest bytes, right-aligned */
	char bytes[200];
	size_t u = 0;
	for (uint64_t p = b->head; p > b->tail && u + 4 < sizeof bytes && b->head - p < 40; p--) {
		if (!pipe_known(b, p - 1))
			break;
		const char *c = frame_byte(b->ring[(p - 1) % PIPE_SHADOW], tmp);
		size_t l = strlen(c);
		memmove(bytes + l, bytes, u);
		memcpy(bytes, c, l);
		u += l;
	}
	bytes[u] = 0;
	if (u)
		gfx_text(g, FF_MONO, FS_BODY, th->kind[0], r.x + r.w, r.y, AL_RIGHT, r.w - w - pad, bytes);
	SDL_Rect bar = { r.x, r.y + lh + gfx_s(g, 3), r.w, gfx_s(g, 6) };
	gfx_fill(g, bar, th->panel_hi);
	int fw = b->cap ? (int)((double)used / (double)b->cap * bar.w) : 0;
	if (used && fw < 2)
		fw = 2;
	gfx_fill(g, (SDL_Rect){ bar.x, bar.y, fw, bar.h }, th->kind[0]);
	if (b->nrwait || b->nwwait)
		gfx_textf(g, FF_SANS, FS_SMALL, th->state[PS_SLEEPING], r.x, bar.y + bar.h + 2, AL_LEFT, r.w, "%d waiting to read, %d to write",
			  b->nrwait, b->nwwait);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct pipe_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	if (r.h < height(f, o, r.w) * 3 / 4) {
		draw_compact(f, o, r);
		return;
	}
	int on = frame_ev_on(f, o->cat);
	const char *ty = frame_ev_type(f);
	int writing = on && !strcmp(ty, "pipe.write") && b->last_op == 1;
	int reading = on && !strcmp(ty, "pipe.read") && b->last_op == 2 && pb;

	/* ring on the left: track, used arc from tail to head, interpolated while animating */
	int D = r.h - lh - pad;
	if (D > r.w / 3)
		D = r.w / 3;
	if (D > gfx_s(g, 130))
		D = gfx_s(g, 130);
	float cx = r.x + D / 2.0f, cy = r.y + D / 2.0f + pad / 2, R = D / 2.0f, T = R * 0.28f;
	uint64_t cap = b->cap ? b->cap : 1;
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
	gfx_textf(g, FF_SANS_BOLD, FS_BODY, th->text, (int)cx, (int)(cy - lh * 0.95f), AL_CENTER, 0, "%.0f", used);
	gfx_textf(g, FF_SANS, FS_SMALL, th->dim, (int)cx, (int)cy, AL_CENTER, 0, "of %s", frame_size(cap, s1, sizeof s1));
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, (int)cx, (int)(cy + R + pad / 2), AL_CENTER, 0, "ring");

	/* right: labels, the bytes from tail (next read) to head (last written) */
	int x = r.x + D + pad * 2, w = r.x + r.w - x;
	int y = r.y;
	snprintf(buf, sizeof buf, "tail %" PRIu64 "  → read side", b->tail);
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, x, y, AL_LEFT, w / 2, buf);
	snprintf(buf, sizeof buf, "write side ←  head %" PRIu64, b->head);
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, x + w, y, AL_RIGHT, w / 2, buf);
	y += gfx_lh(g, FS_SMALL) + gfx_s(g, 2);
	int ch = lh + gfx_s(g, 8), cw = gfx_s(g, g->projector ? 26 : 22);
	int ncells = w / cw;
	uint64_t inpipe = b->head - b->tail;
	SDL_Rect strip = { x, y, w, ch };
	gfx_fill(g, strip, gfx_mix(th->panel, th->bg, 0.5f));
	gfx_clip(g, &strip);
	/* all the bytes if they fit; else the oldest ones, a gap cell, and the newest ones */
	int show = (int)(inpipe < (uint64_t)ncells ? inpipe : (uint64_t)(ncells > 1 ? ncells - 1 : 1));
	int split = inpipe > (uint64_t)ncells && show > 4 ? show / 2 : show;
	for (int i = 0; i < show; i++) {
		uint64_t pos = i < split ? b->tail + (uint64_t)i : b->head - (uint64_t)(show - i);
		int cxp = x + i * cw + (i >= split && split < show ? cw : 0);
		int a = 255;
		SDL_Color edge = th->border;
		if (writing && pos >= b->head - (uint64_t)b->last_n) {   /* new bytes slide in from the right */
			cxp += (int)((1 - e) * (w - cxp + x));
			edge = th->kind[0];
		}
		cell(f, cxp, y, cw, ch, b, pos, a, edge);
	}
	if ((uint64_t)show < inpipe)
		gfx_textf(g, FF_SANS_BOLD, FS_SMALL, th->dim, x + split * cw + cw / 2, y + (ch - gfx_lh(g, FS_SMALL)) / 2,
			  AL_CENTER, 0, "+%" PRIu64, inpipe - (uint64_t)show);
	if (reading) {   /* the bytes just read leave to the left */
		uint64_t n = (uint64_t)b->last_n < 24 ? (uint64_t)b->last_n : 24;
		for (uint64_t i = 0; i < n; i++) {
			int cxp = x + (int)i * cw - (int)(e * (float)(n * (uint64_t)cw + (uint64_t)cw));
			cell(f, cxp, y, cw, ch, pb, pb->tail + i, (int)(255 * (1 - e)), th->kind[0]);
		}
	}
	gfx_clip(g, NULL);
	if (inpipe == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, x + pad, y + (ch - lh) / 2, AL_LEFT, w - pad, "empty");
	y += ch + gfx_s(g, 6);

	/* ends and sleepers */
	SDL_Color rc = b->readers ? th->text : th->err, wc = b->writers ? th->text : th->err;
	int xx = x;
	xx += gfx_textf(g, FF_SANS, FS_BODY, rc, xx, y, AL_LEFT, 0, "readers %d", b->readers);
	xx += gfx_text(g, FF_SANS, FS_BODY, th->dim, xx, y, AL_LEFT, 0, "  ·  ");
	xx += gfx_textf(g, FF_SANS, FS_BODY, wc, xx, y, AL_LEFT, 0, "writers %d", b->writers);
	if (!b->writers && b->readers)
		gfx_text(g, FF_SANS, FS_SMALL, th->dim, xx + pad, y + gfx_s(g, 2), AL_LEFT, x + w - xx - pad, "(read gives EOF when empty)");
	else if (!b->readers && b->writers)
		gfx_text(g, FF_SANS, FS_SMALL, th->err, xx + pad, y + gfx_s(g, 2), AL_LEFT, x + w - xx - pad, "(write gives EPIPE)");
	y += lh + gfx_s(g, 2);
	if (b->nrwait)
		y += (frame_pids(f, x, y, w, th->state[PS_SLEEPING], "waiting to read:", b->rwait, b->nrwait), lh);
	if (b->nwwait)
		y += (frame_pids(f, x, y, w, th->state[PS_SLEEPING], "waiting to write:", b->wwait, b->nwwait), lh);
	if (!b->nrwait && !b->nwwait && on && b->last_op == 3)
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->err, x, y, AL_LEFT, w, "last operation failed (see the log)");
}

const struct obj_view view_pipe = { height, draw, subtitle };
