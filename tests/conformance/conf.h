/* tests/conformance/conf.h: helpers shared by the conformance programs. Each program prints deterministic lines
 * (the same on Linux and on ipclab) that scripts/conformance compares with NAME.expected:
 *   check(cond, "what ...")   prints "ok: what" or "FAIL: what", counts failures
 *   errname(errno)            the errno's symbolic name ("EAGAIN"), never strerror's wording
 *   writer_after(fd, ms)      a child that writes one byte to fd after ms milliseconds
 *   done()                    prints "N checks failed" when some did and returns the exit status (0 or 1)
 * stdout is made line buffered before main, so output written before a fork is never duplicated
 * (into a pipe or a file musl would otherwise buffer it fully). */
#ifndef CONF_H
#define CONF_H
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int conf_failures;

__attribute__((constructor)) static void conf_setup(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* check: report one assertion as "ok: ..." or "FAIL: ..."; returns cond. */
static int check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int check(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs(cond ? "ok: " : "FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (!cond)
		conf_failures++;
	return cond;
}

/* errname: symbolic name of an errno value (0 gives "0"). */
static const char *errname(int e) __attribute__((unused));
static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ENXIO: return "ENXIO";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case EROFS: return "EROFS";
	case EMLINK: return "EMLINK";
	case ELOOP: return "ELOOP";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ENOMSG: return "ENOMSG";
	case EIDRM: return "EIDRM";
	case EOVERFLOW: return "EOVERFLOW";
	case ENODATA: return "ENODATA";
	case ENOTSOCK: return "ENOTSOCK";
	case EMSGSIZE: return "EMSGSIZE";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EDESTADDRREQ: return "EDESTADDRREQ";
	case EPROTOTYPE: return "EPROTOTYPE";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRINUSE: return "EADDRINUSE";
	case ECONNABORTED: return "ECONNABORTED";
	case ECONNRESET: return "ECONNRESET";
	case ENOBUFS: return "ENOBUFS";
	case EISCONN: return "EISCONN";
	case ENOTCONN: return "ENOTCONN";
	case ETOOMANYREFS: return "ETOOMANYREFS";
	case ECONNREFUSED: return "ECONNREFUSED";
	default: {
		static char buf[32];
		snprintf(buf, sizeof buf, "errno %d", e);
		return buf;
	}
	}
}

/* err_of: "0" when r >= 0, else the name of errno (for "result: -1 EAGAIN" style lines). */
#define err_of(r) ((r) < 0 ? errname(errno) : "0")

/* now_ns: CLOCK_MONOTONIC in nanoseconds. */
static long long now_ns(void) __attribute__((unused));
static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* sleep_ms: nanosleep for ms milliseconds. */
static void sleep_ms(long ms) __attribute__((unused));
static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* writer_after: fork a child that writes one byte ("w") to fd after ms milliseconds, then exits (status 0
 * when the write worked). Returns the child's pid, as fork does. */
static pid_t writer_after(int fd, int ms) __attribute__((unused));
static pid_t writer_after(int fd, int ms)
{
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		_exit(write(fd, "w", 1) == 1 ? 0 : 1);
	}
	return pid;
}

/* sockopt_int: the int value of socket option opt (level SOL_SOCKET) of fd, or -errno when getsockopt(2) fails. */
static int sockopt_int(int fd, int opt) __attribute__((unused));
static int sockopt_int(int fd, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, SOL_SOCKET, opt, &v, &len) < 0)
		return -errno;
	return v;
}

/* done: the program's exit status: 0 when every check passed, else 1 (after saying how many failed). */
static int done(void) __attribute__((unused));
static int done(void)
{
	if (conf_failures)
		printf("%d checks failed\n", conf_failures);
	return conf_failures ? 1 : 0;
}
#endif
