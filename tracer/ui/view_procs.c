/* tracer/ui/view_procs.c: the processes panel: a row per process with its name, pid and state, what it
 * waits for in its mechanism's terms ("P(sem 0) in set 3", "open(/tmp/lab.fifo) for reading"), and its
 * signals by name (the signal stage, view_sig.c, draws them large). Rows are full (three lines) when they
 * fit, one line otherwise; when even those do not fit, or in focus mode, the processes not involved are
 * folded into a last row that counts them. Text never shrinks below the mode's sizes.
 * Job control: when a terminal is the controlling terminal of a session (obj_tty.c), the processes of that
 * session are grouped by process group (a pipeline's processes in one frame), and the first row of each group
 * says whether the group owns the terminal ("foreground group 5") or not ("background group 7"). */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

/* Names of the signals in set ("INT USR1"), or a count when there are many. */
static const char *sigs_text(uint64_t set, char *buf, size_t len)
{
	int n = __builtin_popcountll(set);
	if (n > 4) {
		uint64_t all = ~0ull, rest = all & ~set;
		if (__builtin_popcountll(rest) <= 3) {
			char names[64];
			snprintf(buf, len, rest ? "all but %s" : "all", sigset_names(rest, names, sizeof names));
		} else {
			snprintf(buf, len, "%d signals", n);
		}
		return buf;
	}
	return sigset_names(set, buf, len);
}

/* What p does now, in words: its wait, or its state (form 0 the longest). */
static const char *what_text(const struct frame_ctx *f, const struct proc *p, int form, char *buf, size_t len)
{
	if (p->state == PS_SLEEPING)
		return frame_wait_text(f, p, form, buf, len);
	if (p->state == PS_ZOMBIE) {
		if ((p->status & 0x7f) == 0)
			snprintf(buf, len, form == 0 ? "exited, code %d, not reaped" : "exited (%d)", (p->status >> 8) & 0xff);
		else
			snprintf(buf, len, form == 0 ? "killed by %s, not reaped" : "killed (%s)", sig_short(p->status & 0x7f));
	} else if (proc_in_handler(p)) {
		snprintf(buf, len, form == 0 ? "in its %s handler" : "in %s handler", sig_name(proc_in_handler(p)));
	} else if (p->state == PS_RUNNING) {
		snprintf(buf, len, form == 0 ? "running on CPU %d" : "running", p->cpu < 0 ? 0 : p->cpu);
	} else {
		snprintf(buf, len, form == 0 ? "ready to run" : "ready");
	}
	return buf;
}

/* p's process group as its row says it: "foreground group 5" / "fg group 5" / "fg 5" (forms 0..2), when p is in
 * the session of a terminal; "" otherwise. *fg: the group owns the terminal. */
static const char *group_text(const struct frame_ctx *f, const struct proc *p, int form, int *fg, char *buf, size_t len)
{
	const struct tty_blob *tb = frame_tty(f, p->sid);
	buf[0] = 0;
	*fg = 0;
	if (!tb || p->pgid <= 0)
		return buf;
	*fg = p->pgid == tb->pgrp;
	static const char *const words[2][3] = { { "background group", "bg group", "bg" }, { "foreground group", "fg group", "fg" } };
	snprintf(buf, len, "%s %d", words[*fg][form], p->pgid);
	return buf;
}

/* The group pill at the right end of a row's first line, right-aligned at rx, using at most maxw; returns its left
 * edge (rx when there is none). */
static int group_pill(struct frame_ctx *f, const struct proc *p, int rx, int y, int lh, int maxw)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	char a[3][40];
	int fg;
	for (int k = 0; k < 3; k++)
		group_text(f, p, k, &fg, a[k], sizeof a[k]);
	if (!a[0][0])
		return rx;
	const char *alts[] = { a[0], a[1], a[2] };
	int pad = gfx_s(g, 5), which;
	int tw = gfx_fit_width(g, FF_SANS_BOLD, FS_BODY, maxw - 2 * pad, alts, 3, &which);
	SDL_Rect pill = { rx - tw - 2 * pad, y + (lh - gfx_lh(g, FS_BODY)) / 2, tw + 2 * pad, gfx_lh(g, FS_BODY) };
	SDL_Color tc = gfx_kind_colour(th, OBJ_TTY);
	if (fg) {
		gfx_rfill(g, pill, pill.h / 2, tc);
	} else {
		gfx_rfill(g, pill, pill.h / 2, th->panel_hi);
		gfx_frame(g, pill, 1, tc);
	}
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, fg ? th->bg : th->dim, pill.x + pad, pill.y, AL_LEFT, tw, alts, 3);
	return pill.x;
}

/* The room a group pill wants: its longest form's width, or its shortest when the name would not fit beside. */
static int pill_room(struct frame_ctx *f, const struct proc *p, int w, int namew)
{
	char a0[40], a2[40];
	int fg, w0, w2, h;
	group_text(f, p, 0, &fg, a0, sizeof a0);
	if (!a0[0])
		return 0;
	group_text(f, p, 2, &fg, a2, sizeof a2);
	gfx_measure(f->g, FF_SANS_BOLD, FS_BODY, a0, &w0, &h);
	gfx_measure(f->g, FF_SANS_BOLD, FS_BODY, a2, &w2, &h);
	int pad = gfx_s(f->g, 5) * 3;
	return w - namew >= w0 + pad ? w0 + pad : w2 + pad;
}

static SDL_Color state_colour(const struct theme *th, const struct proc *p)
{
	return th->state[p->state & 3];
}

/* The frame around a row: selected, acting now, deadlocked. */
static void row_frame(struct frame_ctx *f, const struct proc *p, SDL_Rect r, int dead)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int acting = f->fx && f->fx->pid == p->pid;
	gfx_fill(g, r, acting ? th->panel_hi : th->panel);
	gfx_fill(g, (SDL_Rect){ r.x, r.y, gfx_s(g, 6), r.h }, dead ? th->err : state_colour(th, p));
	if (f->sel_pid == p->pid)
		gfx_frame(g, r, g->line + 1, th->sel);
	else if (dead)
		gfx_frame(g, r, g->line, th->err);
	else if (acting)
		gfx_frame(g, r, g->line, th->accent);
}

/* Full row: name(pid) and state (and its group's pill, when pill); what it does; its signals. */
static void row(struct frame_ctx *f, const struct proc *p, SDL_Rect r, int pill)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int dead = waitgraph_is_dead(&f->wg, p->pid);
	row_frame(f, p, r, dead);
	int pad = gfx_s(g, 8), x = r.x + pad + gfx_s(g, 6), w = r.x + r.w - pad - x;
	int y = r.y + pad / 2, lh = gfx_lh(g, FS_BODY), lb = gfx_lh(g, FS_BIG);
	char name[48], w0[120], w1[120], w2[120], pend[80], blk[80], buf[200];
	/* line 1: the name (line 2 says the state in words; a deadlock also says so here), its group's pill */
	int nx = x + w;
	if (pill) {
		int nw, nh;
		snprintf(name, sizeof name, "%s(%d)", p->name, p->pid);
		gfx_measure(g, FF_SANS_BOLD, FS_BIG, name, &nw, &nh);
		nx = group_pill(f, p, nx, y, lb, pill_room(f, p, w, nw)) - pad;
	}
	if (dead) {
		int pw, ph;
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, "DEADLOCK", &pw, &ph);
		SDL_Rect pill = { nx - pw - pad, y + (lb - ph) / 2, pw + pad, ph };
		gfx_rfill(g, pill, ph / 2, th->err);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->bg, pill.x + pad / 2, pill.y, AL_LEFT, 0, "DEADLOCK");
		nx = pill.x - pad;
	}
	snprintf(name, sizeof name, "%s(%d)", p->name, p->pid);
	char pidonly[24];
	snprintf(pidonly, sizeof pidonly, "%d", p->pid);
	const char *na[] = { name, pidonly };
	int namew = gfx_text_fit(g, FF_SANS_BOLD, FS_BIG, th->text, x, y, AL_LEFT, nx - x, na, 2);
	if (nx - (x + namew + pad) > 0)   /* the rest of the line: room for a signal's chip (arrows.c) */
		frame_part(f, PART_SIG_KEY(p->pid), PART_NAME_FREE, (SDL_Rect){ x + namew + pad, y, nx - (x + namew + pad), lb });
	y += lb;
	/* line 2: what it waits for or does */
	const char *wa[] = { what_text(f, p, 0, w0, sizeof w0), what_text(f, p, 1, w1, sizeof w1), what_text(f, p, 2, w2, sizeof w2) };
	gfx_text_fit(g, FF_SANS, FS_BODY, p->state == PS_SLEEPING ? th->state[PS_SLEEPING] : th->dim, x, y, AL_LEFT, w, wa, 3);
	y += lh;
	/* line 3: signals */
	if (p->pending || p->blocked || p->nframes) {
		sigs_text(p->pending, pend, sizeof pend);
		sigs_text(p->blocked, blk, sizeof blk);
		size_t u = 0;
		buf[0] = 0;
		if (p->pending)
			u += (size_t)snprintf(buf + u, sizeof buf - u, "pending %s", pend);
		if (p->blocked && u < sizeof buf)
			u += (size_t)snprintf(buf + u, sizeof buf - u, "%sblocked %s", u ? " \xc2\xb7 " : "", blk);
		char sh[120];
		snprintf(sh, sizeof sh, "%s%s%s", p->pending ? "pending " : "", p->pending ? pend : "", p->pending ? "" : "signals blocked");
		const char *sa[] = { buf, sh };
		gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, p->pending ? th->pending : th->blocked, x, y, AL_LEFT, w, sa, 2);
	}
}

/* One-line row: name(pid) and what it does (and its group's pill, when pill). */
static void row_compact(struct frame_ctx *f, const struct proc *p, SDL_Rect r, int pill)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int dead = waitgraph_is_dead(&f->wg, p->pid);
	row_frame(f, p, r, dead);
	int pad = gfx_s(g, 6), x = r.x + pad + gfx_s(g, 6), w = r.x + r.w - pad - x;
	char a[4][160], w0[120], w1[120], w2[120];
	if (pill) {   /* the group's pill, then the text in what is left */
		char nm[48];
		int nw, nh;
		snprintf(nm, sizeof nm, "%s(%d)", p->name, p->pid);
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, nm, &nw, &nh);
		w = group_pill(f, p, x + w, r.y + (r.h - gfx_lh(g, FS_BODY)) / 2, gfx_lh(g, FS_BODY), pill_room(f, p, w, nw)) - pad - x;
	}
	what_text(f, p, 0, w0, sizeof w0);
	what_text(f, p, 1, w1, sizeof w1);
	what_text(f, p, 2, w2, sizeof w2);
	snprintf(a[0], sizeof a[0], "%s(%d) %s%s", p->name, p->pid, dead ? "DEADLOCK: " : "", w0);
	snprintf(a[1], sizeof a[1], "%s(%d) %s%s", p->name, p->pid, dead ? "DEADLOCK: " : "", w1);
	snprintf(a[2], sizeof a[2], "%s(%d) %s", p->name, p->pid, w2);
	snprintf(a[3], sizeof a[3], "%s(%d)", p->name, p->pid);
	const char *alts[] = { a[0], a[1], a[2], a[3] };
	SDL_Color c = dead ? th->err : p->state == PS_SLEEPING ? th->state[PS_SLEEPING] : th->text;
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, c, x, r.y + (r.h - gfx_lh(g, FS_BODY)) / 2, AL_LEFT, w, alts, 4);
}

/* How much a process matters now: 3 acts or is named by the current event, 2 selected or deadlocked,
 * 1 asleep or in a handler, 0 otherwise. */
static int weight(const struct frame_ctx *f, const struct proc *p)
{
	if (f->fx && (f->fx->pid == p->pid || pidlist_has(f->fx->pids, f->fx->npids, p->pid)))
		return 3;
	if (f->sel_pid == p->pid || waitgraph_is_dead(&f->wg, p->pid))
		return 2;
	return p->state == PS_SLEEPING || p->nframes || p->pending ? 1 : 0;
}

/* Is p in the session of a terminal (job control applies to it)? */
static int in_job(const struct frame_ctx *f, const struct proc *p)
{
	return p->pgid > 0 && frame_tty(f, p->sid) != NULL;
}

/* Are p and q in the same process group of a terminal's session? */
static int same_group(const struct frame_ctx *f, const struct proc *p, const struct proc *q)
{
	return in_job(f, p) && in_job(f, q) && p->pgid == q->pgid;
}

/* Order show[0..n) (indices into s->procs) so that each process group's processes are together, the groups in the
 * order of their first process (a stable grouping: rows move only to join their group). Returns the number of
 * groups (a process outside any group counts as one). */
static int group_rows(const struct state *s, int *show, int n)
{
	int out[4096], m = 0, groups = 0;
	uint8_t done[4096] = { 0 };
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		const struct proc *p = &s->procs[show[i]];
		groups++;
		for (int k = i; k < n; k++)
			if (!done[k] && (k == i || (p->pgid > 0 && s->procs[show[k]].pgid == p->pgid && s->procs[show[k]].sid == p->sid))) {
				out[m++] = show[k];
				done[k] = 1;
			}
	}
	memcpy(show, out, sizeof *show * (size_t)n);
	return groups;
}

/* The frame around the rows of a process group of several processes (first: its first row's process), in r:
 * drawn in the terminal's colour for the foreground group, dimmed for a background one. */
static void group_frame(struct frame_ctx *f, const struct proc *first, int nrows, SDL_Rect r)
{
	if (nrows < 2 || !in_job(f, first))
		return;
	struct gfx *g = f->g;
	int fg = frame_tty(f, first->sid)->pgrp == first->pgid;
	SDL_Color c = gfx_kind_colour(&g->th, OBJ_TTY);
	gfx_frame(g, r, fg ? g->line + 1 : g->line, fg ? c : gfx_alpha(c, 150));
}

void procs_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct state *s = f->s;
	int pad = gfx_s(g, 8), gap = gfx_s(g, 4);
	gfx_clip(g, &r);
	int y = r.y;
	int hw = gfx_textf(g, FF_SANS_BOLD, FS_BIG, th->text, r.x + pad / 2, y, AL_LEFT, r.w - pad, "Processes (%d)", s->nprocs);
	if (f->fx && f->fx->pid == 0 && f->fx->verb == FX_SIG_GENERATE && !(f->fx->flags & FXF_TTY)) {   /* a signal from the kernel starts here */
		int kw = gfx_text(g, FF_SANS_BOLD, FS_BODY, th->kind[4], r.x + r.w - pad, y, AL_RIGHT, r.w - hw - 2 * pad, "kernel");
		f->kernel_badge = (SDL_Rect){ r.x + r.w - pad - kw, y, kw, gfx_lh(g, FS_BODY) };
	}
	y += gfx_lh(g, FS_BIG) + pad / 2;
	int avail = r.y + r.h - y;
	/* who is shown: in focus mode the processes involved with the focused object; all otherwise */
	int show[4096], n = 0;
	int nall = s->nprocs < 4096 ? s->nprocs : 4096;
	for (int i = 0; i < nall; i++) {
		const struct proc *p = &s->procs[i];
		if (f->info && f->info->focus && f->focus_cat >= 0 && !frame_involved(f, f->focus_cat, p->pid) &&
		    !(f->fx && f->fx->pid == p->pid))
			continue;
		if (f->info && f->info->focus && f->focus_pid >= 0 && p->pid != f->focus_pid && !weight(f, p))
			continue;
		show[n++] = i;
	}
	int folded_focus = nall - n;
	/* job control: the processes of a terminal's session, grouped by process group (in the order of each group's
	 * first process), with a frame around a group of several and more room between groups */
	int jobs = 0, ngroups = 0;
	for (int k = 0; k < n; k++)
		jobs |= in_job(f, &s->procs[show[k]]);
	if (jobs)
		ngroups = group_rows(s, show, n);
	int gi = jobs ? gfx_s(g, 5) : 0, ggap = 2 * gi;
	avail -= ngroups > 1 ? (ngroups - 1) * ggap : 0;
	int full = gfx_lh(g, FS_BIG) + 2 * gfx_lh(g, FS_BODY) + pad;
	int one = gfx_lh(g, FS_BODY) + gfx_s(g, 6);
	int compact = (full + gap) * n > avail;
	int rh = compact ? one : full;
	int fit = avail / (rh + gap);
	int fold = 0;
	if (n + (folded_focus ? 1 : 0) > fit) {   /* keep the weightiest rows, in their order; the last row counts the rest */
		int keep = fit - 1 > 0 ? fit - 1 : 0;
		for (int wmin = 0; n > keep && wmin <= 3; wmin++)
			for (int i = n - 1; i >= 0 && n > keep; i--)
				if (weight(f, &s->procs[show[i]]) <= wmin) {
					memmove(&show[i], &show[i + 1], sizeof *show * (size_t)(n - i - 1));
					n--;
				}
		fold = 1;
	}
	int block = 0, block_y = y;   /* the group being drawn: its first row, where it starts */
	for (int k = 0; k < n; k++) {
		const struct proc *p = &s->procs[show[k]];
		int first = jobs && (k == 0 || !same_group(f, &s->procs[show[k - 1]], p));
		if (first && k > 0) {
			group_frame(f, &s->procs[show[block]], k - block, (SDL_Rect){ r.x, block_y - gi, r.w, y - gap - block_y + 2 * gi });
			y += ggap;
		}
		if (first)
			block = k, block_y = y;
		SDL_Rect rr = { r.x + gi, y, r.w - 2 * gi, rh };
		if (compact)
			row_compact(f, p, rr, first && in_job(f, p));
		else
			row(f, p, rr, first && in_job(f, p));
		if (f->nprocs < MAX_ANCHORS)
			f->procs[f->nprocs++] = (struct anchor){ p->pid, rr };
		y += rh + gap;
	}
	if (jobs && n)
		group_frame(f, &s->procs[show[block]], n - block, (SDL_Rect){ r.x, block_y - gi, r.w, y - gap - block_y + 2 * gi });
	int hidden = nall - n;
	if ((fold || folded_focus) && hidden > 0) {
		char a0[80], a1[40];
		snprintf(a0, sizeof a0, "+%d more (%s)", hidden, f->info && f->info->focus ? "not involved" : "running or ready");
		snprintf(a1, sizeof a1, "+%d more", hidden);
		const char *alts[] = { a0, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, r.x + pad, y + (one - gfx_lh(g, FS_BODY)) / 2, AL_LEFT, r.w - 2 * pad, alts, 2);
	}
	if (s->nprocs == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x + pad, y, AL_LEFT, r.w - 2 * pad, "no processes yet");
	gfx_clip(g, NULL);
}
