/* tracer/ui/view_sem.c: a System V semaphore set: per semaphore its semval (ticking when it changes),
 * the last operation on it, the processes waiting for it to increase (semncnt) or become zero (semzcnt),
 * and the SEM_UNDO adjustments processes hold. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

static int row_h(struct gfx *g)
{
	return gfx_lh(g, FS_HUGE) + gfx_s(g, 6);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct sem_blob *b = o->blob;
	int n = b->nsems > 8 ? 8 : b->nsems;
	return n * row_h(f->g) + (b->nundo ? gfx_lh(f->g, FS_BODY) + gfx_s(f->g, 4) : 0) + gfx_s(f->g, 4);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct sem_blob *b = o->blob;
	snprintf(buf, len, "key 0x%llx · %d semaphore%s · mode %o", (unsigned long long)b->key, b->nsems,
		 b->nsems == 1 ? "" : "s", b->mode & 0777);
}

/* Small card: the values on one line, the waiters on the next. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sem_blob *b = o->blob;
	char buf[200];
	size_t u = 0;
	int waiting = 0;
	for (int i = 0; i < b->nsems && u < sizeof buf; i++) {
		u += (size_t)snprintf(buf + u, sizeof buf - u, "%ssem%d = %d", i ? "   " : "", i, b->sems[i].semval);
		waiting += b->sems[i].ncnt_total + b->sems[i].zcnt_total;
	}
	gfx_text(g, FF_SANS_BOLD, FS_BIG, frame_ev_on(f, o->cat) ? th->kind[1] : th->text, r.x, r.y, AL_LEFT, r.w, buf);
	int y = r.y + gfx_lh(g, FS_BIG);
	if (waiting)
		gfx_textf(g, FF_SANS, FS_SMALL, th->state[PS_SLEEPING], r.x, y, AL_LEFT, r.w, "%d process%s waiting", waiting, waiting == 1 ? "" : "es");
	else if (b->nundo)
		gfx_textf(g, FF_SANS, FS_SMALL, th->dim, r.x, y, AL_LEFT, r.w, "%d SEM_UNDO adjustment%s held", b->nundo, b->nundo == 1 ? "" : "s");
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) * 3 / 4) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sem_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), rh = row_h(g), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	int n = b->nsems > 8 ? 8 : b->nsems;
	int y = r.y;
	char buf[160], who[48];
	int numw = gfx_s(g, 64);
	for (int i = 0; i < n; i++) {
		const struct sem_one *s = &b->sems[i];
		int old = pb && i < pb->nsems ? pb->sems[i].semval : s->semval;
		int changed = on && old != s->semval;
		SDL_Rect row = { r.x, y, r.w, rh - gfx_s(g, 4) };
		gfx_rfill(g, row, gfx_s(g, 5), changed ? gfx_mix(th->panel_hi, th->kind[1], 0.3f * (1 - e) + 0.1f) : th->panel_hi);
		int labw = gfx_s(g, 52);
		gfx_textf(g, FF_SANS, FS_BODY, th->dim, row.x + pad, row.y + (row.h - lh) / 2, AL_LEFT, 0, "sem %d", i);
		/* the value: old one slides up and out, new one comes in */
		int vy = row.y + (row.h - gfx_lh(g, FS_HUGE)) / 2;
		int vx = row.x + labw + numw / 2;
		SDL_Rect vclip = { row.x + labw, row.y, numw, row.h };
		gfx_clip(g, &vclip);
		if (changed && e < 1) {
			int dy = (int)(e * row.h);
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, gfx_alpha(th->text, (int)(255 * (1 - e))), vx, vy - dy, AL_CENTER, 0, "%d", old);
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, th->kind[1], vx, vy + row.h - dy, AL_CENTER, 0, "%d", s->semval);
		} else {
			gfx_textf(g, FF_SANS_BOLD, FS_HUGE, changed ? th->kind[1] : th->text, vx, vy, AL_CENTER, 0, "%d", s->semval);
		}
		gfx_clip(g, NULL);
		int x = row.x + labw + numw + pad;
		/* tokens: one disc per unit of semval (at most 10) */
		int tr = gfx_s(g, 6), tx = x;
		int maxtok = (row.x + row.w - x - gfx_s(g, 190)) / (3 * tr);   /* leave room for the op chip */
		maxtok = maxtok < 1 ? 1 : maxtok > 10 ? 10 : maxtok;
		for (int k = 0; k < s->semval && k < maxtok; k++, tx += 3 * tr)
			gfx_disc(g, tx + tr, row.y + row.h / 2.0f - lh / 2.0f, tr, th->kind[1]);
		if (s->semval > maxtok)
			gfx_textf(g, FF_SANS, FS_SMALL, th->dim, tx, row.y + row.h / 2 - lh, AL_LEFT, 0, "+%d", s->semval - maxtok);
		if (s->semval == 0)
			gfx_text(g, FF_SANS, FS_SMALL, th->dim, x, row.y + row.h / 2 - lh, AL_LEFT, 0, "0: semop(-1) sleeps");
		/* last op chip */
		int rx = row.x + row.w - pad;
		if (on && i < 8 && b->last_op[i]) {
			if (b->last_op[i] == 0x7fff)
				snprintf(buf, sizeof buf, "wait-for-0 by %s%s", frame_proc_label(f, b->last_pid, who, sizeof who), b->last_err ? " FAILED" : "");
			else
				snprintf(buf, sizeof buf, "%+d by %s%s", b->last_op[i], frame_proc_label(f, b->last_pid, who, sizeof who), b->last_err ? " FAILED" : "");
			int w, h;
			gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &w, &h);
			SDL_Rect chip = { rx - w - pad, row.y + gfx_s(g, 3), w + pad, h + 2 };
			gfx_rfill(g, chip, h / 2, b->last_err ? th->err : th->kind[1]);
			gfx_text(g, FF_SANS_BOLD, FS_BODY, th->bg, rx - pad / 2, chip.y + 1, AL_RIGHT, 0, buf);
		} else if (s->sempid) {
			snprintf(buf, sizeof buf, "sempid %d", s->sempid);
			gfx_text(g, FF_SANS, FS_SMALL, th->dim, rx, row.y + gfx_s(g, 3), AL_RIGHT, 0, buf);
		}
		/* waiters */
		int wy = row.y + row.h / 2 + gfx_s(g, 1);
		int ww = row.x + row.w - x - pad;
		if (s->nncnt) {
			snprintf(buf, sizeof buf, "wait for >0 (ncnt %u):", s->ncnt_total);
			x += frame_pids(f, x, wy, ww, th->state[PS_SLEEPING], buf, s->ncnt, s->nncnt) + pad;
		}
		if (s->nzcnt) {
			snprintf(buf, sizeof buf, "wait for 0 (zcnt %u):", s->zcnt_total);
			frame_pids(f, x, wy, row.x + row.w - x - pad, th->state[PS_SLEEPING], buf, s->zcnt, s->nzcnt);
		}
		y += rh;
	}
	if (b->nsems > n)
		gfx_textf(g, FF_SANS, FS_SMALL, th->dim, r.x, y, AL_LEFT, 0, "... %d more semaphores", b->nsems - n);
	if (b->nundo) {
		size_t u = (size_t)snprintf(buf, sizeof buf, "SEM_UNDO held:");
		for (int i = 0; i < b->nundo && u < sizeof buf; i++)
			u += (size_t)snprintf(buf + u, sizeof buf - u, " %s sem %d %+d%s", frame_proc_label(f, b->undo[i].pid, who, sizeof who),
					      b->undo[i].semnum, b->undo[i].semadj, i + 1 < b->nundo ? "," : "");
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y + gfx_s(g, 2), AL_LEFT, r.w, buf);
	}
}

const struct obj_view view_sem = { height, draw, subtitle };
