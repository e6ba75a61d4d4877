/* tracer/ui/view_sem.c: a System V semaphore set: per semaphore its semval (rolling when it changes), what
 * the current event did to it (a completed P or V, a P that must wait, a wake-up), the processes waiting for
 * it to increase (semncnt) or become zero (semzcnt), and the SEM_UNDO adjustments processes hold. Each row
 * is a part (frame_part) so that arrows end at the very semaphore an operation or a wait is about. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

#define ROWS_MAX 8   /* semaphores drawn as rows; more are summed up */

static int row_h(struct gfx *g)
{
	int a = gfx_lh(g, FS_HUGE), b = 2 * gfx_lh(g, FS_BODY) + gfx_s(g, 4);
	return (a > b ? a : b) + gfx_s(g, 6);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct sem_blob *b = o->blob;
	int n = b->nsems > ROWS_MAX ? ROWS_MAX : b->nsems;
	return n * row_h(f->g) + (b->nsems > n ? gfx_lh(f->g, FS_BODY) : 0) + (b->nundo ? gfx_lh(f->g, FS_BODY) + gfx_s(f->g, 4) : 0);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct sem_blob *b = o->blob;
	snprintf(buf, len, "key 0x%llx \xc2\xb7 %d semaphore%s", (unsigned long long)b->key, b->nsems, b->nsems == 1 ? "" : "s");
}

/* Where the current event's process waited before it was woken (prev state): its semaphore, -1. */
static int woke_from(const struct frame_ctx *f, int32_t pid, int32_t cat)
{
	const struct proc *p = state_proc((struct state *)f->prev, pid);
	return p && p->wait.kind == WAIT_SEM && p->wait.obj == cat ? p->wait.semnum : -1;
}

/* The chip of semaphore i for the current event, "" if none; *bad when it says a failure, *sleep a wait. */
static void chip_text(struct frame_ctx *f, const struct obj *o, int i, char *buf, size_t len, int *bad, int *sleep)
{
	const struct ev_effect *fx = f->fx;
	char who[48];
	buf[0] = 0;
	*bad = *sleep = 0;
	if (!frame_ev_on(f, o->cat))
		return;
	frame_proc_label(f, fx->pid, who, sizeof who);
	if (fx->verb == FX_SEMOP || fx->verb == FX_FAIL) {
		for (int k = 0; k < fx->nsops; k++)
			if (fx->sops[k].num == i) {
				if (fx->verb == FX_FAIL)
					snprintf(buf, len, "%+d by %s: %s", fx->sops[k].op, who, fx->err), *bad = 1;
				else if (fx->sops[k].op == 0)
					snprintf(buf, len, "0? by %s: yes", who);
				else
					snprintf(buf, len, "%+d by %s%s", fx->sops[k].op, who, fx->text[0] ? " (undo)" : "");
			}
	} else if (fx->verb == FX_BLOCK) {
		const struct proc *p = state_proc((struct state *)f->s, fx->pid);
		if (p && p->wait.kind == WAIT_SEM && p->wait.semnum == i) {
			snprintf(buf, len, p->wait.semop == 0 ? "%s waits for 0" : "%s must wait", who);
			*sleep = 1;
		}
	} else if (fx->verb == FX_WAKE) {
		for (int k = 0; k < fx->npids; k++)
			if (woke_from(f, fx->pids[k], o->cat) == i) {
				char w[48];
				snprintf(buf, len, fx->err[0] ? "%s fails: %s" : "%s wakes", frame_proc_label(f, fx->pids[k], w, sizeof w),
					 fx->err[0] ? fx->err : "");
				break;
			}
	}
}

/* The process holding units of semaphore i (the first one), 0 if none. */
static int32_t holder(const struct sem_blob *b, int i)
{
	for (int k = 0; k < b->nuser; k++)
		if (b->user[k].semnum == i && b->user[k].held)
			return b->user[k].pid;
	return 0;
}

/* Small card: the values on one line, the waiters on the next. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sem_blob *b = o->blob;
	char a0[200], a1[200], a2[64];
	size_t u = 0, v = (size_t)snprintf(a1, sizeof a1, "semval");
	int waiting = 0, zero = 0;
	a0[0] = 0;
	for (int i = 0; i < b->nsems && u < sizeof a0; i++) {
		u += (size_t)snprintf(a0 + u, sizeof a0 - u, "%ssem %d = %d", i ? ", " : "", i, b->sems[i].semval);
		if (v < sizeof a1)
			v += (size_t)snprintf(a1 + v, sizeof a1 - v, "%s %d", i ? "," : "", b->sems[i].semval);
		waiting += b->sems[i].ncnt_total + b->sems[i].zcnt_total;
		zero += b->sems[i].semval == 0;
	}
	snprintf(a2, sizeof a2, "%d of %d at 0", zero, b->nsems);
	const char *alts[] = { a0, a1, a2 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, frame_ev_on(f, o->cat) ? th->kind[1] : th->text, r.x, r.y, AL_LEFT, r.w, alts, 3);
	int y = r.y + gfx_lh(g, FS_BODY);
	if (y + gfx_lh(g, FS_BODY) > r.y + r.h + gfx_s(g, 4))
		return;
	char w0[80], w1[40];
	if (waiting) {
		snprintf(w0, sizeof w0, "%d process%s waiting", waiting, waiting == 1 ? "" : "es");
		snprintf(w1, sizeof w1, "%d waiting", waiting);
	} else if (b->nundo) {
		snprintf(w0, sizeof w0, "%d SEM_UNDO adjustment%s held", b->nundo, b->nundo == 1 ? "" : "s");
		snprintf(w1, sizeof w1, "%d undo", b->nundo);
	} else {
		return;
	}
	const char *wa[] = { w0, w1 };
	gfx_text_fit(g, FF_SANS, FS_BODY, waiting ? th->state[PS_SLEEPING] : th->dim, r.x, y, AL_LEFT, r.w, wa, 2);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sem_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int n = b->nsems > ROWS_MAX ? ROWS_MAX : b->nsems;
	if (r.h < height(f, o, r.w) - gfx_s(g, 4)) {
		for (int i = 0; i < n; i++)   /* arrows about any semaphore end at the card's content */
			frame_part(f, o->cat, i, r);
		draw_compact(f, o, r);
		return;
	}
	int pad = gfx_s(g, 8), rh = row_h(g), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	int y = r.y;
	char buf[160], who[48], lab[24];
	/* the value column is as wide as the widest value of the set needs */
	int numw = 0, labw = 0;
	for (int i = 0; i < n; i++) {
		int w, h;
		snprintf(buf, sizeof buf, "%d", b->sems[i].semval);
		gfx_measure(g, FF_SANS_BOLD, FS_HUGE, buf, &w, &h);
		numw = w > numw ? w : numw;
		snprintf(lab, sizeof lab, "sem %d", i);
		gfx_measure(g, FF_SANS, FS_BODY, lab, &w, &h);
		labw = w > labw ? w : labw;
	}
	numw += 2 * pad;
	labw += pad;
	for (int i = 0; i < n; i++) {
		const struct sem_one *s = &b->sems[i];
		int old = pb && i < pb->nsems ? pb->sems[i].semval : s->semval;
		int changed = on && old != s->semval;
		SDL_Rect row = { r.x, y, r.w, rh - gfx_s(g, 4) };
		frame_part(f, o->cat, i, row);
		gfx_rfill(g, row, gfx_s(g, 5), changed ? gfx_mix(th->panel_hi, th->kind[1], 0.3f * (1 - e) + 0.1f) : th->panel_hi);
		snprintf(lab, sizeof lab, "sem %d", i);
		gfx_text(g, FF_SANS, FS_BODY, th->dim, row.x + pad / 2, row.y + (row.h - lh) / 2, AL_LEFT, 0, lab);
		/* the value: the old one slides up and out, the new one comes in */
		int vy = row.y + (row.h - gfx_lh(g, FS_HUGE)) / 2;
		int vx = row.x + pad / 2 + labw + numw / 2;
		SDL_Rect vclip = { row.x + pad / 2 + labw, row.y, numw, row.h };
		gfx_clip_push(g, vclip);
		if (changed && e < 1) {
			int dy = (int)(e * row.h);
			g->moving++;
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, gfx_alpha(th->text, (int)(255 * (1 - e))), vx, vy - dy, AL_CENTER, 0, "%d", old);
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, th->kind[1], vx, vy + row.h - dy, AL_CENTER, 0, "%d", s->semval);
			g->moving--;
		} else {
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, changed ? th->kind[1] : th->text, vx, vy, AL_CENTER, 0, "%d", s->semval);
		}
		gfx_clip_pop(g);
		int x = row.x + pad / 2 + labw + numw + pad, right = row.x + row.w - pad;
		int l1 = row.y + gfx_s(g, 1), l2 = row.y + row.h - lh - gfx_s(g, 1);
		/* line 1, right: what the event did here (a chip), else the last process that changed it */
		int bad, sleep, cw = 0;
		chip_text(f, o, i, buf, sizeof buf, &bad, &sleep);
		if (buf[0]) {
			int w, h;
			gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &w, &h);
			if (w > right - x - pad)
				w = right - x - pad;
			SDL_Rect chip = { right - w - pad, l1, w + pad, lh };
			gfx_rfill(g, chip, lh / 2, bad ? th->err : sleep ? th->state[PS_SLEEPING] : th->kind[1]);
			gfx_text(g, FF_SANS_BOLD, FS_BODY, th->bg, right - pad / 2, l1, AL_RIGHT, w, buf);
			cw = w + 2 * pad;
		} else if (holder(b, i) || s->sempid) {
			/* who holds it (took units with P and has not given them back), else the last to change it */
			char p0[64], p1[24];
			int32_t hp = holder(b, i);
			if (hp) {
				snprintf(p0, sizeof p0, "held by %s", frame_proc_label(f, hp, who, sizeof who));
				snprintf(p1, sizeof p1, "held by %d", hp);
			} else {
				snprintf(p0, sizeof p0, "sempid %d", s->sempid);
				snprintf(p1, sizeof p1, "%d", s->sempid);
			}
			const char *pa[] = { p0, p1 };
			int w = gfx_fit_width(g, FF_SANS, FS_BODY, (right - x) / 2, pa, 2, NULL);
			gfx_text_fit(g, FF_SANS, FS_BODY, hp ? th->text : th->dim, right, l1, AL_RIGHT, (right - x) / 2, pa, 2);
			cw = w + pad;
		}
		/* line 1, left: one disc per unit of semval (up to what room leaves) */
		int tr = lh / 4 > 2 ? lh / 4 : 2, tx = x;
		int maxtok = (right - cw - x) / (3 * tr) - 2;
		maxtok = maxtok < 0 ? 0 : maxtok > 10 ? 10 : maxtok;
		for (int k = 0; k < s->semval && k < maxtok; k++, tx += 3 * tr)
			gfx_disc(g, tx + tr, l1 + lh / 2.0f, tr, th->kind[1]);
		if (s->semval > maxtok && maxtok > 0) {
			char more[24];
			int w, h;
			snprintf(more, sizeof more, "+%d", s->semval - maxtok);
			gfx_measure(g, FF_SANS, FS_BODY, more, &w, &h);
			if (tx + w <= right - cw)
				gfx_text(g, FF_SANS, FS_BODY, th->dim, tx, l1, AL_LEFT, 0, more);
		}
		/* line 2: the waiters */
		int ww = right - x;
		if (s->nncnt || s->nzcnt) {
			int used = 0;
			if (s->nncnt) {
				snprintf(buf, sizeof buf, "P waits (ncnt %u):", s->ncnt_total);
				used = frame_pids(f, x, l2, ww, th->state[PS_SLEEPING], buf, s->ncnt, s->nncnt) + pad;
			}
			if (s->nzcnt && ww - used > gfx_s(g, 40)) {
				snprintf(buf, sizeof buf, "wait for 0 (zcnt %u):", s->zcnt_total);
				frame_pids(f, x + used, l2, ww - used, th->state[PS_SLEEPING], buf, s->zcnt, s->nzcnt);
			}
		} else if (s->semval == 0) {
			const char *ha[] = { "0: a P here sleeps", "0: P sleeps" };
			int w = gfx_fit_width(g, FF_SANS, FS_BODY, ww, ha, 2, NULL);
			if (w <= ww)
				gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x, l2, AL_LEFT, ww, ha, 2);
		}
		y += rh;
	}
	if (b->nsems > n) {
		snprintf(buf, sizeof buf, "and %d more semaphores", b->nsems - n);
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, buf);
		y += lh;
	}
	if (b->nundo) {
		char a0[300], a1[80];
		size_t u = (size_t)snprintf(a0, sizeof a0, "SEM_UNDO held:");
		for (int i = 0; i < b->nundo && u < sizeof a0; i++)
			u += (size_t)snprintf(a0 + u, sizeof a0 - u, " %s sem %d %+d%s", frame_proc_label(f, b->undo[i].pid, who, sizeof who),
					      b->undo[i].semnum, b->undo[i].semadj, i + 1 < b->nundo ? "," : "");
		snprintf(a1, sizeof a1, "SEM_UNDO: %d adjustment%s", b->nundo, b->nundo == 1 ? "" : "s");
		const char *ua[] = { a0, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, r.x, y + gfx_s(g, 2), AL_LEFT, r.w, ua, 2);
	}
}

const struct obj_view view_sem = { height, draw, subtitle };
