/* tracer/ui/views.c: the registry of object views (one per kind, same order as obj_kinds[]) and the stage:
 * cards laid out in a grid, each with a header and its kind's view inside, and the signal stage as one more
 * card when the trace is about signals. Cards get their preferred height when it fits, a compact one
 * otherwise; when even compact cards do not fit, the objects the current event is not about are folded into
 * a last line that names them. Focus mode gives the whole stage to one object (or one process's signals). */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

extern const struct obj_view view_pipe, view_sem, view_msg, view_shm, view_sock, view_tty, view_unix, view_mq, view_futex, view_mmap;
const struct obj_view *const obj_views[] = { &view_pipe, &view_sem, &view_msg, &view_shm, &view_sock, &view_tty,
					     &view_unix, &view_mq, &view_futex, &view_mmap, NULL };

/* The cards that are not objects: the signal stage and the deadlock's wait-for cycle. */
static const char sig_card_marker, wait_card_marker;
#define SIG_CARD ((const struct obj *)&sig_card_marker)
#define WAIT_CARD ((const struct obj *)&wait_card_marker)

static const struct obj *find_prev(const struct frame_ctx *f, int32_t cat)
{
	return state_obj_by_cat(f->prev, cat);
}

static int header_h(struct gfx *g)
{
	return gfx_lh(g, FS_BIG) + gfx_s(g, 6);
}

/* The object whose card draws o (its view's host), NULL if o has its own card. */
static const struct obj *host_of(const struct state *s, const struct obj *o)
{
	return obj_views[o->kind]->host ? obj_views[o->kind]->host(s, o) : NULL;
}

/* Does a card show an event on o (or on one of a socketpair's rings, or on an object it hosts)? */
static int touched(const struct frame_ctx *f, const struct obj *o)
{
	int t = frame_ev_on(f, o->cat);
	const struct obj *ev = f->fx && f->fx->obj >= 0 ? state_obj_by_cat(f->s, f->fx->obj) : NULL;
	t |= ev && host_of(f->s, ev) == o;
	if (o->kind == OBJ_SOCK && f->fx && f->fx->obj >= 0)
		for (int d = 0; d < 2; d++) {
			struct obj *rg = state_obj((struct state *)f->s, OBJ_PIPE, ((const struct sock_blob *)o->blob)->pipes[d]);
			t |= rg && rg->cat == f->fx->obj;
		}
	return t;
}

/* Card: header with the kind's colour, title and subtitle; returns the content rect. */
static SDL_Rect card(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct obj_kind *k = obj_kinds[o->kind];
	SDL_Color kc = gfx_kind_colour(th, o->kind);
	int pad = gfx_s(g, 8), hh = header_h(g);
	char t0[96], t1[96], sub[128] = "";
	const struct pipe_blob *pb = o->kind == OBJ_PIPE ? o->blob : NULL;
	if (pb && pb->fifo[0]) {
		snprintf(t0, sizeof t0, "FIFO %s", pb->fifo);
		snprintf(t1, sizeof t1, "%s", pb->fifo);
	} else if (obj_views[o->kind]->title) {
		obj_views[o->kind]->title(f->s, o, 0, t0, sizeof t0);
		obj_views[o->kind]->title(f->s, o, 1, t1, sizeof t1);
	} else {
		snprintf(t0, sizeof t0, "%s %lld", k->label, (long long)o->id);
		snprintf(t1, sizeof t1, "%s %lld", k->name, (long long)o->id);
	}
	const char *ta[] = { t0, t1 };
	SDL_Rect in;
	int tw = frame_card(f, r, kc, ta, 2, &in);
	int x = in.x, w = in.w, ty = r.y + (hh - gfx_lh(g, FS_BIG)) / 2;
	if (obj_views[o->kind]->subtitle)
		obj_views[o->kind]->subtitle(o, sub, sizeof sub);
	if (o->orphan)
		snprintf(sub + strlen(sub), sizeof sub - strlen(sub), "%s(never created!)", sub[0] ? "  " : "");
	int sw, shh;
	gfx_measure(g, FF_SANS, FS_BODY, sub, &sw, &shh);
	if (sub[0] && tw + pad + sw <= w)   /* the subtitle only when it fits whole (focus mode has room) */
		gfx_text(g, FF_SANS, FS_BODY, o->orphan ? th->err : th->dim, x + tw + pad,
			 ty + gfx_lh(g, FS_BIG) - gfx_lh(g, FS_BODY), AL_LEFT, 0, sub);
	if (f->sel_cat == o->cat)
		gfx_frame(g, r, g->line + 2, th->sel);
	else if (touched(f, o)) {
		/* pulse the frame while the event animates */
		int t = g->line + (int)((1 - f->anim) * gfx_s(g, 4));
		gfx_frame(g, r, t, kc);
	}
	return in;
}

int frame_card(struct frame_ctx *f, SDL_Rect r, SDL_Color kc, const char *const *titles, int n, SDL_Rect *content)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8), hh = header_h(g);
	gfx_fill(g, r, th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y, r.w, hh }, gfx_mix(th->panel, kc, 0.35f));
	gfx_fill(g, (SDL_Rect){ r.x, r.y, gfx_s(g, 6), r.h }, kc);
	int x = r.x + pad + gfx_s(g, 6), w = r.x + r.w - pad - x;
	*content = (SDL_Rect){ x, r.y + hh + pad / 2, w, r.h - hh - pad };
	return gfx_text_fit(g, FF_SANS_BOLD, FS_BIG, th->text, x, r.y + (hh - gfx_lh(g, FS_BIG)) / 2, AL_LEFT, w, titles, n);
}

static int content_h(struct frame_ctx *f, const struct obj *o, int w)
{
	return o == SIG_CARD ? sigs_height(f, w) : o == WAIT_CARD ? wait_height(f, w) : obj_views[o->kind]->height(f, o, w);
}

/* The smallest content a card is drawn with: two lines. */
static int min_h(struct gfx *g)
{
	return 2 * gfx_lh(g, FS_BODY) + gfx_s(g, 4);
}

static void draw_card(struct frame_ctx *f, const struct obj *o, SDL_Rect cr)
{
	struct gfx *g = f->g;
	if (o == SIG_CARD) {
		sigs_draw(f, cr);
		return;
	}
	if (o == WAIT_CARD) {
		wait_draw(f, cr);
		return;
	}
	gfx_clip_push(g, cr);
	SDL_Rect in = card(f, o, cr);
	if (in.h > 4)
		obj_views[o->kind]->draw(f, o, find_prev(f, o->cat), in);
	gfx_clip_pop(g);
	if (f->nobjs < MAX_ANCHORS)
		f->objs[f->nobjs++] = (struct anchor){ o->cat, cr };
	for (int i = 0; i < f->s->nobjs && f->nobjs < MAX_ANCHORS; i++)   /* events on the objects it draws point here */
		if (host_of(f->s, &f->s->objs[i]) == o)
			f->objs[f->nobjs++] = (struct anchor){ f->s->objs[i].cat, cr };
	if (o->kind == OBJ_SOCK)   /* events on its rings point at this card */
		for (int d = 0; d < 2; d++) {
			struct obj *rg = state_obj((struct state *)f->s, OBJ_PIPE, ((const struct sock_blob *)o->blob)->pipes[d]);
			if (rg && f->nobjs < MAX_ANCHORS)
				f->objs[f->nobjs++] = (struct anchor){ rg->cat, cr };
		}
}

/* How much a card matters now: the event's object, the selection, the deadlocked's objects, then the rest. */
static int weight(const struct frame_ctx *f, const struct obj *o)
{
	if (o == SIG_CARD)
		return f->fx && f->fx->verb >= FX_SIG_GENERATE && f->fx->verb <= FX_SIG_INTERRUPT ? 3 : 1;
	if (o == WAIT_CARD)
		return 3;
	if (touched(f, o))
		return 3;
	if (f->sel_cat == o->cat)
		return 2;
	for (int i = 0; i < f->wg.ne; i++)
		if (f->wg.e[i].obj == o->cat)
			return 2;
	return 0;
}

/* The line that names the folded objects. */
static void folded_line(struct frame_ctx *f, const struct obj *const *l, int n, SDL_Rect r)
{
	struct gfx *g = f->g;
	char a0[400], a1[40], one[64];
	size_t u = (size_t)snprintf(a0, sizeof a0, "+%d more:", n);
	for (int i = 0; i < n && u < sizeof a0; i++)
		u += (size_t)snprintf(a0 + u, sizeof a0 - u, "%s %s", i ? " \xc2\xb7" : "",
				      l[i] == SIG_CARD ? "signals" : l[i] == WAIT_CARD ? "deadlock" : frame_obj_label(f, l[i]->cat, 1, one, sizeof one));
	snprintf(a1, sizeof a1, "+%d more objects", n);
	const char *alts[] = { a0, a1 };
	gfx_text_fit(g, FF_SANS, FS_BODY, g->th.dim, r.x + gfx_s(g, 4), r.y, AL_LEFT, r.w - gfx_s(g, 8), alts, 2);
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
	for (int i = 0; i < s->nobjs && n < MAX_ANCHORS - 1; i++) {
		const struct obj *o = &s->objs[i];
		if (o->kind == OBJ_PIPE && ((const struct pipe_blob *)o->blob)->sock && state_obj((struct state *)s, OBJ_SOCK, ((const struct pipe_blob *)o->blob)->sock - 1))
			continue;
		if (host_of(s, o))   /* drawn in another object's card */
			continue;
		shown[n++] = o;
	}
	int nobj = n;
	if (wait_wanted(f))   /* after the objects (the arrows from the processes reach those first); never folded */
		shown[n++] = WAIT_CARD;
	if (sigs_wanted(f) && n < MAX_ANCHORS)
		shown[n++] = SIG_CARD;
	gfx_clip(g, &r);
	char hd[64];
	snprintf(hd, sizeof hd, "IPC objects (%d)", nobj);
	gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, r.x + pad / 2, r.y, AL_LEFT, r.w - pad, f->info && f->info->focus ? "Focus" : hd);
	int y0 = r.y + gfx_lh(g, FS_BIG) + pad / 2;
	SDL_Rect area = { r.x, y0, r.w, r.y + r.h - y0 };
	gfx_clip(g, NULL);
	if (n == 0) {
		gfx_clip(g, &r);
		gfx_text(g, FF_SANS, FS_BODY, th->dim, area.x + pad, area.y + pad, AL_LEFT, area.w - 2 * pad,
			 s->seq < 0 ? "no IPC objects yet: Space plays" : "no IPC objects exist now");
		gfx_clip(g, NULL);
		return;
	}
	int hh = header_h(g) + pad * 3 / 2, lh = gfx_lh(g, FS_BODY);
	/* focus mode: one object (or one process's signals) on the whole stage, the others named in a line */
	if (f->info && f->info->focus && (f->focus_cat >= 0 || f->focus_pid >= 0)) {
		const struct obj *fo = f->focus_cat >= 0 ? state_obj_by_cat(s, f->focus_cat) : SIG_CARD;
		if (fo && fo != SIG_CARD && host_of(s, fo))
			fo = host_of(s, fo);
		const struct obj *rest[MAX_ANCHORS];
		int nr = 0;
		for (int i = 0; i < n; i++)
			if (shown[i] != fo && !(fo && fo != SIG_CARD && fo->kind == OBJ_PIPE && shown[i]->kind == OBJ_SOCK &&
						  ((const struct pipe_blob *)fo->blob)->sock - 1 == shown[i]->id))
				rest[nr++] = shown[i];
		if (fo && fo != SIG_CARD && fo->kind == OBJ_PIPE && ((const struct pipe_blob *)fo->blob)->sock)
			fo = state_obj((struct state *)s, OBJ_SOCK, ((const struct pipe_blob *)fo->blob)->sock - 1);
		SDL_Rect cr = { area.x, area.y, area.w, area.h - (nr ? lh + gap : 0) };
		if (fo)
			draw_card(f, fo, cr);
		if (nr) {
			gfx_clip(g, &r);
			folded_line(f, rest, nr, (SDL_Rect){ area.x, area.y + area.h - lh, area.w, lh });
			gfx_clip(g, NULL);
		}
		return;
	}
	/* pick the fewest columns whose preferred heights fit; else the compact height; else fold */
	int best = 0, best_cols = 1, fits = 0;
	for (int cols = 1; cols <= 4 && !fits; cols++) {
		int cw = (area.w - gap * (cols - 1)) / cols, total = 0;
		if (cols > 1 && cw < gfx_s(g, g->projector ? 250 : 200))
			break;
		for (int i = 0; i < n; i += cols) {
			int mh = 0;
			for (int k = i; k < i + cols && k < n; k++) {
				int h = content_h(f, shown[k], cw - 2 * pad) + hh;
				mh = h > mh ? h : mh;
			}
			total += mh + gap;
		}
		best_cols = cols;
		fits = total <= area.h + gap;
		best = total;
	}
	(void)best;
	int cols = best_cols;
	int cw = (area.w - gap * (cols - 1)) / cols;
	int minrow = min_h(g) + hh + gap;
	int rows_fit = (area.h + gap) / minrow;
	const struct obj *folded[MAX_ANCHORS];
	int nf = 0;
	if (!fits && (n + cols - 1) / cols > rows_fit) {
		/* fold: keep the weightiest cards (in their order) in rows_fit - 1 rows, the last line names the others */
		int keep = (rows_fit - 1) * cols + (rows_fit >= 1 && area.h - (rows_fit * minrow) >= lh ? cols : 0);
		if (keep < 1)
			keep = 1;
		for (int wmin = 0; n > keep && wmin <= 3; wmin++)
			for (int i = n - 1; i >= 0 && n > keep; i--)
				if (weight(f, shown[i]) <= wmin) {
					folded[nf++] = shown[i];
					memmove(&shown[i], &shown[i + 1], sizeof *shown * (size_t)(n - i - 1));
					n--;
				}
	}
	int nrows = (n + cols - 1) / cols;
	int heights[MAX_ANCHORS], total = 0;
	for (int row = 0; row < nrows; row++) {
		int mh = 0;
		for (int k = row * cols; k < row * cols + cols && k < n; k++) {
			int h = content_h(f, shown[k], cw - 2 * pad) + hh;
			mh = h > mh ? h : mh;
		}
		heights[row] = mh;
		total += mh + gap;
	}
	int room = area.h - (nf ? lh + gap : 0);
	if (total - gap > room) {   /* shrink the tallest rows first, never under the compact height */
		int over = total - gap - room;
		while (over > 0) {
			int big = 0;
			for (int row = 1; row < nrows; row++)
				big = heights[row] > heights[big] ? row : big;
			if (heights[big] <= min_h(g) + hh)
				break;
			int cut = heights[big] - (min_h(g) + hh) < over ? heights[big] - (min_h(g) + hh) : over;
			heights[big] -= cut;
			over -= cut;
		}
	}
	int y = area.y;
	for (int row = 0; row < nrows; row++) {
		for (int c = 0; c < cols; c++) {
			int k = row * cols + c;
			if (k >= n)
				break;
			draw_card(f, shown[k], (SDL_Rect){ area.x + c * (cw + gap), y, cw, heights[row] });
		}
		y += heights[row] + gap;
	}
	if (nf) {
		gfx_clip(g, &r);
		folded_line(f, folded, nf, (SDL_Rect){ area.x, area.y + area.h - lh, area.w, lh });
		gfx_clip(g, NULL);
	}
}
