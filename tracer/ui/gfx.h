/* tracer/ui/gfx.h: drawing on an SDL renderer: theme (normal / projector), scaled fonts with a text
 * texture cache, thick lines, arrows, rings. Everything takes unscaled-free pixel coordinates. */
#ifndef IPCTRACE_GFX_H
#define IPCTRACE_GFX_H
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>

/* Colours of one theme. kind[] is indexed by object kind (0 pipe, 1 sem, 2 msg, 3 shm, 4 signals, 5 processes
 * and other, 6 sockets, 7 futexes: use gfx_kind_colour for an object kind), state[] by enum proc_state. */
struct theme {
	SDL_Color bg, panel, panel_hi, border, text, dim, accent, warn, err, ok, sel, pending, blocked, chip;
	SDL_Color kind[8];
	SDL_Color state[4];
};

#define FONT_PX_MAX 200      /* largest font size in pixels (projector mode at 4K: 144) */

/* Text sizes, scaled by the UI scale (and larger in projector mode). */
enum { FS_SMALL, FS_BODY, FS_BIG, FS_TITLE, FS_HUGE, FS_COUNT };
/* Font faces. */
enum { FF_SANS, FF_SANS_BOLD, FF_MONO, FF_COUNT };
/* Horizontal alignment for gfx_text. */
enum { AL_LEFT, AL_CENTER, AL_RIGHT };

struct text_entry;

/* One text box drawn this frame, kept when the frame reports its text (tests: no text is cut mid-word, clipped,
 * or drawn over another text of the same layer). */
enum {
	TXT_ABBREV = 1,     /* shortened at a word boundary with an ellipsis (the full text is elsewhere) */
	TXT_CUT = 2,        /* did not fit even shortened: cut inside a word or number (a defect) */
	TXT_CLIPPED = 4,    /* partly outside the clip rectangle or the screen (a defect) */
	TXT_MOVING = 8,     /* part of an animation (sliding in or out): exempt from the checks */
};
struct text_box {
	SDL_Rect r;             /* where its glyphs are (the line box: ascent to descent) */
	SDL_Rect clip;          /* the clip rectangle in effect (w == 0: none) */
	uint8_t flags;          /* TXT_* */
	uint8_t layer;          /* what it is drawn in: boxes overlap only across layers */
	char text[56];          /* its beginning, for the message */
};
#define GFX_MAX_BOXES 4096

/* Drawing context for one renderer. */
struct gfx {
	SDL_Renderer *r;
	int w, h;               /* output size in pixels */
	float scale;            /* UI scale: 1.0 at 1280x720 */
	int projector;          /* large fonts, thick lines, high contrast, colour-blind safe palette */
	struct theme th;
	int px[FS_COUNT];       /* font pixel sizes in effect */
	int line;               /* normal line thickness in pixels */
	TTF_Font *fonts[FF_COUNT][FONT_PX_MAX + 1]; /* opened on demand, indexed by pixel size */
	struct text_entry *cache;
	int ncache, cap_cache;
	unsigned frame;
	SDL_Rect clip;          /* current clip, w == 0 for none */
	SDL_Rect clips[8];      /* saved by gfx_clip_push */
	int nclips;
	int moving;             /* > 0: text drawn now is animated (TXT_MOVING) */
	uint8_t layer;          /* layer of the text drawn now (GFX_LAYER_*) */
	struct text_box *boxes; /* non-NULL: every text box of the frame is recorded (gfx_report) */
	int nboxes;
	FILE *svg;              /* non-NULL: the frame is also written here as SVG (gfx_svg_begin) */
	int svg_clips;          /* clip paths written so far */
	SDL_Texture *tl_tex;    /* the timeline's static layer (view_timeline.c), for key tl_key */
	uint64_t tl_key;
	int tl_w, tl_h;
};

/* Layers of a frame, bottom to top: panels, arrows and chips over them, overlays (toast, help). */
enum { GFX_LAYER_PANELS, GFX_LAYER_ARROWS, GFX_LAYER_OVERLAY };

/* Initialise for renderer r (TTF_Init must have succeeded). Returns 0, -1 if the fonts are missing. */
int gfx_init(struct gfx *g, SDL_Renderer *r);
/* Free fonts and cached textures. */
void gfx_free(struct gfx *g);
/* Call at the start of a frame with the output size: recomputes scale, sizes and theme. */
void gfx_begin(struct gfx *g, int w, int h, int projector);
/* Scale a length given at 1280x720 to pixels (at least 1). */
int gfx_s(const struct gfx *g, float v);

/* Draw text at (x, y) = top-left (or top-centre / top-right per align); returns its width in pixels.
 * Text wider than maxw (if > 0) is shortened at a word boundary with an ellipsis, never inside a word or a
 * number unless its first word alone does not fit (reported as TXT_CUT). */
int gfx_text(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw, const char *s);
/* Draw the first of alts[0..n) that fits in maxw (the forms of one text, longest first); if none does, the
 * last one shortened as gfx_text does. Returns its width. */
int gfx_text_fit(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw,
		 const char *const *alts, int n);
/* Width of the first of alts[0..n) that fits in maxw (as gfx_text_fit would draw it), and its index in *which. */
int gfx_fit_width(struct gfx *g, int face, int size, int maxw, const char *const *alts, int n, int *which);
/* Record the text boxes of the frames drawn from now on (on = 1; 0 stops). gfx_begin starts each frame's list. */
void gfx_report(struct gfx *g, int on);
/* The defects among this frame's text boxes: cut, clipped, or overlapping another box of the same layer; one
 * line each into buf (NUL-terminated). Returns their count. */
int gfx_text_problems(const struct gfx *g, char *buf, size_t len);
/* printf form of gfx_text. */
int gfx_textf(struct gfx *g, int face, int size, SDL_Color c, int x, int y, int align, int maxw,
	      const char *fmt, ...) __attribute__((format(printf, 9, 10)));
/* Width and height of a text without drawing it. */
void gfx_measure(struct gfx *g, int face, int size, const char *s, int *w, int *h);
/* Line height of a size. */
int gfx_lh(struct gfx *g, int size);

/* Clear the whole output to colour c (the frame's background). */
void gfx_clear(struct gfx *g, SDL_Color c);
void gfx_fill(struct gfx *g, SDL_Rect r, SDL_Color c);
/* Filled rectangle with rounded corners of radius rad. */
void gfx_rfill(struct gfx *g, SDL_Rect r, int rad, SDL_Color c);
/* Rectangle outline, thickness t. */
void gfx_frame(struct gfx *g, SDL_Rect r, int t, SDL_Color c);
/* Dashed rectangle outline (marked for removal). */
void gfx_dashed(struct gfx *g, SDL_Rect r, int t, SDL_Color c);
/* Thick line from (x1,y1) to (x2,y2). */
void gfx_line(struct gfx *g, float x1, float y1, float x2, float y2, float t, SDL_Color c);
/* Arrow with a head at (x2,y2); a quadratic curve bending by `bend` pixels (0 = straight). */
void gfx_arrow(struct gfx *g, float x1, float y1, float x2, float y2, float bend, float t, SDL_Color c);
/* Point at parameter u (0..1) along the same curve as gfx_arrow. */
void gfx_curve_at(float x1, float y1, float x2, float y2, float bend, float u, float *x, float *y);
/* Filled disc. */
void gfx_disc(struct gfx *g, float cx, float cy, float rad, SDL_Color c);
/* Ring segment between radii r0 < r1 from angle a0 to a1 (radians, clockwise from 12 o'clock). */
void gfx_ring(struct gfx *g, float cx, float cy, float r0, float r1, float a0, float a1, SDL_Color c);
/* Set / clear a clip rectangle (the saved ones are dropped). */
void gfx_clip(struct gfx *g, const SDL_Rect *r);
/* Clip to r within the current clip, saving the current one; gfx_clip_pop restores it. */
void gfx_clip_push(struct gfx *g, SDL_Rect r);
void gfx_clip_pop(struct gfx *g);

/* SVG (gfx_svg.c): between gfx_svg_begin (after gfx_begin: it takes the size) and gfx_svg_end, everything drawn is
 * also written to f as an SVG document. gfx_svg_end returns 0, -1 if writing failed. */
void gfx_svg_begin(struct gfx *g, FILE *f);
int gfx_svg_end(struct gfx *g);
/* gfx.c's primitives write their shapes with these while g->svg is set: a filled rectangle; a filled polygon of
 * v[order[i]] (order NULL: v[i]), i < n; a text whose top-left is (x, y), ascent pixels above its baseline; the
 * clip rectangle r (NULL or empty: none) for what follows. */
void svg_rect(struct gfx *g, SDL_Rect r, SDL_Color c);
void svg_poly(struct gfx *g, const SDL_Vertex *v, const int *order, int n, SDL_Color c);
void svg_text(struct gfx *g, int face, int px, int ascent, SDL_Color c, int x, int y, const char *s);
void svg_clip(struct gfx *g, const SDL_Rect *r);

/* The colour of object kind k (index in obj_kinds[]). */
SDL_Color gfx_kind_colour(const struct theme *th, int k);
/* Colour with alpha a (0..255). */
SDL_Color gfx_alpha(SDL_Color c, int a);
/* Mix two colours, t in 0..1. */
SDL_Color gfx_mix(SDL_Color a, SDL_Color b, float t);
/* Does r contain (x, y)? */
int gfx_in(SDL_Rect r, int x, int y);

#endif
