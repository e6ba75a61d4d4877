/* tracer/obj_pipe.c: pipes and FIFOs (pipe.*, fifo.*). Every pipe event carries the pipe's counters after
 * it, so most of the work is copying them; the bytes written are remembered for display. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_WRITE, V_READ, V_BLOCK, V_WAKE, V_CLOSE, V_RESIZE, V_FOPEN, V_FBLOCK };

static const struct ev_type types[] = {
	{ "pipe.create", 1, V_CREATE }, { "pipe.write", 0, V_WRITE }, { "pipe.read", 0, V_READ },
	{ "pipe.block", 0, V_BLOCK }, { "pipe.wake", 0, V_WAKE }, { "pipe.close", 0, V_CLOSE },
	{ "pipe.resize", 0, V_RESIZE }, { "fifo.open", 2, V_FOPEN }, { "fifo.block", 2, V_FBLOCK },
	{ NULL, 0, 0 },
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
	if (ev_str(c, "fifo", &s, 0))
		snprintf(b->fifo, sizeof b->fifo, "%s", s);
	if (ev_int(c, "sock", &v, 0))
		b->sock = v + 1;
	if (b->tail > b->head) {
		ev_diag(c, "pipe tail %" PRIu64 " is past head %" PRIu64, b->tail, b->head);
		b->tail = b->head;
	}
}

/* Remember the bytes of a write of n bytes ending at head (the first ones are in `data`). */
static void remember(struct apply_ctx *c, struct pipe_blob *b, int64_t n)
{
	const char *data;
	uint8_t bytes[PIPE_SHADOW];
	int dl = ev_str(c, "data", &data, 0) ? ev_bytes(ev_get(c, "data"), bytes, PIPE_SHADOW) : 0;
	if (n < 0 || (uint64_t)n > b->head)
		n = (int64_t)b->head;
	uint64_t start = b->head - (uint64_t)n;
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
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct pipe_blob *b = o->blob;
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
		b->last_pid = pid;
		b->last_n = n;
		b->last_op = ev_get(c, "err") ? 3 : verb == V_WRITE ? 1 : 2;
		if (verb == V_WRITE && n > 0) {
			/* Version 2 writes one event per call, after the wake-ups (and blocks) that already carried
			 * the new head: head may have moved by less than n here, never backwards. */
			if (b->head < old_head)
				ev_diag(c, "pipe.write of %lld bytes moved head back from %" PRIu64 " to %" PRIu64,
					(long long)n, old_head, b->head);
			remember(c, b, n);
		}
		pidlist_remove(b->rwait, &b->nrwait, pid);
		pidlist_remove(b->wwait, &b->nwwait, pid);
		return APPLY_OK;
	}
	case V_BLOCK:
		counters(c, b, 0);
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		if (!strcmp(s, "read"))
			pidlist_add(b->rwait, &b->nrwait, WAITMAX, pid);
		else if (!strcmp(s, "write"))
			pidlist_add(b->wwait, &b->nwwait, WAITMAX, pid);
		else
			ev_diag(c, "pipe.block: op '%s' is neither read nor write", s);
		snprintf(w, sizeof w, "pipe %lld %s", (long long)o->id, s);
		proc_block(c, pid, w, o->cat);
		return APPLY_OK;
	case V_WAKE: {
		counters(c, b, 0);
		int32_t woken[32];
		uint8_t nw = 0;
		ev_pids(c, "woken", woken, &nw, 32, 0);
		int reading = ev_str(c, "op", &s, 1) && !strcmp(s, "read");
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
		return cJSON_IsTrue(f) ? APPLY_REMOVE : APPLY_OK;
	}
	case V_RESIZE:
		counters(c, b, 1);
		return APPLY_OK;
	case V_FOPEN:
		counters(c, b, 0);
		if (!b->cap)
			b->cap = 65536;
		pidlist_remove(b->rwait, &b->nrwait, pid);
		pidlist_remove(b->wwait, &b->nwwait, pid);
		return APPLY_OK;
	case V_FBLOCK:
		counters(c, b, 0);
		if (!b->cap)
			b->cap = 65536;
		s = "?";
		ev_str(c, "mode", &s, 1);
		pidlist_add(s[0] == 'w' ? b->wwait : b->rwait, s[0] == 'w' ? &b->nwwait : &b->nrwait, WAITMAX, pid);
		snprintf(w, sizeof w, "fifo open %s", s);
		proc_block(c, pid, w, o->cat);
		return APPLY_OK;
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

static void forget(struct obj *o, int32_t pid)
{
	struct pipe_blob *b = o->blob;
	pidlist_remove(b->rwait, &b->nrwait, pid);
	pidlist_remove(b->wwait, &b->nwwait, pid);
}

const struct obj_kind kind_pipe = {
	"pipe", "pipe", "pipe", sizeof(struct pipe_blob), types, apply, dump, forget, implicit, gone,
};
