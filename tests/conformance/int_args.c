/* int_args: a system call's `int` argument is the low 32 bits of its register (Linux's SYSCALL_DEFINEn: the
 * arm64 syscall wrappers convert each argument to its declared type). Each call below runs twice through
 * syscall(2), once with clean arguments and once with garbage in the upper 32 bits of every int-sized argument
 * (int, pid_t, clockid_t, unsigned int), and must do the same both times: pipe2, faccessat, rt_sigprocmask,
 * clock_gettime, clock_getres, socketpair, dup3, wait4, waitid, setitimer, getitimer, lseek, shutdown, ppoll. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"

/* dirty: v in the low 32 bits of a register whose upper 32 bits are garbage (neither v's sign extension nor
 * zeros). clean: v as a C caller passes it (sign-extended). */
static long dirty(int v) { return (long)(0x5ca1ab1eUL << 32 | (unsigned)v); }
static long clean(int v) { return v; }

/* SYS: syscall(2) returning -errno on failure (taken at once, before another call changes errno). */
static long neg(long r) { return r < 0 ? -errno : r; }
#define SYS(...) neg(syscall(__VA_ARGS__))

/* res: a result of SYS as "N" or "-1 ERRNO". */
static const char *res(long r)
{
	static char buf[8][48];
	static int n;
	char *b = buf[n++ % 8];
	if (r < 0)
		snprintf(b, sizeof buf[0], "-1 %s", errname((int)-r));
	else
		snprintf(b, sizeof buf[0], "%ld", r);
	return b;
}

/* same: one call's outcome (its result and what it did, as text) with clean and dirty arguments. */
static void same(const char *call, const char *with_clean, const char *with_dirty)
{
	int eq = strcmp(with_clean, with_dirty) == 0;
	check(eq, "%s: %s%s%s", call, with_clean,
	      eq ? "; the same with garbage in the upper halves" : "; with garbage in the upper halves: ",
	      eq ? "" : with_dirty);
}

static int cloexec(int fd) { return fcntl(fd, F_GETFD) == FD_CLOEXEC; }

static void try_pipe2(long (*a)(int), char *out, size_t n)
{
	int p[2] = { -1, -1 };
	long r = SYS(SYS_pipe2, p, a(O_CLOEXEC | O_NONBLOCK));
	snprintf(out, n, "%s, close-on-exec %d, non-blocking %d", res(r), r == 0 && cloexec(p[0]),
		 r == 0 && (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
	if (r == 0) {
		close(p[0]);
		close(p[1]);
	}
}

static void try_faccessat(long (*a)(int), char *out, size_t n)
{
	long r1 = SYS(SYS_faccessat, a(AT_FDCWD), "/tests", a(X_OK));
	long r2 = SYS(SYS_faccessat, a(AT_FDCWD), "/no/such/file", a(F_OK));
	long r3 = SYS(SYS_faccessat, a(-1), "tests", a(F_OK)); /* a relative path from a bad dirfd */
	snprintf(out, n, "/tests X_OK: %s, a missing file: %s, a relative path from dirfd -1: %s", res(r1), res(r2),
		 res(r3));
}

static void try_sigprocmask(long (*a)(int), char *out, size_t n)
{
	unsigned long set = 1UL << (SIGUSR1 - 1), old = 0, now = 0;
	long r1 = SYS(SYS_rt_sigprocmask, a(SIG_BLOCK), &set, &old, 8);
	long r2 = SYS(SYS_rt_sigprocmask, a(SIG_UNBLOCK), &set, &now, 8);
	long r3 = SYS(SYS_rt_sigprocmask, a(3), &set, NULL, 8); /* not a how */
	snprintf(out, n, "SIG_BLOCK %s (SIGUSR1 blocked: %d), SIG_UNBLOCK %s, how 3 %s", res(r1), (now & set) != 0,
		 res(r2), res(r3));
}

static void try_clocks(long (*a)(int), char *out, size_t n)
{
	struct timespec ts, rs;
	long r1 = SYS(SYS_clock_gettime, a(CLOCK_MONOTONIC), &ts);
	long r2 = SYS(SYS_clock_getres, a(CLOCK_REALTIME), &rs);
	long r3 = SYS(SYS_clock_gettime, a(100), &ts); /* not a clock */
	snprintf(out, n,
		 "clock_gettime(CLOCK_MONOTONIC) %s, clock_getres(CLOCK_REALTIME) %s (under 1 s: %d), "
		 "clock_gettime(100) %s",
		 res(r1), res(r2), r2 == 0 && rs.tv_sec == 0, res(r3));
}

static void try_socketpair(long (*a)(int), char *out, size_t n)
{
	int sv[2] = { -1, -1 };
	long r = SYS(SYS_socketpair, a(AF_UNIX), a(SOCK_STREAM | SOCK_CLOEXEC), a(0), sv);
	long w = -1, sh = -1, eof = -1;
	char c;
	if (r == 0) {
		w = neg(write(sv[0], "x", 1));
		sh = SYS(SYS_shutdown, a(sv[0]), a(SHUT_WR)); /* then sv[1] reads the byte and end of file */
		eof = read(sv[1], &c, 1) + read(sv[1], &c, 1);
	}
	snprintf(out, n,
		 "socketpair %s (close-on-exec %d), write %s, shutdown(SHUT_WR) %s, the peer reads 1 byte "
		 "then end of file: %d",
		 res(r), r == 0 && cloexec(sv[1]), res(w), res(sh), eof == 1);
	if (r == 0) {
		close(sv[0]);
		close(sv[1]);
	}
}

static void try_dup3(long (*a)(int), char *out, size_t n)
{
	int p[2];
	if (pipe(p) < 0) {
		snprintf(out, n, "pipe failed");
		return;
	}
	long r1 = SYS(SYS_dup3, a(p[0]), a(40), a(O_CLOEXEC));
	long r2 = SYS(SYS_dup3, a(p[0]), a(p[0]), a(0));
	snprintf(out, n, "dup3(fd, 40, O_CLOEXEC) %s (close-on-exec %d), dup3(fd, fd, 0) %s", res(r1),
		 r1 == 40 && cloexec(40), res(r2));
	close(40);
	close(p[0]);
	close(p[1]);
}

static pid_t child_exiting(int code)
{
	pid_t c = fork();
	if (c == 0)
		_exit(code);
	return c;
}

static void try_wait4(long (*a)(int), char *out, size_t n)
{
	pid_t c = child_exiting(7);
	int st = 0;
	long r1 = SYS(SYS_wait4, a(c), &st, a(0), NULL);
	long r2 = SYS(SYS_wait4, a(-1), &st, a(WNOHANG), NULL); /* no child left */
	snprintf(out, n, "wait4(child) is the child: %d, exit status %d; wait4(-1, WNOHANG) with none %s", r1 == c,
		 WIFEXITED(st) ? WEXITSTATUS(st) : -1, res(r2));
}

static void try_waitid(long (*a)(int), char *out, size_t n)
{
	pid_t c = child_exiting(5);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	long r1 = SYS(SYS_waitid, a(P_PID), a(c), &si, a(WEXITED), NULL);
	int that = si.si_pid == c, status = si.si_status;
	long r2 = SYS(SYS_waitid, a(P_ALL), a(0), &si, a(WEXITED | WNOHANG), NULL);
	snprintf(out, n, "waitid(P_PID, child, WEXITED) %s (that child: %d, status %d); waitid(P_ALL) with none %s",
		 res(r1), that, status, res(r2));
}

static void try_itimers(long (*a)(int), char *out, size_t n)
{
	struct itimerval set = { { 0, 0 }, { 1000, 0 } }, old, cur, off = { { 0, 0 }, { 0, 0 } };
	long r1 = SYS(SYS_setitimer, a(ITIMER_REAL), &set, &old);
	long r2 = SYS(SYS_getitimer, a(ITIMER_REAL), &cur);
	long r3 = SYS(SYS_setitimer, a(ITIMER_REAL), &off, NULL);
	long r4 = SYS(SYS_getitimer, a(-1), &cur);
	snprintf(out, n, "setitimer(ITIMER_REAL, 1000 s) %s, getitimer %s (armed: %d), disarmed %s, getitimer(-1) %s",
		 res(r1), res(r2), r2 == 0 && cur.it_value.tv_sec > 990, res(r3), res(r4));
}

static void try_lseek(long (*a)(int), char *out, size_t n)
{
	mkdir("/tmp", 0777);
	int fd = open("/tmp/int_args", O_RDWR | O_CREAT | O_TRUNC, 0644);
	long w = neg(write(fd, "0123456789", 10));
	long r1 = SYS(SYS_lseek, a(fd), 3L, a(SEEK_SET));
	long r2 = SYS(SYS_lseek, a(fd), -2L, a(SEEK_END));
	long r3 = SYS(SYS_lseek, a(fd), 0L, a(7)); /* not a whence */
	char c = 0;
	long rd = neg(read(fd, &c, 1));
	snprintf(out, n, "write %s, lseek(3, SEEK_SET) %s, lseek(-2, SEEK_END) %s, whence 7 %s, then reads '%c' (%s)",
		 res(w), res(r1), res(r2), res(r3), c, res(rd));
	close(fd);
	unlink("/tmp/int_args");
}

static void try_ppoll(long (*a)(int), char *out, size_t n)
{
	int p[2];
	if (pipe(p) < 0 || write(p[1], "x", 1) != 1) {
		snprintf(out, n, "pipe failed");
		return;
	}
	struct pollfd fds[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	struct timespec zero = { 0, 0 };
	long r = SYS(SYS_ppoll, fds, a(2), &zero, NULL, 8);
	snprintf(out, n, "ppoll(2 descriptors) %s, revents %#x %#x", res(r), fds[0].revents, fds[1].revents);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	static const struct {
		const char *call;
		void (*fn)(long (*a)(int), char *out, size_t n);
	} calls[] = {
		{ "pipe2", try_pipe2 },
		{ "faccessat", try_faccessat },
		{ "rt_sigprocmask", try_sigprocmask },
		{ "clock_gettime/clock_getres", try_clocks },
		{ "socketpair/shutdown", try_socketpair },
		{ "dup3", try_dup3 },
		{ "wait4", try_wait4 },
		{ "waitid", try_waitid },
		{ "setitimer/getitimer", try_itimers },
		{ "lseek", try_lseek },
		{ "ppoll", try_ppoll },
	};
	for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
		char with_clean[256], with_dirty[256];
		calls[i].fn(clean, with_clean, sizeof with_clean);
		calls[i].fn(dirty, with_dirty, sizeof with_dirty);
		same(calls[i].call, with_clean, with_dirty);
	}
	return done();
}
