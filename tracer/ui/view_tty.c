/* tracer/ui/view_tty.c: a terminal: its keyboard (a key cap with the last signal key typed, where that key's
 * signals start: arrows.c), the foreground process group that owns it (it reads the terminal and gets its keys'
 * signals) and the background groups of its session (the shell's jobs), each with its processes. POSIX calls
 * every group of the session other than the foreground one a background group (XBD 3.34). */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

#define GROUPS_MAX 16   /* process groups of a session listed */

/* The process groups of session sid, in the order of their first process; returns their count. */
static int groups(const struct frame_ctx *f, int32_t sid, int32_t *out, int max)
{
	int n = 0;
	for (int i = 0; i < f->s->nprocs && sid > 0; i++) {
		const struct proc *p = &f->s->procs[i];
		if (p->sid != sid || p->pgid <= 0 || pidlist_has(out, n, p->pgid))
			continue;
		if (n < max)
			out[n++] = p->pgid;
	}
	return n;
}

/* Are all the live processes of group pgid stopped (job control: ^Z)? 0 when none is. */
static int group_stopped(const struct frame_ctx *f, int32_t pgid)
{
	int live = 0;
	for (int i = 0; i < f->s->nprocs; i++) {
		const struct proc *p = &f->s->procs[i];
		if (p->pgid != pgid || p->state == PS_ZOMBIE)
			continue;
		if (p->state != PS_SLEEPING || strcmp(p->wchan, "stopped"))
			return 0;
		live++;
	}
	return live > 0;
}

/* "foreground group 5: yes(5), head(6)" in forms 0..2 (the shortest: "fg 5: 5, 6"). */
static void group_line(const struct frame_ctx *f, int32_t pgid, int fg, int form, char *buf, size_t len)
{
	static const char *const words[2][3] = { { "background group", "bg group", "bg" }, { "foreground group", "fg group", "fg" } };
	char who[48];
	size_t u = (size_t)snprintf(buf, len, "%s %d%s:", words[fg][form], pgid,
				    group_stopped(f, pgid) ? form == 2 ? " stopped" : " (stopped)" : "");
	int k = 0;
	for (int i = 0; i < f->s->nprocs && u < len; i++) {
		const struct proc *p = &f->s->procs[i];
		if (p->pgid != pgid)
			continue;
		if (form == 2)
			u += (size_t)snprintf(buf + u, len - u, "%s%d", k ? ", " : " ", p->pid);
		else
			u += (size_t)snprintf(buf + u, len - u, "%s%s", k ? ", " : " ", frame_proc_label(f, p->pid, who, sizeof who));
		k++;
	}
	if (!k && u < len)
		snprintf(buf + u, len - u, " %s", form == 2 ? "-" : "no process");
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct tty_blob *b = o->blob;
	int32_t l[GROUPS_MAX];
	int n = groups(f, b->session, l, GROUPS_MAX);
	int lines = n > 5 ? 5 : n < 2 ? 2 : n;
	return lines * gfx_lh(f->g, FS_BODY) + gfx_s(f->g, 10);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct tty_blob *b = o->blob;
	if (b->session)
		snprintf(buf, len, "%sthe controlling terminal of session %d", o->id == 0 ? "the console, " : "", b->session);
	else
		snprintf(buf, len, "%sno session", o->id == 0 ? "the console, " : "");
}

/* Is the current event a key typed on o, or one of that key's signals? */
static int key_event(const struct frame_ctx *f, const struct obj *o)
{
	return f->fx && f->fx->obj == o->cat && (f->fx->verb == FX_TTY_SIGNAL || (f->fx->flags & FXF_TTY));
}

/* The key cap at (x, y), h high: the last signal key typed (pressed while it acts). Returns its width. */
static int key_cap(struct frame_ctx *f, const struct obj *o, int x, int y, int h)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct tty_blob *b = o->blob;
	int pressed = key_event(f, o);
	const char *k = b->key[0] ? b->key : "^C";
	int tw, th2, pad = gfx_s(g, 8);
	gfx_measure(g, FF_MONO, FS_BIG, "^\\", &tw, &th2);
	int w = tw + 2 * pad;
	if (h > gfx_lh(g, FS_BIG) + gfx_s(g, 10))
		h = gfx_lh(g, FS_BIG) + gfx_s(g, 10);
	float e = frame_ease(f->anim);
	int dy = pressed && f->anim < 1 ? (int)((1 - e) * gfx_s(g, 4)) : 0;
	SDL_Rect cap = { x, y + dy, w, h };
	SDL_Color kc = th->kind[4];   /* the signals' colour: a key sends signals */
	gfx_rfill(g, (SDL_Rect){ cap.x, cap.y + gfx_s(g, 3), cap.w, cap.h }, gfx_s(g, 6), gfx_mix(th->panel, th->border, 0.8f));
	gfx_rfill(g, cap, gfx_s(g, 6), pressed ? kc : th->panel_hi);
	gfx_frame(g, cap, g->line, pressed ? kc : b->key[0] ? th->dim : th->border);
	g->moving += dy != 0;
	gfx_text(g, FF_MONO, FS_BIG, pressed ? th->bg : b->key[0] ? th->text : th->dim, cap.x + cap.w / 2,
		 cap.y + (cap.h - gfx_lh(g, FS_BIG)) / 2, AL_CENTER, 0, k);
	g->moving -= dy != 0;
	frame_part(f, o->cat, 0, (SDL_Rect){ x, y, w, h });
	return w;
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct tty_blob *b = o->blob;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	int kw = key_cap(f, o, r.x, r.y, r.h - gfx_s(g, 4));
	int x = r.x + kw + pad * 2, w = r.x + r.w - x, y = r.y;
	if (!b->session) {
		const char *na[] = { "no session: nobody's controlling terminal", "no session" };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w, na, 2);
		return;
	}
	int32_t l[GROUPS_MAX];
	int n = groups(f, b->session, l, GROUPS_MAX);
	int rows = (r.y + r.h - y) / lh;
	if (rows < 1)
		rows = 1;
	float e = frame_ease(f->anim);
	int changed = frame_ev_on(f, o->cat) && f->fx->verb == FX_TTY_PGRP;
	/* the foreground group first, then the background ones (those that fit: the rest are counted), all lines in
	 * the same form: the longest that every line fits in */
	int32_t order[GROUPS_MAX + 1];
	int m = 0, nbg = 0;
	order[m++] = b->pgrp;
	for (int i = 0; i < n; i++)
		if (l[i] != b->pgrp)
			nbg++;
	int room = nbg > rows - 1 ? rows - 2 : nbg;   /* background lines drawn; a last line counts the others */
	for (int i = 0; i < n && m - 1 < room; i++)
		if (l[i] != b->pgrp)
			order[m++] = l[i];
	char a[GROUPS_MAX + 1][3][300];
	int form = 0;
	for (int i = 0; i < m; i++) {
		int which;
		for (int k = 0; k < 3; k++)
			group_line(f, order[i], i == 0, k, a[i][k], sizeof a[i][k]);
		const char *alts[] = { a[i][0], a[i][1], a[i][2] };
		gfx_fit_width(g, i == 0 ? FF_SANS_BOLD : FF_SANS, FS_BODY, w, alts, 3, &which);
		form = which > form ? which : form;
	}
	for (int i = 0; i < m; i++) {
		SDL_Color c = i ? th->dim : changed ? gfx_mix(th->accent, th->text, e) : th->text;
		const char *alts[] = { a[i][form], a[i][2] };
		gfx_text_fit(g, i == 0 ? FF_SANS_BOLD : FF_SANS, FS_BODY, c, x, y, AL_LEFT, w, alts, 2);
		y += lh;
	}
	if (m - 1 < nbg && y + lh <= r.y + r.h + gfx_s(g, 4)) {
		char m0[48], m1[24];
		snprintf(m0, sizeof m0, "+%d more background groups", nbg - (m - 1));
		snprintf(m1, sizeof m1, "+%d more", nbg - (m - 1));
		const char *ma[] = { m0, m1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w, ma, 2);
	}
}

const struct obj_view view_tty = { height, draw, subtitle };
