/* tracer/ui/view_help.c: the `?` overlay listing the keys. */
#include "ui.h"

static const char *const keys[][2] = {
	{ "Space", "play / pause (live: follow the kernel / pause)" },
	{ "Right / Left", "one event forward / back (PgDn / PgUp: 10)" },
	{ "Shift+Right / Left", "next / previous event of the selection" },
	{ "Home / End", "first event / last event" },
	{ "+ / -", "faster / slower" },
	{ "c", "live: catch up with the kernel (jump to the newest)" },
	{ "click", "select an object or a process; empty space clears" },
	{ "z", "focus: the selection (or the current object) on the whole stage" },
	{ "w", "the whole wait-for graph, as arrows (a deadlock gets its card)" },
	{ "l", "projector mode: show or hide the event log" },
	{ "b, [ / ]", "bookmark here; previous / next bookmark or mark" },
	{ "p", "projector mode (large text, high contrast)" },
	{ "f / F11", "full screen (projector mode on)" },
	{ "s / S", "screenshot to PNG / to SVG" },
	{ "v ... v", "a video (MP4) of the events between two presses" },
	{ "?", "this help;  q / Esc  quit" },
};

void help_draw(struct frame_ctx *f)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int n = (int)(sizeof keys / sizeof keys[0]);
	int size = g->projector ? FS_BODY : FS_BIG;
	int lh = gfx_lh(g, size) + gfx_s(g, 2), pad = gfx_s(g, 16);
	int kw = 0, dw = 0;
	for (int i = 0; i < n; i++) {
		int a, b;
		gfx_measure(g, FF_SANS_BOLD, size, keys[i][0], &a, &b);
		kw = a > kw ? a : kw;
		gfx_measure(g, FF_SANS, size, keys[i][1], &a, &b);
		dw = a > dw ? a : dw;
	}
	kw += pad;
	int w = kw + dw + 2 * pad, h = n * lh + gfx_lh(g, FS_TITLE) + 2 * pad + gfx_s(g, 6);
	if (w > g->w - 2 * pad)
		w = g->w - 2 * pad;
	SDL_Rect r = { (g->w - w) / 2, (g->h - h) / 2, w, h };
	gfx_fill(g, (SDL_Rect){ 0, 0, g->w, g->h }, gfx_alpha(th->bg, 170));
	gfx_rfill(g, r, gfx_s(g, 10), th->panel);
	gfx_frame(g, r, g->line, th->accent);
	gfx_text(g, FF_SANS_BOLD, FS_TITLE, th->text, r.x + pad, r.y + pad, AL_LEFT, 0, "Keys");
	for (int i = 0; i < n; i++) {
		int y = r.y + pad + gfx_lh(g, FS_TITLE) + gfx_s(g, 6) + i * lh;
		gfx_text(g, FF_SANS_BOLD, size, th->accent, r.x + pad, y, AL_LEFT, kw - pad, keys[i][0]);
		gfx_text(g, FF_SANS, size, th->text, r.x + pad + kw, y, AL_LEFT, w - kw - 2 * pad, keys[i][1]);
	}
}
