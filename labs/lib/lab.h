/* labs/lib/lab.h: small helpers shared by the lab programs (header-only, like user/trace_mark.h).
 * Programs print through say (user/say.h: one write(2) per line, no stdio buffer to duplicate at fork, lines appear
 * in the order they happen) and mark interesting moments in the trace with trace_mark. */
#ifndef LABS_LIB_LAB_H
#define LABS_LIB_LAB_H
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "trace_mark.h"
#include "say.h" /* say(fd, fmt, ...): one line, one write(2) */


/* lab_die: print "PROG: WHAT: strerror(errno)" on stderr and exit 1. */
#define lab_die(what) \
	do { \
		say(2, "%s: %s: %s\n", __FILE__, (what), strerror(errno)); \
		exit(1); \
	} while (0)

/* lab_sleep_ms: sleep for ms milliseconds (nanosleep), restarting after a signal handler. */
static inline void lab_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
#endif
