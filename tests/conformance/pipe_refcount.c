/* pipe_refcount: the ends of a pipe are shared by dup, dup3 and fork and the pipe sees EOF only when the last
 * write end closes; closing a closed descriptor gives EBADF. */
#define _GNU_SOURCE /* dup3: a GNU extension, declared by glibc only with it */
#include <fcntl.h>
#include <sys/wait.h>
#include "conf.h"

int main(void)
{
	int p[2];
	char buf[16];
	ssize_t n;
	check(pipe(p) == 0, "pipe");

	int w2 = dup(p[1]);
	check(w2 > p[1], "dup gives a new descriptor");
	check(close(p[1]) == 0, "close the original write end");
	check(write(w2, "d", 1) == 1, "write through the dup");
	n = read(p[0], buf, sizeof buf);
	check(n == 1 && buf[0] == 'd', "read it: %zd", n);

	int w3 = dup3(w2, 20, 0);
	check(w3 == 20, "dup3 onto fd 20 gives %d", w3);
	check(close(w2) == 0, "close the dup");
	check(write(20, "e", 1) == 1, "fd 20 still writes");
	n = read(p[0], buf, sizeof buf);
	check(n == 1 && buf[0] == 'e', "read it: %zd", n);

	check(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0, "read end non-blocking");
	n = read(p[0], buf, sizeof buf);
	check(n == -1 && errno == EAGAIN, "a write end is still open: %zd %s (not EOF)", n, err_of(n));

	/* The flag lives in the open file description: a dup of the read end sees it. */
	int r2 = dup(p[0]);
	check((fcntl(r2, F_GETFL) & O_NONBLOCK) != 0, "dup of the read end shares O_NONBLOCK");
	check(fcntl(p[0], F_SETFL, 0) == 0, "clear O_NONBLOCK");
	check((fcntl(r2, F_GETFL) & O_NONBLOCK) == 0, "and the dup sees it cleared");
	close(r2);

	/* fork shares the write end; the parent's close alone does not give EOF. */
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(40);
		write(20, "f", 1);
		_exit(0);
	}
	close(20);
	n = read(p[0], buf, sizeof buf);
	check(n == 1 && buf[0] == 'f', "read the child's byte after the parent closed its write end: %zd", n);
	n = read(p[0], buf, sizeof buf);
	check(n == 0, "EOF once the child exited: %zd", n);
	int st;
	check(waitpid(c, &st, 0) == c && st == 0, "child exited 0");

	check(close(20) == -1 && errno == EBADF, "closing a closed fd gives EBADF");
	n = write(20, "x", 1);
	check(n == -1 && errno == EBADF, "writing a closed fd gives %zd %s", n, err_of(n));
	check(dup3(p[0], p[0], 0) == -1 && errno == EINVAL, "dup3 of an fd onto itself gives EINVAL");
	check(dup(99) == -1 && errno == EBADF, "dup of an unused fd gives EBADF");
	int d = dup3(p[0], 21, O_CLOEXEC);
	check(d == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC, "dup3 with O_CLOEXEC sets FD_CLOEXEC");
	check(fcntl(p[0], F_GETFD) == 0, "but not on the original");
	close(21);
	close(p[0]);
	return done();
}
