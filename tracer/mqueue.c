/* tracer/mqueue.c: POSIX message queue events (mq.*). The model keeps no queue object for them yet (no view draws
 * one): a sender or receiver that blocks sleeps on "mqueue MQ send" / "mqueue MQ recv" and mq.wake wakes it, so the
 * processes, the captions and the wait-for graph follow; the queue's own state (its messages by priority) stays in
 * the events, shown in the log. The other events are known and checked, and change nothing else. */
#include <stdio.h>
#include <string.h>
#include "kinds.h"

enum { V_CREATE, V_SEND, V_RECV, V_BLOCK, V_WAKE, V_NOTIFY, V_UNLINK, V_DESTROY };

static const struct ev_type types[] = {
	{ "mq.create", 0, V_CREATE }, { "mq.send", 0, V_SEND },     { "mq.recv", 0, V_RECV },
	{ "mq.block", 0, V_BLOCK },   { "mq.wake", 0, V_WAKE },     { "mq.notify", 0, V_NOTIFY },
	{ "mq.unlink", 0, V_UNLINK }, { "mq.destroy", 0, V_DESTROY }, { NULL, 0, 0 },
};

static void apply(struct apply_ctx *c, int verb)
{
	int64_t mq;
	const char *op;
	if (!ev_int(c, "mq", &mq, 1))
		return;
	switch (verb) {
	case V_BLOCK: {
		if (!ev_str(c, "op", &op, 1))
			return;
		char wchan[32];
		snprintf(wchan, sizeof wchan, "mqueue %lld %s", (long long)mq, op);
		proc_block_named(c, wchan);
		return;
	}
	case V_WAKE: {
		if (!ev_str(c, "op", &op, 1))
			return;
		char text[32];
		snprintf(text, sizeof text, "mqueue %lld", (long long)mq);
		proc_wake_named(c, text);
		return;
	}
	default:
		return;
	}
}

const struct ev_family family_mqueue = { "mqueue", types, apply };
