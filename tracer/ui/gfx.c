/* tracer/ui/gfx.c: themes, fonts and a text texture cache, and geometry (thick lines, arrows, rings). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfx.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu/"
static const char *const font_files[FF_COUNT] = {
	FONT_DIR "DejaVuSans.ttf", FONT_DIR "DejaVuSans-Bold.ttf", FONT_DIR "DejaVuSansMono.ttf",
};

struct text_entry {
	TTF_Font *font;
	uint32_t rgba, hash;
	char *s;
	SDL_Texture *tex;
	int w, h;
};

#define CACHE_SLOTS 4096   /* open addressing; cleared when half full */

static SDL_Color rgb(unsigned v)
{
	return (SDL_Color){ (Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255 };
}

/* Okabe-Ito colours (safe for the common colour blindnesses) on a dark background. */
static void theme_dark(struct theme *t)
{
	t->bg = rgb(0x14171c);
	t->panel = rgb(0x1e232b);
	t->panel_hi = rgb(0x2b323d);
	t->border = rgb(0x3d4654);
	t->text = rgb(0xeef1f5);
	t->dim = rgb(0xa3adba);
	t->accent = rgb(0x56b4e9);
	t->warn = rgb(0xf0e442);
	t->err = rgb(0xff7a59);
	t->ok = rgb(0x2fbf8f);
	t->sel = rgb(0xf0e442);
	t->pending = rgb(0xff7a59);
	t->blocked = rgb(0x56b4e9);
	t->chip = rgb(0xfafafa);
	t->kind[0] = rgb(0x56b4e9);   /* pipe: sky blue */
	t->kind[1] = rgb(0xe69f00);   /* sem: orange */
	t->kind[2] = rgb(0x2fbf8f);   /* msg: bluish green */
	t->kind[3] = rgb(0xd98cb8);   /* shm: reddish purple */
	t->kind[4] = rgb(0xf0e442);   /* signals: yellow */
	t->kind[5] = rgb(0xa3adba);   /* processes, other */
	t->kind[6] = rgb(0x6f9bff);   /* socketpairs and Unix sockets: blue */
	t->kind[7] = rgb(0xb392f0);   /* futexes: lavender */
	t->state[0] = rgb(0x2fbf8f);  /* running */
	t->state[1] = rgb(0x56b4e9);  /* runnable */
	t->state[2] = rgb(0xe69f00);  /* sleeping */
	t->state[3] = rgb(0x7d8794);  /* zombie */
}

/* Projector: black on white, saturated darker Okabe-Ito colours, for washed-out projectors. */
static void theme_projector(struct theme *t)
{
	t->bg = rgb(0xffffff);
	t->panel = rgb(0xf3f3f3);
	t->panel_hi = rgb(0xe2e2e2);
	t->border = rgb(0x000000);
	t->text = rgb(0x000000);
	t->dim = rgb(0x333333);
	t->accent = rgb(0x0072b2);
	t->warn = rgb(0xb35900);
	t->err = rgb(0xc0392b);
	t->ok = rgb(0x007a5a);
	t->sel = rgb(0xd55e00);
	t->pending = rgb(0xd55e00);
	t->blocked = rgb(0x0072b2);
	t->chip = rgb(0x000000);
	t->kind[0] = rgb(0x0072b2);
	t->kind[1] = rgb(0xc77800);
	t->kind[2] = rgb(0x007a5a);
	t->kind[3] = rgb(0xa8447f);
	t->kind[4] = rgb(0xb35900);
	t->kind[5] = rgb(0x333333);
	t->kind[6] = rgb(0x1f3f99);
	t->kind[7] = rgb(0x6a3d9a);
	t->state[0] = rgb(0x007a5a);
	t->state[1] = rgb(0x0072b2);
	t->state[2] = rgb(0xd55e00);
	t->state[3] = rgb(0x666666);
}

int gfx_init(struct gfx *g, SDL_Renderer *r)
{
	memset(g, 0, sizeof *g);
	g->r = r;
	g->cache = calloc(CACHE_SLOTS, sizeof *g->cache);
	if (!g->cache)
		return -1;
	g->cap_cache = CACHE_SLOTS;
	for (int f = 0; f < FF_COUNT; f++) {
		TTF_Font *t = TTF_OpenFont(font_files[f], 14);
		if (!t) {
			fprintf(stderr, "ipctrace: cannot open font %s: %s (install fonts-dejavu-core)\n", font_files[f],
				TTF_GetError());
			return -1;
		}
		TTF_CloseFont(t);
	}
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	gfx_begin(g, 1280, 720, 0);
	return 0;
}

static void cache_clear(struct gfx *g)
{
	for (int i = 0; i < g->cap_cache; i++) {
		struct text_entry *e = &g->cache[i];
		if (e->s) {
			SDL_DestroyTexture(e->tex);
			free(e->s);
		}
		memset(e, 0, sizeof *e);
	}
	g->ncache = 0;
}

void gfx_free(struct gfx *g)
{
	if (g->cache)
		cache_clear(g);
	free(g->cache);
	for (int f = 0; f < FF_COUNT; f++)
		for (int i = 0; i <= FONT_PX_MAX; i++)
			if (g->fonts[f][i])
				TTF_CloseFont(g->fonts[f][i]);
	free(g->boxes);
	if (g->tl_tex)
		SDL_DestroyTexture(g->tl_tex);
	memset(g, 0, sizeof *g);
}

void gfx_begin(struct gfx *g, int w, int h, int projector)
{
	g->w = w;
	g->h = h;
	float s = fminf((float)w / 1280.0f, (float)h / 720.0f);
	if (s < 0.75f)
		s = 0.75f;
	if (s > 4.0f)
		s = 4.0f;
	g->scale = s;
	if (projector != g->projector || !g->th.text.a) {
		if (projector)
			theme_projector(&g->th);
		else
			theme_dark(&g->th);
	}
	g->projector = projector;
	/* pixels at 1280x720; projector mode: nothing under 36 px at 1920x1080 (18 pt on a 1080-pixel slide,
	 * /work/shared/PLATFORM.md), scaling with the height */
	static const float base[FS_COUNT] = { 12.5f, 15, 18, 22, 34 };
	static const float proj[FS_COUNT] = { 24, 24, 28, 32, 48 };
	for (int i = 0; i < FS_COUNT; i++) {
		int px = (int)lroundf((projector ? proj[i] : base[i]) * s);
		g->px[i] = px < 8 ? 8 : px > FONT_PX_MAX ? FONT_PX_MAX : px;
	}
	g->nboxes = 0;
	g->layer = GFX_LAYER_PANELS;
	g->moving = 0;
	g->clip = (SDL_Rect){ 0, 0, 0, 0 };
	g->nclips = 0;
	g->line = (int)lroundf((projector ? 3.0f : 2.0f) * s);
	if (g->line < 1)
		g->line = 1;
	g->frame++;
	if (g->ncache > CACHE_SLOTS / 2)
		cache_clear(g);

}

int gfx_s(const struct gfx *g, float v)
{
	int r = (int)lroundf(v * g->scale);
	return r < 1 && v > 0 ? 1 : r;
}

static TTF_Font *font(struct gfx *g, int face, int size)
{
	int px = g->px[size];
	TTF_Font **slot = &g->fonts[face][px];
	if (!*slot)
		*slot = TTF_OpenFont(font_files[face], px);
	return *slot;
}

int gfx_lh(struct gfx *g, int size)
{
	TTF_Font *f = font(g, FF_SANS, size);
	return f ? TTF_FontLineSkip(f) : g->px[size];
}

static uint32_t hash_text(const char *s, TTF_Font *f, uint32_t rgba)
{
	uint32_t h = 2166136261u ^ (uint32_t)(uintptr_t)f ^ rgba * 16777619u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The cached texture for a text (rendered on first use). */
static struct text_entry *get_text(struct gfx *g, TTF_Font *f, SDL_Color c, const char *s)
{
	uint32_t rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
	uint32_t h = hash_text(s, f, rgba);
	unsigned i = h % (unsigned)g->cap_cache;
	while (g->cache[i].s) {
		struct text_entry *e = &g->cache[i];
		if (e->hash == h && e->font == f && e->rgba == rgba && !strcmp(e->s, s))
			return e;
		i = (i + 1) % (unsigned)g->cap_cache;
	}
	SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, (SDL_Color){ c.r, c.g, c.b, 255 });
	if (!surf)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(g->r, surf);
	struct text_entry *e = &g->cache[i];
	e->font = f;
	e->rgba = rgba;
	e->hash = h;
	e->s = strdup(s);
	e->tex = tex;
	e->w = surf->w;
	e->h = surf->h;
	SDL_FreeSurface(surf);
	if (tex && c.a != 255)
		SDL_SetTextureAlphaMod(tex, c.a);
	g->ncache++;
	return e;
}

void gfx_measure(struct gfx *g, int face, int size, const char *s, int *w, int *h)
{
	TTF_Font *f = font(g, face, size);
	*w = *h = 0;
	if (!f || !*s)
		return;
	TTF_SizeUTF8(f, s, w, h);
}

/* Bytes of s that fit in maxw pixels with an ellipsis after them, ending at a word boundary (*cut = 0), or
 * inside the first word when it alone does not fit (*cut = 1). Cached per font, text and width. */
static size_t fit_len(struct gfx *g, TTF_Font *f, const char *s, int maxw, int *cut)
{
	static struct { TTF_Font *f; uint32_t h; int maxw; size_t n; int cut; } memo[1024];
	uint32_t h = hash_text(s, f, (uint32_t)maxw);
	unsigned i = h % 1024;
	if (memo[i].f == f && memo[i].h == h && memo[i].maxw == maxw) {
		*cut = memo[i].cut;
		return memo[i].n;
	}
	int ew = 0, eh = 0, extent = 0, count = 0;
	TTF_SizeUTF8(f, "\xe2\x80\xa6", &ew, &eh);
	size_t n = 0;
	if (maxw > ew && TTF_MeasureUTF8(f, s, maxw - ew, &extent, &count) == 0) {
		/* count is in characters: walk that many UTF-8 sequences */
		const unsigned char *p = (const unsigned char *)s;
		for (int k = 0; k < count && p[n]; k++) {
			n++;
			while ((p[n] & 0xc0) == 0x80)
				n++;
		}
	}
	/* back to the end of the last whole word: a number is shown whole or not at all */
	size_t w = n;
	if (s[w] && s[w] != ' ') {
		while (w > 0 && s[w - 1] != ' ')
			w--;
	}
	while (w > 0 && (s[w - 1] == ' ' || s[w - 1] == ',' || s[w - 1] == ':' || s[w - 1] == '(' ||
			 (w >= 2 && (unsigned char)s[w - 2] == 0xc2 && (unsigned char)s[w - 1] == 0xb7)))   /* " · " */
		w -= (unsigned char)s[w - 1] == 0xb7 ? 2 : 1;
	*cut = w == 0;
	if (w)
		n = w;
	memo[i].f = f;
	memo[i].h = h;
	memo[i].maxw = maxw;
	memo[i].n = n;
	memo[i].cut = *cut;
	return n;
}

/* Remember a text box for gfx_text_problems. */
static void box(struct gfx *g, SDL_Rect r, int flags, const char *s)
{
	if (!g->boxes || g->nboxes >= GFX_MAX_BOXES)
		return;
	struct text_box *b = &g->boxes[g->nboxes++];
	b->r = r;
	b->clip = g->clip;
	if (g->moving)
		flags |= TXT_MOVING;
	SDL_Rect lim = g->clip.w ? g->clip : (SDL_Rect){ 0, 0, g->w, g->h };
	if (r.x < lim.x || r.y < lim.y || r.x + r.w > lim.x + lim.w || r.y + r.h > lim.y + lim.h ||
	    r.x < 0 || r.y < 0 || r.x + r.w > g->w || r.y + r.h > g->h)
		flags |= TXT_CLIPPED;
	b->flags = (uint8_t)flags;
	b->layer = g->layer;
	snprintf(b->text, sizeof b->text, "%s", s);
}

int gfx_text(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw, const char *s)
{
	TTF_Font *f = font(g, face, size);
	if (!f || !s || !*s)
		return 0;
	struct text_entry *e = get_text(g, f, c, s);
	if (!e || !e->tex)
		return 0;
	int flags = 0;
	if (maxw > 0 && e->w > maxw) {
		char buf[512];
		int cut;
		size_t n = fit_len(g, f, s, maxw, &cut);
		flags = cut ? TXT_CUT : TXT_ABBREV;
		if (n == 0) {
			box(g, (SDL_Rect){ x, y, 1, e->h }, TXT_CUT, s);
			return 0;
		}
		if (n > sizeof buf - 4)
			n = sizeof buf - 4;
		memcpy(buf, s, n);
		strcpy(buf + n, "\xe2\x80\xa6");
		e = get_text(g, f, c, buf);
		if (!e || !e->tex)
			return 0;
	}
	SDL_Rect d = { x, y, e->w, e->h };
	if (align == AL_CENTER)
		d.x -= e->w / 2;
	else if (align == AL_RIGHT)
		d.x -= e->w;
	SDL_RenderCopy(g->r, e->tex, NULL, &d);
	if (g->svg)
		svg_text(g, face, g->px[size], TTF_FontAscent(f), c, d.x, d.y, e->s);
	if (g->boxes) {   /* the line box: the glyphs' extent, not the surface's padding */
		int asc = TTF_FontAscent(f), desc = -TTF_FontDescent(f);
		SDL_Rect lb = { d.x, d.y + (e->h - asc - desc) / 2, e->w, asc + desc };
		if (lb.h > e->h || lb.h <= 0)
			lb = d;
		box(g, lb, flags, s);
	}
	return e->w;
}

int gfx_fit_width(struct gfx *g, int face, int size, int maxw, const char *const *alts, int n, int *which)
{
	int w = 0, h;
	for (int i = 0; i < n; i++) {
		gfx_measure(g, face, size, alts[i], &w, &h);
		if (maxw <= 0 || w <= maxw || i == n - 1) {
			if (which)
				*which = i;
			return w < maxw || maxw <= 0 ? w : maxw;
		}
	}
	if (which)
		*which = 0;
	return 0;
}

int gfx_text_fit(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw,
		 const char *const *alts, int n)
{
	int which = 0;
	if (n <= 0)
		return 0;
	gfx_fit_width(g, face, size, maxw, alts, n, &which);
	return gfx_text(g, face, size, c, x, y, align, maxw, alts[which]);
}

void gfx_report(struct gfx *g, int on)
{
	if (on && !g->boxes)
		g->boxes = calloc(GFX_MAX_BOXES, sizeof *g->boxes);
	if (!on) {
		free(g->boxes);
		g->boxes = NULL;
	}
	g->nboxes = 0;
}

static int overlap(SDL_Rect a, SDL_Rect b, int tol)
{
	return a.x + tol < b.x + b.w && b.x + tol < a.x + a.w && a.y + tol < b.y + b.h && b.y + tol < a.y + a.h;
}

int gfx_text_problems(const struct gfx *g, char *buf, size_t len)
{
	int n = 0;
	size_t u = 0;
	if (len)
		buf[0] = 0;
#define SAY(...) do { n++; if (u < len) { int k_ = snprintf(buf + u, len - u, __VA_ARGS__); if (k_ > 0) u += (size_t)k_; } } while (0)
	for (int i = 0; i < g->nboxes; i++) {
		const struct text_box *a = &g->boxes[i];
		if (a->flags & TXT_MOVING)
			continue;
		if (a->flags & TXT_CUT)
			SAY("cut inside a word: \"%s\" at %d,%d (%d px wide)\n", a->text, a->r.x, a->r.y, a->r.w);
		if (a->flags & TXT_CLIPPED)
			SAY("clipped: \"%s\" at %d,%d %dx%d, clip %d,%d %dx%d\n", a->text, a->r.x, a->r.y, a->r.w, a->r.h,
			    a->clip.x, a->clip.y, a->clip.w, a->clip.h);
		for (int k = i + 1; k < g->nboxes; k++) {
			const struct text_box *b = &g->boxes[k];
			if (!(b->flags & TXT_MOVING) && b->layer == a->layer && overlap(a->r, b->r, 1))
				SAY("overlap: \"%s\" at %d,%d %dx%d and \"%s\" at %d,%d %dx%d\n", a->text, a->r.x, a->r.y, a->r.w,
				    a->r.h, b->text, b->r.x, b->r.y, b->r.w, b->r.h);
		}
	}
#undef SAY
	return n;
}

int gfx_textf(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return gfx_text(g, face, size, c, x, y, align, maxw, buf);
}

/* Opaque drawing needs no blending: much faster in the software renderer. */
static void blend_for(struct gfx *g, Uint8 a)
{
	SDL_SetRenderDrawBlendMode(g->r, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void gfx_clear(struct gfx *g, SDL_Color c)
{
	SDL_SetRenderDrawColor(g->r, c.r, c.g, c.b, 255);
	SDL_RenderClear(g->r);
	if (g->svg)
		svg_rect(g, (SDL_Rect){ 0, 0, g->w, g->h }, gfx_alpha(c, 255));
}

void gfx_fill(struct gfx *g, SDL_Rect r, SDL_Color c)
{
	blend_for(g, c.a);
	SDL_SetRenderDrawColor(g->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(g->r, &r);
	if (g->svg)
		svg_rect(g, r, c);
}

void gfx_rfill(struct gfx *g, SDL_Rect r, int rad, SDL_Color c)
{
	if (rad * 2 > r.h)
		rad = r.h / 2;
	if (rad * 2 > r.w)
		rad = r.w / 2;
	if (rad <= 1) {
		gfx_fill(g, r, c);
		return;
	}
	gfx_fill(g, (SDL_Rect){ r.x + rad, r.y, r.w - 2 * rad, r.h }, c);
	gfx_fill(g, (SDL_Rect){ r.x, r.y + rad, rad, r.h - 2 * rad }, c);
	gfx_fill(g, (SDL_Rect){ r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad }, c);
	gfx_ring(g, r.x + rad, r.y + rad, 0, rad, -1.5708f, 0, c);
	gfx_ring(g, r.x + r.w - rad, r.y + rad, 0, rad, 0, 1.5708f, c);
	gfx_ring(g, r.x + r.w - rad, r.y + r.h - rad, 0, rad, 1.5708f, 3.1416f, c);
	gfx_ring(g, r.x + rad, r.y + r.h - rad, 0, rad, 3.1416f, 4.7124f, c);
}

void gfx_frame(struct gfx *g, SDL_Rect r, int t, SDL_Color c)
{
	gfx_fill(g, (SDL_Rect){ r.x, r.y, r.w, t }, c);
	gfx_fill(g, (SDL_Rect){ r.x, r.y + r.h - t, r.w, t }, c);
	gfx_fill(g, (SDL_Rect){ r.x, r.y + t, t, r.h - 2 * t }, c);
	gfx_fill(g, (SDL_Rect){ r.x + r.w - t, r.y + t, t, r.h - 2 * t }, c);
}

void gfx_dashed(struct gfx *g, SDL_Rect r, int t, SDL_Color c)
{
	int d = t * 4;
	for (int x = r.x; x < r.x + r.w; x += 2 * d) {
		int w = x + d > r.x + r.w ? r.x + r.w - x : d;
		gfx_fill(g, (SDL_Rect){ x, r.y, w, t }, c);
		gfx_fill(g, (SDL_Rect){ x, r.y + r.h - t, w, t }, c);
	}
	for (int y = r.y; y < r.y + r.h; y += 2 * d) {
		int h = y + d > r.y + r.h ? r.y + r.h - y : d;
		gfx_fill(g, (SDL_Rect){ r.x, y, t, h }, c);
		gfx_fill(g, (SDL_Rect){ r.x + r.w - t, y, t, h }, c);
	}
}

static SDL_Vertex vx(float x, float y, SDL_Color c)
{
	return (SDL_Vertex){ { x, y }, c, { 0, 0 } };
}

void gfx_line(struct gfx *g, float x1, float y1, float x2, float y2, float t, SDL_Color c)
{
	float dx = x2 - x1, dy = y2 - y1, l = sqrtf(dx * dx + dy * dy);
	if (l < 0.01f)
		return;
	float nx = -dy / l * t / 2, ny = dx / l * t / 2;
	SDL_Vertex v[4] = { vx(x1 + nx, y1 + ny, c), vx(x2 + nx, y2 + ny, c), vx(x2 - nx, y2 - ny, c),
			    vx(x1 - nx, y1 - ny, c) };
	int idx[6] = { 0, 1, 2, 0, 2, 3 };
	blend_for(g, c.a);
	SDL_RenderGeometry(g->r, NULL, v, 4, idx, 6);
	if (g->svg)
		svg_poly(g, v, NULL, 4, c);
}

void gfx_curve_at(float x1, float y1, float x2, float y2, float bend, float u, float *x, float *y)
{
	float mx = (x1 + x2) / 2, my = (y1 + y2) / 2, dx = x2 - x1, dy = y2 - y1;
	float l = sqrtf(dx * dx + dy * dy);
	float cx = mx, cy = my;
	if (l > 0.01f) {
		cx += -dy / l * bend;
		cy += dx / l * bend;
	}
	float a = (1 - u) * (1 - u), b = 2 * (1 - u) * u, d = u * u;
	*x = a * x1 + b * cx + d * x2;
	*y = a * y1 + b * cy + d * y2;
}

void gfx_arrow(struct gfx *g, float x1, float y1, float x2, float y2, float bend, float t, SDL_Color c)
{
	const int N = bend == 0 ? 1 : 16;
	float head = t * 4.5f;
	float px = x1, py = y1;
	/* stop the shaft short of the tip so the head stays sharp */
	float ex, ey;
	gfx_curve_at(x1, y1, x2, y2, bend, 0.97f, &ex, &ey);
	float dx = x2 - ex, dy = y2 - ey, l = sqrtf(dx * dx + dy * dy);
	if (l < 0.01f)
		return;
	dx /= l, dy /= l;
	for (int i = 1; i <= N; i++) {
		float x, y;
		gfx_curve_at(x1, y1, x2, y2, bend, (float)i / N, &x, &y);
		if (i == N)
			x = x2 - dx * head * 0.8f, y = y2 - dy * head * 0.8f;
		gfx_line(g, px, py, x, y, t, c);
		if (i < N)
			gfx_disc(g, x, y, t / 2, c);
		px = x, py = y;
	}
	SDL_Vertex v[3] = { vx(x2, y2, c), vx(x2 - dx * head - dy * head * 0.6f, y2 - dy * head + dx * head * 0.6f, c),
			    vx(x2 - dx * head + dy * head * 0.6f, y2 - dy * head - dx * head * 0.6f, c) };
	blend_for(g, c.a);
	SDL_RenderGeometry(g->r, NULL, v, 3, NULL, 0);
	if (g->svg)
		svg_poly(g, v, NULL, 3, c);
}

void gfx_disc(struct gfx *g, float cx, float cy, float rad, SDL_Color c)
{
	gfx_ring(g, cx, cy, 0, rad, 0, 6.2832f, c);
}

void gfx_ring(struct gfx *g, float cx, float cy, float r0, float r1, float a0, float a1, SDL_Color c)
{
	if (a1 <= a0 || r1 <= 0)
		return;
	int n = (int)((a1 - a0) / 6.2832f * (r1 < 8 ? 16 : r1 < 40 ? 40 : 96)) + 2;
	if (n > 200)
		n = 200;
	SDL_Vertex v[402];
	int idx[1200], ni = 0;
	blend_for(g, c.a);
	if (r0 < 0.5f) {
		/* a fan: the software renderer mishandles degenerate triangles of a strip at r0 = 0 */
		v[0] = vx(cx, cy, c);
		for (int i = 0; i <= n; i++) {
			float a = a0 + (a1 - a0) * (float)i / n;
			v[i + 1] = vx(cx + sinf(a) * r1, cy - cosf(a) * r1, c);
			if (i)
				idx[ni++] = 0, idx[ni++] = i, idx[ni++] = i + 1;
		}
		SDL_RenderGeometry(g->r, NULL, v, n + 2, idx, ni);
		if (g->svg)   /* the centre, then the arc */
			svg_poly(g, v, NULL, n + 2, c);
		return;
	}
	for (int i = 0; i <= n; i++) {
		float a = a0 + (a1 - a0) * (float)i / n;
		float s = sinf(a), co = -cosf(a);
		v[2 * i] = vx(cx + s * r0, cy + co * r0, c);
		v[2 * i + 1] = vx(cx + s * r1, cy + co * r1, c);
		if (i) {
			int b = 2 * (i - 1);
			idx[ni++] = b, idx[ni++] = b + 1, idx[ni++] = b + 3;
			idx[ni++] = b, idx[ni++] = b + 3, idx[ni++] = b + 2;
		}
	}
	SDL_RenderGeometry(g->r, NULL, v, 2 * (n + 1), idx, ni);
	if (g->svg) {   /* the outer arc forwards, the inner one back */
		int order[402];
		for (int i = 0; i <= n; i++)
			order[i] = 2 * i + 1, order[n + 1 + i] = 2 * (n - i);
		svg_poly(g, v, order, 2 * (n + 1), c);
	}
}

void gfx_clip(struct gfx *g, const SDL_Rect *r)
{
	SDL_RenderSetClipRect(g->r, r);
	g->clip = r ? *r : (SDL_Rect){ 0, 0, 0, 0 };
	g->nclips = 0;
	if (g->svg)
		svg_clip(g, r);
}

void gfx_clip_push(struct gfx *g, SDL_Rect r)
{
	SDL_Rect in = r;
	if (g->clip.w && !SDL_IntersectRect(&g->clip, &r, &in))
		in = (SDL_Rect){ r.x, r.y, 0, 1 };   /* nothing visible (w 0 would mean no clip) */
	if (g->nclips < 8)
		g->clips[g->nclips++] = g->clip;
	g->clip = in;
	SDL_RenderSetClipRect(g->r, &in);
	if (g->svg)
		svg_clip(g, &in);
}

void gfx_clip_pop(struct gfx *g)
{
	SDL_Rect c = g->nclips ? g->clips[--g->nclips] : (SDL_Rect){ 0, 0, 0, 0 };
	g->clip = c;
	SDL_RenderSetClipRect(g->r, c.w ? &c : NULL);
	if (g->svg)
		svg_clip(g, &c);
}

SDL_Color gfx_kind_colour(const struct theme *th, int k)
{
	switch (k) {
	case 0: case 1: case 2: case 3:
		return th->kind[k];
	case 4: case 6:    /* OBJ_SOCK, OBJ_UNIX: sockets */
		return th->kind[6];
	case 7:            /* OBJ_MQ: a message queue, as System V's */
		return th->kind[2];
	case 8:            /* OBJ_FUTEX */
		return th->kind[7];
	case 9:            /* OBJ_MMAP: shared memory, as System V's */
		return th->kind[3];
	default:
		return th->kind[5];
	}
}

SDL_Color gfx_alpha(SDL_Color c, int a)
{
	c.a = (Uint8)(a < 0 ? 0 : a > 255 ? 255 : a);
	return c;
}

SDL_Color gfx_mix(SDL_Color a, SDL_Color b, float t)
{
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return (SDL_Color){ (Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
			    (Uint8)(a.b + (b.b - a.b) * t), (Uint8)(a.a + (b.a - a.a) * t) };
}

int gfx_in(SDL_Rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}
