/* tracer/ui/view_shm.c: a System V shared memory segment: its size, shm_nattch, which processes map
 * it and at what address, and whether IPC_RMID marked it for removal (dashed, destroyed at last detach). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	const struct shm_blob *b = o->blob;
	int n = b->natt < 1 ? 1 : b->natt > 6 ? 6 : b->natt;
	return gfx_lh(f->g, FS_BODY) * (n + 1 + (b->dest ? 1 : 0)) + gfx_s(f->g, 16);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct shm_blob *b = o->blob;
	snprintf(buf, len, "key 0x%llx \xc2\xb7 mode %o", (unsigned long long)b->key, b->mode & 0777);
}

/* Small card: size, shm_nattch and who. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct shm_blob *b = o->blob;
	char a0[200], a1[80], sz[32];
	snprintf(a0, sizeof a0, "%s \xc2\xb7 shm_nattch %d%s", frame_size(b->size, sz, sizeof sz), b->nattch, b->dest ? " \xc2\xb7 IPC_RMID" : "");
	snprintf(a1, sizeof a1, "%s, nattch %d", sz, b->nattch);
	const char *alts[] = { a0, a1 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, b->dest ? th->err : th->text, r.x, r.y, AL_LEFT, r.w, alts, 2);
	if (2 * gfx_lh(g, FS_BODY) > r.h + gfx_s(g, 4))
		return;
	int32_t l[SHM_ATTMAX];
	for (int i = 0; i < b->natt; i++)
		l[i] = b->att[i].pid;
	if (b->natt)
		frame_pids(f, r.x, r.y + gfx_lh(g, FS_BODY), r.w, th->dim, "attached:", l, b->natt);
	else
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, r.y + gfx_lh(g, FS_BODY), AL_LEFT, r.w, "not attached");
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) - gfx_s(f->g, 4)) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct shm_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	int verb = frame_verb(f);
	char buf[160], sz[32], who[48];
	/* the segment: a block standing for its memory, its size and shm_nattch in it (wide enough for both: a narrow
	 * card takes the compact form) */
	int bw = r.w / 3, need, tw, th2;
	gfx_measure(g, FF_SANS_BOLD, FS_BIG, frame_size(b->size, sz, sizeof sz), &need, &th2);
	snprintf(buf, sizeof buf, "nattch %d", b->nattch);
	gfx_measure(g, FF_SANS_BOLD, FS_BODY, buf, &tw, &th2);
	need = (need > tw ? need : tw) + pad * 2;
	if (bw < need)
		bw = need;
	if (bw > r.w / 2) {
		draw_compact(f, o, r);
		return;
	}
	SDL_Rect seg = { r.x, r.y, bw, r.h - pad };
	gfx_rfill(g, seg, gfx_s(g, 6), gfx_mix(th->panel_hi, th->kind[3], 0.3f));
	if (b->dest)
		gfx_dashed(g, seg, g->line, th->err);
	else
		gfx_frame(g, seg, 1, th->kind[3]);
	gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, seg.x + seg.w / 2, seg.y + pad / 2, AL_CENTER, seg.w - pad, frame_size(b->size, sz, sizeof sz));
	int nat_old = pb ? pb->nattch : b->nattch;
	char n0[32], n1[16];
	snprintf(n0, sizeof n0, "shm_nattch %d", b->nattch);
	snprintf(n1, sizeof n1, "nattch %d", b->nattch);
	const char *na[] = { n0, n1 };
	SDL_Color nc = on && nat_old != b->nattch ? gfx_mix(th->kind[3], th->text, e) : th->text;
	if (seg.h >= gfx_lh(g, FS_BIG) + lh + pad / 2)
		gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, nc, seg.x + seg.w / 2, seg.y + pad / 2 + gfx_lh(g, FS_BIG), AL_CENTER, seg.w - pad, na, 2);
	/* attachments */
	int x = r.x + bw + pad * 2, y = r.y, w = r.x + r.w - x;
	int rows = (r.y + r.h - y) / lh - (b->dest ? 1 : 0);
	if (b->natt == 0) {
		const char *na0[] = { "not attached", "none" };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w, na0, 2);
	}
	int shown = b->natt < rows ? b->natt : rows > 1 ? rows - 1 : 0;
	if (b->natt <= rows)
		shown = b->natt;
	for (int i = 0; i < shown; i++) {
		int fresh = on && verb == FX_ATTACH && b->att[i].pid == f->fx->pid && (!pb || i >= pb->natt);
		SDL_Color c = fresh ? gfx_mix(th->kind[3], th->text, e) : th->text;
		char a1[64];
		snprintf(buf, sizeof buf, "%s at 0x%" PRIx64, frame_proc_label(f, b->att[i].pid, who, sizeof who), b->att[i].addr);
		snprintf(a1, sizeof a1, "%s", who);
		const char *aa[] = { buf, a1 };
		gfx_fill(g, (SDL_Rect){ x - pad, y + lh / 2 - 1, pad - 2, 2 }, th->kind[3]);
		gfx_text_fit(g, FF_MONO, FS_BODY, c, x, y, AL_LEFT, w, aa, 2);
		y += lh;
	}
	if (shown < b->natt) {
		snprintf(buf, sizeof buf, "+%d more", b->natt - shown);
		gfx_text(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w, buf);
		y += lh;
	}
	if (on && verb == FX_DETACH && pb && e < 1 && y + lh <= r.y + r.h - (b->dest ? lh : 0)) {   /* the detached mapping fades out */
		for (int i = 0; i < pb->natt; i++) {
			int still = 0;
			for (int k = 0; k < b->natt; k++)
				still |= b->att[k].pid == pb->att[i].pid && b->att[k].addr == pb->att[i].addr;
			if (!still) {
				snprintf(buf, sizeof buf, "%s detached", frame_proc_label(f, pb->att[i].pid, who, sizeof who));
				gfx_text(g, FF_SANS, FS_BODY, gfx_alpha(th->dim, (int)(255 * (1 - e * 0.6f))), x, y, AL_LEFT, w, buf);
				y += lh;
				break;
			}
		}
	}
	if (b->dest) {
		const char *da[] = { "IPC_RMID: destroyed at the last detach", "IPC_RMID" };
		gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, th->err, x, r.y + r.h - pad - lh, AL_LEFT, w, da, 2);
	}
}

const struct obj_view view_shm = { height, draw, subtitle };
