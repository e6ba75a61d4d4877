/* tracer/obj_pipe.c: pipes and FIFOs (pipe.*, fifo.*). Every pipe event carries the pipe's counters after
 * it, so most of the work is copying them; the bytes written are remembered for display, and who sleeps in
 * read(2), write(2) or a FIFO's open(2) is kept in the mechanism's terms.
 * Versions (traces/FORMAT.md): in version 1 a blocking write emits one pipe.write per chunk, and a FIFO open
 * that lets blocked openers through has no wake event (the open of the other end wakes them: fifo(7)); in
 * version 2 pipe.read / pipe.write come once per call when it returns, after the wake-ups it caused, and
 * fifo.wake says who an open let through. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"
#include "trace.h"

enum { V_CREATE, V_WRITE, V_READ, V_BLOCK, V_WAKE, V_CLOSE, V_RESIZE, V_FOPEN, V_FBLOCK, V_FWAKE };

static const struct ev_type types[] = {
	{ "pipe.create", 1, V_CREATE }, { "pipe.write", 0, V_WRITE }, { "pipe.read", 0, V_READ },
	{ "pipe.block", 0, V_BLOCK }, { "pipe.wake", 0, V_WAKE }, { "pipe.close", 0, V_CLOSE },
	{ "pipe.resize", 0, V_RESIZE }, { "fifo.open", 2, V_FOPEN }, { "fifo.block", 2, V_FBLOCK },
	{ "fifo.wake", 0, V_FWAKE }, { NULL, 0, 0 },
};

/* Copy the counters every pipe event carries. */
static void counters(struct apply_ctx *c, struct pipe_blob *b, int required)
{
	int64_t v;
	const char *s;
	if (ev_int(c, "head", &v, required))
		b->head = (uint64_t)v;
	if (ev_int(c, "tail", &v, required))
		b->tail = (uint64_t)v;
	if (ev_int(c, "cap", &v, required))
		b->cap = (uint64_t)v;
	if (ev_int(c, "readers", &v, 0))
		b->readers = (int32_t)v;
	if (ev_int(c, "writers", &v, 0))
		b->writers = (int32_t)v;
	if (ev_str(c, "fifo", &s, 0) && strncmp(b->fifo, s, sizeof b->fifo - 1))   /* on every event: seldom new */
		snprintf(b->fifo, sizeof b->fifo, "%s", s);
	if (ev_int(c, "sock", &v, 0))
		b->sock = v + 1;
	if (b->tail > b->head) {
		ev_diag(c, "pipe tail %" PRIu64 " is past head %" PRIu64, b->tail, b->head);
		b->tail = b->head;
	}
}

/* Remember the bytes of a write of n bytes ending at head (the first ones are in `data`); returns how many of
 * them the trace carried at known positions (0 when another write's bytes may lie among them). */
static int remember(struct apply_ctx *c, struct pipe_blob *b, int64_t n)
{
	uint8_t bytes[PIPE_SHADOW];
	int dl = ev_bytes(ev_get(c, "data"), bytes, PIPE_SHADOW);
	if (n < 0 || (uint64_t)n > b->head)
		n = (int64_t)b->head;
	uint64_t start = b->head - (uint64_t)n;
	if (start < b->written_to)
		dl = 0;   /* the call's bytes are not contiguous up to head (another write came in between) */
	b->written_to = b->head;
	uint64_t from = b->head > PIPE_SHADOW ? b->head - PIPE_SHADOW : 0;
	if (from < start)
		from = start;
	for (uint64_t p = from; p < b->head; p++) {
		unsigned i = (unsigned)(p % PIPE_SHADOW);
		int64_t k = (int64_t)(p - start);
		if (k < dl) {
			b->ring[i] = bytes[k];
			b->known[i / 8] |= (uint8_t)(1u << (i % 8));
		} else {
			b->known[i / 8] &= (uint8_t)~(1u << (i % 8));
		}
	}
	return dl;
}

/* pid is no longer asleep on b (it acted on it, or its open went through). */
static void unwait(struct pipe_blob *b, int32_t pid)
{
	pidlist_remove(b->rwait, &b->nrwait, pid);
	pidlist_remove(b->wwait, &b->nwwait, pid);
	for (int i = 0; i < b->nowait; i++)
		if (b->owait[i] == pid) {
			memmove(&b->omode[i], &b->omode[i + 1], (size_t)(b->nowait - i - 1));
			break;
		}
	pidlist_remove(b->owait, &b->nowait, pid);
}

/* The FIFO openers of end `mode` ('r' or 'w') that an open let through wake up. */
static void open_through(struct apply_ctx *c, struct pipe_blob *b, char mode)
{
	for (int i = 0; i < b->nowait;) {
		if (b->omode[i] == mode) {
			int32_t pid = b->owait[i];
			unwait(b, pid);
			proc_wake(c, pid);
		} else {
			i++;
		}
	}
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct pipe_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid;
	int64_t n = 0;
	const char *s;
	char w[32];
	switch (verb) {
	case V_CREATE: {
		counters(c, b, 0);
		if (!b->cap)
			b->cap = 65536;
		int32_t fds[2];
		uint8_t nf = 0;
		b->fds[0] = b->fds[1] = -1;
		if (ev_pids(c, "fds", fds, &nf, 2, 0) && nf == 2) {
			b->fds[0] = fds[0];
			b->fds[1] = fds[1];
		}
		return APPLY_OK;
	}
	case V_WRITE:
	case V_READ: {
		uint64_t old_head = b->head;
		counters(c, b, 1);
		ev_int(c, "n", &n, 1);
		fx->n = n;
		ev_fx_data(c, "data");
		if (fx->err[0]) {
			fx->verb = FX_FAIL;
		} else if (verb == V_WRITE) {
			fx->verb = FX_PUT;
			fx->sub = 1;
			seen_add(b->wseen, &b->nwseen, SEENMAX, pid);
		} else {
			fx->verb = FX_TAKE;
			fx->sub = 0;
			if (n == 0)
				fx->flags |= FXF_EOF;
			seen_add(b->rseen, &b->nrseen, SEENMAX, pid);
		}
		if (verb == V_WRITE && n > 0) {
			/* version 1: one event per chunk moved, so head moved by exactly n; version 2: one event per call,
			 * after the wake-ups (and blocks) whose states already counted the bytes: head may have moved by
			 * less than n then, never backwards */
			if (c->version < 2 ? b->head != old_head + (uint64_t)n && old_head : b->head < old_head)
				ev_diag(c, "pipe.write of %lld bytes moved head %sfrom %" PRIu64 " to %" PRIu64, (long long)n,
					c->version < 2 ? "" : "back ", old_head, b->head);
			int known = remember(c, b, n);
			if (c->t && known)
				trace_pipe_write(c->t, o->cat, (uint32_t)(c->rec - c->t->recs), b->head, (uint64_t)n);
		}
		unwait(b, pid);
		return APPLY_OK;
	}
	case V_BLOCK: {
		counters(c, b, 0);
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		struct proc_wait pw = { .obj = -1 };
		if (!strcmp(s, "read")) {
			pidlist_add(b->rwait, &b->nrwait, WAITMAX, pid);
			pw.kind = WAIT_PIPE_READ;
		} else if (!strcmp(s, "write")) {
			pidlist_add(b->wwait, &b->nwwait, WAITMAX, pid);
			pw.kind = WAIT_PIPE_WRITE;
		} else {
			ev_diag(c, "pipe.block: op '%s' is neither read nor write", s);
			pw.kind = WAIT_OTHER;
		}
		snprintf(w, sizeof w, "pipe %lld %s", (long long)o->id, s);
		proc_block(c, pid, pw, o, w);
		return APPLY_OK;
	}
	case V_WAKE: {
		counters(c, b, 0);
		int32_t woken[32];
		uint8_t nw = 0;
		ev_pids(c, "woken", woken, &nw, 32, 0);
		int reading = ev_str(c, "op", &s, 1) && !strcmp(s, "read");
		fx->verb = FX_WAKE;
		fx->sub = reading ? 0 : 1;
		for (int i = 0; i < nw; i++) {
			pidlist_remove(reading ? b->rwait : b->wwait, reading ? &b->nrwait : &b->nwwait, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	}
	case V_CLOSE: {
		counters(c, b, 0);
		const cJSON *f = ev_get(c, "freed");
		if (f && !cJSON_IsBool(f))
			ev_diag(c, "field 'freed' should be true or false");
		fx->verb = cJSON_IsTrue(f) ? FX_REMOVE : FX_CLOSE;
		fx->sub = ev_str(c, "end", &s, 0) && !strcmp(s, "write") ? 1 : 0;
		return cJSON_IsTrue(f) ? APPLY_REMOVE : APPLY_OK;
	}
	case V_RESIZE:
		counters(c, b, 1);
		fx->verb = FX_CTL;
		snprintf(fx->text, sizeof fx->text, "F_SETPIPE_SZ");
		fx->n = (int64_t)b->cap;
		return APPLY_OK;
	case V_FOPEN:
		counters(c, b, 0);
		if (!b->cap)
			b->cap = 65536;
		unwait(b, pid);
		s = "?";
		ev_str(c, "mode", &s, 0);
		snprintf(fx->text, sizeof fx->text, "%s", s);
		fx->verb = fx->err[0] ? FX_FAIL : FX_OPEN;
		/* version 1 has no wake event for FIFO opens: opening one end lets the blocked openers of the other
		 * end through (fifo(7)); version 2 says so with fifo.wake */
		if (c->version < 2 && !fx->err[0]) {
			if (strchr(s, 'w'))
				open_through(c, b, 'r');
			if (strchr(s, 'r'))
				open_through(c, b, 'w');
		}
		return APPLY_OK;
	case V_FBLOCK: {
		counters(c, b, 0);
		if (!b->cap)
			b->cap = 65536;
		s = "?";
		ev_str(c, "mode", &s, 1);
		char m = s[0] == 'w' ? 'w' : 'r';
		if (b->nowait < WAITMAX && !pidlist_has(b->owait, b->nowait, pid)) {
			b->omode[b->nowait] = m;
			b->owait[b->nowait++] = pid;
		}
		snprintf(w, sizeof w, "fifo open %s", s);
		proc_block(c, pid, (struct proc_wait){ .kind = WAIT_FIFO_OPEN, .mode = m }, o, w);
		fx->sub = m == 'w' ? 1 : 0;
		return APPLY_OK;
	}
	case V_FWAKE: {
		counters(c, b, 0);
		int32_t woken[32];
		uint8_t nw = 0;
		ev_pids(c, "woken", woken, &nw, 32, 1);
		fx->verb = FX_WAKE;
		s = "?";
		ev_str(c, "mode", &s, 0);
		snprintf(fx->text, sizeof fx->text, "%s", s);
		for (int i = 0; i < nw; i++) {
			unwait(b, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	}
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct pipe_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "head %" PRIu64 " tail %" PRIu64 " cap %" PRIu64 " r %d w %d fifo '%s' rwait",
				    b->head, b->tail, b->cap, b->readers, b->writers, b->fifo);
	for (int i = 0; i < b->nrwait && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " %d", b->rwait[i]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, " wwait");
	for (int i = 0; i < b->nwwait && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " %d", b->wwait[i]);
	if (b->nowait && u < len)
		u += (size_t)snprintf(buf + u, len - u, " owait");
	for (int i = 0; i < b->nowait && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " %d%c", b->owait[i], b->omode[i]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, " bytes '");
	for (uint64_t p = b->tail; p < b->head && u + 2 < len; p++)
		buf[u++] = pipe_known(b, p) ? (char)(b->ring[p % PIPE_SHADOW] >= 0x20 && b->ring[p % PIPE_SHADOW] < 0x7f ? b->ring[p % PIPE_SHADOW] : '.') : '?';
	if (u + 1 < len) {
		buf[u++] = '\'';
		buf[u] = 0;
	}
}

/* A socket's last ring is gone: the socketpair goes with it. */
static void gone(struct apply_ctx *c, const struct obj *o)
{
	const struct pipe_blob *b = o->blob;
	if (!b->sock)
		return;
	for (int i = 0; i < c->s->nobjs; i++) {
		const struct obj *x = &c->s->objs[i];
		if (x != o && x->kind == OBJ_PIPE && ((const struct pipe_blob *)x->blob)->sock == b->sock)
			return;
	}
	struct obj *sp = state_obj(c->s, OBJ_SOCK, b->sock - 1);
	if (sp)
		state_obj_remove(c->s, sp);
}

/* A socket's ring has no create event of its own: its first pipe event (with `sock`) brings it in. */
static int implicit(struct apply_ctx *c)
{
	return ev_get(c, "sock") != NULL;
}

/* fifo.wake may name its FIFO only by path: the live FIFO with that path. */
static struct obj *find(struct apply_ctx *c)
{
	const char *path;
	if (!ev_str(c, "fifo", &path, 1))
		return NULL;
	for (int i = 0; i < c->s->nobjs; i++) {
		struct obj *o = &c->s->objs[i];
		if (o->kind == OBJ_PIPE && !strcmp(((const struct pipe_blob *)o->blob)->fifo, path))
			return o;
	}
	return NULL;
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct pipe_blob *b = o->blob;
	uint8_t n = 0;
	pidlist_add_all(out, &n, max, b->rwait, b->nrwait);
	pidlist_add_all(out, &n, max, b->wwait, b->nwwait);
	pidlist_add_all(out, &n, max, b->owait, b->nowait);
	pidlist_add_all(out, &n, max, b->wseen, b->nwseen);
	pidlist_add_all(out, &n, max, b->rseen, b->nrseen);
	return n;
}

/* A reader of an empty pipe waits for a writer, a writer of a full one for a reader: the processes seen on the
 * other end (the trace does not say which processes hold each end open). A FIFO opener: nobody known. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct pipe_blob *b = o->blob;
	const int32_t *l = w->kind == WAIT_PIPE_READ ? b->wseen : w->kind == WAIT_PIPE_WRITE ? b->rseen : NULL;
	int n = w->kind == WAIT_PIPE_READ ? b->nwseen : w->kind == WAIT_PIPE_WRITE ? b->nrseen : 0;
	if (n > max)
		n = max;
	if (l)
		memcpy(out, l, sizeof *out * (size_t)n);
	return n;
}

const struct obj_kind kind_pipe = {
	.name = "pipe", .label = "pipe", .id_field = "pipe", .id_max = INT64_MAX, .blob_size = sizeof(struct pipe_blob),
	.types = types, .apply = apply, .dump = dump, .forget = forget, .implicit = implicit, .gone = gone,
	.find = find, .pids = pids, .releasers = releasers,
};
