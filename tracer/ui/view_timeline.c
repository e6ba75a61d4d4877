/* tracer/ui/view_timeline.c: the timeline across the bottom: event density over time, the scrubber at
 * the current event, trace.mark bookmarks, problems and seq gaps as red ticks, user bookmarks, and the
 * current time in ns since boot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"

/* Cached density histogram (recomputed when the trace grows or the width changes). */
static struct {
	const struct trace *t;
	size_t n, built;
	int w;
	int *bins;
	int max;
	size_t *marks;          /* records with marks, gaps or problems */
	size_t nmarks;
} hist;

static uint64_t t0(const struct trace *t)
{
	return t->n ? t->recs[0].ts : 0;
}

static uint64_t t1(const struct trace *t)
{
	return t->n ? t->recs[t->n - 1].ts : 1;
}

/* x of a record in bar b. */
static int rec_x(const struct trace *t, size_t i, SDL_Rect b)
{
	uint64_t a = t0(t), z = t1(t);
	if (z <= a)
		return b.x + (t->n > 1 ? (int)((double)i / (double)(t->n - 1) * (b.w - 1)) : 0);
	uint64_t ts = t->recs[i].ts < a ? a : t->recs[i].ts;
	return b.x + (int)((double)(ts - a) / (double)(z - a) * (b.w - 1));
}

static SDL_Rect bar_of(const struct frame_ctx *f)
{
	SDL_Rect r = f->timeline;
	return r;
}

long timeline_pick(const struct frame_ctx *f, int x)
{
	const struct trace *t = f->t;
	SDL_Rect b = bar_of(f);
	if (!t->n || b.w <= 0)
		return -1;
	if (x <= b.x)
		return 0;
	uint64_t a = t0(t), z = t1(t);
	if (z <= a)
		return (long)((double)(x - b.x) / (b.w - 1) * (double)(t->n - 1) + 0.5);
	double ts = (double)a + (double)(x - b.x) / (double)(b.w - 1) * (double)(z - a);
	/* last record with ts <= target */
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((double)t->recs[mid].ts <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? (long)lo - 1 : 0;
}

static void build_hist(const struct trace *t, int w)
{
	if (hist.t == t && hist.n == t->n && hist.built == t->built && hist.w == w)
		return;
	free(hist.bins);
	free(hist.marks);
	hist.marks = NULL;
	hist.nmarks = 0;
	hist.bins = calloc((size_t)w, sizeof *hist.bins);
	hist.t = t;
	hist.n = t->n;
	hist.built = t->built;
	hist.w = w;
	hist.max = 1;
	if (!hist.bins)
		return;
	SDL_Rect b = { 0, 0, w, 1 };
	size_t cap = 0;
	for (size_t i = 0; i < t->n; i++) {
		int x = rec_x(t, i, b);
		if (x >= 0 && x < w && ++hist.bins[x] > hist.max)
			hist.max = hist.bins[x];
		if (t->recs[i].flags & (EVF_MARK | EVF_GAP | EVF_BAD | EVF_ORPHAN | EVF_UNKNOWN)) {
			if (hist.nmarks == cap) {
				cap = cap ? cap * 2 : 256;
				size_t *nm = realloc(hist.marks, sizeof *nm * cap);
				if (!nm)
					break;
				hist.marks = nm;
			}
			hist.marks[hist.nmarks++] = i;
		}
	}
}

/* Draw the density and the marks (trace.mark flags, problems, gaps) of the whole trace into b. */
static void draw_static(struct frame_ctx *f, SDL_Rect b)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct trace *t = f->t;
	gfx_fill(g, b, th->bg);
	/* density (square root so single events still show) */
	int bw = t->n ? b.w / (int)(t->n < 100000 ? t->n : 100000) : 1;   /* bar width: wider when few events */
	bw = bw < 1 ? 1 : bw > gfx_s(g, 6) ? gfx_s(g, 6) : bw;
	if (hist.bins)
		for (int x = 0; x < b.w; x++)
			if (hist.bins[x]) {
				float v = (float)hist.bins[x] / (float)hist.max;
				int h = (int)(b.h * 0.85f * (0.25f + 0.75f * v));
				gfx_fill(g, (SDL_Rect){ b.x + x - bw / 2, b.y + b.h - h, bw, h }, gfx_mix(th->bg, th->accent, 0.6f));
			}
	/* marks and problems, one of each kind per pixel column */
	int many = hist.nmarks > (size_t)b.w / 8;   /* many marks: flags only, no lines */
	int lastx[3] = { -1, -1, -1 };
	for (size_t m = 0; m < hist.nmarks; m++) {
		size_t i = hist.marks[m];
		uint8_t fl = t->recs[i].flags;
		int x = rec_x(t, i, b), k = fl & EVF_MARK ? 0 : fl & EVF_GAP ? 1 : 2;
		if (x == lastx[k])
			continue;
		lastx[k] = x;
		if (k == 0) {
			if (!many)
				gfx_fill(g, (SDL_Rect){ x, b.y, gfx_s(g, 2), b.h }, th->kind[4]);
			gfx_fill(g, (SDL_Rect){ x, b.y, gfx_s(g, 8), gfx_s(g, 6) }, th->kind[4]);
		} else if (k == 1) {
			gfx_fill(g, (SDL_Rect){ x - gfx_s(g, 1), b.y, gfx_s(g, 3), b.h }, th->err);
			gfx_fill(g, (SDL_Rect){ x - gfx_s(g, 5), b.y + b.h - gfx_s(g, 6), gfx_s(g, 11), gfx_s(g, 6) }, th->err);
		} else {
			gfx_fill(g, (SDL_Rect){ x, b.y + b.h / 2, gfx_s(g, 2), b.h / 2 }, th->err);
		}
	}
}

/* The static layer, kept in a texture of the renderer and drawn again only when the trace, the size or the
 * theme changes (a million-event trace has tens of thousands of marks: too many to draw every frame). */
static void static_layer(struct frame_ctx *f, SDL_Rect b)
{
	struct gfx *g = f->g;
	uint64_t key = (uint64_t)(uintptr_t)f->t * 1000003u ^ (uint64_t)f->t->n * 7919u ^ (uint64_t)f->t->built * 31u ^
		       (uint64_t)b.w << 40 ^ (uint64_t)b.h << 52 ^ (uint64_t)g->projector << 63;
	if (g->svg) {   /* an SVG has no textures: its shapes, drawn anew */
		draw_static(f, b);
		return;
	}
	if (!g->tl_tex || g->tl_key != key || g->tl_w != b.w || g->tl_h != b.h) {
		if (g->tl_tex && (g->tl_w != b.w || g->tl_h != b.h)) {
			SDL_DestroyTexture(g->tl_tex);
			g->tl_tex = NULL;
		}
		if (!g->tl_tex)
			g->tl_tex = SDL_CreateTexture(g->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, b.w, b.h);
		if (!g->tl_tex || SDL_SetRenderTarget(g->r, g->tl_tex) < 0) {   /* no render targets: draw it directly */
			draw_static(f, b);
			return;
		}
		SDL_Rect clip = g->clip;
		SDL_RenderSetClipRect(g->r, NULL);
		draw_static(f, (SDL_Rect){ 0, 0, b.w, b.h });
		SDL_SetRenderTarget(g->r, NULL);
		if (clip.w)
			SDL_RenderSetClipRect(g->r, &clip);
		g->tl_key = key;
		g->tl_w = b.w;
		g->tl_h = b.h;
	}
	SDL_RenderCopy(g->r, g->tl_tex, NULL, &b);
}

void timeline_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	struct trace *t = f->t;
	int pad = gfx_s(g, 12), lh = gfx_lh(g, FS_SMALL);
	gfx_fill(g, r, th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y, r.w, g->line }, th->border);
	/* projector mode: the bar alone (the top bar says where we are); normal mode: times above, a legend below */
	SDL_Rect b = g->projector ? (SDL_Rect){ r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad } :
				    (SDL_Rect){ r.x + pad, r.y + lh + pad / 2, r.w - 2 * pad, r.h - 2 * lh - pad };
	f->timeline = b;
	if (b.w > 0 && t->n) {
		build_hist(t, b.w);
		static_layer(f, b);
		/* the tooltip of a mark under the mouse */
		for (size_t m = 0; m < hist.nmarks && f->mx >= b.x && f->my >= b.y && f->my < b.y + b.h; m++) {
			size_t i = hist.marks[m];
			int x = rec_x(t, i, b);
			if ((t->recs[i].flags & EVF_MARK) && f->mx >= x - 3 && f->mx <= x + gfx_s(g, 8)) {
				char sum[128];
				snprintf(f->tip, sizeof f->tip, "mark: %s", trace_summary(t, i, sum, sizeof sum));
				break;
			}
		}
		if (f->info)
			for (int k = 0; k < f->info->nbookmarks; k++) {
				long i = f->info->bookmarks[k];
				if (i < 0 || (size_t)i >= t->n)
					continue;
				int x = rec_x(t, (size_t)i, b);
				gfx_disc(g, x, b.y - gfx_s(g, 1), gfx_s(g, 5), th->sel);
			}
		/* scrubber */
		if (f->cur >= 0) {
			int x = rec_x(t, (size_t)f->cur, b);
			gfx_fill(g, (SDL_Rect){ x - g->line, b.y - gfx_s(g, 4), g->line * 2 + 1, b.h + gfx_s(g, 8) }, th->text);
			gfx_disc(g, x + 0.5f, b.y + b.h / 2.0f, gfx_s(g, 7), th->text);
			gfx_disc(g, x + 0.5f, b.y + b.h / 2.0f, gfx_s(g, 4), th->accent);
		}
	}
	if (g->projector)
		return;
	char buf[128];
	gfx_clip(g, &r);
	int lw = 0, rw = 0, h;
	if (t->n) {
		snprintf(buf, sizeof buf, "%" PRIu64 " ns", t0(t));
		lw = gfx_text(g, FF_SANS, FS_SMALL, th->dim, b.x, r.y + pad / 4, AL_LEFT, b.w / 4, buf);
		snprintf(buf, sizeof buf, "%" PRIu64 " ns", t1(t));
		rw = gfx_text(g, FF_SANS, FS_SMALL, th->dim, b.x + b.w, r.y + pad / 4, AL_RIGHT, b.w / 4, buf);
	}
	if (f->ev) {
		snprintf(buf, sizeof buf, "t = %" PRIu64 " ns since boot", f->ev->ts);
		int w;
		gfx_measure(g, FF_SANS_BOLD, FS_SMALL, buf, &w, &h);
		int room = b.w - 2 * (lw > rw ? lw : rw) - 2 * pad;
		if (w <= room)
			gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->text, r.x + r.w / 2, r.y + pad / 4, AL_CENTER, 0, buf);
	}
	const char *la[] = { "drag to scrub  \xc2\xb7  \xe2\x96\xa0 marks (trace.mark)  \xc2\xb7  red: problems, gaps  \xc2\xb7  \xe2\x97\x8f bookmarks (b)  \xc2\xb7  ? for keys",
			     "drag to scrub  \xc2\xb7  ? for keys" };
	gfx_text_fit(g, FF_SANS, FS_SMALL, th->dim, b.x, b.y + b.h + gfx_s(g, 3), AL_LEFT, b.w, la, 2);
	gfx_clip(g, NULL);
}
