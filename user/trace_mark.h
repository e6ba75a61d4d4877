/* user/trace_mark.h: trace_mark("fmt", ...) emits a `trace.mark` event into ipclab's trace (traces/FORMAT.md)
 * through ipclab's own system call 1000 (text, len). On Linux that call fails with ENOSYS and does nothing,
 * so a program using it runs unchanged on both. */
#ifndef USER_TRACE_MARK_H
#define USER_TRACE_MARK_H
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#define SYS_ipclab_trace_mark 1000

/* trace_mark: format like printf (cut to 255 bytes; the kernel keeps at most data_max) and emit it as a mark.
 * Returns the system call's result: 0 on ipclab, -1 (errno ENOSYS) on Linux. */
static inline long trace_mark(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline long trace_mark(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	return syscall(SYS_ipclab_trace_mark, buf, (size_t)n);
}
#endif
