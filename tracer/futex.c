/* tracer/futex.c: futex events (futex.*): a thread sleeps on a word (futex.wait) until another wakes it
 * (futex.wake) or moves it to another word (futex.requeue). A futex has no object of its own in the model: the
 * sleeper's wait says which word (its wchan "futex 0x..."), which the process views and the wait-for graph show. */
#include <stdio.h>
#include <string.h>
#include "kinds.h"

enum { V_WAIT, V_WAKE, V_REQUEUE };

static const struct ev_type types[] = {
	{ "futex.wait", 0, V_WAIT }, { "futex.wake", 0, V_WAKE }, { "futex.requeue", 0, V_REQUEUE }, { NULL, 0, 0 },
};

static void apply(struct apply_ctx *c, int verb)
{
	const char *uaddr;
	switch (verb) {
	case V_WAIT: {
		if (!ev_str(c, "uaddr", &uaddr, 1))
			return;
		char wchan[32];
		snprintf(wchan, sizeof wchan, "futex %s", uaddr);
		proc_block_named(c, wchan);
		return;
	}
	case V_WAKE: {
		if (!ev_str(c, "uaddr", &uaddr, 1))
			return;
		char text[32];
		snprintf(text, sizeof text, "futex %s", uaddr);
		proc_wake_named(c, text);
		return;
	}
	case V_REQUEUE: {
		/* The sleepers keep sleeping; which of them moved the trace does not say, so their wchan stays. */
		const char *to;
		int64_t n;
		ev_str(c, "uaddr", &uaddr, 1);
		ev_str(c, "uaddr2", &to, 1);
		ev_int(c, "n", &n, 1);
		return;
	}
	}
}

const struct ev_family family_futex = { "futex", types, apply };
