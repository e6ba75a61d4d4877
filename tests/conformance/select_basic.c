/* select_basic: select and pselect over pipes, a FIFO and a socketpair (POSIX select(), pselect(); Linux
 * select(2), which musl's select and pselect reach through pselect6): which descriptors are ready to read or
 * write, end of file and a reader gone, the sets rewritten to the ready ones, the count (a descriptor ready for
 * both counts twice), timeouts (zero: look once; a time), a wake-up by another process, EBADF for a closed
 * descriptor in a set, EINVAL for a negative nfds, interruption by a signal (EINTR, sets unchanged) and
 * pselect's signal mask. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIFO "/tmp/select_basic.fifo"

static int got_signal;
static void on_signal(int sig) { got_signal = sig; }

/* look: select once (timeout 0) on fd for reading and writing; prints "r", "w", "rw" or "-" and the count. */
static void look(const char *what, int fd)
{
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	struct timeval tv = { 0, 0 };
	int n = select(fd + 1, &r, &w, NULL, &tv);
	if (n < 0) {
		printf("%s: select -> %s\n", what, errname(errno));
		return;
	}
	const char *s = FD_ISSET(fd, &r) ? (FD_ISSET(fd, &w) ? "rw" : "r") : (FD_ISSET(fd, &w) ? "w" : "-");
	printf("%s: %s (select returned %d)\n", what, s, n);
}

int main(void)
{
	int p[2], q[2], sv[2], r;
	char b[8];
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* One pipe, both ends. */
	pipe(p);
	look("empty pipe, read end", p[0]);
	look("empty pipe, write end", p[1]);
	write(p[1], "x", 1);
	look("pipe with data, read end", p[0]);
	close(p[1]);
	look("data, writer gone", p[0]);
	read(p[0], b, 1);
	look("drained, writer gone (end of file)", p[0]);
	close(p[0]);
	pipe(p);
	close(p[0]);
	look("reader gone, write end", p[1]);
	close(p[1]);

	/* Several descriptors: the sets come back holding only the ready ones. */
	pipe(p);
	pipe(q);
	write(q[1], "y", 1);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	FD_SET(q[0], &rs);
	struct timeval tv = { 0, 0 };
	int maxfd = (p[0] > q[0] ? p[0] : q[0]) + 1;
	r = select(maxfd, &rs, NULL, NULL, &tv);
	printf("two pipes, one with data: %d ready; empty one set %d, full one set %d\n", r, FD_ISSET(p[0], &rs),
	       FD_ISSET(q[0], &rs));
	read(q[0], b, 1);

	/* A timeout: nothing arrives. */
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	tv = (struct timeval){ 0, 100000 };
	long long t0 = now_ns();
	r = select(p[0] + 1, &rs, NULL, NULL, &tv);
	long long ms = (now_ns() - t0) / 1000000;
	printf("timeout 100 ms, nothing: %d, set %d, waited at least 90 ms: %s\n", r, FD_ISSET(p[0], &rs),
	       ms >= 90 ? "yes" : "no");

	/* A wake-up: another process writes while select sleeps (no timeout). */
	pid_t w = writer_after(p[1], 80);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	t0 = now_ns();
	r = select(p[0] + 1, &rs, NULL, NULL, NULL);
	ms = (now_ns() - t0) / 1000000;
	printf("no timeout, a child writes after 80 ms: %d, set %d, slept at least 60 ms: %s\n", r,
	       FD_ISSET(p[0], &rs), ms >= 60 ? "yes" : "no");
	read(p[0], b, 1);
	waitpid(w, NULL, 0);

	/* A FIFO and a socketpair. */
	mkdir("/tmp", 0777);
	unlink(FIFO);
	check(mkfifo(FIFO, 0600) == 0, "mkfifo");
	int fr = open(FIFO, O_RDONLY | O_NONBLOCK), fw = open(FIFO, O_WRONLY);
	if (!check(fr >= 0 && fw >= 0, "open the FIFO's two ends"))
		return done();
	look("FIFO, empty, read end", fr);
	write(fw, "z", 1);
	look("FIFO with data, read end", fr);
	close(fr);
	close(fw);
	unlink(FIFO);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	look("socketpair, nothing sent", sv[0]);
	write(sv[1], "s", 1);
	look("socketpair, one byte sent", sv[0]);
	close(sv[0]);
	close(sv[1]);

	/* Errors. */
	int closed = q[1] + 1;
	while (fcntl(closed, F_GETFD) >= 0)
		closed++;
	FD_ZERO(&rs);
	FD_SET(closed, &rs);
	tv = (struct timeval){ 0, 0 };
	r = select(closed + 1, &rs, NULL, NULL, &tv);
	printf("a closed descriptor in the set: %d %s\n", r, err_of(r));
	tv = (struct timeval){ 0, 0 };
	r = select(-1, NULL, NULL, NULL, &tv);
	printf("nfds -1: %d %s\n", r, err_of(r));
	tv = (struct timeval){ 0, -1 };
	r = select(1, NULL, NULL, NULL, &tv);
	printf("a negative timeout: %d %s\n", r, err_of(r));
	tv = (struct timeval){ 0, 50000 };
	r = select(0, NULL, NULL, NULL, &tv);
	printf("no sets, 50 ms (a sleep): %d\n", r);
	/* Bad pointers, through the system call itself (pselect6: the timeout is a timespec, the sixth argument
	 * points to {mask, size}). */
	struct timespec zero = { 0, 0 };
	void *bad = (void *)16;
	r = syscall(SYS_pselect6, p[0] + 1, bad, NULL, NULL, &zero, NULL);
	printf("pselect6 with a bad read set: %d %s\n", r, err_of(r));
	r = syscall(SYS_pselect6, 0, NULL, NULL, NULL, bad, NULL);
	printf("pselect6 with a bad timeout: %d %s\n", r, err_of(r));
	r = syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, bad);
	printf("pselect6 with a bad mask argument: %d %s\n", r, err_of(r));
	sigset_t none;
	sigemptyset(&none);
	struct { void *mask; size_t size; } sm = { &none, 4 };
	r = syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &sm);
	printf("pselect6 with a mask size of 4: %d %s\n", r, err_of(r));

	/* A signal ends the wait: EINTR, the set as it was. */
	struct itimerval it = { { 0, 0 }, { 0, 60000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	got_signal = 0;
	r = select(p[0] + 1, &rs, NULL, NULL, NULL);
	printf("SIGALRM during select: %d %s, handler ran %d, set still %d\n", r, err_of(r), got_signal == SIGALRM,
	       FD_ISSET(p[0], &rs));

	/* pselect's mask: SIGUSR1 blocked outside, let through only while waiting. */
	sigset_t block, during;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(getpid(), SIGUSR1);
	got_signal = 0;
	printf("SIGUSR1 pending while blocked, handler ran %d\n", got_signal == SIGUSR1);
	sigemptyset(&during);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timespec ts = { 1, 0 };
	r = pselect(p[0] + 1, &rs, NULL, NULL, &ts, &during);
	printf("pselect with SIGUSR1 unblocked while waiting: %d %s, handler ran %d\n", r, err_of(r),
	       got_signal == SIGUSR1);
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("after pselect, SIGUSR1 blocked again: %d\n", sigismember(&now, SIGUSR1));
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	return done();
}
