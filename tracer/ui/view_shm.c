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
	snprintf(buf, len, "key 0x%llx · mode %o", (unsigned long long)b->key, b->mode & 0777);
}

/* Small card: size, shm_nattch and who. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct shm_blob *b = o->blob;
	char buf[200], sz[32];
	snprintf(buf, sizeof buf, "%s · shm_nattch %d%s", frame_size(b->size, sz, sizeof sz), b->nattch, b->dest ? " · IPC_RMID" : "");
	gfx_text(g, FF_SANS_BOLD, FS_BODY, b->dest ? th->err : th->text, r.x, r.y, AL_LEFT, r.w, buf);
	size_t u = (size_t)snprintf(buf, sizeof buf, "attached:");
	for (int i = 0; i < b->natt && u < sizeof buf; i++)
		u += (size_t)snprintf(buf + u, sizeof buf - u, " %d", b->att[i].pid);
	gfx_text(g, FF_SANS, FS_SMALL, th->dim, r.x, r.y + gfx_lh(g, FS_BODY), AL_LEFT, r.w, b->natt ? buf : "not attached");
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	if (r.h < height(f, o, r.w) * 3 / 4) {
		draw_compact(f, o, r);
		return;
	}
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct shm_blob *b = o->blob, *pb = prev ? prev->blob : NULL;
	int pad = gfx_s(g, 8), lh = gfx_lh(g, FS_BODY);
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat);
	char buf[160], sz[32], who[48];
	/* the segment: a block whose width stands for its size, with one band per attachment */
	int bw = r.w / 3;
	SDL_Rect seg = { r.x, r.y, bw, r.h - pad };
	gfx_rfill(g, seg, gfx_s(g, 6), gfx_mix(th->panel_hi, th->kind[3], 0.3f));
	if (b->dest)
		gfx_dashed(g, seg, g->line, th->err);
	else
		gfx_frame(g, seg, 1, th->kind[3]);
	gfx_text(g, FF_SANS_BOLD, FS_BIG, th->text, seg.x + seg.w / 2, seg.y + pad / 2, AL_CENTER, seg.w - pad, frame_size(b->size, sz, sizeof sz));
	int nat_old = pb ? pb->nattch : b->nattch;
	snprintf(buf, sizeof buf, "shm_nattch %d", b->nattch);
	SDL_Color nc = on && nat_old != b->nattch ? gfx_mix(th->kind[3], th->text, e) : th->text;
	gfx_text(g, FF_SANS_BOLD, FS_BODY, nc, seg.x + seg.w / 2, seg.y + pad / 2 + gfx_lh(g, FS_BIG), AL_CENTER, seg.w - pad, buf);
	/* attachments */
	int x = r.x + bw + pad * 2, y = r.y, w = r.x + r.w - x;
	if (b->natt == 0)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, x, y, AL_LEFT, w, "not attached");
	for (int i = 0; i < b->natt && i < 6; i++) {
		int fresh = on && b->last_op == 1 && b->att[i].pid == b->last_pid && (!pb || i >= pb->natt);
		SDL_Color c = fresh ? gfx_mix(th->kind[3], th->text, e) : th->text;
		snprintf(buf, sizeof buf, "%s at 0x%" PRIx64, frame_proc_label(f, b->att[i].pid, who, sizeof who), b->att[i].addr);
		gfx_fill(g, (SDL_Rect){ x - pad, y + lh / 2 - 1, pad - 2, 2 }, th->kind[3]);
		gfx_text(g, FF_MONO, FS_BODY, c, x, y, AL_LEFT, w, buf);
		y += lh;
	}
	if (b->natt > 6)
		y += (gfx_textf(g, FF_SANS, FS_SMALL, th->dim, x, y, AL_LEFT, w, "+%d more", b->natt - 6), lh);
	if (on && b->last_op == 2 && pb) {   /* the detached mapping fades out */
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
	if (b->dest)
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->err, x, r.y + r.h - pad - lh, AL_LEFT, w,
			 "IPC_RMID: destroyed at the last detach");
}

const struct obj_view view_shm = { height, draw, subtitle };
