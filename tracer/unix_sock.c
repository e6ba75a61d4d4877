/* tracer/unix_sock.c: Unix domain socket events (unix.*). The model keeps no socket object for them yet (no view
 * draws one; traces from before unix.* drew a socketpair as two pipe rings, obj_sock.c): a process that blocks on a
 * socket sleeps on "unix SOCK OP" (recv, accept, send, connect, queue) until a unix.wake wakes it, so the process
 * rows, the captions and the wait-for graph follow; each event's socket state stays in the log. The other unix.*
 * events are known and checked, and change nothing else. */
#include <stdio.h>
#include <string.h>
#include "kinds.h"

enum { V_OTHER, V_BLOCK, V_WAKE };

static const struct ev_type types[] = {
	{ "unix.create", 0, V_OTHER }, { "unix.bind", 0, V_OTHER },     { "unix.listen", 0, V_OTHER },
	{ "unix.connect", 0, V_OTHER }, { "unix.accept", 0, V_OTHER },  { "unix.send", 0, V_OTHER },
	{ "unix.recv", 0, V_OTHER },   { "unix.shutdown", 0, V_OTHER }, { "unix.close", 0, V_OTHER },
	{ "unix.gc", 0, V_OTHER },     { "unix.block", 0, V_BLOCK },    { "unix.wake", 0, V_WAKE },
	{ NULL, 0, 0 },
};

static void apply(struct apply_ctx *c, int verb)
{
	int64_t sock;
	const char *op;
	if (verb == V_OTHER || !ev_int(c, "sock", &sock, 1) || !ev_str(c, "op", &op, 1))
		return;
	char what[40];
	if (verb == V_BLOCK) {
		snprintf(what, sizeof what, "unix %lld %s", (long long)sock, op);
		proc_block_named(c, what);
	} else {
		snprintf(what, sizeof what, "unix %lld", (long long)sock);
		proc_wake_named(c, what);
	}
}

const struct ev_family family_unix = { "unix", types, apply };
