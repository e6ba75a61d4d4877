/* tracer/ui/view_help.c: the `?` overlay listing the keys. */
#include "ui.h"

static const char *const keys[][2] = {
	{ "Space", "play / pause (live: pause following / follow again from here)" },
	{ "Right / Left", "step one event forward / back (also the mouse wheel; PgDn / PgUp: 10)" },
	{ "Shift+Right / Left", "next / previous event of the selected object or process" },
	{ "Home / End", "first event / last event (live: follow the newest)" },
	{ "+ / -", "faster / slower playback" },
	{ "click", "select an object or process (filters the log); empty space clears" },
	{ "click log / timeline", "jump to that event; drag the timeline to scrub" },
	{ "b", "toggle a bookmark here;  [ / ]  previous / next bookmark or mark" },
	{ "p", "projector mode (large, high contrast, colour-blind safe)" },
	{ "f / F11", "full screen (turns projector mode on)" },
	{ "s", "screenshot to PNG" },
	{ "?", "this help;  q / Esc  quit" },
};

void help_draw(struct frame_ctx *f)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int n = (int)(sizeof keys / sizeof keys[0]);
	int lh = gfx_lh(g, FS_BIG) + gfx_s(g, 4), pad = gfx_s(g, 20);
	int kw = 0, dw = 0;
	for (int i = 0; i < n; i++) {
		int a, b;
		gfx_measure(g, FF_SANS_BOLD, FS_BIG, keys[i][0], &a, &b);
		kw = a > kw ? a : kw;
		gfx_measure(g, FF_SANS, FS_BIG, keys[i][1], &a, &b);
		dw = a > dw ? a : dw;
	}
	kw += pad;
	int w = kw + dw + 2 * pad, h = (n + 2) * lh + 2 * pad;
	if (w > g->w - 2 * pad)
		w = g->w - 2 * pad;
	SDL_Rect r = { (g->w - w) / 2, (g->h - h) / 2, w, h };
	gfx_fill(g, (SDL_Rect){ 0, 0, g->w, g->h }, gfx_alpha(th->bg, 170));
	gfx_rfill(g, r, gfx_s(g, 10), th->panel);
	gfx_frame(g, r, g->line, th->accent);
	gfx_text(g, FF_SANS_BOLD, FS_TITLE, th->text, r.x + pad, r.y + pad, AL_LEFT, 0, "Keys");
	for (int i = 0; i < n; i++) {
		int y = r.y + pad + (i + 1) * lh + gfx_s(g, 10);
		gfx_text(g, FF_SANS_BOLD, FS_BIG, th->accent, r.x + pad, y, AL_LEFT, kw, keys[i][0]);
		gfx_text(g, FF_SANS, FS_BIG, th->text, r.x + pad + kw, y, AL_LEFT, w - kw - 2 * pad, keys[i][1]);
	}
}
