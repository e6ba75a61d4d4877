/* tracer/ui/arrows.c: arrows for the current event drawn over the panels: writer -> object -> reader when
 * data moves, object -> woken processes, sender -> target for signals, parent -> child for fork, with a
 * chip carrying the data moving along the arrow while the event animates. */
#include <stdio.h>
#include <string.h>
#include "ui.h"

enum { TO_OBJ, FROM_OBJ };

static void chip(struct frame_ctx *f, float x, float y, SDL_Color c, const char *text)
{
	struct gfx *g = f->g;
	int w, h, p = gfx_s(g, 5);
	gfx_measure(g, FF_MONO, FS_BODY, text, &w, &h);
	int maxw = gfx_s(g, 220);
	if (w > maxw)
		w = maxw;
	SDL_Rect r = { (int)x - w / 2 - p, (int)y - h / 2 - p / 2, w + 2 * p, h + p };
	gfx_rfill(g, r, gfx_s(g, 5), c);
	gfx_text(g, FF_MONO, FS_BODY, g->th.bg, r.x + p, r.y + p / 2, AL_LEFT, maxw, text);
}

/* Arrow between a process row and an object card; dir TO_OBJ or FROM_OBJ. Returns 1 if drawn. */
static int proc_obj(struct frame_ctx *f, int32_t pid, int32_t cat, int dir, SDL_Color c, const char *label, int thin)
{
	const SDL_Rect *p = frame_proc_rect(f, pid), *o = frame_obj_rect(f, cat);
	if (!p || !o)
		return 0;
	struct gfx *g = f->g;
	/* from inside the process row to inside the card's header, so the arrow is long enough to read */
	float px = p->x + p->w - gfx_s(g, 40), py = p->y + p->h / 2.0f;
	float ox = o->x + (o->w / 6 < gfx_s(g, 70) ? o->w / 6 : gfx_s(g, 70)), oy = o->y + gfx_lh(g, FS_BIG) / 2.0f + gfx_s(g, 6);
	if (py > o->y + gfx_s(g, 10) && py < o->y + o->h)   /* same height: aim at the card's middle-left */
		oy = py;
	float x1 = dir == TO_OBJ ? px : ox, y1 = dir == TO_OBJ ? py : oy, x2 = dir == TO_OBJ ? ox : px, y2 = dir == TO_OBJ ? oy : py;
	float e = frame_ease(f->anim);
	float t = (float)(thin ? g->line : g->line * 2);
	gfx_arrow(g, x1, y1, x2, y2, 0, t, gfx_alpha(c, 140 + (int)(115 * (1 - e))));
	if (label && f->anim < 1) {
		float x, y;
		gfx_curve_at(x1, y1, x2, y2, 0, 0.1f + 0.8f * e, &x, &y);
		chip(f, x, y, c, label);
	}
	return 1;
}

/* Quoted data preview of a payload string, for chips. */
static void preview(const char *s, char *buf, size_t len)
{
	size_t u = 0;
	buf[u++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p && u + 6 < len; p++) {
		if (u > 14) {
			memcpy(buf + u, "...", 3);
			u += 3;
			break;
		}
		if (*p == '\n')
			buf[u++] = '\\', buf[u++] = 'n';
		else if (*p < 0x20 || *p >= 0x7f)
			buf[u++] = '.';
		else
			buf[u++] = (char)*p;
	}
	buf[u++] = '"';
	buf[u] = 0;
}

void arrows_draw(struct frame_ctx *f)
{
	if (!f->ev || !f->evj || f->anim >= 1.5f)
		return;
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct ev_rec *r = f->ev;
	const char *ty = frame_ev_type(f);
	const struct type_info *ti = type_get(r->type);
	const cJSON *j = f->evj;
	char label[96];
	const cJSON *x;
	SDL_Color kc = gfx_kind_colour(th, ti->kind);
	int failed = cJSON_GetObjectItemCaseSensitive(j, "err") != NULL;
	label[0] = 0;
	if (ti->kind >= 0) {
		int32_t cat = r->obj;
		int dir = TO_OBJ, thin = 0;
		if (!strcmp(ty, "pipe.write") || !strcmp(ty, "pipe.read")) {
			x = cJSON_GetObjectItemCaseSensitive(j, "data");
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "n");
			if (cJSON_IsString(x) && x->valuestring[0])
				preview(x->valuestring, label, sizeof label);
			else if (cJSON_IsNumber(n) && n->valueint == 0 && ty[5] == 'r' && !failed)
				snprintf(label, sizeof label, "EOF");
			else if (cJSON_IsNumber(n))
				snprintf(label, sizeof label, "%d B", n->valueint);
			dir = ty[5] == 'r' ? FROM_OBJ : TO_OBJ;
		} else if (!strcmp(ty, "msg.send") || !strcmp(ty, "msg.recv")) {
			x = cJSON_GetObjectItemCaseSensitive(j, "text");
			const cJSON *mt = cJSON_GetObjectItemCaseSensitive(j, "mtype");
			char p[64] = "";
			if (cJSON_IsString(x))
				preview(x->valuestring, p, sizeof p);
			snprintf(label, sizeof label, "type %d %s", cJSON_IsNumber(mt) ? mt->valueint : 0, p);
			dir = ty[4] == 'r' ? FROM_OBJ : TO_OBJ;
		} else if (!strcmp(ty, "sem.op") || !strcmp(ty, "sem.block")) {
			const cJSON *sops = cJSON_GetObjectItemCaseSensitive(j, "sops"), *s;
			size_t u = 0;
			cJSON_ArrayForEach(s, sops) {
				if (u + 12 >= sizeof label)
					break;
				const cJSON *num = cJSON_GetArrayItem(s, 0), *op = cJSON_GetArrayItem(s, 1);
				if (cJSON_IsNumber(num) && cJSON_IsNumber(op))
					u += (size_t)snprintf(label + u, sizeof label - u, "%s[%d]%+d", u ? " " : "", num->valueint, op->valueint);
			}
			thin = !strcmp(ty, "sem.block");
		} else if (strstr(ty, ".wake") || strstr(ty, ".rmid")) {
			const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "woken"), *p;
			cJSON_ArrayForEach(p, w)
				if (cJSON_IsNumber(p))
					proc_obj(f, p->valueint, cat, FROM_OBJ, th->ok, f->anim < 1 ? "wake" : NULL, 0);
			return;
		} else if (strstr(ty, ".block")) {
			thin = 1;
		} else if (!strcmp(ty, "shm.attach") || !strcmp(ty, "shm.detach")) {
			x = cJSON_GetObjectItemCaseSensitive(j, "addr");
			snprintf(label, sizeof label, "%s %s", ty + 4, cJSON_IsString(x) ? x->valuestring : "");
		}
		if (failed) {
			x = cJSON_GetObjectItemCaseSensitive(j, "err");
			snprintf(label, sizeof label, "%s", cJSON_IsString(x) ? x->valuestring : "error");
			kc = th->err;
		}
		if (r->flags & EVF_BLOCK)
			kc = th->state[PS_SLEEPING];
		proc_obj(f, r->pid, cat, dir, kc, label[0] ? label : NULL, thin);
		return;
	}
	/* process to process: signals and fork */
	int32_t to = -1;
	SDL_Color c = th->kind[4];
	if (!strcmp(ty, "sig.generate")) {
		x = cJSON_GetObjectItemCaseSensitive(j, "target");
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "sig");
		to = cJSON_IsNumber(x) ? x->valueint : -1;
		snprintf(label, sizeof label, "%s", cJSON_IsNumber(s) ? sig_name(s->valueint) : "signal");
	} else if (!strcmp(ty, "proc.fork")) {
		x = cJSON_GetObjectItemCaseSensitive(j, "child");
		to = cJSON_IsNumber(x) ? x->valueint : -1;
		snprintf(label, sizeof label, "fork");
		c = th->ok;
	} else if (!strcmp(ty, "sig.deliver") && f->anim < 1) {
		const SDL_Rect *p = frame_proc_rect(f, r->pid);
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "sig");
		if (p && cJSON_IsNumber(s)) {
			const cJSON *act = cJSON_GetObjectItemCaseSensitive(j, "action");
			snprintf(label, sizeof label, "%s → %s", sig_name(s->valueint), cJSON_IsString(act) ? act->valuestring : "handler");
			int w, h;
			gfx_measure(g, FF_MONO, FS_BODY, label, &w, &h);
			chip(f, p->x + p->w - gfx_s(g, 14) - w / 2.0f, p->y + gfx_lh(g, FS_BIG) + gfx_lh(g, FS_BODY) * 0.5f + gfx_s(g, 8), c, label);
		}
		return;
	}
	const SDL_Rect *a = frame_proc_rect(f, r->pid), *b = to >= 0 ? frame_proc_rect(f, to) : NULL;
	if (!a || !b || a == b) {
		if (a && b && label[0] && f->anim < 1)   /* to itself (raise) */
			chip(f, a->x + a->w - gfx_s(g, 90), a->y + a->h / 2.0f, c, label);
		return;
	}
	float x1 = a->x + a->w - gfx_s(g, 4), y1 = a->y + a->h / 2.0f, x2 = b->x + b->w - gfx_s(g, 4), y2 = b->y + b->h / 2.0f;
	float bend = (y2 > y1 ? -1.0f : 1.0f) * gfx_s(g, 60);
	float e = frame_ease(f->anim);
	gfx_arrow(g, x1, y1, x2, y2, bend, (float)g->line * 2, gfx_alpha(c, 160 + (int)(95 * (1 - e))));
	if (f->anim < 1) {
		float px, py;
		gfx_curve_at(x1, y1, x2, y2, bend, 0.1f + 0.8f * e, &px, &py);
		chip(f, px, py, c, label);
	}
}
