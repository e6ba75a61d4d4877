/* labs/lib/lab.h: small helpers shared by the lab programs (header-only, like user/trace_mark.h).
 * Programs print through lab_say (one write(2) per line: no stdio buffer to duplicate at fork, and lines appear
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

/* lab_say: format a line and write it to fd in one write(2). */
static inline void lab_say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void lab_say(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	for (int off = 0; off < n;) {
		ssize_t w = write(fd, buf + off, n - off);
		if (w <= 0)
			return;
		off += w;
	}
}

/* lab_die: print "PROG: WHAT: strerror(errno)" on stderr and exit 1. */
#define lab_die(what) \
	do { \
		lab_say(2, "%s: %s: %s\n", __FILE__, (what), strerror(errno)); \
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
