/* tracer/ui/arrows.c: arrows for the current event drawn over the panels, from what the event did (the
 * model's typed effect): writer -> object -> reader when data moves, a process -> the very semaphore it
 * operated on or waits for, object -> woken processes, sender -> the target's signal for signals, parent ->
 * child for fork; a chip carrying the data moves along the arrow while the event animates. And the
 * wait-for graph: a deadlock's cycle (waiter -> what it waits on -> who could release it) in red. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

enum { TO_OBJ, FROM_OBJ };

/* The width of a chip's text (at most a third of the frame), its height in *h. */
static int chip_text_w(struct frame_ctx *f, const char *text, int *h)
{
	int w;
	gfx_measure(f->g, FF_SANS_BOLD, FS_BODY, text, &w, h);
	return w < f->g->w / 3 ? w : f->g->w / 3;
}

/* A chip: text on a rounded box of colour c, centred at (x, y); it moves with the animation. */
static void chip(struct frame_ctx *f, float x, float y, SDL_Color c, const char *text)
{
	struct gfx *g = f->g;
	int h, p = gfx_s(g, 5), w = chip_text_w(f, text, &h), maxw = g->w / 3;
	SDL_Rect r = { (int)x - w / 2 - p, (int)y - h / 2 - p / 2, w + 2 * p, h + p };
	if (r.x < 0)
		r.x = 0;
	if (r.x + r.w > g->w)
		r.x = g->w - r.w;
	gfx_rfill(g, r, gfx_s(g, 5), c);
	g->moving++;
	gfx_text(g, FF_SANS_BOLD, FS_BODY, g->th.bg, r.x + p, r.y + p / 2, AL_LEFT, maxw, text);
	g->moving--;
}

/* Where an arrow meets object cat: the part `sub` (a semaphore's row) when drawn, else the card's header. */
static int obj_point(const struct frame_ctx *f, int32_t cat, int sub, float py, float *x, float *y)
{
	const SDL_Rect *o = sub >= 0 ? frame_part_rect(f, cat, sub) : NULL;
	struct gfx *g = f->g;
	if (o) {
		*x = o->x + gfx_s(g, 4);
		*y = o->y + o->h / 2.0f;
		return 1;
	}
	if (!(o = frame_obj_rect(f, cat)))
		return 0;
	*x = o->x + gfx_s(g, 10);
	*y = o->y + gfx_lh(g, FS_BIG) / 2.0f + gfx_s(g, 4);
	if (py > o->y + gfx_s(g, 10) && py < o->y + o->h)   /* same height: straight across */
		*y = py;
	return 1;
}

/* Where an arrow meets process pid's row (its right side), 0 if it is not drawn. */
static int proc_point(const struct frame_ctx *f, int32_t pid, float *x, float *y)
{
	const SDL_Rect *p = frame_proc_rect(f, pid);
	if (!p)
		return 0;
	*x = p->x + p->w - f->g->line;
	*y = p->y + p->h / 2.0f;
	return 1;
}

/* Arrow between a process row and an object (part); dir TO_OBJ or FROM_OBJ. Returns 1 if drawn. */
static int proc_obj(struct frame_ctx *f, int32_t pid, int32_t cat, int sub, int dir, SDL_Color c, const char *label, int thin)
{
	float px, py, ox, oy;
	if (!proc_point(f, pid, &px, &py) || !obj_point(f, cat, sub, py, &ox, &oy))
		return 0;
	struct gfx *g = f->g;
	float x1 = dir == TO_OBJ ? px : ox, y1 = dir == TO_OBJ ? py : oy, x2 = dir == TO_OBJ ? ox : px, y2 = dir == TO_OBJ ? oy : py;
	float e = frame_ease(f->anim);
	float t = (float)(thin ? g->line : g->line * 2);
	gfx_arrow(g, x1, y1, x2, y2, 0, t, gfx_alpha(c, 140 + (int)(115 * (1 - e))));
	if (label && label[0] && f->anim < 1) {
		float x, y;
		gfx_curve_at(x1, y1, x2, y2, 0, 0.1f + 0.8f * e, &x, &y);
		chip(f, x, y, c, label);
	}
	return 1;
}

/* A chip for delivery and return beside process pid's signal cell, in its row's free part, with the shorter label
 * brief when only that fits there (when neither does: brief from the cell on, over the cell but not the process's
 * name). Without a cell (sig 0, or no signal stage), on its process row right of its name, else over the row. */
static void at_signal(struct frame_ctx *f, int32_t pid, int sig, SDL_Color c, const char *label, const char *brief)
{
	const SDL_Rect *r = sig ? frame_part_rect(f, PART_SIG_KEY(pid), sig) : NULL, *room;
	int cell = r != NULL;
	if (cell)
		room = frame_part_rect(f, PART_SIG_KEY(pid), PART_SIG_FREE);
	else {
		r = frame_proc_rect(f, pid);
		room = frame_part_rect(f, PART_SIG_KEY(pid), PART_NAME_FREE);
	}
	if (!r || f->anim >= 1)
		return;
	float x = r->x + r->w / 2.0f, y = room && !cell ? room->y + room->h / 2.0f : r->y + r->h / 2.0f;
	const char *alts[] = { label, brief };
	for (int i = 0; i < 2 && room; i++) {
		int h, w = alts[i] ? chip_text_w(f, alts[i], &h) + 2 * gfx_s(f->g, 5) : INT32_MAX;
		if (w <= room->w) {   /* at the room's left for a cell, right-aligned in a process row */
			x = cell ? room->x + w / 2.0f : room->x + room->w - w / 2.0f, label = alts[i];
			break;
		}
		if (cell && (i == 1 || !brief)) {   /* no room for either: from the cell on, over it and the room, not the name */
			label = brief ? brief : label;
			x = r->x + (chip_text_w(f, label, &h) + 2 * gfx_s(f->g, 5)) / 2.0f;
		}
		if (!cell && (i == 1 || !brief))
			y = r->y + r->h / 2.0f;   /* over the row, as before there was room */
	}
	chip(f, x, y - (1 - frame_ease(f->anim)) * gfx_s(f->g, 20), c, label);
}

/* Process to process (fork, signals): a bent arrow between rows, or to the target's signal cell. */
static void proc_proc(struct frame_ctx *f, int32_t from, int32_t to, int sig, SDL_Color c, const char *label)
{
	struct gfx *g = f->g;
	float x1 = 0, y1 = 0, x2, y2;
	const SDL_Rect *cell = sig ? frame_part_rect(f, PART_SIG_KEY(to), sig) : NULL;
	int have_from = from > 0 ? proc_point(f, from, &x1, &y1) : 0;
	if (!have_from && from == 0 && f->kernel_badge.w) {
		x1 = f->kernel_badge.x + f->kernel_badge.w / 2.0f;
		y1 = f->kernel_badge.y + f->kernel_badge.h;
		have_from = 1;
	}
	if (cell) {
		x2 = cell->x + cell->w / 2.0f;
		y2 = cell->y + cell->h / 2.0f;
	} else if (!proc_point(f, to, &x2, &y2)) {
		return;
	}
	if (!have_from || (from == to && !cell)) {   /* to itself (raise), or from nowhere drawn: a chip at the target */
		if (f->anim < 1)
			chip(f, x2 - gfx_s(g, 60), y2, c, label);
		return;
	}
	float bend = cell ? 0 : (y2 > y1 ? -1.0f : 1.0f) * gfx_s(g, 60);
	float e = frame_ease(f->anim);
	gfx_arrow(g, x1, y1, x2, y2, bend, (float)g->line * 2, gfx_alpha(c, 160 + (int)(95 * (1 - e))));
	if (f->anim < 1) {
		float px, py;
		gfx_curve_at(x1, y1, x2, y2, bend, 0.1f + 0.8f * e, &px, &py);
		chip(f, px, py, c, label);
	}
}

/* A signal from a key typed on terminal cat: from its key cap (or its card) to the target's signal cell (or row);
 * label (NULL: none) on a chip that moves along. */
static void key_to_proc(struct frame_ctx *f, int32_t cat, int32_t to, int sig, SDL_Color c, const char *label)
{
	struct gfx *g = f->g;
	const SDL_Rect *k = frame_part_rect(f, cat, 0), *cell = sig ? frame_part_rect(f, PART_SIG_KEY(to), sig) : NULL;
	if (!k)
		k = frame_obj_rect(f, cat);
	float x1, y1, x2, y2;
	if (cell) {
		x2 = cell->x + cell->w / 2.0f;
		y2 = cell->y + cell->h / 2.0f;
	} else if (!proc_point(f, to, &x2, &y2)) {
		return;
	}
	if (!k) {
		if (f->anim < 1 && label)
			chip(f, x2 - gfx_s(g, 60), y2, c, label);
		return;
	}
	x1 = k->x + k->w / 2.0f;
	y1 = cell && cell->y < k->y ? k->y : k->y + k->h;
	float e = frame_ease(f->anim);
	float bend = cell ? 0 : gfx_s(g, 40);
	gfx_arrow(g, x1, y1, x2, y2, bend, (float)g->line * 2, gfx_alpha(c, 160 + (int)(95 * (1 - e))));
	if (f->anim < 1 && label) {
		float px, py;
		gfx_curve_at(x1, y1, x2, y2, bend, 0.1f + 0.8f * e, &px, &py);
		chip(f, px, py, c, label);
	}
}

/* The semaphore (or end) a woken process slept on, from the state before the event. */
static int slept_on(const struct frame_ctx *f, int32_t pid)
{
	const struct proc *p = state_proc((struct state *)f->prev, pid);
	if (!p || p->state != PS_SLEEPING)
		return -1;
	return p->wait.kind == WAIT_SEM ? p->wait.semnum : -1;
}

void arrows_draw(struct frame_ctx *f)
{
	const struct ev_effect *fx = f->fx;
	if (!fx || fx->verb == FX_NONE)
		return;
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	char label[128], q[96];
	label[0] = 0;
	int32_t cat = fx->obj;
	const struct obj *o = cat >= 0 ? state_obj_by_cat(f->s, cat) : NULL;
	if (!o && cat >= 0)
		o = state_obj_by_cat(f->prev, cat);
	SDL_Color kc = o ? gfx_kind_colour(th, o->kind) : th->kind[5];
	switch (fx->verb) {
	case FX_PUT:
	case FX_TAKE:
		frame_quote(fx->data, fx->ndata, fx->flags & FXF_MORE_DATA, 12, q, sizeof q);
		if (o && o->kind == OBJ_MSG)
			snprintf(label, sizeof label, "type %lld %s", (long long)fx->mtype, fx->ndata ? q : "");
		else if (o && o->kind == OBJ_MQ)
			snprintf(label, sizeof label, "prio %lld %s", (long long)fx->mtype, fx->ndata ? q : "");
		else if (o && o->kind == OBJ_UNIX && fx->verb == FX_TAKE && fx->sub == 2)
			snprintf(label, sizeof label, "accept: fd %lld", (long long)fx->n);
		else if (o && o->kind == OBJ_UNIX && fx->text[0])   /* a descriptor travels with the bytes */
			snprintf(label, sizeof label, "%.30s + %.60s", fx->ndata ? q : "", fx->text);
		else if (fx->flags & FXF_EOF)
			snprintf(label, sizeof label, "EOF");
		else if (fx->ndata)
			snprintf(label, sizeof label, "%s", q);
		else
			snprintf(label, sizeof label, "%lld B", (long long)fx->n);
		proc_obj(f, fx->pid, cat, -1, fx->verb == FX_PUT ? TO_OBJ : FROM_OBJ, kc, label, 0);
		return;
	case FX_SEMOP:
		for (int k = 0; k < fx->nsops; k++) {
			snprintf(label, sizeof label, "sem %d %+d", fx->sops[k].num, fx->sops[k].op);
			proc_obj(f, fx->pid, cat, fx->sops[k].num, TO_OBJ, kc, label, fx->nsops > 1);
		}
		return;
	case FX_BLOCK: {
		const struct proc *p = state_proc((struct state *)f->s, fx->pid);
		char wt[80] = "";
		if (p)
			frame_wait_text(f, p, 2, wt, sizeof wt);
		snprintf(label, sizeof label, "%s waits", wt[0] ? wt : "");
		proc_obj(f, fx->pid, cat, fx->sub, TO_OBJ, th->state[PS_SLEEPING], label, 1);
		return;
	}
	case FX_WAKE:
	case FX_OPEN:
		if (fx->verb == FX_OPEN) {
			snprintf(label, sizeof label, "open(%s)", fx->text);
			proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, label, 0);
		}
		for (int k = 0; k < fx->npids; k++)
			proc_obj(f, fx->pids[k], cat, slept_on(f, fx->pids[k]), FROM_OBJ, fx->err[0] ? th->err : th->ok,
				 fx->err[0] ? fx->err : "wake", 0);
		return;
	case FX_FAIL:
		proc_obj(f, fx->pid, cat, fx->nsops ? fx->sops[0].num : -1, TO_OBJ, th->err, fx->err, 0);
		return;
	case FX_CREATE:
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, "create", 1);
		return;
	case FX_CLOSE:
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, fx->sub == 1 ? "close(write end)" : "close(read end)", 1);
		return;
	case FX_SHUTDOWN:
		snprintf(label, sizeof label, "shutdown(%s)", fx->text);
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, label, 1);
		return;
	case FX_REMOVE:
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, th->err, fx->text[0] ? fx->text : "gone", 1);
		for (int k = 0; k < fx->npids; k++)   /* a socket's sleepers wake to find it closed */
			proc_obj(f, fx->pids[k], cat, slept_on(f, fx->pids[k]), FROM_OBJ, th->err, o && o->kind == OBJ_UNIX ? "wake" : "EIDRM", 0);
		return;
	case FX_REQUEUE:   /* the waker to the new word, and each sleeper moved there */
		snprintf(label, sizeof label, "requeue %lld", (long long)fx->n);
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, label, 1);
		for (int k = 0; k < fx->npids; k++)   /* the waker's chip says how many: theirs would pile up */
			proc_obj(f, fx->pids[k], cat, -1, TO_OBJ, th->state[PS_SLEEPING], NULL, 1);
		return;
	case FX_ATTACH:
	case FX_DETACH:
		if (o && o->kind == OBJ_MMAP)   /* a shared mapping: how it came or went, and where */
			snprintf(label, sizeof label, "%s 0x%llx", fx->verb == FX_ATTACH ? (!strcmp(fx->text, "fork") ? "fork: mapped" : fx->text) :
				 !strcmp(fx->text, "exit") ? "exit: unmapped" : "munmap", (unsigned long long)fx->addr);
		else
			snprintf(label, sizeof label, "%s 0x%llx", fx->verb == FX_ATTACH ? "shmat" : "shmdt", (unsigned long long)fx->addr);
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, label, 0);
		return;
	case FX_TOUCH:   /* the toucher to the page's cell: a store goes in, a load comes out */
		snprintf(label, sizeof label, "%s page %lld%s", fx->text, (long long)fx->n, fx->flags & FXF_ALLOC ? " (new)" : "");
		proc_obj(f, fx->pid, cat, fx->sub, strcmp(fx->text, "store") ? FROM_OBJ : TO_OBJ, fx->flags & FXF_ALLOC ? th->warn : kc, label, 0);
		return;
	case FX_CTL:
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, kc, fx->text, 1);
		return;
	case FX_FORK:
		if (fx->npids)
			proc_proc(f, fx->pid, fx->pids[0], 0, th->ok, "fork");
		return;
	case FX_SIG_GENERATE:
		snprintf(q, sizeof q, " = 0x%llx", (unsigned long long)fx->mtype);   /* the value a sigqueue sent with it */
		snprintf(label, sizeof label, "%.20s%s%.30s%.24s%s", fx->flags & FXF_TTY ? fx->text : "", fx->flags & FXF_TTY ? ": " : "",
			 sig_name(fx->sig), fx->flags & FXF_VALUE ? q : "", fx->flags & FXF_COALESCED ? ": merged" : fx->flags & FXF_QUEUED ? ": queued" :
			 fx->flags & FXF_BLOCKED ? ": blocked" : "");
		if (fx->npids && (fx->flags & FXF_TTY))
			key_to_proc(f, cat, fx->pids[0], fx->sig, th->kind[4], label);
		else if (fx->npids)
			proc_proc(f, fx->pid, fx->pids[0], fx->sig, th->kind[4], label);
		return;
	case FX_TTY_SIGNAL:   /* the key, to each process of the foreground group (their sig.generate follow) */
		snprintf(label, sizeof label, "%s: %s", fx->text, sig_short(fx->sig));
		for (int k = 0; k < fx->npids; k++)   /* one chip: the key goes to the whole group */
			key_to_proc(f, cat, fx->pids[k], 0, th->kind[4], k ? NULL : label);
		return;
	case FX_TTY_PGRP:
		if (fx->text[0] && !fx->n)
			snprintf(label, sizeof label, "no session");
		else
			snprintf(label, sizeof label, "foreground: group %lld", (long long)fx->n);
		proc_obj(f, fx->pid, cat, -1, TO_OBJ, gfx_kind_colour(th, OBJ_TTY), label, 0);
		return;
	case FX_SIG_DELIVER:
		snprintf(q, sizeof q, " 0x%llx", (unsigned long long)fx->mtype);
		snprintf(label, sizeof label, "%s%.24s \xe2\x86\x92 %.40s", sig_short(fx->sig), fx->flags & FXF_VALUE ? q : "",
			 fx->flags & FXF_HANDLER ? "handler" : fx->text);
		at_signal(f, fx->pid, fx->sig, th->kind[4], label, strstr(label, "\xe2\x86\x92"));
		return;
	case FX_SIG_RETURN:
		snprintf(label, sizeof label, "sigreturn (%s)", sig_short(fx->sig));
		at_signal(f, fx->pid, fx->sig, th->kind[4], label, "sigreturn");
		return;
	case FX_SIG_IGNORE:
		snprintf(label, sizeof label, "%s%s%s ignored", fx->flags & FXF_TTY ? fx->text : "", fx->flags & FXF_TTY ? ": " : "",
			 sig_short(fx->sig));
		if (fx->flags & FXF_TTY && fx->npids)
			key_to_proc(f, cat, fx->pids[0], 0, th->dim, label);
		else
			at_signal(f, fx->npids ? fx->pids[0] : fx->pid, fx->sig, th->dim, label, "ignored");
		return;
	case FX_SIG_INTERRUPT:
		snprintf(label, sizeof label, "%s: %s", fx->text[0] ? fx->text : "call", fx->err[0] ? fx->err : "EINTR");
		at_signal(f, fx->pid, 0, th->err, label, NULL);
		return;
	default:
		return;
	}
}

void waitgraph_draw(struct frame_ctx *f)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	int all = f->info && f->info->show_graph;
	if (!all)
		return;
	for (int i = 0; i < f->wg.ne; i++) {
		const struct wf_edge *e = &f->wg.e[i];
		int dead = waitgraph_is_dead(&f->wg, e->waiter) && waitgraph_is_dead(&f->wg, e->releaser);
		SDL_Color c = dead ? th->err : gfx_alpha(th->state[PS_SLEEPING], 200);
		float px, py, ox, oy, rx, ry;
		if (!proc_point(f, e->waiter, &px, &py) || !obj_point(f, e->obj, e->sub, py, &ox, &oy))
			continue;
		float t = (float)(dead ? g->line * 2 : g->line);
		gfx_arrow(g, px, py, ox, oy, 0, t, c);                   /* waits on */
		if (proc_point(f, e->releaser, &rx, &ry))                /* could be released by: back, bent below */
			gfx_arrow(g, ox, oy + gfx_s(g, 4), rx, ry + gfx_s(g, 4), gfx_s(g, 24), (float)g->line, gfx_alpha(c, 200));
	}
}
