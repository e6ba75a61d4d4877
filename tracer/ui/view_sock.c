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
	return 2 * (gfx_lh(f->g, FS_BODY) * 2 + gfx_s(f->g, 12));
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct sock_blob *b = o->blob;
	snprintf(buf, len, "%s · fds %d and %d", b->dgram ? "SOCK_DGRAM" : "SOCK_STREAM", b->fds[0], b->fds[1]);
}

/* One direction: the ring that end `to` reads (end 1 - to writes). */
static int direction(struct frame_ctx *f, const struct obj *o, int to, int x, int y, int w)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct sock_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), pad = gfx_s(g, 6);
	const struct obj *r = ring(f, b->pipes[to]);
	const struct pipe_blob *p = r ? r->blob : NULL;
	char buf[200], tmp[8];
	int from = 1 - to;
	const char *sh = (b->shut[from] & 2) ? "  (end %d shut down writing)" : "";
	snprintf(buf, sizeof buf, "end %d \xe2\x86\x92 end %d%s", from, to, "");
	int lw = gfx_text(g, FF_SANS_BOLD, FS_BODY, gfx_kind_colour(th, OBJ_SOCK), x, y, AL_LEFT, w / 3, buf);
	uint64_t used = p ? p->head - p->tail : 0;
	if (p)
		snprintf(buf, sizeof buf, "%" PRIu64 " B in ring %lld", used, (long long)b->pipes[to]);
	else
		snprintf(buf, sizeof buf, "ring %lld: nothing sent yet", (long long)b->pipes[to]);
	gfx_text(g, FF_SANS, FS_BODY, th->text, x + lw + pad * 2, y, AL_LEFT, w - lw - pad * 2, buf);
	if (sh[0])
		gfx_textf(g, FF_SANS, FS_SMALL, th->err, x + w, y, AL_RIGHT, w / 3, "end %d: SHUT_WR", from);
	y += lh;
	/* the bytes, oldest first (dgram rings hold a 4-byte length before each message) */
	char bytes[160];
	size_t u = 0;
	if (p)
		for (uint64_t q = p->tail; q < p->head && u + 4 < sizeof bytes && q - p->tail < 48; q++) {
			const char *c = pipe_known(p, q) ? frame_byte(p->ring[q % PIPE_SHADOW], tmp) : "\xc2\xb7";
			size_t l = strlen(c);
			memcpy(bytes + u, c, l);
			u += l;
		}
	bytes[u] = 0;
	SDL_Rect strip = { x, y + 1, w, lh + gfx_s(g, 2) };
	gfx_fill(g, strip, gfx_mix(th->panel, th->bg, 0.5f));
	gfx_text(g, FF_MONO, FS_BODY, th->text, x + pad, y + 2, AL_LEFT, w - 2 * pad, u ? bytes : "");
	if (p && (p->nrwait || p->nwwait))
		gfx_textf(g, FF_SANS, FS_SMALL, th->state[PS_SLEEPING], x + w - pad, y + 3, AL_RIGHT, w / 2, "%s%d waiting",
			  p->nrwait ? "reader " : "writer ", p->nrwait ? p->rwait[0] : p->wwait[0]);
	return 2 * lh + gfx_s(g, 12);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	int y = r.y;
	y += direction(f, o, 1, r.x, y, r.w);
	if (y + gfx_lh(f->g, FS_BODY) < r.y + r.h)
		direction(f, o, 0, r.x, y, r.w);
}

const struct obj_view view_sock = { height, draw, subtitle };
