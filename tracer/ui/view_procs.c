/* tracer/ui/view_procs.c: the processes panel: a row per process with name, pid, state (running,
 * runnable, sleeping on what), and its pending and blocked signals as a grid of the 31 standard signals. */
#include <stdio.h>
#include <string.h>
#include "ui.h"

static const char *const state_names[] = { "RUNNING", "RUNNABLE", "SLEEPING", "ZOMBIE" };

/* The two-row signal grid: pending on top, blocked below. Returns its height. Sets a tooltip on hover. */
static int sig_grid(struct frame_ctx *f, const struct proc *p, const struct proc *pp, int x, int y, int w, int cell)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int lw = gfx_s(g, 14);
	gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->pending, x, y + (cell - gfx_lh(g, FS_SMALL)) / 2, AL_LEFT, 0, "P");
	gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->blocked, x, y + cell + (cell - gfx_lh(g, FS_SMALL)) / 2, AL_LEFT, 0, "B");
	int cw = (w - lw) / 31;
	if (cw < 3)
		cw = 3;
	x += lw;
	for (int s = 1; s <= 31; s++) {
		int cx = x + (s - 1) * cw;
		int pend = (int)(p->pending >> (s - 1) & 1), blk = (int)(p->blocked >> (s - 1) & 1);
		int was = pp ? (int)(pp->pending >> (s - 1) & 1) : pend;
		SDL_Rect a = { cx, y, cw - 1, cell - 1 }, b = { cx, y + cell, cw - 1, cell - 1 };
		SDL_Color off = gfx_mix(th->panel_hi, th->dim, (s % 5 == 0) ? 0.5f : 0.25f);
		gfx_fill(g, a, pend ? th->pending : off);
		gfx_fill(g, b, blk ? th->blocked : off);
		if (pend != was && f->anim < 1) {   /* a signal just arrived or was taken: flash */
			int grow = (int)((1 - f->anim) * cell);
			gfx_frame(g, (SDL_Rect){ a.x - grow / 2, a.y - grow / 2, a.w + grow, a.h + grow }, g->line, th->sel);
		}
		if (f->mx >= cx && f->mx < cx + cw && f->my >= y && f->my < y + 2 * cell)
			snprintf(f->tip, sizeof f->tip, "%d %s: %s, %s", s, sig_name(s), pend ? "pending" : "not pending",
				 blk ? "blocked" : "not blocked");
	}
	return 2 * cell;
}

/* One process row in rect r: state, name, pid; what it waits on; its signals in words and as a grid. */
static void row(struct frame_ctx *f, const struct proc *p, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct proc *pp = NULL;
	for (int i = 0; i < f->prev->nprocs; i++)
		if (f->prev->procs[i].pid == p->pid)
			pp = &f->prev->procs[i];
	int pad = gfx_s(g, 8);
	int acting = f->ev && f->ev->pid == p->pid;
	int selected = f->sel_pid == p->pid;
	gfx_fill(g, r, acting ? th->panel_hi : th->panel);
	SDL_Color sc = th->state[p->state & 3];
	gfx_fill(g, (SDL_Rect){ r.x, r.y, gfx_s(g, 6), r.h }, sc);
	if (selected)
		gfx_frame(g, r, g->line + 1, th->sel);
	else if (acting)
		gfx_frame(g, r, g->line, th->accent);
	int x = r.x + pad + gfx_s(g, 6), y = r.y + pad / 2;
	int lh = gfx_lh(g, FS_BODY);
	/* state pill */
	const char *sn = state_names[p->state & 3];
	int pw, ph;
	gfx_measure(g, FF_SANS_BOLD, FS_SMALL, sn, &pw, &ph);
	SDL_Rect pill = { x, y + (lh - ph) / 2 - 1, pw + pad, ph + 2 };
	gfx_rfill(g, pill, ph / 2, sc);
	gfx_text(g, FF_SANS_BOLD, FS_SMALL, g->projector ? th->bg : th->bg, x + pad / 2, pill.y + 1, AL_LEFT, 0, sn);
	x += pill.w + pad;
	int rx = r.x + r.w - pad;
	char buf[96];
	snprintf(buf, sizeof buf, "pid %d", p->pid);
	int pidw = gfx_text(g, FF_SANS_BOLD, FS_BODY, th->text, rx, y, AL_RIGHT, 0, buf);
	gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, x, y - (gfx_lh(g, FS_BIG) - lh) / 2, AL_LEFT, rx - pidw - pad - x, p->name);
	/* second line: what it waits on / does */
	char what[128] = "", pend[96], blk[96];
	SDL_Color wc = th->dim;
	if (p->state == PS_SLEEPING) {
		snprintf(what, sizeof what, "sleeping on %s", p->wchan[0] ? p->wchan : "?");
		wc = th->state[PS_SLEEPING];
	} else if (p->state == PS_ZOMBIE) {
		if ((p->status & 0x7f) == 0)
			snprintf(what, sizeof what, "exited, code %d (not reaped yet)", (p->status >> 8) & 0xff);
		else
			snprintf(what, sizeof what, "killed by %s (not reaped yet)", sig_name(p->status & 0x7f));
	} else if (p->in_handler) {
		snprintf(what, sizeof what, "in %s handler", sig_name(p->in_handler));
		wc = th->kind[4];
	} else if (p->state == PS_RUNNING) {
		snprintf(what, sizeof what, "on CPU %d", p->cpu < 0 ? 0 : p->cpu);
	} else {
		snprintf(what, sizeof what, "ready to run");
	}
	sigset_names(p->pending, pend, sizeof pend);
	sigset_names(p->blocked, blk, sizeof blk);
	y += lh + gfx_s(g, 3);
	int x2 = r.x + pad + gfx_s(g, 6);
	gfx_text(g, FF_SANS, FS_BODY, wc, x2, y, AL_LEFT, r.w - 2 * pad - gfx_s(g, 6), what);
	y += lh + gfx_s(g, 2);
	if (pend[0] || blk[0]) {
		int w = gfx_textf(g, FF_SANS_BOLD, FS_SMALL, th->pending, x2, y, AL_LEFT, r.w / 2, "%s%s", pend[0] ? "pending " : "", pend);
		if (blk[0])
			gfx_textf(g, FF_SANS_BOLD, FS_SMALL, th->blocked, x2 + w + (w ? pad : 0), y, AL_LEFT, r.w / 2, "blocked %s", blk);
	}
	int cell = gfx_s(g, g->projector ? 9 : 8);
	sig_grid(f, p, pp, x2, r.y + r.h - 2 * cell - pad / 2, r.w - 2 * pad - gfx_s(g, 6), cell);
}

/* Compact row: state colour bar, name, pid, what on one line, grid at the right. */
static void row_compact(struct frame_ctx *f, const struct proc *p, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct proc *pp = NULL;
	for (int i = 0; i < f->prev->nprocs; i++)
		if (f->prev->procs[i].pid == p->pid)
			pp = &f->prev->procs[i];
	int pad = gfx_s(g, 6);
	int acting = f->ev && f->ev->pid == p->pid;
	gfx_fill(g, r, acting ? th->panel_hi : th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y, gfx_s(g, 6), r.h }, th->state[p->state & 3]);
	if (f->sel_pid == p->pid)
		gfx_frame(g, r, g->line, th->sel);
	else if (acting)
		gfx_frame(g, r, g->line, th->accent);
	int gw = r.w * 2 / 5, cell = (r.h - 4) / 2;
	if (cell > gfx_s(g, 8))
		cell = gfx_s(g, 8);
	sig_grid(f, p, pp, r.x + r.w - gw - pad, r.y + (r.h - 2 * cell) / 2, gw, cell);
	char buf[160];
	const char *st = p->state == PS_SLEEPING ? p->wchan : p->state == PS_ZOMBIE ? "zombie" : p->state == PS_RUNNING ? "running" : "runnable";
	snprintf(buf, sizeof buf, "%d %s · %s", p->pid, p->name, st);
	gfx_text(g, FF_SANS_BOLD, FS_SMALL, p->state == PS_SLEEPING ? th->state[2] : th->text, r.x + pad + gfx_s(g, 6),
		 r.y + (r.h - gfx_lh(g, FS_SMALL)) / 2, AL_LEFT, r.w - gw - 3 * pad - gfx_s(g, 6), buf);
}

void procs_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8);
	int y = r.y;
	gfx_textf(g, FF_SANS_BOLD, FS_BIG, th->text, r.x + pad / 2, y, AL_LEFT, 0, "Processes (%d)", f->s->nprocs);
	y += gfx_lh(g, FS_BIG) + pad / 2;
	/* legend for the signal grid at the bottom */
	int lh = gfx_lh(g, FS_SMALL);
	int legend_h = 3 * lh + pad;
	SDL_Rect lg = { r.x, r.y + r.h - legend_h, r.w, legend_h };
	int n = f->s->nprocs;
	int avail = lg.y - y - pad / 2;
	int full = gfx_lh(g, FS_BIG) + 2 * gfx_lh(g, FS_BODY) + 2 * gfx_s(g, g->projector ? 9 : 8) + pad * 2 + gfx_s(g, 6);
	int compact = n > 0 && (full + pad / 2) * n > avail;
	int rh = compact ? avail / (n ? n : 1) - gfx_s(g, 3) : full;
	if (compact && rh > gfx_lh(g, FS_BODY) + pad)
		rh = gfx_lh(g, FS_BODY) + pad;
	if (rh < 6)
		rh = 6;
	for (int i = 0; i < n; i++) {
		SDL_Rect rr = { r.x, y, r.w, rh };
		if (y + rh > lg.y)
			break;
		if (compact)
			row_compact(f, &f->s->procs[i], rr);
		else
			row(f, &f->s->procs[i], rr);
		if (f->nprocs < MAX_ANCHORS)
			f->procs[f->nprocs++] = (struct anchor){ f->s->procs[i].pid, rr };
		y += rh + (compact ? gfx_s(g, 3) : pad / 2);
	}
	if (n == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x + pad, y, AL_LEFT, r.w, "no processes yet");
	/* legend: P = pending, B = blocked, and a scale of signal numbers */
	gfx_fill(g, (SDL_Rect){ lg.x, lg.y, lg.w, 1 }, th->border);
	int x = lg.x + pad / 2, ly = lg.y + pad / 2;
	x += gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->pending, x, ly, AL_LEFT, 0, "■ P pending");
	x += pad;
	x += gfx_text(g, FF_SANS_BOLD, FS_SMALL, th->blocked, x, ly, AL_LEFT, 0, "■ B blocked");
	x += pad;
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, x, ly, AL_LEFT, lg.x + lg.w - x, "signals 1..31; hover for names");
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, lg.x + pad / 2, ly + lh, AL_LEFT, lg.w - pad,
		 "1 HUP  2 INT  3 QUIT  9 KILL  10 USR1  12 USR2");
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, lg.x + pad / 2, ly + 2 * lh, AL_LEFT, lg.w - pad,
		 "13 PIPE  14 ALRM  15 TERM  17 CHLD  19 STOP");
}
