/* tracer/obj_unix.c: Unix domain sockets (unix.*; unix(7), traces/FORMAT.md "Unix domain sockets"). Every event
 * carries one socket's state after it (type, state, name, peer, the listener whose backlog holds it, shutdowns,
 * send budget, receive queue or a listener's pending connections); an event that changed a second socket's queue
 * names it in `to` with its queue in `to_q`. The model adds what no single event says: who opened each socket and
 * its descriptor there (socket, socketpair, accept, or a descriptor that arrived in an SCM_RIGHTS message), who
 * sleeps on it and for what (unix.block / unix.wake), who was seen sending to it and using it (the wait-for
 * graph's releasers), and what the files travelling in its queue are (a send's `fds`, taken off by the receive). */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_BIND, V_LISTEN, V_CONNECT, V_ACCEPT, V_SEND, V_RECV, V_SHUTDOWN, V_CLOSE, V_GC, V_BLOCK, V_WAKE };

static const struct ev_type types[] = {
	{ "unix.create", 1, V_CREATE },   { "unix.bind", 0, V_BIND },       { "unix.listen", 0, V_LISTEN },
	{ "unix.connect", 0, V_CONNECT }, { "unix.accept", 0, V_ACCEPT },   { "unix.send", 0, V_SEND },
	{ "unix.recv", 0, V_RECV },       { "unix.shutdown", 0, V_SHUTDOWN }, { "unix.close", 0, V_CLOSE },
	{ "unix.gc", 0, V_GC },           { "unix.block", 0, V_BLOCK },     { "unix.wake", 0, V_WAKE },
	{ NULL, 0, 0 },
};

/* An integer member of a JSON object (the event or its to_q), reported when of the wrong type. */
static int get_int(struct apply_ctx *c, const cJSON *o, const char *key, int64_t *out)
{
	const cJSON *n = jget(o, key);
	if (!n)
		return 0;
	if (!cJSON_IsNumber(n)) {
		ev_diag(c, "%s should be a number", key);
		return 0;
	}
	*out = json_i64(n);
	return 1;
}

/* The first bytes of a payload string as printable text ('.' for the others). */
static void preview(const cJSON *str, char *out, size_t len)
{
	uint8_t bytes[32];
	int n = cJSON_IsString(str) ? ev_bytes(str, bytes, (int)len - 1 < 32 ? (int)len - 1 : 32) : 0;
	for (int i = 0; i < n; i++)
		out[i] = (char)(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
	out[n] = 0;
}

/* The queue fields of object j (the event itself or its to_q) into b, the blob of socket id: qlen, qbytes, queue;
 * backlog, pending. A connection that left the backlog without an accept (which takes it out first) is dropped:
 * Linux releases it with no event of its own. */
static void queue(struct apply_ctx *c, const cJSON *j, struct unix_blob *b, int64_t id)
{
	int64_t v;
	const cJSON *a, *e;
	if (get_int(c, j, "qlen", &v))
		b->qlen = (uint32_t)v;
	if (get_int(c, j, "qbytes", &v))
		b->qbytes = (uint32_t)v;
	if (get_int(c, j, "backlog", &v))
		b->backlog = (uint32_t)v;
	if ((a = jget(j, "queue"))) {
		const cJSON *l = cJSON_IsArray(a) ? a : NULL;
		b->nq = 0;
		cJSON_ArrayForEach(e, l) {
			if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) < 4 || !cJSON_IsNumber(cJSON_GetArrayItem(e, 0))) {
				ev_diag(c, "queue entries should be [bytes, sender's sock, files, \"first bytes\"]");
				continue;
			}
			if (b->nq >= UNIX_QMAX)
				break;
			struct unix_skb *q = &b->q[b->nq++];
			q->bytes = (uint32_t)json_i64(cJSON_GetArrayItem(e, 0));
			q->from = cJSON_IsNumber(cJSON_GetArrayItem(e, 1)) ? json_i64(cJSON_GetArrayItem(e, 1)) : -1;
			q->files = (uint16_t)json_i64(cJSON_GetArrayItem(e, 2));
			preview(cJSON_GetArrayItem(e, 3), q->preview, sizeof q->preview);
		}
		if (!cJSON_IsArray(a))
			ev_diag(c, "queue should be an array");
	}
	if ((a = jget(j, "pending"))) {
		const cJSON *l = cJSON_IsArray(a) ? a : NULL;
		struct unix_conn was[UNIX_QMAX];
		int nwas = b->npending;
		memcpy(was, b->pending, sizeof was);
		b->npending = 0;
		cJSON_ArrayForEach(e, l) {
			if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) < 2) {
				ev_diag(c, "pending entries should be [server end's sock, client's sock]");
				continue;
			}
			if (b->npending >= UNIX_QMAX)
				break;
			b->pending[b->npending++] = (struct unix_conn){ json_i64(cJSON_GetArrayItem(e, 0)), json_i64(cJSON_GetArrayItem(e, 1)) };
		}
		if (!cJSON_IsArray(a))
			ev_diag(c, "pending should be an array");
		for (int i = 0; i < nwas; i++) {
			int still = 0;
			for (int k = 0; k < b->npending; k++)
				still |= b->pending[k].server == was[i].server;
			struct obj *s = still ? NULL : state_obj(c->s, OBJ_UNIX, was[i].server);
			if (s && ((struct unix_blob *)s->blob)->listener == id)
				((struct unix_blob *)s->blob)->dropped = 1;
		}
	}
}

/* The socket's own state fields of the event. */
static void sock_state(struct apply_ctx *c, struct unix_blob *b, int64_t id)
{
	const char *s;
	int64_t v;
	if (ev_str(c, "sock_type", &s, 0))
		b->type = !strcmp(s, "dgram") ? UNIX_DGRAM : !strcmp(s, "seqpacket") ? UNIX_SEQPACKET : UNIX_STREAM;
	if (ev_str(c, "state", &s, 1))
		b->state = !strcmp(s, "listening") ? UNIX_LISTENING : !strcmp(s, "connected") ? UNIX_CONNECTED : UNIX_UNCONNECTED;
	if (ev_str(c, "addr", &s, 0))
		snprintf(b->addr, sizeof b->addr, "%s", s);
	else
		b->addr[0] = 0;
	b->peer = ev_int(c, "peer", &v, 0) ? v : -1;
	b->listener = ev_int(c, "listener", &v, 0) ? v : -1;
	b->shut = ev_int(c, "shut", &v, 0) ? (uint8_t)(v & 3) : 0;
	if (ev_int(c, "wmem", &v, 0))
		b->wmem = (uint32_t)v;
	if (ev_int(c, "sndbuf", &v, 0))
		b->sndbuf = (uint32_t)v;
	b->inflight = ev_int(c, "inflight", &v, 0) ? (int32_t)v : 0;
	if (b->state != UNIX_LISTENING)
		b->npending = 0;
	queue(c, ev_root(c), b, id);
}

static void unwait(struct unix_blob *b, int32_t pid)
{
	for (int i = 0; i < b->nwait; i++)
		if (b->wait[i] == pid) {
			memmove(&b->wait_op[i], &b->wait_op[i + 1], (size_t)(b->nwait - i - 1));
			break;
		}
	pidlist_remove(b->wait, &b->nwait, pid);
}

/* The live socket named by the event's integer field key, NULL if none. */
static struct obj *other(struct apply_ctx *c, const char *key)
{
	int64_t id;
	return ev_int(c, key, &id, 0) ? state_obj(c->s, OBJ_UNIX, id) : NULL;
}

/* A socket that arrived as descriptor fd in pid's table (an SCM_RIGHTS file named "unix N"): pid opened it now. */
static void arrived(struct apply_ctx *c, const char *what, int32_t fd, int32_t pid)
{
	long long id;
	struct obj *o;
	if (sscanf(what, "unix %lld", &id) == 1 && (o = state_obj(c->s, OBJ_UNIX, id))) {
		struct unix_blob *b = o->blob;
		b->owner = pid;
		b->fd = fd;
		seen_add(b->users, &b->nusers, SEENMAX, pid);
	}
}

/* The `fds` of a send (files now in flight on dest) or a receive (the descriptors they arrived as, taken off the
 * socket's list): each [fd, "what"]; described in fx->text ("fd 3: pipe 1 r"). */
static void files(struct apply_ctx *c, struct unix_blob *dest, struct unix_blob *self, int recv)
{
	const cJSON *a = ev_arr(c, "fds", 0), *e;
	size_t u = 0;
	if (!a)
		return;
	cJSON_ArrayForEach(e, a) {
		const cJSON *fd = cJSON_GetArrayItem(e, 0), *what = cJSON_GetArrayItem(e, 1);
		if (!cJSON_IsArray(e) || !cJSON_IsNumber(fd) || !cJSON_IsString(what)) {
			ev_diag(c, "fds entries should be [fd, \"what\"]");
			continue;
		}
		if (u < sizeof c->fx->text)
			u += (size_t)snprintf(c->fx->text + u, sizeof c->fx->text - u, "%sfd %d: %s", u ? ", " : "", json_i32(fd), what->valuestring);
		if (recv) {
			if (self->nfiles) {
				memmove(self->files[0], self->files[1], sizeof self->files[0] * (size_t)(self->nfiles - 1));
				self->nfiles--;
			}
			arrived(c, what->valuestring, json_i32(fd), c->rec->pid);
		} else if (dest && dest->nfiles < UNIX_FILEMAX) {
			snprintf(dest->files[dest->nfiles++], sizeof dest->files[0], "%s", what->valuestring);
		}
	}
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct unix_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid;
	int64_t v;
	const char *s;
	int failed = fx->err[0] != 0;
	struct obj *to = other(c, "to");
	struct unix_blob *tb = to ? to->blob : NULL;
	if (verb == V_CREATE)
		b->owner = b->fd = -1;
	if (verb != V_GC)
		sock_state(c, b, o->id);
	if (tb && ev_get(c, "to_q"))
		queue(c, ev_get(c, "to_q"), tb, to->id);
	if (pid > 0 && verb != V_WAKE && verb != V_CLOSE && verb != V_GC)
		seen_add(b->users, &b->nusers, SEENMAX, pid);
	switch (verb) {
	case V_CREATE:
		if (ev_int(c, "fd", &v, 1) && v >= 0) {
			b->owner = pid;
			b->fd = (int32_t)v;
		} else {   /* the server's end of a connection, made by the client's connect: nobody holds it yet */
			b->nusers = 0;
		}
		return APPLY_OK;
	case V_BIND:
	case V_LISTEN:
	case V_CONNECT:
		fx->verb = failed ? FX_FAIL : FX_CTL;
		if (verb == V_BIND)
			snprintf(fx->text, sizeof fx->text, "bind %s", b->addr);
		else if (verb == V_LISTEN)
			snprintf(fx->text, sizeof fx->text, "listen, backlog %u", b->backlog);
		else if (to)
			snprintf(fx->text, sizeof fx->text, "connect to %s", tb->addr[0] ? tb->addr : "a listener");
		else
			snprintf(fx->text, sizeof fx->text, "connect");
		if (verb == V_CONNECT && tb && !failed)
			seen_add(tb->sseen, &tb->nsseen, SEENMAX, pid);   /* a connector: what ends a wait in accept */
		return APPLY_OK;
	case V_ACCEPT:
		if (failed) {
			fx->verb = FX_FAIL;
			return APPLY_OK;
		}
		if (ev_int(c, "fd", &v, 1)) {
			b->owner = pid;
			b->fd = (int32_t)v;
		}
		if (to) {   /* taken from the listener: the picture is about the listener's backlog */
			seen_add(tb->users, &tb->nusers, SEENMAX, pid);
			fx->obj = to->cat;
		}
		fx->verb = FX_TAKE;
		fx->sub = 2;   /* a connection, not bytes */
		fx->n = b->fd;
		snprintf(fx->text, sizeof fx->text, "accept: socket %lld as fd %d", (long long)o->id, b->fd);
		return APPLY_OK;
	case V_SEND:
		if (failed) {
			fx->verb = FX_FAIL;
			return APPLY_OK;
		}
		fx->verb = FX_PUT;
		fx->n = ev_int(c, "n", &v, 1) ? v : 0;
		ev_fx_data(c, "data");
		if (to) {   /* the bytes went to the receiving socket's queue */
			fx->obj = to->cat;
			seen_add(tb->sseen, &tb->nsseen, SEENMAX, pid);
		}
		files(c, tb, b, 0);
		return APPLY_OK;
	case V_RECV:
		unwait(b, pid);
		if (failed) {
			fx->verb = FX_FAIL;
			return APPLY_OK;
		}
		fx->verb = FX_TAKE;
		fx->n = ev_int(c, "n", &v, 1) ? v : 0;
		if (fx->n == 0 && b->type != UNIX_DGRAM)
			fx->flags |= FXF_EOF;
		ev_fx_data(c, "data");
		files(c, NULL, b, 1);
		return APPLY_OK;
	case V_SHUTDOWN:
		fx->verb = FX_SHUTDOWN;
		if (ev_str(c, "how", &s, 1))
			snprintf(fx->text, sizeof fx->text, "%s", s);
		if (tb && ev_int(c, "to_shut", &v, 0))
			tb->shut = (uint8_t)(v & 3);
		return APPLY_OK;
	case V_CLOSE:
		fx->verb = FX_REMOVE;
		snprintf(fx->text, sizeof fx->text, "close");
		for (int i = 0; i < b->nwait; i++)
			proc_wake(c, b->wait[i]);
		return APPLY_REMOVE;
	case V_GC:   /* key() said what it did: the collected sockets' unix.close events follow */
		fx->verb = FX_CTL;
		return APPLY_OK;
	case V_BLOCK: {
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		char op = !strcmp(s, "recv") ? 'r' : !strcmp(s, "accept") ? 'a' : !strcmp(s, "send") ? 's' : !strcmp(s, "connect") ? 'c' : 'q';
		if (b->nwait < WAITMAX && !pidlist_has(b->wait, b->nwait, pid)) {
			b->wait_op[b->nwait] = op;
			b->wait[b->nwait++] = pid;
		}
		char w[40];
		snprintf(w, sizeof w, "unix %lld %s", (long long)o->id, s);
		proc_block(c, pid, (struct proc_wait){ .kind = WAIT_UNIX, .mode = op }, o, w);
		fx->sub = op == 's' || op == 'c' || op == 'q' ? 1 : 0;
		return APPLY_OK;
	}
	case V_WAKE: {
		int32_t woken[32];
		uint8_t nw = 0;
		ev_pids(c, "woken", woken, &nw, 32, 1);
		fx->verb = FX_WAKE;
		for (int i = 0; i < nw; i++) {
			unwait(b, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	}
	}
	return APPLY_OK;
}

/* The socket an event is about: its `sock`; unix.gc names none of its own: it is about the first collected socket
 * still live, or about none (the collector often finds nothing: `collected` empty). */
static int key(struct apply_ctx *c, int64_t *id)
{
	if (type_get(c->rec->type)->verb != V_GC) {
		if (!ev_int(c, "sock", id, 1))
			return 0;
		if (*id < 0) {
			ev_diag(c, "sock %lld out of range", (long long)*id);
			return 0;
		}
		return 1;
	}
	const cJSON *a = ev_arr(c, "collected", 1), *e;
	int n = 0;
	*id = -1;
	cJSON_ArrayForEach(e, a) {
		n++;
		if (cJSON_IsNumber(e) && *id < 0 && state_obj(c->s, OBJ_UNIX, json_i64(e)))
			*id = json_i64(e);
	}
	c->fx->verb = FX_CTL;
	snprintf(c->fx->text, sizeof c->fx->text, n ? "garbage collector: %d socket%s only in-flight messages held" :
		 "garbage collector: nothing to collect", n, n == 1 ? "" : "s");
	return *id >= 0;
}

/* A connection dropped from its listener's backlog is gone at the next event. */
static int stale(const struct obj *o, int64_t seq)
{
	return ((const struct unix_blob *)o->blob)->dropped;
}

/* A listener's close releases the connections still in its backlog (their server ends have no event of their own). */
static void gone(struct apply_ctx *c, const struct obj *o)
{
	const struct unix_blob *b = o->blob;
	int64_t server[UNIX_QMAX];
	int n = b->state == UNIX_LISTENING ? b->npending : 0;
	for (int i = 0; i < n; i++)   /* copied first: removing objects moves o's blob pointer's owner */
		server[i] = b->pending[i].server;
	for (int i = 0; i < n; i++) {
		struct obj *p = state_obj(c->s, OBJ_UNIX, server[i]);
		if (p && p != o)
			state_obj_remove(c->s, p);
	}
}

static const char *const type_names[] = { "stream", "dgram", "seqpacket" };
static const char *const state_names[] = { "unconnected", "listening", "connected" };

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct unix_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "%s %s addr '%s' peer %lld listener %lld shut %d owner %d fd %d q %u/%u [",
				    type_names[b->type % 3], state_names[b->state % 3], b->addr, (long long)b->peer,
				    (long long)b->listener, b->shut, b->owner, b->fd, b->qlen, b->qbytes);
	for (int i = 0; i < b->nq && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%u from %lld files %u '%s'", i ? ", " : "", b->q[i].bytes,
				      (long long)b->q[i].from, b->q[i].files, b->q[i].preview);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, "] pending [");
	for (int i = 0; i < b->npending && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%lld<-%lld", i ? " " : "", (long long)b->pending[i].server,
				      (long long)b->pending[i].client);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, "] wait [");
	for (int i = 0; i < b->nwait && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%d %c", i ? " " : "", b->wait[i], b->wait_op[i]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, "] files [");
	for (int i = 0; i < b->nfiles && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%s", i ? ", " : "", b->files[i]);
	if (u < len)
		snprintf(buf + u, len - u, "]");
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct unix_blob *b = o->blob;
	uint8_t n = 0;
	pidlist_add_all(out, &n, max, b->wait, b->nwait);
	pidlist_add_all(out, &n, max, b->users, b->nusers);
	return n;
}

/* Who could end a wait on socket o: a receiver waits for the processes seen sending to it and for those that use
 * its peer (the other end of the connection: the trace says who peers what); an accept waits for connectors; a
 * sender whose budget is used up waits for the readers of its peer; a connect to a full backlog for the
 * listener's users (its acceptors), a datagram send to a full queue for the receiver's. The trace says who holds
 * a socket only by what they did with it, so a process never seen using it is not counted. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct unix_blob *b = o->blob;
	const struct obj *po = b->peer >= 0 ? state_obj((struct state *)s, OBJ_UNIX, b->peer) : NULL;
	const struct unix_blob *pb = po ? po->blob : NULL;
	uint8_t n = 0;
	if (w->mode == 'r' || w->mode == 'a')
		pidlist_add_all(out, &n, max, b->sseen, b->nsseen);
	if ((w->mode == 'r' || w->mode == 's') && pb)
		pidlist_add_all(out, &n, max, pb->users, pb->nusers);
	if (w->mode == 'c' || w->mode == 'q')
		pidlist_add_all(out, &n, max, b->users, b->nusers);
	return n;
}

const struct obj_kind kind_unix = {
	.name = "unix", .label = "Unix socket", .id_field = "sock", .id_max = INT64_MAX,
	.blob_size = sizeof(struct unix_blob), .types = types, .apply = apply, .dump = dump, .forget = forget,
	.key = key, .stale = stale, .gone = gone, .pids = pids, .releasers = releasers,
};
