/* tracer/ui/view_log.c: the event log: events around the current one (current highlighted, the future
 * dimmed), filtered by the selected object or process; bad lines and seq gaps shown in place; the
 * trace's problems listed at the bottom with their line numbers. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

#define SCAN_LIMIT 200000   /* records examined per direction when a filter is on */

static int matches(const struct frame_ctx *f, const struct ev_rec *r)
{
	if (f->sel_cat >= 0)
		return r->obj == f->sel_cat;
	if (f->sel_pid >= 0)
		return r->pid == f->sel_pid;
	return 1;
}

/* The first diagnostic for a line, NULL if none. A loaded trace's diagnostics are in line order (trace_load_all):
 * a binary search finds any line's; while they may not be (a live trace), a line whose record is flagged bad is
 * also looked for one by one. */
static const struct diag *diag_for(const struct trace *t, uint32_t line, int flagged)
{
	size_t lo = 0, hi = t->ndiags;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->diags[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->ndiags && t->diags[lo].line == line)
		return &t->diags[lo];
	for (size_t i = 0; flagged && i < t->ndiags; i++)
		if (t->diags[i].line == line)
			return &t->diags[i];
	return NULL;
}

static SDL_Color type_colour(const struct theme *th, const struct ev_rec *r)
{
	if (r->flags & (EVF_BAD | EVF_ORPHAN))
		return th->err;
	const struct type_info *ti = type_get(r->type);
	if (ti->kind >= 0)
		return gfx_kind_colour(th, ti->kind);
	if (ti->family == 1)
		return th->kind[4];
	if (ti->family == 0)
		return th->text;
	return th->dim;
}

/* "name(pid)" of the process that acted in record i, with its name as it was then; "tty 0" for a key typed on a
 * terminal and its signals. */
static const char *who_then(struct frame_ctx *f, const struct ev_rec *rec, long i, char *buf, size_t len)
{
	if (rec->pid == 0 && rec->obj >= 0 && (size_t)rec->obj < f->t->ncat && f->t->cat[rec->obj].kind == OBJ_TTY) {
		snprintf(buf, len, "tty %lld", (long long)f->t->cat[rec->obj].id);
		return buf;
	}
	if (rec->pid == 0)
		return "kernel";
	const char *n = trace_proc_name(f->t, rec->pid, (size_t)i);
	if (n)
		snprintf(buf, len, "%s(%d)", n, rec->pid);
	else
		snprintf(buf, len, "pid %d", rec->pid);
	return buf;
}

static void row(struct frame_ctx *f, long i, SDL_Rect r, int two_lines)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	struct trace *t = f->t;
	struct ev_rec *rec = &t->recs[i];
	int pad = gfx_s(g, 6);
	int future = i > f->cur, current = i == f->cur;
	if (current)
		gfx_rfill(g, r, gfx_s(g, 4), gfx_mix(th->panel_hi, th->accent, 0.25f));
	else if (f->mx >= 0 && gfx_in(r, f->mx, f->my))
		gfx_fill(g, r, th->panel_hi);
	int a = future ? 150 : 255;
	int x = r.x + pad, y = r.y + gfx_s(g, 2);
	char buf[300], who[48], sum[256];
	/* line 1: seq, type, who */
	if (rec->seq >= 0)
		snprintf(buf, sizeof buf, "%" PRId64, rec->seq);
	else
		snprintf(buf, sizeof buf, "L%u", rec->line);
	/* seq column: as wide as the largest seq in the trace needs */
	int64_t maxseq = t->n ? t->recs[t->n - 1].seq : 0;
	char wide[24];
	snprintf(wide, sizeof wide, "%lld", (long long)(maxseq > 99 ? maxseq : 99));
	int sw, sh;
	gfx_measure(g, FF_MONO, FS_SMALL, wide, &sw, &sh);
	gfx_measure(g, FF_MONO, FS_SMALL, buf, &sh, &sh);
	sw = sw > sh ? sw : sh;
	sw += pad;
	gfx_text(g, FF_MONO, FS_SMALL, gfx_alpha(th->dim, a), x + sw - pad, y + (gfx_lh(g, FS_BODY) - gfx_lh(g, FS_SMALL)) / 2, AL_RIGHT, 0, buf);
	x += sw;
	const struct type_info *ti = type_get(rec->type);
	const char *tname = (rec->flags & EVF_BAD) && !ti->name[0] ? "bad line" : ti->name;
	int w = r.x + r.w - pad - x;
	int tw = gfx_text(g, FF_SANS_BOLD, FS_BODY, gfx_alpha(type_colour(th, rec), a), x, y, AL_LEFT, w, tname);
	if (rec->pid >= 0 && w - tw - pad > gfx_s(g, 20)) {
		const char *wa[] = { who_then(f, rec, i, who, sizeof who), "" };
		char pidb[16];
		snprintf(pidb, sizeof pidb, "%d", rec->pid);
		wa[1] = rec->pid ? pidb : "0";
		int ww = gfx_fit_width(g, FF_SANS, FS_BODY, w - tw - pad, wa, 2, NULL);
		if (ww <= w - tw - pad)
			gfx_text_fit(g, FF_SANS, FS_BODY, gfx_alpha(th->dim, a), x + tw + pad, y, AL_LEFT, w - tw - pad, wa, 2);
	}
	if (!two_lines)
		return;
	/* line 2: the event's own fields, or the problem with it */
	y += gfx_lh(g, FS_BODY);
	/* any problem of the line (a field out of range, a missing one), not only a line that is not an event */
	const struct diag *d = diag_for(t, rec->line, !!(rec->flags & (EVF_BAD | EVF_ORPHAN | EVF_UNKNOWN | EVF_TRUNC)));
	if (d) {
		snprintf(buf, sizeof buf, "line %u: %s", rec->line, d->msg);
		gfx_text(g, FF_SANS, FS_SMALL, gfx_alpha(th->err, a), x, y, AL_LEFT, w, buf);
		return;
	}
	trace_summary(t, (size_t)i, sum, sizeof sum);
	gfx_text(g, FF_MONO, FS_SMALL, gfx_alpha((rec->flags & EVF_ERR) ? th->err : th->text, a * 7 / 8), x, y, AL_LEFT,
		 w, sum[0] ? sum : "-");
}

void log_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	struct trace *t = f->t;
	int pad = gfx_s(g, 8);
	char buf[200], lab[48];
	int y = r.y;
	if (f->sel_cat >= 0)
		snprintf(buf, sizeof buf, "Events of %s", trace_cat_label(t, f->sel_cat, lab, sizeof lab));
	else if (f->sel_pid >= 0)
		snprintf(buf, sizeof buf, "Events of pid %d", f->sel_pid);
	else
		snprintf(buf, sizeof buf, "Event log");
	gfx_clip(g, &r);
	int hw = gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, r.x + pad / 2, y, AL_LEFT, r.w - pad, buf);
	int hintw, hinth;
	gfx_measure(g, FF_SANS, FS_SMALL, "(click empty space: all)", &hintw, &hinth);
	if ((f->sel_cat >= 0 || f->sel_pid >= 0) && !g->projector && hintw <= r.w - hw - pad * 2)
		gfx_text(g, FF_SANS, FS_SMALL, th->dim, r.x + hw + pad, y + gfx_s(g, 4), AL_LEFT, 0, "(click empty space: all)");
	y += gfx_lh(g, FS_BIG) + pad / 2;
	SDL_Rect box = { r.x, y, r.w, r.y + r.h - y };
	/* problems box at the bottom */
	int plh = gfx_lh(g, FS_SMALL);
	int nprob = t->ndiags ? (t->ndiags > 4 ? 4 : (int)t->ndiags) : 0;
	int probh = nprob ? (nprob + 1) * plh + pad : 0;
	box.h -= probh;
	gfx_rfill(g, box, gfx_s(g, 6), th->panel);
	int two = !g->projector;   /* projector mode: one line per event (the caption says the rest) */
	int rh = gfx_lh(g, FS_BODY) + (two ? gfx_lh(g, FS_SMALL) : 0) + gfx_s(g, 6);
	int nrows = (box.h - pad) / rh;
	if (nrows < 1)
		nrows = 1;
	/* rows: a third before the current event, the rest after; more before when the end is near */
	long idx[256], fwd[256], back[256];
	int n = 0, nf = 0, nb = 0;
	if (nrows > 255)
		nrows = 255;
	long cur = f->cur, i, scanned = 0;
	for (i = cur + 1; i < (long)t->n && nf < nrows - 1 && scanned < SCAN_LIMIT; i++, scanned++)
		if (matches(f, &t->recs[i]))
			fwd[nf++] = i;
	int before = nrows / 3;
	if (before < nrows - 1 - nf)
		before = nrows - 1 - nf;
	scanned = 0;
	for (i = cur; i >= 0 && nb <= before && scanned < SCAN_LIMIT; i--, scanned++)
		if (i == cur || matches(f, &t->recs[i]))
			back[nb++] = i;
	for (int k = nb - 1; k >= 0; k--)
		idx[n++] = back[k];
	for (int k = 0; k < nf && n < nrows; k++)
		idx[n++] = fwd[k];
	int yy = box.y + pad / 2;
	gfx_clip(g, &box);
	int gh = gfx_lh(g, FS_SMALL);
	for (int k = 0; k < n && yy + rh <= box.y + box.h; k++) {
		struct ev_rec *rec = &t->recs[idx[k]];
		if ((rec->flags & EVF_GAP) && yy + gh + rh <= box.y + box.h) {
			gfx_fill(g, (SDL_Rect){ box.x + pad, yy + gh / 2, box.w - 2 * pad, g->line }, th->err);
			int w, h;
			snprintf(buf, sizeof buf, " seq gap before %" PRId64 ": events lost ", rec->seq);
			gfx_measure(g, FF_SANS_BOLD, FS_SMALL, buf, &w, &h);
			gfx_fill(g, (SDL_Rect){ box.x + (box.w - w) / 2, yy, w, h }, th->panel);
			gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->err, box.x + box.w / 2, yy, AL_CENTER, box.w - 2 * pad, buf);
			yy += gh;
		}
		SDL_Rect rr = { box.x + pad / 2, yy, box.w - pad, rh };
		row(f, idx[k], rr, two);
		if (f->nlog < MAX_ANCHORS)
			f->logrows[f->nlog++] = (struct anchor){ (int32_t)idx[k], rr };
		yy += rh;
	}
	if (t->n == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, box.x + pad, box.y + pad, AL_LEFT, box.w - 2 * pad, "no events yet");
	gfx_clip(g, &r);
	if (nprob) {
		int py = box.y + box.h + pad / 2;
		gfx_textf(g, FF_SANS_BOLD, FS_SMALL, g->projector ? th->err : th->warn, r.x + pad / 2, py, AL_LEFT, r.w - pad,
			  "Problems in the trace (%zu%s):", t->ndiags, t->ndiags >= 100000 ? "+" : "");
		for (int k = 0; k < nprob; k++) {
			const struct diag *d = &t->diags[k];
			if (d->line)
				snprintf(buf, sizeof buf, "line %u: %s", d->line, d->msg);
			else
				snprintf(buf, sizeof buf, "%s", d->msg);
			gfx_text(g, FF_SANS, FS_SMALL, th->text, r.x + pad, py + (k + 1) * plh, AL_LEFT, r.w - 2 * pad, buf);
		}
	}
	gfx_clip(g, NULL);
}
