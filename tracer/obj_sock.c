/* tracer/obj_sock.c: socketpairs (sock.*). A pair is two pipe rings, one per direction; their data events are
 * ordinary pipe events with `sock` set (obj_pipe.c creates a ring on its first event). This object keeps the pair:
 * its type, fds, which ring each end reads, and shutdowns. */
#include <stdio.h>
#include <string.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_SHUTDOWN };

static const struct ev_type types[] = {
	{ "sock.create", 1, V_CREATE }, { "sock.shutdown", 0, V_SHUTDOWN }, { NULL, 0, 0 },
};

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct sock_blob *b = o->blob;
	int64_t v;
	const char *s;
	if (verb == V_CREATE) {
		/* FORMAT.md calls it `type`, which is the common field; the kernel writes `sock_type` */
		if (ev_str(c, "sock_type", &s, 0))
			b->dgram = !strcmp(s, "dgram");
		int32_t two[2];
		uint8_t n = 0;
		b->fds[0] = b->fds[1] = -1;
		if (ev_pids(c, "fds", two, &n, 2, 0) && n == 2)
			b->fds[0] = two[0], b->fds[1] = two[1];
		b->pipes[0] = b->pipes[1] = -1;
		if (ev_pids(c, "pipes", two, &n, 2, 1) && n == 2)
			b->pipes[0] = two[0], b->pipes[1] = two[1];
		return APPLY_OK;
	}
	if (!ev_int(c, "side", &v, 1) || v < 0 || v > 1) {
		ev_diag(c, "sock.shutdown: side should be 0 or 1");
		return APPLY_OK;
	}
	c->fx->verb = FX_SHUTDOWN;
	c->fx->sub = (int16_t)v;
	if (ev_str(c, "how", &s, 1)) {
		b->shut[v] |= (uint8_t)(!strcmp(s, "rd") ? 1 : !strcmp(s, "wr") ? 2 : !strcmp(s, "rdwr") ? 3 : 0);
		snprintf(c->fx->text, sizeof c->fx->text, "%s", s);
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct sock_blob *b = o->blob;
	snprintf(buf, len, "%s fds %d %d pipes %lld %lld shut %d %d", b->dgram ? "dgram" : "stream", b->fds[0], b->fds[1],
		 (long long)b->pipes[0], (long long)b->pipes[1], b->shut[0], b->shut[1]);
}

const struct obj_kind kind_sock = {
	.name = "sock", .label = "socketpair", .id_field = "sock", .id_max = INT64_MAX,
	.blob_size = sizeof(struct sock_blob), .types = types, .apply = apply, .dump = dump,
};
