/* user/say.h: say(fd, fmt, ...): format a line and write it to fd in one write(2) (so lines from several
 * processes sharing a console or pipe do not interleave mid-line); a line is cut to 511 bytes. Used by /init and
 * the labs' programs. */
#ifndef USER_SAY_H
#define USER_SAY_H
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static inline void say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void say(int fd, const char *fmt, ...)
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
#endif
