/* tracer/ui/view_sock.c: a socketpair: its two directions, each the ring one end writes and the other reads
 * (fill, the bytes in it, who waits), and shutdowns. The rings are pipe objects; their cards are not drawn
 * separately (views.c), their events point here. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

static const struct obj *ring(const struct frame_ctx *f, int64_t id)
{
	const struct state *s = f->s;
	for (int i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == OBJ_PIPE && s->objs[i].id == id)
			return &s->objs[i];
	return NULL;
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	return 2 * (gfx_lh(f->g, FS_BODY) * 2 + gfx_s(f->g, 8));
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct sock_blob *b = o->blob;
	snprintf(buf, len, "%s \xc2\xb7 fds %d and %d", b->dgram ? "SOCK_DGRAM" : "SOCK_STREAM", b->fds[0], b->fds[1]);
}

/* One direction: the ring that end `to` reads (end 1 - to writes). Returns its height. */
static int direction(struct frame_ctx *f, const struct obj *o, int to, int x, int y, int w, int room)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sock_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), pad = gfx_s(g, 6);
	const struct obj *r = ring(f, b->pipes[to]);
	const struct pipe_blob *p = r ? r->blob : NULL;
	char a0[200], a1[100], tmp[8];
	int from = 1 - to;
	uint64_t used = p ? p->head - p->tail : 0;
	const char *shut = (b->shut[from] & 2) ? ", SHUT_WR" : "";
	if (p) {
		snprintf(a0, sizeof a0, "end %d \xe2\x86\x92 end %d: %" PRIu64 " B in ring %lld%s", from, to, used, (long long)b->pipes[to], shut);
		snprintf(a1, sizeof a1, "%d \xe2\x86\x92 %d: %" PRIu64 " B%s", from, to, used, shut);
	} else {
		snprintf(a0, sizeof a0, "end %d \xe2\x86\x92 end %d: nothing sent yet%s", from, to, shut);
		snprintf(a1, sizeof a1, "%d \xe2\x86\x92 %d: empty%s", from, to, shut);
	}
	const char *alts[] = { a0, a1 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, (b->shut[from] & 2) ? th->err : gfx_kind_colour(th, OBJ_SOCK), x, y, AL_LEFT, w, alts, 2);
	if (room < 2 * lh)
		return lh;
	y += lh;
	/* the bytes, oldest first (dgram rings hold a 4-byte length before each message); who waits at the right */
	char bytes[160], wt[64] = "";
	SDL_Rect strip = { x, y + 1, w, lh + gfx_s(g, 2) };
	gfx_fill(g, strip, gfx_mix(th->panel, th->bg, 0.5f));
	int ww = 0;
	if (p && (p->nrwait || p->nwwait)) {
		char who[48];
		snprintf(wt, sizeof wt, "%s waits", frame_proc_label(f, p->nrwait ? p->rwait[0] : p->wwait[0], who, sizeof who));
		ww = gfx_text(g, FF_SANS, FS_BODY, th->state[PS_SLEEPING], x + w - pad, y + 1, AL_RIGHT, w / 2, wt) + pad;
	}
	int cw, chh;
	gfx_measure(g, FF_MONO, FS_BODY, "0", &cw, &chh);
	size_t u = 0, max = cw > 0 ? (size_t)((w - 2 * pad - ww) / cw) : 0;   /* a monospaced font: that many characters fit */
	if (p)
		for (uint64_t q = p->tail; q < p->head && q - p->tail < 48; q++) {
			uint8_t v;
			const char *c = frame_pipe_byte(f, r, q, &v) ? frame_byte(v, tmp) : "\xc2\xb7";
			size_t l = strlen(c), shown = c[0] == '\xc2' ? 1 : l;
			if (u + l + 1 > sizeof bytes || max < shown)
				break;
			memcpy(bytes + u, c, l);
			u += l;
			max -= shown;
		}
	bytes[u] = 0;
	if (u)
		gfx_text(g, FF_MONO, FS_BODY, th->text, x + pad, y + 1, AL_LEFT, 0, bytes);
	return 2 * lh + gfx_s(g, 8);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	int y = r.y;
	y += direction(f, o, 1, r.x, y, r.w, r.y + r.h - y);
	if (y + gfx_lh(f->g, FS_BODY) <= r.y + r.h)
		direction(f, o, 0, r.x, y, r.w, r.y + r.h - y);
}

const struct obj_view view_sock = { height, draw, subtitle };
