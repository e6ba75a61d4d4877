/* tracer/ui/view_unix.c: a Unix domain socket (obj_unix.c's state), three ways. A connected pair (a socketpair, or
 * a client and the server's end of its connection) is one card with its two directions: each the receiving
 * socket's queue, its sk_buffs as boxes (bytes, first bytes, files travelling with them), sliding in as they are
 * sent; the second socket is drawn in the first one's card. A listening socket shows its backlog: the connections
 * waiting for accept. Any other socket (a datagram receiver, an unconnected one, one whose peer is gone) shows
 * its own queue, each datagram a box with its sender's address. Who sleeps on it, and for what, ends the card. */
#include <stdio.h>
#include <string.h>
#include "ui.h"
#include "objs.h"

static const struct obj *sock_obj(const struct state *s, int64_t id)
{
	return id >= 0 ? state_obj((struct state *)s, OBJ_UNIX, id) : NULL;
}

/* o's peer when the two are each other's: a connection drawn as one pair. */
static const struct obj *pair_peer(const struct state *s, const struct obj *o)
{
	const struct unix_blob *b = o->blob;
	const struct obj *p = b->state == UNIX_LISTENING ? NULL : sock_obj(s, b->peer);
	return p && ((const struct unix_blob *)p->blob)->peer == o->id ? p : NULL;
}

/* The second socket of a pair is drawn in the first one's card. */
static const struct obj *host(const struct state *s, const struct obj *o)
{
	const struct obj *p = pair_peer(s, o);
	return p && p->id < o->id ? p : NULL;
}

static int box_w(struct gfx *g)
{
	return gfx_s(g, g->projector ? 170 : 112);
}

static int box_h(struct gfx *g)
{
	return gfx_lh(g, FS_SMALL) * 2 + gfx_lh(g, FS_BODY) + gfx_s(g, 8);
}

static int waiters_h(struct frame_ctx *f, const struct unix_blob *b)
{
	return b && b->nwait ? gfx_lh(f->g, FS_BODY) : 0;
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	struct gfx *g = f->g;
	const struct unix_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), row = box_h(g) + gfx_s(g, 6);
	const struct obj *p = pair_peer(f->s, o);
	if (p)
		return 2 * (lh + row) + waiters_h(f, b) + waiters_h(f, p->blob) + 3 * gfx_s(g, 4);
	return lh + row + waiters_h(f, b) + gfx_s(g, 4);
}

static const char *const type_names[] = { "SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET" };

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct unix_blob *b = o->blob;
	if (b->fd >= 0)
		snprintf(buf, len, "%s \xc2\xb7 fd %d of pid %d", type_names[b->type % 3], b->fd, b->owner);
	else
		snprintf(buf, len, "%s", type_names[b->type % 3]);
}

static void title(const struct state *s, const struct obj *o, int form, char *buf, size_t len)
{
	const struct unix_blob *b = o->blob;
	const struct obj *p = pair_peer(s, o);
	static const char *const ty[] = { "stream", "dgram", "seqpacket" };
	if (p && form)
		snprintf(buf, len, "sock %lld \xe2\x87\x84 %lld", (long long)o->id, (long long)p->id);
	else if (p)
		snprintf(buf, len, "Unix %s %lld \xe2\x87\x84 %lld", ty[b->type % 3], (long long)o->id, (long long)p->id);
	else if (b->state == UNIX_LISTENING && form)
		snprintf(buf, len, "listener %lld", (long long)o->id);
	else if (b->state == UNIX_LISTENING)
		snprintf(buf, len, "listening socket %lld%s%s", (long long)o->id, b->addr[0] ? " " : "", b->addr);
	else if (form)
		snprintf(buf, len, "sock %lld", (long long)o->id);
	else
		snprintf(buf, len, "Unix %s %lld%s%s", ty[b->type % 3], (long long)o->id, b->addr[0] ? " " : "", b->addr);
}

/* "sock 9 /tmp/tx1" or "sock 9": a socket by its id and name (as it is now, or was when last seen). */
static const char *sock_name(const struct frame_ctx *f, int64_t id, char *buf, size_t len)
{
	const struct obj *o = sock_obj(f->s, id);
	if (!o)
		o = sock_obj(f->prev, id);
	const struct unix_blob *b = o ? o->blob : NULL;
	if (b && b->addr[0])
		snprintf(buf, len, "%s", b->addr);
	else
		snprintf(buf, len, "sock %lld", (long long)id);
	return buf;
}

/* One sk_buff: its size and files, then where it came from (or what the files are), then its first bytes. */
static void skb_box(struct frame_ctx *f, const struct unix_blob *b, const struct unix_skb *q, int k, int show_from, int x, int y,
		    int a, int hl)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	SDL_Color kc = gfx_kind_colour(th, OBJ_UNIX);
	int w = box_w(g), h = box_h(g), pad = gfx_s(g, 4), sl = gfx_lh(g, FS_SMALL);
	SDL_Rect r = { x, y, w, h };
	char s0[48], s1[24], from[56], who[48];
	gfx_rfill(g, r, gfx_s(g, 5), gfx_alpha(gfx_mix(th->panel_hi, kc, hl ? 0.45f : 0.18f), a));
	gfx_frame(g, r, 1, gfx_alpha(hl ? kc : th->border, a));
	snprintf(s0, sizeof s0, q->files ? "%u bytes + %u file%s" : "%u bytes", q->bytes, q->files, q->files == 1 ? "" : "s");
	snprintf(s1, sizeof s1, q->files ? "%u B +%u fd" : "%u B", q->bytes, q->files);
	const char *sa[] = { s0, s1 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_SMALL, gfx_alpha(q->files ? th->warn : kc, a), x + pad, y + pad, AL_LEFT, w - 2 * pad, sa, 2);
	/* the files this sk_buff carries: those of the socket's list before it are other sk_buffs' */
	int before = 0;
	for (int i = 0; i < k; i++)
		before += b->q[i].files;
	from[0] = 0;
	if (q->files && before < b->nfiles)
		snprintf(from, sizeof from, "%s%s", b->files[before], q->files > 1 ? ", ..." : "");
	else if (show_from && q->from >= 0)
		snprintf(from, sizeof from, "\xe2\x86\x90 %s", sock_name(f, q->from, who, sizeof who));
	if (from[0])
		gfx_text(g, FF_SANS, FS_SMALL, gfx_alpha(th->dim, a), x + pad, y + pad + sl, AL_LEFT, w - 2 * pad, from);
	char pv[sizeof q->preview + 2];
	gfx_text(g, FF_MONO, FS_BODY, gfx_alpha(th->text, a), x + pad, y + pad + 2 * sl + gfx_s(g, 2), AL_LEFT, w - 2 * pad,
		 frame_mono_fit(g, FS_BODY, q->preview[0] ? q->preview : "\"\"", w - 2 * pad, pv, sizeof pv));
	if (a == 255 && gfx_in(r, f->mx, f->my))
		snprintf(f->tip, sizeof f->tip, "%u unread bytes%s%s: \"%s\"%s", q->bytes, from[0] ? ", " : "", from, q->preview,
			 q->bytes > strlen(q->preview) ? " ..." : "");
}

/* Socket o's receive queue as one row of boxes in r (the newest slides in on a send to it; the one a receive
 * emptied fades out). */
static void queue_row(struct frame_ctx *f, const struct obj *o, SDL_Rect r, int show_from)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct unix_blob *b = o->blob;
	const struct obj *po = state_obj_by_cat(f->prev, o->cat);
	const struct unix_blob *pb = po ? po->blob : NULL;
	int bw = box_w(g) + gfx_s(g, 6), per_row = r.w / bw;
	float e = frame_ease(f->anim);
	int on = frame_ev_on(f, o->cat) && e < 1;
	int sent = on && frame_verb(f) == FX_PUT && pb && b->nq > pb->nq;
	int taken = on && frame_verb(f) == FX_TAKE && pb && pb->nq && (b->nq < pb->nq || b->qbytes < pb->qbytes);
	if (per_row < 1)
		per_row = 1;
	int n = b->nq, cap = n > per_row || b->qlen > (uint32_t)n ? (per_row > 1 ? per_row - 1 : 0) : n;
	if (cap > n)
		cap = n;
	gfx_clip_push(g, r);
	for (int i = 0; i < cap; i++) {
		int x = r.x + i * bw, hl = 0, moving = 0;
		if (sent && i == n - 1) {   /* the new sk_buff slides in from the right */
			x += (int)((1 - e) * (r.x + r.w - x));
			hl = moving = 1;
		}
		if (taken && b->nq < pb->nq) {   /* the rest move up one place */
			x += (int)((1 - e) * bw);
			moving = 1;
		}
		g->moving += moving;
		skb_box(f, b, &b->q[i], i, show_from, x, r.y, 255, hl);
		g->moving -= moving;
	}
	if (taken && b->nq < pb->nq) {   /* the sk_buff read leaves upwards */
		g->moving++;
		skb_box(f, pb, &pb->q[0], 0, show_from, r.x, r.y - (int)(e * r.h), (int)(255 * (1 - e)), 1);
		g->moving--;
	}
	gfx_clip_pop(g);
	char more[24];
	if (n > cap || b->qlen > (uint32_t)n) {
		snprintf(more, sizeof more, "+%u", b->qlen - (uint32_t)cap);
		gfx_text(g, FF_SANS_BOLD, FS_BODY, th->dim, r.x + cap * bw + box_w(g) / 2, r.y + (box_h(g) - gfx_lh(g, FS_BODY)) / 2,
			 AL_CENTER, box_w(g), more);
	} else if (!n) {
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x + gfx_s(g, 8), r.y + gfx_s(g, 8), AL_LEFT, r.w, "empty");
	}
}

/* Who sleeps on o, by operation: "recv waits: child(3)". Returns the height used. */
static int waiters(struct frame_ctx *f, const struct obj *o, int x, int y, int w)
{
	const struct unix_blob *b = o->blob;
	if (!b->nwait)
		return 0;
	static const char ops[] = "rasqc";
	static const char *const names[] = { "recv", "accept", "send (budget used up)", "send (queue full)", "connect (backlog full)" };
	char label[96];
	int32_t l[WAITMAX];
	for (int k = 0; k < 5; k++) {   /* the first operation anyone waits for; the others are rare together */
		int n = 0;
		for (int i = 0; i < b->nwait; i++)
			if (b->wait_op[i] == ops[k])
				l[n++] = b->wait[i];
		if (!n)
			continue;
		snprintf(label, sizeof label, "%s on sock %lld waits:", names[k], (long long)o->id);
		frame_pids(f, x, y, w, f->g->th.state[PS_SLEEPING], label, l, n);
		return gfx_lh(f->g, FS_BODY);
	}
	return 0;
}

/* One direction of a pair: what `from` sent that `to` has not read yet. Returns the height used. */
static int direction(struct frame_ctx *f, const struct obj *from, const struct obj *to, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct unix_blob *fb = from->blob, *tb = to->blob;
	int lh = gfx_lh(g, FS_BODY);
	char a0[200], a1[120], who[48] = "", lst[40] = "";
	if (fb->owner > 0)
		snprintf(who, sizeof who, " (fd %d)", fb->fd);
	if (tb->listener >= 0)
		snprintf(lst, sizeof lst, ", not accepted yet");
	const char *shut = (fb->shut & 2) ? " \xc2\xb7 SHUT_WR" : (tb->shut & 1) ? " \xc2\xb7 SHUT_RD" : "";
	const char *unit = tb->type == UNIX_STREAM ? "sk_buff" : "message";
	char a2[80];
	snprintf(a0, sizeof a0, "sock %lld%s \xe2\x86\x92 sock %lld%s: %u B in %u %s%s%s", (long long)from->id, who, (long long)to->id, lst,
		 tb->qbytes, tb->qlen, unit, tb->qlen == 1 ? "" : "s", shut);
	snprintf(a1, sizeof a1, "%lld \xe2\x86\x92 %lld%s: %u B%s", (long long)from->id, (long long)to->id,
		 tb->listener >= 0 ? " (pending)" : "", tb->qbytes, shut);
	snprintf(a2, sizeof a2, "%lld \xe2\x86\x92 %lld: %u B", (long long)from->id, (long long)to->id, tb->qbytes);
	const char *alts[] = { a0, a1, a2 };
	gfx_text_fit(g, FF_SANS_BOLD, FS_BODY, shut[0] ? th->err : gfx_kind_colour(th, OBJ_UNIX), r.x, r.y, AL_LEFT, r.w, alts, 3);
	int y = r.y + lh;
	queue_row(f, to, (SDL_Rect){ r.x, y, r.w, box_h(g) }, tb->type != UNIX_STREAM);
	y += box_h(g) + gfx_s(g, 6);
	int wh = waiters(f, to, r.x, y, r.w);
	return y + (wh ? wh + gfx_s(g, 4) : 0) - r.y;
}

/* A listener: its name and backlog, then the connections waiting for accept. */
static void listener(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct unix_blob *b = o->blob;
	SDL_Color kc = gfx_kind_colour(th, OBJ_UNIX);
	int lh = gfx_lh(g, FS_BODY), bw = box_w(g) + gfx_s(g, 6), pad = gfx_s(g, 4), sl = gfx_lh(g, FS_SMALL);
	char a0[160], a1[120], a2[80], s0[48], s1[64], who[48];
	snprintf(a0, sizeof a0, "listening%s%s \xc2\xb7 %u of backlog %u waiting for accept", b->addr[0] ? " on " : "", b->addr, b->npending, b->backlog);
	snprintf(a1, sizeof a1, "%s%s%u of %u pending", b->addr, b->addr[0] ? " \xc2\xb7 " : "", b->npending, b->backlog);
	snprintf(a2, sizeof a2, "%u of %u pending", b->npending, b->backlog);
	const char *alts[] = { a0, a1, a2 };
	gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, r.y, AL_LEFT, r.w, alts, 3);
	int y = r.y + lh, per_row = r.w / bw;
	if (per_row < 1)
		per_row = 1;
	for (int i = 0; i < b->npending && i < per_row; i++) {
		SDL_Rect br = { r.x + i * bw, y, box_w(g), box_h(g) };
		const struct obj *server = sock_obj(f->s, b->pending[i].server);
		const struct unix_blob *sb = server ? server->blob : NULL;
		gfx_rfill(g, br, gfx_s(g, 5), gfx_mix(th->panel_hi, kc, 0.18f));
		gfx_frame(g, br, 1, th->border);
		snprintf(s0, sizeof s0, "sock %lld", (long long)b->pending[i].server);
		gfx_text(g, FF_SANS_BOLD, FS_SMALL, kc, br.x + pad, br.y + pad, AL_LEFT, br.w - 2 * pad, s0);
		snprintf(s1, sizeof s1, "\xe2\x86\x90 %s", sock_name(f, b->pending[i].client, who, sizeof who));
		gfx_text(g, FF_SANS, FS_SMALL, th->dim, br.x + pad, br.y + pad + sl, AL_LEFT, br.w - 2 * pad, s1);
		char pv[sizeof sb->q[0].preview + 2];
		if (sb && sb->nq)
			gfx_text(g, FF_MONO, FS_BODY, th->text, br.x + pad, br.y + pad + 2 * sl + gfx_s(g, 2), AL_LEFT, br.w - 2 * pad,
				 frame_mono_fit(g, FS_BODY, sb->q[0].preview, br.w - 2 * pad, pv, sizeof pv));
	}
	if (!b->npending)
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x + gfx_s(g, 8), y + gfx_s(g, 8), AL_LEFT, r.w, "no connection waiting");
	waiters(f, o, r.x, y + box_h(g) + gfx_s(g, 6), r.w);
}

/* One socket alone: its state in words, then its queue. */
static void single(struct frame_ctx *f, const struct obj *o, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct unix_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY);
	char a0[200], a1[100], peer[56] = "", who[48];
	if (b->peer >= 0)
		snprintf(peer, sizeof peer, " to %s%s", sock_name(f, b->peer, who, sizeof who), sock_obj(f->s, b->peer) ? "" : " (closed)");
	const char *st = b->state == UNIX_CONNECTED ? "connected" : "unconnected";
	snprintf(a0, sizeof a0, "%s%s%s \xc2\xb7 %u B in %u %s%s", st, peer, b->shut ? " \xc2\xb7 shut down" : "", b->qbytes, b->qlen,
		 b->type == UNIX_STREAM ? "sk_buff" : "datagram", b->qlen == 1 ? "" : "s");
	snprintf(a1, sizeof a1, "%s \xc2\xb7 %u B", st, b->qbytes);
	const char *alts[] = { a0, a1 };
	gfx_text_fit(g, FF_SANS, FS_BODY, b->shut ? th->err : th->text, r.x, r.y, AL_LEFT, r.w, alts, 2);
	int y = r.y + lh;
	queue_row(f, o, (SDL_Rect){ r.x, y, r.w, box_h(g) }, 1);
	waiters(f, o, r.x, y + box_h(g) + gfx_s(g, 6), r.w);
}

/* A card with less room than it asks for: its state in words, one line per direction, and who waits if a line
 * is left. */
static void draw_compact(struct frame_ctx *f, const struct obj *o, const struct obj *p, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct unix_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), y = r.y;
	char a0[160], a1[80];
	const struct obj *dir[2][2] = { { o, p }, { p, o } };
	for (int d = 0; p && d < 2 && y + lh <= r.y + r.h; d++, y += lh) {
		const struct unix_blob *tb = dir[d][1]->blob;
		snprintf(a0, sizeof a0, "sock %lld \xe2\x86\x92 %lld: %u B in %u %s%s", (long long)dir[d][0]->id, (long long)dir[d][1]->id, tb->qbytes,
			 tb->qlen, tb->type == UNIX_STREAM ? "sk_buff" : "message", tb->qlen == 1 ? "" : "s");
		snprintf(a1, sizeof a1, "%lld \xe2\x86\x92 %lld: %u B", (long long)dir[d][0]->id, (long long)dir[d][1]->id, tb->qbytes);
		const char *alts[] = { a0, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w, alts, 2);
	}
	if (!p) {
		if (b->state == UNIX_LISTENING) {
			snprintf(a0, sizeof a0, "listening%s%s \xc2\xb7 %u of %u pending", b->addr[0] ? " on " : "", b->addr, b->npending, b->backlog);
			snprintf(a1, sizeof a1, "%u of %u pending", b->npending, b->backlog);
		} else {
			snprintf(a0, sizeof a0, "%s \xc2\xb7 %u B in %u %s%s", b->state == UNIX_CONNECTED ? "connected" : "unconnected", b->qbytes, b->qlen,
				 b->type == UNIX_STREAM ? "sk_buff" : "datagram", b->qlen == 1 ? "" : "s");
			snprintf(a1, sizeof a1, "%u B queued", b->qbytes);
		}
		const char *alts[] = { a0, a1 };
		gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w, alts, 2);
		y += lh;
	}
	if (y + lh <= r.y + r.h + gfx_s(g, 4))
		y += waiters(f, o, r.x, y, r.w);
	if (p && y + lh <= r.y + r.h + gfx_s(g, 4))
		waiters(f, p, r.x, y, r.w);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	const struct unix_blob *b = o->blob;
	const struct obj *p = pair_peer(f->s, o);
	if (r.h < height(f, o, r.w) - gfx_s(f->g, 4)) {
		draw_compact(f, o, p, r);
	} else if (p) {
		int h = direction(f, o, p, r);
		direction(f, p, o, (SDL_Rect){ r.x, r.y + h, r.w, r.h - h });
	} else if (b->state == UNIX_LISTENING) {
		listener(f, o, r);
	} else {
		single(f, o, r);
	}
}

const struct obj_view view_unix = { height, draw, subtitle, title, host };
