/* tracer/ui/offscreen.c: rendering frames without a display: SDL's software renderer on a surface. */
#include <stdio.h>
#include <stdlib.h>
#include <SDL_image.h>
#include "ui.h"
#include "app.h"
#include "player.h"

struct offscreen {
	SDL_Surface *surf;
	SDL_Renderer *r;
	struct gfx g;
	FILE *svg;              /* the next render also goes here as SVG (offscreen_svg) */
	int svg_rc;             /* gfx_svg_end's result for the last one */
	int32_t focus_pid;      /* offscreen_focus_toast: focus mode on this process (-1 none) */
	const char *toast;      /* and this toast (NULL none) */
};

struct offscreen *offscreen_new(int w, int h)
{
	if (TTF_WasInit() == 0 && TTF_Init() < 0) {
		fprintf(stderr, "ipctrace: TTF_Init: %s\n", TTF_GetError());
		return NULL;
	}
	struct offscreen *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->focus_pid = -1;
	o->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (o->surf)
		o->r = SDL_CreateSoftwareRenderer(o->surf);
	if (!o->r || gfx_init(&o->g, o->r) < 0) {
		fprintf(stderr, "ipctrace: cannot create a %dx%d software renderer: %s\n", w, h, SDL_GetError());
		offscreen_free(o);
		return NULL;
	}
	return o;
}

void offscreen_free(struct offscreen *o)
{
	if (!o)
		return;
	if (o->r) {
		gfx_free(&o->g);
		SDL_DestroyRenderer(o->r);
	}
	if (o->surf)
		SDL_FreeSurface(o->surf);
	free(o);
}

SDL_Surface *offscreen_render(struct offscreen *o, struct trace *t, long idx, float anim, int projector)
{
	struct player p;
	player_init(&p, t);
	player_goto(&p, idx);
	static struct frame_ctx f;   /* large: anchors */
	memset(&f, 0, sizeof f);
	f.g = &o->g;
	f.t = t;
	f.s = &p.s;
	f.prev = &p.prev;
	f.cur = p.cur;
	f.ev = p.cur >= 0 ? &t->recs[p.cur] : NULL;
	f.fx = p.cur >= 0 ? &p.fx : NULL;
	f.anim = anim;
	f.sel_cat = f.sel_pid = f.focus_cat = f.focus_pid = -1;
	f.mx = f.my = -1;
	struct frame_info info = { .focus = o->focus_pid >= 0, .toast = o->toast, .video_from = -1, .speed = 2 };
	if (o->focus_pid >= 0 || o->toast) {   /* as the window draws them (app.c) */
		f.sel_pid = f.focus_pid = o->focus_pid;
		f.info = &info;
	}
	gfx_begin(&o->g, o->surf->w, o->surf->h, projector);
	if (o->svg)
		gfx_svg_begin(&o->g, o->svg);
	frame_draw(&f);
	if (o->svg) {
		o->svg_rc = gfx_svg_end(&o->g);
		o->svg = NULL;
	}
	SDL_RenderFlush(o->r);
	player_free(&p);
	return o->surf;
}

void offscreen_focus_toast(struct offscreen *o, int32_t focus_pid, const char *toast)
{
	o->focus_pid = focus_pid;
	o->toast = toast;
}

void offscreen_svg(struct offscreen *o, FILE *f)
{
	o->svg = f;
}

int offscreen_svg_result(const struct offscreen *o)
{
	return o->svg_rc;
}

void offscreen_report(struct offscreen *o, int on)
{
	gfx_report(&o->g, on);
}

const struct text_box *offscreen_text_boxes(struct offscreen *o, int *n)
{
	*n = o->g.nboxes;
	return o->g.boxes;
}

int offscreen_text_problems(struct offscreen *o, char *buf, size_t len)
{
	return gfx_text_problems(&o->g, buf, len);
}
