/* tracer/ui/frame.c: one frame: layout of the panels, the top bar, shared helpers for views. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"

const SDL_Rect *frame_proc_rect(const struct frame_ctx *f, int32_t pid)
{
	for (int i = 0; i < f->nprocs; i++)
		if (f->procs[i].key == pid)
			return &f->procs[i].r;
	return NULL;
}

const SDL_Rect *frame_obj_rect(const struct frame_ctx *f, int32_t cat)
{
	for (int i = 0; i < f->nobjs; i++)
		if (f->objs[i].key == cat)
			return &f->objs[i].r;
	return NULL;
}

int frame_ev_on(const struct frame_ctx *f, int32_t cat)
{
	return f->ev && f->ev->obj == cat && cat >= 0;
}

const char *frame_ev_type(const struct frame_ctx *f)
{
	return f->ev ? type_get(f->ev->type)->name : "";
}

const char *frame_proc_label(const struct frame_ctx *f, int32_t pid, char *buf, size_t len)
{
	const struct proc *p = NULL;
	for (int i = 0; i < f->s->nprocs; i++)
		if (f->s->procs[i].pid == pid)
			p = &f->s->procs[i];
	if (p)
		snprintf(buf, len, "%s(%d)", p->name, pid);
	else
		snprintf(buf, len, "pid %d", pid);
	return buf;
}

int frame_pids(struct frame_ctx *f, int x, int y, int maxw, SDL_Color c, const char *label, const int32_t *pids, int n)
{
	char buf[256], one[48];
	size_t u = (size_t)snprintf(buf, sizeof buf, "%s", label);
	for (int i = 0; i < n && u < sizeof buf; i++)
		u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%s", i ? ", " : " ", frame_proc_label(f, pids[i], one, sizeof one));
	return gfx_text(f->g, FF_SANS, FS_BODY, c, x, y, AL_LEFT, maxw, buf);
}

float frame_ease(float t)
{
	if (t <= 0)
		return 0;
	if (t >= 1)
		return 1;
	return 1 - (1 - t) * (1 - t) * (1 - t);
}

const char *frame_byte(uint8_t b, char buf[8])
{
	if (b == '\n')
		return "\\n";
	if (b == '\t')
		return "\\t";
	if (b == 0)
		return "\\0";
	if (b >= 0x20 && b < 0x7f) {
		buf[0] = (char)b;
		buf[1] = 0;
		return buf;
	}
	snprintf(buf, 8, "%02x", b);
	return buf;
}

const char *frame_size(uint64_t n, char *buf, size_t len)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(buf, len, "%" PRIu64 " MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 " KiB", n >> 10);
	else
		snprintf(buf, len, "%" PRIu64 " B", n);
	return buf;
}

/* "1.234 567 ms" style time for ns since boot. */
static void fmt_time(uint64_t ns, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%06" PRIu64 " ms", ns / 1000000, ns % 1000000);
}

static void top_bar(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	gfx_fill(g, r, th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y + r.h - g->line, r.w, g->line }, th->border);
	int pad = gfx_s(g, 12), y = r.y + (r.h - gfx_lh(g, FS_TITLE)) / 2, x = r.x + pad;
	x += gfx_text(g, FF_SANS_BOLD, FS_TITLE, th->accent, x, y, AL_LEFT, 0, "ipctrace");
	x += pad;
	int yb = r.y + (r.h - gfx_lh(g, FS_BODY)) / 2;
	x += gfx_text(g, FF_SANS, FS_BODY, th->text, x, yb, AL_LEFT, r.w / 4, f->t->name);
	if (f->t->hdr.kernel[0]) {
		x += pad / 2;
		x += gfx_text(g, FF_SANS, FS_SMALL, th->dim, x, yb + gfx_s(g, 2), AL_LEFT, r.w / 6, f->t->hdr.kernel);
	}
	/* right side: badges, then position */
	int rx = r.x + r.w - pad;
	char buf[160];
	const struct frame_info *in = f->info;
	if (f->t->fatal[0]) {
		rx -= gfx_text(g, FF_SANS_BOLD, FS_BODY, th->err, rx, yb, AL_RIGHT, 0, f->t->fatal) + pad;
	}
	if (f->t->gaps) {
		snprintf(buf, sizeof buf, "SEQ GAP: %" PRIu64 " lost", f->t->lost);
		int w, h;
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &w, &h);
		gfx_rfill(g, (SDL_Rect){ rx - w - pad / 2, yb - 2, w + pad, h + 4 }, gfx_s(g, 4), th->err);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->bg, rx - pad / 2, yb, AL_RIGHT, 0, buf);
		rx -= w + pad * 2;
	}
	if (f->t->ndiags) {
		snprintf(buf, sizeof buf, "%zu problem%s", f->t->ndiags, f->t->ndiags == 1 ? "" : "s");
		int w, h;
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &w, &h);
		gfx_rfill(g, (SDL_Rect){ rx - w - pad / 2, yb - 2, w + pad, h + 4 }, gfx_s(g, 4), th->warn);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, g->projector ? th->bg : th->bg, rx - pad / 2, yb, AL_RIGHT, 0, buf);
		rx -= w + pad * 2;
	}
	if (f->s->halted) {
		snprintf(buf, sizeof buf, "kernel halted, status %d", f->s->halt_status);
		rx -= gfx_text(g, FF_SANS_BOLD, FS_BODY, f->s->halt_status ? th->err : th->ok, rx, yb, AL_RIGHT, 0, buf) + pad;
	}
	if (in && in->live) {
		char lb[96];
		if (in->following && in->behind > 0)
			snprintf(lb, sizeof lb, "● LIVE  %ld behind (End: jump)", in->behind);
		else
			snprintf(lb, sizeof lb, "%s", in->following ? "● LIVE" : "LIVE paused (End follows)");
		const char *l = in->live == 1 ? lb : in->following && in->behind > 0 ? lb : "LIVE ENDED";
		rx -= gfx_text(g, FF_SANS_BOLD, FS_BODY, in->live == 1 ? th->err : th->dim, rx, yb, AL_RIGHT, 0, l) + pad;
	}
	if (in) {
		snprintf(buf, sizeof buf, "%s  %gx", in->playing ? "▶ playing" : "❚❚ paused", in->speed);
		rx -= gfx_text(g, FF_SANS, FS_BODY, th->dim, rx, yb, AL_RIGHT, 0, buf) + pad;
	}
	char tb[48];
	if (f->ev) {
		fmt_time(f->ev->ts, tb, sizeof tb);
		snprintf(buf, sizeof buf, "event %ld / %zu   seq %" PRId64 "   t = %s", f->cur + 1, f->t->n, f->ev->seq, tb);
	} else {
		snprintf(buf, sizeof buf, "event 0 / %zu   (before the first event)", f->t->n);
	}
	int w = rx - x - pad;
	if (w > 0)
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->text, rx, yb, AL_RIGHT, w, buf);
}

void frame_draw(struct frame_ctx *f)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	f->nprocs = f->nobjs = f->nlog = 0;
	f->tip[0] = 0;
	SDL_SetRenderDrawColor(g->r, th->bg.r, th->bg.g, th->bg.b, 255);
	SDL_RenderClear(g->r);

	int hb = gfx_lh(g, FS_TITLE) + gfx_s(g, 16);
	int ht = gfx_s(g, g->projector ? 92 : 78);
	int gap = gfx_s(g, 8);
	int wp = (int)(g->w * 0.27f), wl = (int)(g->w * 0.29f);
	SDL_Rect top = { 0, 0, g->w, hb };
	SDL_Rect tl = { 0, g->h - ht, g->w, ht };
	int my = hb + gap, mh = g->h - ht - hb - 2 * gap;
	f->panel_procs = (SDL_Rect){ gap, my, wp - gap, mh };
	f->panel_objs = (SDL_Rect){ wp + gap, my, g->w - wp - wl - 2 * gap, mh };
	f->panel_log = (SDL_Rect){ g->w - wl, my, wl - gap, mh };

	procs_draw(f, f->panel_procs);
	objs_draw(f, f->panel_objs);
	log_draw(f, f->panel_log);
	timeline_draw(f, tl);
	top_bar(f, top);
	arrows_draw(f);
	if (f->info && f->info->help)
		help_draw(f);
	if (f->info && f->info->toast) {
		int w, h;
		gfx_measure(g, FF_SANS_BOLD, FS_BIG, f->info->toast, &w, &h);
		SDL_Rect b = { (g->w - w) / 2 - gap * 2, g->h - ht - h - gap * 5, w + gap * 4, h + gap * 2 };
		gfx_rfill(g, b, gap, gfx_alpha(th->text, 230));
		gfx_text(g, FF_SANS_BOLD, FS_BIG, th->bg, g->w / 2, b.y + gap, AL_CENTER, 0, f->info->toast);
	}
	if (f->tip[0] && f->mx >= 0) {
		int w, h, p = gfx_s(g, 6);
		gfx_measure(g, FF_SANS, FS_BODY, f->tip, &w, &h);
		int x = f->mx + gfx_s(g, 14), y = f->my + gfx_s(g, 14);
		if (x + w + 2 * p > g->w)
			x = g->w - w - 2 * p;
		if (y + h + 2 * p > g->h)
			y = f->my - h - 2 * p;
		gfx_rfill(g, (SDL_Rect){ x, y, w + 2 * p, h + 2 * p }, p, th->text);
		gfx_text(g, FF_SANS, FS_BODY, th->bg, x + p, y + p, AL_LEFT, 0, f->tip);
	}
}
