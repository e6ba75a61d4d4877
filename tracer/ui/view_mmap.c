/* tracer/ui/view_mmap.c: memory mapped shared (obj_mmap.c's state): shared anonymous memory or a file mapped
 * MAP_SHARED. Its pages as a strip (filled once a touch made them, each with the process that touched it first),
 * and under it one row per mapping: the process, its address, and a bar under the pages it maps, solid where it
 * has touched them (mapped in: it sees the others' stores there and they see its own). A first touch flashes the
 * page and is where the arrow from the toucher ends; a new mapping's row lights up, a removed one fades out. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

#define ROWS_MAX 6          /* mapping rows drawn before "+N more" */

/* Pages shown in the strip: the object's, at most MMAP_PAGEMAX (the pages whose touches the model keeps). */
static int shown_pages(const struct mmap_blob *b)
{
	uint32_t n = b->npages;
	for (int i = 0; i < b->nmap; i++)
		if (b->maps[i].pgoff + b->maps[i].npages > n)
			n = (uint32_t)(b->maps[i].pgoff + b->maps[i].npages);
	return n < 1 ? 1 : n > MMAP_PAGEMAX ? MMAP_PAGEMAX : (int)n;
}

static int strip_h(struct gfx *g)
{
	return gfx_lh(g, FS_BODY) + gfx_s(g, 8);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct mmap_blob *b = o->blob;
	int rows = b->nmap < 1 ? 1 : b->nmap > ROWS_MAX ? ROWS_MAX + 1 : b->nmap;
	return gfx_lh(f->g, FS_BODY) * (4 + rows) + strip_h(f->g) + gfx_s(f->g, 12);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct mmap_blob *b = o->blob;
	if (b->file)
		snprintf(buf, len, "MAP_SHARED of inode %" PRIu64, b->ino);
	else
		snprintf(buf, len, "MAP_SHARED | MAP_ANONYMOUS \xc2\xb7 %u page%s", b->npages, b->npages == 1 ? "" : "s");
}

static void title(const struct state *s, const struct obj *o, int form, char *buf, size_t len)
{
	const struct mmap_blob *b = o->blob;
	if (b->file)
		snprintf(buf, len, form ? "file %" PRIu64 : "file %" PRIu64 " mapped shared", b->ino);
	else
		snprintf(buf, len, form ? "shmem %" PRIu64 : "shared memory %" PRIu64, b->ino);
}

/* How many of the listed mappings have page p mapped in (touched). */
static int mapped_in(const struct mmap_blob *b, int p)
{
	int n = 0;
	for (int i = 0; i < b->nmap; i++)
		n += (int)(b->maps[i].touched >> p & 1);
	return n;
}

/* The summary line: size, mappings, pages in use. */
static void summary(struct frame_ctx *f, const struct mmap_blob *b, int x, int y, int w)
{
	struct gfx *g = f->g;
	char a0[200], a1[96], a2[48], sz[32];
	int made = __builtin_popcountll(b->made);
	snprintf(a0, sizeof a0, "%s \xc2\xb7 %d mapping%s \xc2\xb7 %d page%s in use \xc2\xb7 %u first touches", frame_size((uint64_t)b->npages * 4096, sz, sizeof sz),
		 b->nmap + b->more, b->nmap + b->more == 1 ? "" : "s", made, made == 1 ? "" : "s", b->ntouch);
	snprintf(a1, sizeof a1, "%s \xc2\xb7 %d mapped \xc2\xb7 %d in use", sz, b->nmap + b->more, made);
	snprintf(a2, sizeof a2, "%d mapped", b->nmap + b->more);
	const char *alts[] = { a0, a1, a2 };
	gfx_text_fit(g, FF_SANS, FS_BODY, g->th.text, x, y, AL_LEFT, w, alts, 3);
}

/* Less room than it asks for: the summary and who maps it. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct mmap_blob *b = o->blob;
	summary(f, b, r.x, r.y, r.w);
	int y = r.y + gfx_lh(g, FS_BODY);
	if (y + gfx_lh(g, FS_BODY) > r.y + r.h + gfx_s(g, 4))
		return;
	int32_t l[MMAP_MAPMAX];
	uint8_t n = 0;
	for (int i = 0; i < b->nmap; i++)
		pidlist_add(l, &n, MMAP_MAPMAX, b->maps[i].pid);
	if (n)
		frame_pids(f, r.x, y, r.w, g->th.dim, "mapped by:", l, n);
	else
		gfx_text(g, FF_SANS, FS_BODY, g->th.dim, r.x, y, AL_LEFT, r.w, "not mapped");
}

/* Is mapping m of b (this state) new with this event (a map.create of its process at its address)? */
static int fresh(const struct frame_ctx *f, const struct mmap_map *m, int on)
{
	const struct ev_effect *fx = f->fx;
	return on && fx->verb == FX_ATTACH && fx->pid == m->pid && fx->addr >= m->addr && fx->addr < m->addr + (uint64_t)m->npages * 4096;
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) - gfx_s(f->g, 4)) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct mmap_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	SDL_Color kc = gfx_kind_colour(th, OBJ_MMAP);
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY), y = r.y;
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat), verb = frame_verb(f);
	const struct ev_effect *fx = f->fx;
	char buf[160], a1[64], who[48];
	summary(f, b, r.x, y, r.w);
	y += lh + gfx_s(g, 4);
	/* the rows' labels take the left part; the pages and the bars share the columns on the right */
	int labw = 0;   /* as wide as the widest full label, up to 45% of the card */
	for (int i = 0; i < b->nmap && i < ROWS_MAX; i++) {
		int tw, thh;
		snprintf(buf, sizeof buf, "%s 0x%" PRIx64, frame_proc_label(f, b->maps[i].pid, who, sizeof who), b->maps[i].addr);
		gfx_measure(g, FF_MONO, FS_BODY, buf, &tw, &thh);
		labw = tw > labw ? tw : labw;
	}
	if (labw < gfx_s(g, 60))
		labw = gfx_s(g, 60);
	if (labw > r.w * 45 / 100)
		labw = r.w * 45 / 100;
	labw += pad;
	int np = shown_pages(b), sx = r.x + labw, sw = r.x + r.w - sx;
	int cw = sw / np;
	if (cw > gfx_s(g, 64))
		cw = gfx_s(g, 64);
	if (cw < 3)
		cw = 3;
	if (np * cw > sw)
		np = sw / cw;
	int sh = strip_h(g);
	const char *pa[] = { "pages:", "pg" };
	gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, r.x, y + (sh - lh) / 2, AL_LEFT, labw - pad, pa, 2);
	for (int p = 0; p < np; p++) {
		SDL_Rect c = { sx + p * cw, y, cw - (cw > 6 ? gfx_s(g, 2) : 0), sh };
		int made = (int)(b->made >> p & 1), inuse = mapped_in(b, p);
		SDL_Color fill = made ? gfx_mix(th->panel_hi, kc, inuse ? 0.75f : 0.4f) : th->panel_hi;
		int touched_now = on && verb == FX_TOUCH && fx->n == p;
		if (touched_now && e < 1)   /* the touch flashes the page */
			fill = gfx_mix(th->sel, fill, e);
		int past = !b->file && (uint32_t)p >= b->npages;   /* a mapping longer than the memory (mremap): SIGBUS there */
		if (past)
			gfx_dashed(g, c, g->line, th->err);
		else
			gfx_rfill(g, c, gfx_s(g, 3), fill);
		if (touched_now)
			gfx_frame(g, c, g->line + (int)((1 - e) * gfx_s(g, 3)), fx->flags & FXF_ALLOC ? th->warn : th->sel);
		frame_part(f, o->cat, p, c);
		/* in the cell: the page's number, when it fits */
		char n0[12];
		snprintf(n0, sizeof n0, "%d", p);
		int nw, nh;
		gfx_measure(g, FF_MONO, FS_SMALL, n0, &nw, &nh);
		if (nw <= c.w - gfx_s(g, 2))
			gfx_text(g, FF_MONO, FS_SMALL, past ? th->err : made ? th->text : th->dim, c.x + c.w / 2, c.y + (sh - gfx_lh(g, FS_SMALL)) / 2, AL_CENTER,
				 c.w, n0);
	}
	if (np < shown_pages(b) || b->npages > MMAP_PAGEMAX) {   /* pages beyond the strip */
		snprintf(buf, sizeof buf, "+%u", b->npages - (uint32_t)np);
		gfx_text(g, FF_SANS, FS_SMALL, th->dim, sx + np * cw, y + (sh - gfx_lh(g, FS_SMALL)) / 2, AL_LEFT, r.x + r.w - sx - np * cw, buf);
	}
	y += sh + gfx_s(g, 4);
	/* one row per mapping: who and where, and a bar under the pages it maps, solid where it touched them */
	if (!b->nmap) {
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, b->file ? "not mapped" : "not mapped any more");
		y += lh;
	}
	int shown = b->nmap <= ROWS_MAX ? b->nmap : ROWS_MAX;
	for (int i = 0; i < shown && y + lh <= r.y + r.h + gfx_s(g, 4); i++) {
		const struct mmap_map *m = &b->maps[i];
		int isnew = fresh(f, m, on);
		SDL_Color tc = isnew ? gfx_mix(kc, th->text, e) : th->text;
		frame_proc_label(f, m->pid, who, sizeof who);
		snprintf(buf, sizeof buf, "%s 0x%" PRIx64, who, m->addr);
		snprintf(a1, sizeof a1, "%d 0x%" PRIx64, m->pid, m->addr);
		char a2[16];
		snprintf(a2, sizeof a2, "%d", m->pid);
		const char *aa[] = { buf, a1, a2 };
		gfx_text_fit(g, FF_MONO, FS_BODY, tc, r.x, y, AL_LEFT, labw - pad, aa, 3);
		for (uint64_t p = m->pgoff; p < m->pgoff + m->npages && p < (uint64_t)np; p++) {
			SDL_Rect c = { sx + (int)p * cw, y + lh / 4, cw - (cw > 6 ? gfx_s(g, 2) : 0), lh / 2 };
			if (m->touched >> p & 1)
				gfx_fill(g, c, isnew ? gfx_mix(kc, th->sel, 1 - e) : kc);
			else
				gfx_frame(g, c, g->line, gfx_mix(th->dim, kc, 0.5f));
		}
		y += lh;
	}
	if (shown < b->nmap || b->more) {
		snprintf(buf, sizeof buf, "+%d more mappings", b->nmap - shown + b->more);
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, buf);
		y += lh;
	}
	/* who touched each page first (the process whose touch made it), as many as fit */
	if (y + lh <= r.y + r.h + gfx_s(g, 4)) {
		char s0[160];
		size_t u = (size_t)snprintf(buf, sizeof buf, "first touch:"), v = (size_t)snprintf(s0, sizeof s0, "first:");
		int any = 0;
		int32_t done[MMAP_PAGEMAX];   /* grouped by process: "pages 0, 1, 3 by sh(2); page 2 by sh(5)" */
		uint8_t ndone = 0;
		for (int p = 0; p < MMAP_PAGEMAX && u < sizeof buf && v < sizeof s0; p++) {
			int32_t pid = b->first[p];
			if (!pid || pidlist_has(done, ndone, pid))
				continue;
			pidlist_add(done, &ndone, MMAP_PAGEMAX, pid);
			int n = 0;
			for (int k = p; k < MMAP_PAGEMAX; k++)
				n += b->first[k] == pid;
			u += (size_t)snprintf(buf + u, sizeof buf - u, "%s page%s", any ? ";" : "", n > 1 ? "s" : "");
			v += (size_t)snprintf(s0 + v, sizeof s0 - v, "%s ", any ? " \xc2\xb7" : "");
			for (int k = p, m = 0; k < MMAP_PAGEMAX && u < sizeof buf && v < sizeof s0; k++)
				if (b->first[k] == pid) {
					u += (size_t)snprintf(buf + u, sizeof buf - u, "%s %d", m ? "," : "", k);
					v += (size_t)snprintf(s0 + v, sizeof s0 - v, "%s%d", m++ ? "," : "", k);
				}
			if (u < sizeof buf)
				u += (size_t)snprintf(buf + u, sizeof buf - u, " by %s", frame_proc_label(f, pid, who, sizeof who));
			if (v < sizeof s0)
				v += (size_t)snprintf(s0 + v, sizeof s0 - v, "\xe2\x86\x90%d", pid);
			any = 1;
		}
		const char *fa[] = { buf, s0 };
		if (!any)
			gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, "first touch: none yet");
		else
			gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, fa, 2);
		y += lh;
	}
	/* what the bars say */
	if (y + lh <= r.y + r.h + gfx_s(g, 4)) {
		const char *la[] = { "bar: the pages a process maps \xc2\xb7 solid: touched, so mapped in (it sees the stores there)",
				     "bar: mapped \xc2\xb7 solid: touched (mapped in)", "solid: mapped in" };
		gfx_text_fit(g, FF_SANS, FS_SMALL, th->dim, r.x, y, AL_LEFT, r.w, la, 3);
		y += lh;
	}
	/* a mapping that went fades out under the others */
	if (on && verb == FX_DETACH && pb && e < 1 && y + lh <= r.y + r.h + gfx_s(g, 4)) {
		snprintf(buf, sizeof buf, "%s unmapped 0x%" PRIx64 " (%s)", frame_proc_label(f, fx->pid, who, sizeof who), fx->addr, fx->text);
		snprintf(a1, sizeof a1, "%d unmapped", fx->pid);
		const char *da[] = { buf, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, gfx_alpha(th->dim, (int)(255 * (1 - e * 0.6f))), r.x, y, AL_LEFT, r.w, da, 2);
	}
}

const struct obj_view view_mmap = { height, draw, subtitle, title, NULL };
