/* robust: bad pointers (NULL, a kernel address, unmapped memory, read-only memory as an output buffer), bad
 * file descriptors and bad lengths for every system call of the first ipclab kernel. Each must fail with the
 * errno Linux gives (checked against Linux: robust.expected) and the program must go on; it ends with a summary.
 * The kernel's own check that it leaked nothing is in the trace's kernel.halt event (tests/kernel). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "conf.h"

#define KADDR ((void *)0xffffff8000000000ull)
static void *unmapped, *rdonly;
static int nchecks;

/* expect_err: the raw system call result r must be -1 with errno e. */
static void expect_err(long r, int e, const char *what)
{
	int got = errno;
	nchecks++;
	if (r == -1)
		check(got == e, "%s: %s", what, errname(got));
	else
		check(0, "%s: returned %ld, expected %s", what, r, errname(e));
}

/* expect_val: the result must be exactly v. */
static void expect_val(long r, long v, const char *what)
{
	nchecks++;
	if (r == -1)
		check(r == v, "%s: -1 %s", what, errname(errno));
	else
		check(r == v, "%s: %ld", what, r);
}

/* drain: read whatever is in the pipe without blocking; returns the byte count. */
static long drain(int fd)
{
	static char sink[65536];
	long total = 0, n;
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while ((n = read(fd, sink, sizeof sink)) > 0)
		total += n;
	fcntl(fd, F_SETFL, fl);
	return total;
}

static int lowest_free_fd(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

int main(void)
{
	char buf[4096];
	void *bads[] = { NULL, KADDR, NULL, NULL };
	const char *badname[] = { "NULL", "kernel address", "unmapped page", "read-only page" };
	static char big[8192];
	rdonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A hole between two mapped pages: later mmaps of other sizes do not fill it. */
	char *three = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unmapped = three + 4096;
	munmap(unmapped, 4096);
	bads[2] = unmapped;
	bads[3] = rdonly;
	char what[160];

	int p[2];
	pipe(p);
	int free_fd = lowest_free_fd();

	/* read: output buffer */
	write(p[1], "0123456789", 10);
	for (int i = 0; i < 4; i++) {
		snprintf(what, sizeof what, "read into %s", badname[i]);
		expect_err(syscall(SYS_read, p[0], bads[i], 10), EFAULT, what);
	}
	expect_val(read(p[0], buf, 10), 10, "the data is still there after the failed reads");
	write(p[1], "0123456789", 10);
	expect_val(syscall(SYS_read, p[0], big, 1L << 30), 10, "read with a 1 GiB count into an 8 KiB buffer gets the 10 bytes");
	static const int badfds[] = { -1, 1000, INT_MAX, INT_MIN };
	for (int i = 0; i < 4; i++) {
		snprintf(what, sizeof what, "read from fd %d", badfds[i]);
		expect_err(syscall(SYS_read, badfds[i], buf, 1), EBADF, what);
		snprintf(what, sizeof what, "write to fd %d", badfds[i]);
		expect_err(syscall(SYS_write, badfds[i], buf, 1), EBADF, what);
	}
	expect_err(syscall(SYS_read, free_fd, buf, 1), EBADF, "read from a closed fd");

	/* write: input buffer (read-only memory is a fine source) */
	for (int i = 0; i < 3; i++) {
		snprintf(what, sizeof what, "write to a pipe from %s", badname[i]);
		expect_err(syscall(SYS_write, p[1], bads[i], 10), EFAULT, what);
		snprintf(what, sizeof what, "write to stdout from %s", badname[i]);
		expect_err(syscall(SYS_write, 1, bads[i], 10), EFAULT, what);
	}
	expect_val(syscall(SYS_write, p[1], rdonly, 10), 10, "write from a read-only page works");
	expect_val(drain(p[0]), 10, "and reads back 10 bytes");
	expect_err(syscall(SYS_write, p[1], buf, -1L), EFAULT, "write with count -1");
	expect_err(syscall(SYS_read, p[0], buf, -1L), EFAULT, "read with count -1");

	/* writev */
	struct iovec iov[2] = { { buf, 1 }, { buf, 1 } };
	memset(buf, 'v', 2);
	for (int i = 0; i < 3; i++) {
		snprintf(what, sizeof what, "writev with the iovec array at %s", badname[i]);
		expect_err(syscall(SYS_writev, p[1], bads[i], 1), EFAULT, what);
	}
	struct iovec biov[2] = { { buf, 1 }, { KADDR, 10 } };
	expect_err(syscall(SYS_writev, p[1], biov, 2), EFAULT, "writev whose second piece is a kernel address");
	expect_val(drain(p[0]), 0, "and wrote nothing");
	biov[0].iov_base = NULL;
	expect_err(syscall(SYS_writev, p[1], biov, 1), EFAULT, "writev of a NULL piece");
	expect_err(syscall(SYS_writev, p[1], iov, -1), EINVAL, "writev with iovcnt -1");
	expect_err(syscall(SYS_writev, p[1], iov, 1025), EINVAL, "writev with iovcnt 1025");
	struct iovec hiov[2] = { { buf, SSIZE_MAX }, { buf, SSIZE_MAX } };
	expect_err(syscall(SYS_writev, p[1], hiov, 2), EFAULT, "writev of two pieces of SSIZE_MAX bytes");
	expect_err(syscall(SYS_writev, 1000, iov, 1), EBADF, "writev to fd 1000");

	/* close, dup, dup3 */
	expect_err(close(-1), EBADF, "close(-1)");
	expect_err(close(1 << 20), EBADF, "close(1<<20)");
	expect_err(close(free_fd), EBADF, "close of a free fd");
	expect_err(dup(-1), EBADF, "dup(-1)");
	expect_err(dup(1000), EBADF, "dup(1000)");
	expect_err(syscall(SYS_dup3, 1000, 5, 0), EBADF, "dup3 from fd 1000");
	expect_err(syscall(SYS_dup3, 0, -1, 0), EBADF, "dup3 onto fd -1");
	expect_err(syscall(SYS_dup3, 0, 1 << 20, 0), EBADF, "dup3 onto fd 1<<20");
	expect_err(syscall(SYS_dup3, 0, 30, 1), EINVAL, "dup3 with unknown flags");
	expect_err(syscall(SYS_dup3, 0, 0, 0), EINVAL, "dup3 onto itself");

	/* pipe2: the fds array is an output buffer; a failed pipe2 leaves no descriptors behind */
	for (int i = 0; i < 4; i++) {
		snprintf(what, sizeof what, "pipe2 into %s", badname[i]);
		expect_err(syscall(SYS_pipe2, bads[i], 0), EFAULT, what);
	}
	expect_val(lowest_free_fd(), free_fd, "no descriptors leaked by the failed pipe2 calls");
	int q[2];
	expect_err(syscall(SYS_pipe2, q, 0x12345678), EINVAL, "pipe2 with unknown flags");

	/* fcntl */
	expect_err(fcntl(-1, F_GETFL), EBADF, "fcntl F_GETFL on fd -1");
	expect_err(fcntl(1000, F_SETFL, O_NONBLOCK), EBADF, "fcntl F_SETFL on fd 1000");
	expect_err(fcntl(p[0], 12345), EINVAL, "fcntl with an unknown command");
	expect_err(fcntl(p[0], F_SETPIPE_SZ, -5), EINVAL, "F_SETPIPE_SZ -5");

	/* ioctl */
	expect_err(ioctl(p[0], TIOCGWINSZ, NULL), ENOTTY, "TIOCGWINSZ on a pipe with a NULL argument");
	expect_err(ioctl(1000, TIOCGWINSZ, buf), EBADF, "ioctl on fd 1000");

	/* clock_gettime, nanosleep, uname: output structures */
	for (int i = 0; i < 4; i++) {
		snprintf(what, sizeof what, "clock_gettime into %s", badname[i]);
		expect_err(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bads[i]), EFAULT, what);
		snprintf(what, sizeof what, "uname into %s", badname[i]);
		expect_err(syscall(SYS_uname, bads[i]), EFAULT, what);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(what, sizeof what, "nanosleep reading %s", badname[i]);
		expect_err(syscall(SYS_nanosleep, bads[i], NULL), EFAULT, what);
	}
	struct timespec ts = { 0, 1000 };
	expect_val(syscall(SYS_nanosleep, &ts, KADDR), 0, "nanosleep with a bad rem pointer (not written) succeeds");
	expect_err(syscall(SYS_clock_gettime, -1, &ts), EINVAL, "clock_gettime of clock -1");

	/* brk, mmap, munmap */
	long cur = syscall(SYS_brk, 0);
	expect_val(syscall(SYS_brk, KADDR) == cur, 1, "brk to a kernel address leaves the break");
	expect_val(syscall(SYS_brk, -1L) == cur, 1, "brk(-1) leaves the break");
	expect_err((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap of length 0");
	expect_err((long)mmap(NULL, 1UL << 60, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM, "mmap of 2^60 bytes");
	expect_err((long)mmap(NULL, -4096UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM, "mmap of -4096 bytes");
	expect_err((long)mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL, "mmap neither private nor shared");
	expect_err(munmap((char *)rdonly + 1, 4096), EINVAL, "munmap of an unaligned address");
	expect_err(munmap(rdonly, 0), EINVAL, "munmap of length 0");
	expect_err(munmap(KADDR, 4096), EINVAL, "munmap of a kernel address");
	expect_val(munmap(unmapped, 4096), 0, "munmap of an unmapped page succeeds");

	/* wait4: a bad status pointer gives EFAULT (the child is reaped all the same) */
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	expect_err(syscall(SYS_wait4, c, KADDR, 0, NULL), EFAULT, "wait4 with the status at a kernel address");
	expect_err(syscall(SYS_wait4, c, NULL, 0, NULL), ECHILD, "the child was reaped anyway");
	c = fork();
	if (c == 0)
		_exit(4);
	expect_err(syscall(SYS_wait4, c, rdonly, 0, NULL), EFAULT, "wait4 with the status in read-only memory");
	c = fork();
	if (c == 0)
		_exit(5);
	int st = 0;
	expect_err(syscall(SYS_wait4, c, &st, 0, KADDR), EFAULT, "wait4 with rusage at a kernel address");
	expect_err(syscall(SYS_wait4, -1, &st, 0, NULL), ECHILD, "no children left");

	/* set_tid_address with a bad pointer: used (and ignored) only when the process exits */
	c = fork();
	if (c == 0) {
		syscall(SYS_set_tid_address, KADDR);
		_exit(6);
	}
	expect_val(waitpid(c, &st, 0) == c && WIFEXITED(st) ? WEXITSTATUS(st) : -1, 6,
		   "a child with a kernel address as clear_child_tid exits normally with code");

	/* execve: bad path and argv pointers, in a child so a surprise exec cannot end this program */
	static char longpath[5000];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	struct { const char *what; long path, argv; int e; } ex[] = {
		{ "execve of a NULL path", 0, 0, EFAULT },
		{ "execve of a kernel-address path", (long)KADDR, 0, EFAULT },
		{ "execve of an unmapped path", (long)unmapped, 0, EFAULT },
		{ "execve of a missing file", (long)"/no/such/program", 0, ENOENT },
		{ "execve of a 5000-byte path", (long)longpath, 0, ENAMETOOLONG },
		{ "execve with argv at a kernel address", (long)"/init", (long)KADDR, EFAULT },
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		fflush(stdout);
		c = fork();
		if (c == 0) {
			long r = syscall(SYS_execve, ex[i].path, ex[i].argv, NULL);
			_exit(r == -1 ? errno : 200);
		}
		waitpid(c, &st, 0);
		errno = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
		expect_err(-1, ex[i].e, ex[i].what);
	}
	char *bargv[] = { "/init", KADDR, NULL };
	fflush(stdout);
	c = fork();
	if (c == 0) {
		long r = syscall(SYS_execve, "/init", bargv, NULL);
		_exit(r == -1 ? errno : 200);
	}
	waitpid(c, &st, 0);
	errno = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
	expect_err(-1, EFAULT, "execve with a kernel address inside argv");

	/* clone with flags the kernel cannot honour */
	expect_err(syscall(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), EINVAL, "clone(CLONE_THREAD) without CLONE_SIGHAND");

	/* the process is still fine */
	expect_val(write(p[1], "ok", 2), 2, "the pipe still works");
	expect_val(drain(p[0]), 2, "and reads back");
	expect_val(getppid(), 1, "getppid");
	printf("robust: %d checks, %d failed\n", nchecks, conf_failures);
	return done();
}
