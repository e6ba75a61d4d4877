/* tracer/ui/views.c: the registry of object views (one per kind, same order as obj_kinds[]) and the
 * objects panel: cards laid out in a grid, each with a header and its kind's view inside. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

extern const struct obj_view view_pipe, view_sem, view_msg, view_shm, view_sock;
const struct obj_view *const obj_views[] = { &view_pipe, &view_sem, &view_msg, &view_shm, &view_sock, NULL };

static const struct obj *find_prev(const struct frame_ctx *f, int32_t cat)
{
	return state_obj_by_cat(f->prev, cat);
}

/* Card: header with the kind's colour, title and subtitle; returns the content rect. */
static SDL_Rect card(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct obj_kind *k = obj_kinds[o->kind];
	SDL_Color kc = gfx_kind_colour(th, o->kind);
	int pad = gfx_s(g, 8), hh = gfx_lh(g, FS_BIG) + pad / 2;
	int touched = frame_ev_on(f, o->cat);
	if (o->kind == OBJ_SOCK && f->ev && f->ev->obj >= 0)   /* an event on one of its rings */
		for (int d = 0; d < 2; d++) {
			struct obj *rg = state_obj((struct state *)f->s, OBJ_PIPE, ((const struct sock_blob *)o->blob)->pipes[d]);
			touched |= rg && rg->cat == f->ev->obj;
		}
	gfx_fill(g, r, th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y, r.w, hh }, gfx_mix(th->panel, kc, 0.35f));
	gfx_fill(g, (SDL_Rect){ r.x, r.y, gfx_s(g, 6), r.h }, kc);
	char title[96], sub[128] = "";
	const struct pipe_blob *pb = o->kind == 0 ? o->blob : NULL;
	int narrow = r.w < gfx_s(g, 420);
	if (pb && pb->fifo[0])
		snprintf(title, sizeof title, "FIFO %s", pb->fifo);
	else
		snprintf(title, sizeof title, "%s %lld", narrow ? k->name : k->label, (long long)o->id);
	int x = r.x + pad + gfx_s(g, 6);
	int tw = gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, x, r.y + pad / 4, AL_LEFT, r.w / 2, title);
	if (obj_views[o->kind]->subtitle)
		obj_views[o->kind]->subtitle(o, sub, sizeof sub);
	if (o->orphan)
		snprintf(sub + strlen(sub), sizeof sub - strlen(sub), "%s(never created!)", sub[0] ? "  " : "");
	gfx_text(g, FF_SANS, FS_BODY, o->orphan ? th->err : th->dim, x + tw + pad, r.y + pad / 4 + (gfx_lh(g, FS_BIG) - gfx_lh(g, FS_BODY)) / 2,
		 AL_LEFT, r.x + r.w - x - tw - 2 * pad, sub);
	if (f->sel_cat == o->cat)
		gfx_frame(g, r, g->line + 2, th->sel);
	else if (touched) {
		/* pulse the frame while the event animates */
		int t = g->line + (int)((1 - f->anim) * gfx_s(g, 4));
		gfx_frame(g, r, t, kc);
	}
	return (SDL_Rect){ x, r.y + hh + pad / 2, r.w - (x - r.x) - pad, r.h - hh - pad };
}

void objs_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8), gap = gfx_s(g, 10);
	const struct state *s = f->s;
	/* the objects that get a card: a socket's rings are drawn inside the socketpair's card */
	const struct obj *shown[MAX_ANCHORS];
	int n = 0;
	for (int i = 0; i < s->nobjs && n < MAX_ANCHORS; i++) {
		const struct obj *o = &s->objs[i];
		if (o->kind == OBJ_PIPE && ((const struct pipe_blob *)o->blob)->sock && state_obj((struct state *)s, OBJ_SOCK, ((const struct pipe_blob *)o->blob)->sock - 1))
			continue;
		shown[n++] = o;
	}
	gfx_textf(g, FF_SANS_BOLD, FS_BIG, th->text, r.x + pad / 2, r.y, AL_LEFT, 0, "IPC objects (%d)", n);
	int y0 = r.y + gfx_lh(g, FS_BIG) + pad / 2;
	SDL_Rect area = { r.x, y0, r.w, r.y + r.h - y0 };
	if (n == 0) {
		gfx_text(g, FF_SANS, FS_BODY, th->dim, area.x + pad, area.y + pad, AL_LEFT, area.w,
			 s->seq < 0 ? "no IPC objects yet: press Space to play" : "no IPC objects exist now");
		return;
	}
	/* pick the fewest columns whose preferred heights fit; else shrink rows to fit */
	int hh = gfx_lh(g, FS_BIG) + pad * 2;
	int cols = 1, best_cols = 1;
	int heights[MAX_ANCHORS];
	for (cols = 1; cols <= 4; cols++) {
		int cw = (area.w - gap * (cols - 1)) / cols, total = 0;
		for (int i = 0; i < n; i += cols) {
			int mh = 0;
			for (int k = i; k < i + cols && k < n; k++) {
				const struct obj *o = shown[k];
				int h = obj_views[o->kind]->height(f, o, cw - 2 * pad) + hh;
				if (h > mh)
					mh = h;
			}
			total += mh + gap;
		}
		best_cols = cols;
		if (total <= area.h + gap || cw < gfx_s(g, 300))
			break;
	}
	cols = best_cols;
	int cw = (area.w - gap * (cols - 1)) / cols, total = 0, nrows = (n + cols - 1) / cols;
	for (int row = 0; row < nrows; row++) {
		int mh = 0;
		for (int k = row * cols; k < row * cols + cols && k < n; k++) {
			const struct obj *o = shown[k];
			int h = obj_views[o->kind]->height(f, o, cw - 2 * pad) + hh;
			if (h > mh)
				mh = h;
		}
		heights[row < MAX_ANCHORS ? row : MAX_ANCHORS - 1] = mh;
		total += mh + gap;
	}
	float shrink = total - gap > area.h ? (float)(area.h - gap * (nrows - 1)) / (float)(total - gap * nrows) : 1.0f;
	int y = area.y;
	for (int row = 0; row < nrows && row < MAX_ANCHORS; row++) {
		int h = (int)(heights[row] * shrink);
		for (int c = 0; c < cols; c++) {
			int k = row * cols + c;
			if (k >= n)
				break;
			const struct obj *o = shown[k];
			SDL_Rect cr = { area.x + c * (cw + gap), y, cw, h };
			SDL_Rect in = card(f, o, cr);
			if (in.h > 4) {
				gfx_clip(g, &cr);
				obj_views[o->kind]->draw(f, o, find_prev(f, o->cat), in);
				gfx_clip(g, NULL);
			}
			if (f->nobjs < MAX_ANCHORS)
				f->objs[f->nobjs++] = (struct anchor){ o->cat, cr };
			if (o->kind == OBJ_SOCK)   /* events on its rings point at this card */
				for (int d = 0; d < 2; d++) {
					struct obj *rg = state_obj((struct state *)s, OBJ_PIPE, ((const struct sock_blob *)o->blob)->pipes[d]);
					if (rg && f->nobjs < MAX_ANCHORS)
						f->objs[f->nobjs++] = (struct anchor){ rg->cat, cr };
				}
		}
		y += h + gap;
	}
}
