/* tracer/ui/view_sig.c: the signal stage, beside the pipes and queues: per process its signals as named cells
 * (pending: filled; blocked: framed in the blocked colour; caught by a handler: marked; ignored: struck out),
 * real-time signals with the number of instances queued (standard ones coalesce), and the handler frames on
 * its user stack, pushed by delivery and popped by rt_sigreturn. The stage card lists the processes with
 * signals to show; focus mode on a process draws all 64 of its signals. Every cell is a part
 * (PART_SIG_KEY(pid), signal) so that a signal flies from its sender to the very cell. */
#include <stdio.h>
#include <string.h>
#include "ui.h"

#define ROWS_MAX 6

static int is_sig_event(const struct frame_ctx *f)
{
	int v = frame_verb(f);
	return v == FX_SIG_GENERATE || v == FX_SIG_DELIVER || v == FX_SIG_RETURN || v == FX_SIG_INTERRUPT;
}

/* Does p have signals to show: pending, caught, a handler running, or the current signal event's? */
static int has_sigs(const struct frame_ctx *f, const struct proc *p)
{
	if (p->pending || p->caught || p->nframes)
		return 1;
	return is_sig_event(f) && (f->fx->pid == p->pid || (f->fx->npids && f->fx->pids[0] == p->pid));
}

int sigs_wanted(struct frame_ctx *f)
{
	if (f->info && f->info->focus && f->focus_pid >= 0)
		return 1;
	for (int i = 0; i < f->s->nprocs; i++)
		if (has_sigs(f, &f->s->procs[i]))
			return 1;
	return 0;
}

/* The signals of p worth a cell in the overview: pending, caught, in a frame, the current event's. */
static uint64_t shown_set(const struct frame_ctx *f, const struct proc *p)
{
	uint64_t s = p->pending | p->caught;
	for (int i = 0; i < p->nframes && i < SIG_FRAMES; i++)
		s |= 1ull << (p->frames[i] - 1);
	if (is_sig_event(f) && f->fx->sig && (f->fx->pid == p->pid || (f->fx->npids && f->fx->pids[0] == p->pid)))
		s |= 1ull << (f->fx->sig - 1);
	if (__builtin_popcountll(p->blocked) <= 3)
		s |= p->blocked;
	return s;
}

static int cell_h(struct gfx *g)
{
	return gfx_lh(g, FS_BODY) + gfx_s(g, 6);
}

/* Does p's row need a second line for the handler frames on its stack (or one being popped)? */
static int has_frames(const struct frame_ctx *f, const struct proc *p)
{
	const struct proc *pp = state_proc((struct state *)f->prev, p->pid);
	return p->nframes || (pp && pp->nframes > p->nframes && f->anim < 1);
}

/* Does p's row need a line for its queued real-time signals and their values (or one just taken)? */
static int has_rtq(const struct frame_ctx *f, const struct proc *p)
{
	const struct proc *pp = state_proc((struct state *)f->prev, p->pid);
	return p->nrtq || (pp && pp->nrtq > p->nrtq && f->anim < 1);
}

int sigs_height(struct frame_ctx *f, int w)
{
	struct gfx *g = f->g;
	int rows = 0, n = 0;
	for (int i = 0; i < f->s->nprocs && n < ROWS_MAX; i++)
		if (has_sigs(f, &f->s->procs[i])) {
			n++;
			rows += 1 + has_frames(f, &f->s->procs[i]) + has_rtq(f, &f->s->procs[i]);
		}
	return (rows ? rows : 1) * (cell_h(g) + gfx_s(g, 4)) + gfx_lh(g, FS_BODY) + gfx_s(g, 6);
}

/* One signal's cell, named (the names that fit: "SIGRTMIN+3", "RTMIN+3", "35"). Returns its width. */
static int cell(struct frame_ctx *f, const struct proc *p, const struct proc *pp, int sig, int x, int y, int w)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	uint64_t b = 1ull << (sig - 1);
	int pend = !!(p->pending & b), blk = !!(p->blocked & b), caught = !!(p->caught & b), ign = !!(p->ignored & b);
	char n0[24], n1[24], n2[8];
	int q = sig >= 32 ? p->rtqueued[sig - 32] : 0;
	snprintf(n0, sizeof n0, q > 1 ? "%s \xc3\x97%d" : "%s", sig_name(sig), q);
	snprintf(n1, sizeof n1, q > 1 ? "%s \xc3\x97%d" : "%s", sig_short(sig), q);
	snprintf(n2, sizeof n2, "%d", sig);
	int pad = gfx_s(g, 5), h = cell_h(g);
	/* a grid (a width given) names its cells alike: "SIGINT" only when every standard name fits ("SIGVTALRM",
	 * the longest), else "INT" beside "QUIT"; no width given: the short name */
	int lw = 0, lh;
	if (w > 0)
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, "SIGVTALRM", &lw, &lh);
	const char *all[] = { n0, n1, n2 }, *const *alts = w > 0 && lw <= w - 2 * pad ? all : all + 1;
	int nalts = alts == all ? 3 : 2;
	int tw = gfx_fit_width(g, FF_SANS_BOLD, FS_BODY, w > 0 ? w - 2 * pad : 0, alts, nalts, NULL);
	int cw = w > 0 ? w : tw + 2 * pad;
	SDL_Rect r = { x, y, cw - gfx_s(g, 3), h };
	SDL_Color fill = pend ? th->pending : th->panel_hi;
	gfx_rfill(g, r, gfx_s(g, 4), fill);
	if (blk)
		gfx_frame(g, r, g->line + 1, th->blocked);
	else if (caught)
		gfx_frame(g, r, g->line + 1, th->ok);
	int was = pp && (pp->pending & b);
	if (pend != was && f->anim < 1) {   /* just arrived or taken: flash */
		int grow = (int)((1 - f->anim) * h / 2);
		gfx_frame(g, (SDL_Rect){ r.x - grow, r.y - grow, r.w + 2 * grow, r.h + 2 * grow }, g->line, th->sel);
	}
	SDL_Color tc = pend ? th->bg : ign ? th->dim : caught ? th->ok : th->text;
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, tc, r.x + r.w / 2, r.y + (h - gfx_lh(g, FS_BODY)) / 2, AL_CENTER, r.w - 2 * pad + gfx_s(g, 3),
		     alts, nalts);
	if (ign)
		gfx_fill(g, (SDL_Rect){ r.x + pad, r.y + h / 2, r.w - 2 * pad, g->line }, th->dim);
	frame_part(f, PART_SIG_KEY(p->pid), sig, r);
	return cw;
}

/* The handler frames on p's user stack, newest on the right, from x; returns the width used. */
static int frames(struct frame_ctx *f, const struct proc *p, const struct proc *pp, int x, int y, int maxw)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int n = p->nframes < SIG_FRAMES ? p->nframes : SIG_FRAMES, used = 0, h = cell_h(g), pad = gfx_s(g, 5);
	int pushed = pp && p->nframes > pp->nframes, popped = pp && p->nframes < pp->nframes;
	float e = frame_ease(f->anim);
	for (int i = 0; i <= n; i++) {
		char a0[40], a1[16];
		int sig = i < n ? p->frames[i] : pp && popped ? pp->frames[pp->nframes - 1 < SIG_FRAMES ? pp->nframes - 1 : SIG_FRAMES - 1] : 0;
		if (i == n && !(popped && f->anim < 1 && sig))
			break;
		snprintf(a0, sizeof a0, "%s handler", sig_short(sig));
		snprintf(a1, sizeof a1, "%s", sig_short(sig));
		const char *alts[] = { a0, a1 };
		int tw = gfx_fit_width(g, FF_SANS, FS_BODY, maxw - used - 2 * pad, alts, 2, NULL), w = tw + 2 * pad + gfx_s(g, 3);
		if (used + w > maxw)
			break;
		int dy = 0, alpha = 255, moving = 0;
		if (i == n - 1 && pushed && f->anim < 1)   /* pushed: comes down onto the stack */
			dy = -(int)((1 - e) * h), moving = 1;
		if (i == n)   /* popped: leaves upwards */
			dy = -(int)(e * h), alpha = (int)(255 * (1 - e)), moving = 1;
		SDL_Rect r = { x + used, y + dy, w - gfx_s(g, 3), h };
		int newest = i == n - 1;   /* the handler running now */
		gfx_rfill(g, r, gfx_s(g, 3), gfx_alpha(gfx_mix(th->panel_hi, th->kind[4], newest ? 0.55f : 0.25f), alpha));
		g->moving += moving;
		gfx_text_fit(g, FF_SANS, FS_BODY, gfx_alpha(th->text, alpha), r.x + pad, r.y + gfx_s(g, 3), AL_LEFT, tw, alts, 2);
		g->moving -= moving;
		used += w;
	}
	return used;
}

/* The same instance in two queues: signal, code and value equal (the queues of one process before and after). */
static int same_rt(const struct sig_rt *a, const struct sig_rt *b)
{
	return a->sig == b->sig && a->code == b->code && a->value == b->value && a->has_value == b->has_value;
}

/* p's queued real-time signals in the order they will be delivered (lowest signal first, oldest first within one),
 * from x: each signal's name, then the values of its instances (or how it was sent, without one), the next to be
 * delivered on the left; a new instance drops in, a delivered one leaves upwards. Returns the width used. */
static int rt_queue(struct frame_ctx *f, const struct proc *p, const struct proc *pp, int x, int y, int maxw)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int h = cell_h(g), pad = gfx_s(g, 4), used = 0;
	float e = frame_ease(f->anim);
	/* the one delivered by this event: the head of the old queue that is not at the head of the new one */
	int gone = pp && pp->nrtq > p->nrtq && f->anim < 1 && (!p->nrtq || !same_rt(&pp->rtq[0], &p->rtq[0]));
	int added = -2;
	if (pp && p->nrtq > pp->nrtq && f->anim < 1)   /* the new instance: where the queues first differ */
		for (added = 0; added < pp->nrtq && same_rt(&pp->rtq[added], &p->rtq[added]); added++)
			;
	for (int i = gone ? -1 : 0; i < p->nrtq; i++) {
		const struct sig_rt *q = i < 0 ? &pp->rtq[0] : &p->rtq[i];
		char name[24], val[40];
		int group = i <= 0 || p->rtq[i - 1].sig != q->sig;   /* the first of its signal: its name first */
		snprintf(name, sizeof name, "%s:", sig_short(q->sig));
		const char *code = q->code == SIG_CODE_NONE ? NULL : sig_code_name(q->code);
		if (q->has_value)
			snprintf(val, sizeof val, "0x%llx", (unsigned long long)q->value);
		else
			snprintf(val, sizeof val, "%s", code ? code : "?");
		int nw = 0, vw, hh;
		if (group)
			gfx_measure(g, FF_SANS_BOLD, FS_BODY, name, &nw, &hh);
		gfx_measure(g, FF_MONO, FS_BODY, val, &vw, &hh);
		int w = (group ? nw + pad : 0) + vw + 2 * pad + gfx_s(g, 3), plusw = 0;
		if (i >= 0 && i < p->nrtq - 1)   /* room for the "+N" of the ones after it */
			gfx_measure(g, FF_SANS_BOLD, FS_BODY, "+99", &plusw, &hh);
		if (i >= 0 && used + w + plusw > maxw) {
			char m[16];
			snprintf(m, sizeof m, "+%d", p->nrtq - i);
			gfx_text(g, FF_SANS_BOLD, FS_BODY, th->dim, x + used, y + gfx_s(g, 3), AL_LEFT, maxw - used, m);
			break;
		}
		int dy = 0, alpha = 255, moving = 0;
		if (i == added)   /* generated: drops into its place */
			dy = -(int)((1 - e) * h), moving = 1;
		if (i < 0)        /* delivered: leaves upwards */
			dy = -(int)(e * h), alpha = (int)(255 * (1 - e)), moving = 1;
		g->moving += moving;
		int cx = x + used;   /* the delivered one leaves from the head, taking no room */
		if (group) {
			gfx_text(g, FF_SANS_BOLD, FS_BODY, gfx_alpha(th->pending, alpha), cx, y + gfx_s(g, 3) + (i < 0 ? dy : 0), AL_LEFT, nw + pad, name);
			cx += nw + pad;
		}
		SDL_Rect r = { cx, y + dy, vw + 2 * pad, h };
		SDL_Color fill = gfx_mix(th->panel_hi, th->pending, i <= 0 ? 0.55f : 0.3f);   /* the next to be delivered stronger */
		gfx_rfill(g, r, gfx_s(g, 3), gfx_alpha(fill, alpha));
		if (i == added)
			gfx_frame(g, r, g->line, gfx_alpha(th->sel, (int)(255 * (1 - e))));
		gfx_text(g, FF_MONO, FS_BODY, gfx_alpha(th->text, alpha), r.x + pad, r.y + gfx_s(g, 3), AL_LEFT, vw + pad, val);
		g->moving -= moving;
		if (i >= 0)
			used = cx - x + vw + 2 * pad + gfx_s(g, 3);
	}
	return used;
}

/* The full grid of p's 64 signals (focus mode), 8 by 8, then its frames. */
static void grid(struct frame_ctx *f, const struct proc *p, const struct proc *pp, SDL_Rect r)
{
	struct gfx *g = f->g;
	int ch = cell_h(g), gap = gfx_s(g, 4);
	int cols = 8, cw = r.w / cols;
	int y = r.y;
	for (int s = 1; s <= 64; s++) {
		int k = s - 1;
		if (y + (k / cols) * (ch + gap) + ch > r.y + r.h)
			break;
		cell(f, p, pp, s, r.x + (k % cols) * cw, y + (k / cols) * (ch + gap), cw);
	}
	y += 8 * (ch + gap);
	if (y + ch <= r.y + r.h) {
		int lw = gfx_text(g, FF_SANS_BOLD, FS_BODY, g->th.text, r.x, y + gfx_s(g, 3), AL_LEFT, r.w / 3, "user stack:");
		if (p->nframes || (pp && pp->nframes))
			frames(f, p, pp, r.x + lw + gap * 2, y, r.w - lw - gap * 2);
		else
			gfx_text(g, FF_SANS, FS_BODY, g->th.dim, r.x + lw + gap * 2, y + gfx_s(g, 3), AL_LEFT, r.w - lw - 2 * gap, "no handler running");
		y += ch + gap;
	}
	if (y + ch <= r.y + r.h && has_rtq(f, p)) {
		const char *qa[] = { "real-time queue:", "queued:" };
		int lw = gfx_fit_width(g, FF_SANS_BOLD, FS_BODY, r.w / 3, qa, 2, NULL);
		gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, g->th.text, r.x, y + gfx_s(g, 3), AL_LEFT, r.w / 3, qa, 2);
		rt_queue(f, p, pp, r.x + lw + gap * 2, y, r.w - lw - gap * 2);
	}
}

/* The legend line at the bottom of the card. */
static void legend(struct frame_ctx *f, int x, int y, int w)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const char *parts[][2] = { { "pending", "pend." }, { "blocked", "blk." }, { "caught (handler)", "caught" }, { "ignored", "ign." } };
	SDL_Color cs[] = { th->pending, th->blocked, th->ok, th->dim };
	int used = 0, sq = gfx_lh(g, FS_BODY) * 2 / 3, pad = gfx_s(g, 6);
	for (int i = 0; i < 4; i++) {
		const char *alts[] = { parts[i][0], parts[i][1] };
		int tw = gfx_fit_width(g, FF_SANS, FS_BODY, w, alts, 2, NULL);
		if (used + sq + pad + tw > w)
			break;
		SDL_Rect b = { x + used, y + (gfx_lh(g, FS_BODY) - sq) / 2, sq, sq };
		if (i == 0)
			gfx_fill(g, b, cs[i]);
		else
			gfx_frame(g, b, g->line + 1, cs[i]);
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x + used + sq + pad, y, AL_LEFT, w - used - sq - pad, alts, 2);
		used += sq + pad + tw + 2 * pad;
	}
}

void sigs_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	gfx_clip_push(g, r);
	int focus = f->info && f->info->focus && f->focus_pid >= 0;
	char title[80], who[48];
	if (focus)
		snprintf(title, sizeof title, "Signals of %s", frame_proc_label(f, f->focus_pid, who, sizeof who));
	const char *ta[] = { focus ? title : "Signals", "Signals" };
	SDL_Rect in;
	frame_card(f, r, th->kind[4], ta, 2, &in);
	int x = in.x, w = in.w, y = in.y;
	if (is_sig_event(f))
		gfx_frame(g, r, g->line + (int)((1 - f->anim) * gfx_s(g, 4)), th->kind[4]);
	if (focus) {
		const struct proc *p = state_proc((struct state *)f->s, f->focus_pid);
		if (p)
			grid(f, p, state_proc((struct state *)f->prev, p->pid), (SDL_Rect){ x, y, w, r.y + r.h - y - lh - pad });
		legend(f, x, r.y + r.h - lh - pad / 2, w);
		gfx_clip_pop(g);
		return;
	}
	int rows = 0, ch = cell_h(g), gap = gfx_s(g, 4);
	int bottom = r.y + r.h - lh - pad / 2;
	/* the current signal event's processes first (its target, then its sender), then the others in order */
	int order[4096], n = 0;
	int32_t first[2] = { is_sig_event(f) && f->fx->npids ? f->fx->pids[0] : -1, is_sig_event(f) ? f->fx->pid : -1 };
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < f->s->nprocs; i++)
			if (f->s->procs[i].pid == first[k] && !(k == 1 && first[1] == first[0]))
				order[n++] = i;
	for (int i = 0; i < f->s->nprocs && n < 4096; i++)
		if (f->s->procs[i].pid != first[0] && f->s->procs[i].pid != first[1])
			order[n++] = i;
	for (int k = 0; k < n && rows < ROWS_MAX; k++) {
		const struct proc *p = &f->s->procs[order[k]];
		if (!has_sigs(f, p))
			continue;
		if (y + ch > bottom)
			break;
		const struct proc *pp = state_proc((struct state *)f->prev, p->pid);
		char n0[48], n1[16];
		snprintf(n0, sizeof n0, "%s(%d)", p->name, p->pid);
		snprintf(n1, sizeof n1, "%d", p->pid);
		const char *na[] = { n0, n1 };
		int nw = gfx_fit_width(g, FF_SANS_BOLD, FS_BODY, w / 2, na, 2, NULL);
		gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, th->text, x, y + gfx_s(g, 3), AL_LEFT, w / 2, na, 2);
		int cx = x + nw + pad, right = x + w;
		uint64_t set = shown_set(f, p);
		int left = __builtin_popcountll(set), plusw, hh2;
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, "+64", &plusw, &hh2);
		for (int s = 1; s <= 64 && left; s++) {
			if (!(set >> (s - 1) & 1))
				continue;
			int tw, th2;
			gfx_measure(g, FF_SANS_BOLD, FS_BODY, sig_short(s), &tw, &th2);
			if (cx + tw + 2 * gfx_s(g, 5) > right - (left > 1 ? plusw + pad : 0))
				break;   /* the rest are counted */
			cx += cell(f, p, pp, s, cx, y, 0) + gfx_s(g, 2);
			left--;
		}
		if (left) {
			char m[16];
			snprintf(m, sizeof m, "+%d", left);
			cx += gfx_text(g, FF_SANS_BOLD, FS_BODY, th->dim, cx + gfx_s(g, 2), y + gfx_s(g, 3), AL_LEFT, right - cx, m) + gfx_s(g, 2);
		}
		if (right - cx - pad > 0)
			frame_part(f, PART_SIG_KEY(p->pid), PART_SIG_FREE, (SDL_Rect){ cx + pad, y, right - cx - pad, ch });
		y += ch + gap;
		if (has_frames(f, p) && y + ch <= bottom) {   /* its user stack: the handler frames, the newest on the right */
			const char *sa[] = { "user stack:", "stack:" };
			int sw = gfx_fit_width(g, FF_SANS, FS_BODY, w / 3, sa, 2, NULL);
			gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x + pad, y + gfx_s(g, 3), AL_LEFT, w / 3, sa, 2);
			frames(f, p, pp, x + pad + sw + pad, y, right - x - 2 * pad - sw);
			y += ch + gap;
		}
		if (has_rtq(f, p) && y + ch <= bottom) {   /* its queued real-time signals with their values, next first */
			const char *qa[] = { "queued, next first:", "queued:" };
			int qw = gfx_fit_width(g, FF_SANS, FS_BODY, w / 3, qa, 2, NULL);
			gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x + pad, y + gfx_s(g, 3), AL_LEFT, w / 3, qa, 2);
			rt_queue(f, p, pp, x + pad + qw + pad, y, right - x - 2 * pad - qw);
			y += ch + gap;
		}
		rows++;
	}
	legend(f, x, bottom, w);
	gfx_clip_pop(g);
}
