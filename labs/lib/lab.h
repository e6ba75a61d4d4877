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
#include <signal.h>
#include <sys/wait.h>
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

/* lab_wait_ms: wait up to ms milliseconds for the child pid to end, polling every 10 ms (waitpid WNOHANG), so
 * that a scenario whose child never ends reports it rather than hanging its boot. Returns the child's wait status,
 * or -1 when it had not ended by then: the child is then killed (SIGKILL) and reaped. */
static inline int lab_wait_ms(pid_t pid, long ms)
{
	int st;
	for (long waited = 0; waited < ms; waited += 10) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r < 0)
			return -1;
		lab_sleep_ms(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}
#endif
