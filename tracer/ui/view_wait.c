/* tracer/ui/view_wait.c: the wait-for graph as a card on the stage, the picture of a textbook deadlock: the
 * deadlocked processes on a ring, an arrow from each to the process it waits for, labelled with what it waits
 * on ("sem 1": philo(4) waits for sem 1, which philo(5) holds). The card appears the moment the cycle closes
 * (the model's waitgraph.c finds it). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

#define CYCLE_MAX 16

/* One step of the cycle: pid waits on (obj, sub), which the next step's process can release. */
struct step {
	int32_t pid, obj;
	int16_t sub;
};

/* Follow the deadlocked processes' waits from the first one round the cycle; returns its length. */
static int cycle(const struct frame_ctx *f, struct step *st)
{
	int n = 0;
	int32_t p = f->wg.ndead ? f->wg.dead[0] : -1;
	while (p >= 0 && n < CYCLE_MAX) {
		int next = -1;
		for (int k = 0; k < n; k++)
			if (st[k].pid == p)
				return n;   /* back at a process already in it: the cycle is closed */
		for (int i = 0; i < f->wg.ne; i++) {
			const struct wf_edge *e = &f->wg.e[i];
			if (e->waiter != p || !waitgraph_is_dead(&f->wg, e->releaser))
				continue;
			st[n] = (struct step){ p, e->obj, e->sub };
			next = e->releaser;
			if (e->releaser != p)
				break;
		}
		if (next < 0)
			return n;
		n++;
		p = next;
	}
	return n;
}

int wait_wanted(struct frame_ctx *f)
{
	return f->wg.ndead > 0;
}

int wait_height(struct frame_ctx *f, int w)
{
	struct gfx *g = f->g;
	int h = w * 9 / 10, m = gfx_lh(g, FS_BODY) * 14;
	return h < m ? h : m;
}

/* "sem 1", "pipe 2", "queue 3": what a step waits on. */
static const char *what(const struct frame_ctx *f, const struct step *s, char *buf, size_t len)
{
	const struct obj *o = state_obj_by_cat(f->s, s->obj);
	if (o && o->kind == OBJ_SEM)
		snprintf(buf, len, "sem %d", s->sub);
	else if (o && o->kind == OBJ_MSG)
		snprintf(buf, len, "queue %lld", (long long)o->id);
	else if (o)
		frame_obj_label(f, s->obj, 1, buf, len);
	else
		snprintf(buf, len, "?");
	return buf;
}

void wait_draw(struct frame_ctx *f, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	gfx_clip_push(g, r);
	const char *ta[] = { "Deadlock: the wait-for cycle", "Deadlock" };
	SDL_Rect in;
	frame_card(f, r, th->err, ta, 2, &in);
	int x0 = in.x, w = in.w;
	struct step st[CYCLE_MAX];
	int n = cycle(f, st);
	SDL_Rect area = { x0, in.y + pad / 2, w, in.h - pad - lh };
	/* the process boxes on an ellipse, the first at the top, clockwise */
	char name[CYCLE_MAX][48];
	int bw[CYCLE_MAX], bh = lh + gfx_s(g, 6), maxw = 0;
	for (int i = 0; i < n; i++) {
		int hgt;
		frame_proc_label(f, st[i].pid, name[i], sizeof name[i]);
		gfx_measure(g, FF_SANS_BOLD, FS_BODY, name[i], &bw[i], &hgt);
		bw[i] += 2 * pad;
		maxw = bw[i] > maxw ? bw[i] : maxw;
	}
	float cx = area.x + area.w / 2.0f, cy = area.y + area.h / 2.0f;
	float rx = (area.w - maxw) / 2.0f, ry = (area.h - bh) / 2.0f - (n > 2 ? lh : 0);   /* room for labels outside */
	float px[CYCLE_MAX], py[CYCLE_MAX];
	/* two boxes too wide to stand side by side (long names, a narrow card): one above the other */
	int stacked = n == 2 && area.w < 2 * maxw + gfx_s(g, 24);
	if (stacked)
		rx = 0, ry = (area.h - bh) / 2.0f - lh;
	for (int i = 0; i < n; i++) {
		/* from the left, clockwise: the boxes are wide, so no two of them end up side by side at one height */
		float a = (stacked ? 0 : 4.712f) + 6.2832f * (float)i / (float)n;
		px[i] = cx + sinf(a) * rx;
		py[i] = cy - cosf(a) * ry;
	}
	/* the arrows first, their labels at the middle, then the boxes over the arrows' ends */
	for (int i = 0; i < n; i++) {
		int k = (i + 1) % n;
		float bend = n == 2 ? gfx_s(g, 40) : n == 1 ? gfx_s(g, 60) : 0;
		float x1 = px[i], y1 = py[i], x2 = px[k], y2 = py[k];
		if (n == 1) {   /* waits for itself: a loop below the box */
			x1 -= bw[i] / 4.0f, x2 += bw[i] / 4.0f, y1 += bh / 2.0f, y2 += bh / 2.0f;
		} else {   /* from box edge to box edge */
			float dx = x2 - x1, dy = y2 - y1, l = sqrtf(dx * dx + dy * dy);
			if (l < 1)
				continue;
			float ex = fabsf(dx) > 0.01f ? (bw[i] / 2.0f) / fabsf(dx / l) : 1e9f, ey = fabsf(dy) > 0.01f ? (bh / 2.0f) / fabsf(dy / l) : 1e9f;
			float s1 = (ex < ey ? ex : ey) + gfx_s(g, 2);
			ex = fabsf(dx) > 0.01f ? (bw[k] / 2.0f) / fabsf(dx / l) : 1e9f, ey = fabsf(dy) > 0.01f ? (bh / 2.0f) / fabsf(dy / l) : 1e9f;
			float s2 = (ex < ey ? ex : ey) + gfx_s(g, 4);
			x1 += dx / l * s1, y1 += dy / l * s1, x2 -= dx / l * s2, y2 -= dy / l * s2;
		}
		gfx_arrow(g, x1, y1, x2, y2, bend, (float)g->line * 2, th->err);
		char full[64];
		what(f, &st[i], full, sizeof full);
		float mx0, my0;
		gfx_curve_at(x1, y1, x2, y2, bend, 0.5f, &mx0, &my0);
		/* the label, or without its kind ("0x42013c" for "futex 0x42013c") when that does not fit beside the arrow */
		const char *lab = full, *bare = strchr(full, ' ');
		int tw, tth;
		gfx_measure(g, FF_SANS, FS_BODY, lab, &tw, &tth);
		float side = mx0 - cx >= 0 ? x0 + w - mx0 : mx0 - x0;   /* room on the outer side, stacked boxes */
		if (stacked && bare && tw + gfx_s(g, 12) > side) {
			lab = bare + 1;
			gfx_measure(g, FF_SANS, FS_BODY, lab, &tw, &tth);
		}
		/* on the arrow, or pushed outwards (then inwards) until it is clear of every box */
		static const float push[] = { 0, 0.6f, -0.6f, 1.1f, -1.1f };
		float ox = mx0 - cx, oy = my0 - cy, ol = sqrtf(ox * ox + oy * oy);
		SDL_Rect lb;
		float mx = mx0, my = my0;
		for (int t = 0; t < 5; t++) {
			if (stacked) {   /* beside its arrow, on the outer side: the two arrows bow apart, their labels too */
				mx = mx0 + (ox >= 0 ? 1 : -1) * (tw / 2.0f + gfx_s(g, 6));
				lb = (SDL_Rect){ (int)mx - tw / 2 - gfx_s(g, 3), (int)my - lh / 2, tw + gfx_s(g, 6), lh };
				break;
			}
			mx = mx0 + (ol > 1 ? ox / ol : 0) * push[t] * (bh + lh);
			my = my0 + (ol > 1 ? oy / ol : 0) * push[t] * (bh + lh);
			lb = (SDL_Rect){ (int)mx - tw / 2 - gfx_s(g, 3), (int)my - lh / 2, tw + gfx_s(g, 6), lh };
			int clear = 1;
			for (int b = 0; b < n && clear; b++) {
				SDL_Rect bx = { (int)(px[b] - bw[b] / 2.0f), (int)(py[b] - bh / 2.0f), bw[b], bh };
				clear = !SDL_HasIntersection(&lb, &bx);
			}
			if (clear)
				break;
		}
		/* never past the card's sides, where it would be cut mid-word */
		int shift = lb.x + lb.w > x0 + w ? x0 + w - (lb.x + lb.w) : 0;
		shift = lb.x + shift < x0 ? x0 - lb.x : shift;
		lb.x += shift;
		mx += (float)shift;
		gfx_rfill(g, lb, gfx_s(g, 3), th->panel);
		gfx_text(g, FF_SANS, FS_BODY, th->err, (int)mx, lb.y, AL_CENTER, 0, lab);
	}
	for (int i = 0; i < n; i++) {
		SDL_Rect b = { (int)(px[i] - bw[i] / 2.0f), (int)(py[i] - bh / 2.0f), bw[i], bh };
		gfx_rfill(g, b, gfx_s(g, 5), th->panel_hi);
		gfx_frame(g, b, g->line, th->err);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->text, b.x + pad, b.y + gfx_s(g, 3), AL_LEFT, 0, name[i]);
	}
	const char *la[] = { "A \xe2\x86\x92 B: A waits for what B holds", "waits for" };
	gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x0, r.y + r.h - lh - pad / 2, AL_LEFT, w, la, 2);
	gfx_clip_pop(g);
}
