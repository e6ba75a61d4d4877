/* tracer/ui/present.c: putting frames on a window cheaply. The software renderer draws into the window's own
 * surface; a present compares the frame with the previous one in tiles and sends the display only the tiles
 * that changed (SDL_UpdateWindowSurfaceRects). Between two frames of an animation most of the screen is the
 * same, and sending a whole 3840x2160 frame (33 MB) to an X server costs more than drawing it. */
#include <stdlib.h>
#include <string.h>
#include "present.h"

#define TILE 64

struct presenter {
	SDL_Window *win;
	SDL_Surface *surf;        /* the window's surface (SDL owns it) */
	SDL_Renderer *r;          /* a software renderer drawing into surf */
	uint32_t *prev;           /* the last frame sent, w * h pixels */
	int w, h;
	SDL_Rect *rects;
	int cap_rects;
	int full;                 /* send the whole frame next time (new surface) */
};

/* A renderer on the window's current surface; the old one (if any) is destroyed. */
static int attach(struct presenter *p)
{
	if (p->r)
		SDL_DestroyRenderer(p->r);
	p->r = NULL;
	p->surf = SDL_GetWindowSurface(p->win);
	if (!p->surf || p->surf->format->BytesPerPixel != 4)
		return -1;
	p->r = SDL_CreateSoftwareRenderer(p->surf);
	if (!p->r)
		return -1;
	if (p->w != p->surf->w || p->h != p->surf->h) {
		free(p->prev);
		p->w = p->surf->w;
		p->h = p->surf->h;
		p->prev = calloc((size_t)p->w * (size_t)p->h, 4);
		int tiles = ((p->w + TILE - 1) / TILE) * ((p->h + TILE - 1) / TILE);
		free(p->rects);
		p->rects = malloc(sizeof *p->rects * (size_t)tiles);
		p->cap_rects = tiles;
		if (!p->prev || !p->rects)
			return -1;
	}
	p->full = 1;
	return 0;
}

struct presenter *presenter_new(SDL_Window *win)
{
	struct presenter *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->win = win;
	/* On X11, SDL 2 makes a window's surface a texture of an OpenGL renderer unless told not to
	 * (SDL_HINT_FRAMEBUFFER_ACCELERATION, SDL_video.c SDL_CreateWindowFramebuffer): every present then uploads and
	 * draws the whole window, which without a GPU (Mesa's llvmpipe) costs 30 ms at 1920x1080 and 50-150 ms at
	 * 3840x2160 for one changed tile. X11's own framebuffer (MIT-SHM) sends just the rectangles: 0.1 ms for a
	 * tile, 7 ms for a whole 3840x2160 frame (measured on Xvfb). Asked for before the window's first surface; the
	 * SDL_FRAMEBUFFER_ACCELERATION variable, if set, still decides. Wayland has no such framebuffer: left alone. */
	const char *drv = SDL_GetCurrentVideoDriver();
	if (drv && !strcmp(drv, "x11"))
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (attach(p) < 0) {
		presenter_free(p);
		return NULL;
	}
	return p;
}

void presenter_free(struct presenter *p)
{
	if (!p)
		return;
	if (p->r)
		SDL_DestroyRenderer(p->r);
	free(p->prev);
	free(p->rects);
	free(p);
}

SDL_Renderer *presenter_renderer(const struct presenter *p)
{
	return p->r;
}

int presenter_resized(struct presenter *p)
{
	SDL_Surface *s = SDL_GetWindowSurface(p->win);
	if (s == p->surf && s && s->w == p->w && s->h == p->h)
		return 0;
	return attach(p) < 0 ? -1 : 1;
}

void presenter_exposed(struct presenter *p)
{
	p->full = 1;
}

int presenter_present(struct presenter *p)
{
	SDL_RenderFlush(p->r);
	if (p->full) {
		p->full = 0;
		for (int y = 0; y < p->h; y++)
			memcpy(p->prev + (size_t)y * p->w, (const char *)p->surf->pixels + (size_t)y * p->surf->pitch, (size_t)p->w * 4);
		SDL_UpdateWindowSurface(p->win);
		return p->w * p->h;
	}
	int n = 0, changed = 0;
	for (int ty = 0; ty < p->h; ty += TILE) {
		int th = ty + TILE <= p->h ? TILE : p->h - ty;
		for (int tx = 0; tx < p->w; tx += TILE) {
			int tw = tx + TILE <= p->w ? TILE : p->w - tx, diff = 0;
			for (int y = ty; y < ty + th && !diff; y++)
				diff = memcmp(p->prev + (size_t)y * p->w + tx, (const char *)p->surf->pixels + (size_t)y * p->surf->pitch + (size_t)tx * 4,
					      (size_t)tw * 4) != 0;
			if (!diff)
				continue;
			for (int y = ty; y < ty + th; y++)
				memcpy(p->prev + (size_t)y * p->w + tx, (const char *)p->surf->pixels + (size_t)y * p->surf->pitch + (size_t)tx * 4,
				       (size_t)tw * 4);
			/* merge with the previous tile of the row when they touch */
			if (n && p->rects[n - 1].y == ty && p->rects[n - 1].x + p->rects[n - 1].w == tx)
				p->rects[n - 1].w += tw;
			else
				p->rects[n++] = (SDL_Rect){ tx, ty, tw, th };
			changed += tw * th;
		}
	}
	if (n)
		SDL_UpdateWindowSurfaceRects(p->win, p->rects, n);
	return changed;
}
