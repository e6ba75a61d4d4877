/* poll_basic: poll/ppoll over pipes, FIFOs, sockets and regular files (POSIX poll(), Linux ppoll(2)): readiness
 * (POLLIN, POLLOUT, POLLHUP, POLLERR, POLLNVAL, POLLRDHUP), timeouts (zero: look once; a time; none), a wake-up
 * by another process, several descriptors at once, interruption by a signal (EINTR, pause()) and ppoll's
 * signal mask. revents are printed in hex, asking only for events both kernels define the same way. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#define F "/tmp/poll_basic.f"
#define WANT (POLLIN | POLLOUT)

static int got_signal;
static void on_signal(int sig) { got_signal = sig; }

/* ready: revents of fd for events after a poll with timeout 0. */
static int ready(int fd, int events)
{
	struct pollfd p = { fd, (short)events, 0 };
	int r = poll(&p, 1, 0);
	return r < 0 ? -errno : p.revents;
}

int main(void)
{
	int p[2], sv[2], r;
	char b[8];
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Pipes. */
	pipe(p);
	printf("pipe empty: read end %#x, write end %#x\n", ready(p[0], WANT), ready(p[1], WANT));
	write(p[1], "x", 1);
	printf("pipe with data: read end %#x\n", ready(p[0], WANT));
	close(p[1]);
	printf("data, writer gone: %#x\n", ready(p[0], WANT));
	read(p[0], b, 1);
	printf("drained, writer gone: %#x\n", ready(p[0], WANT));
	close(p[0]);
	pipe(p);
	close(p[0]);
	printf("reader gone: write end %#x\n", ready(p[1], WANT));
	close(p[1]);

	/* Timeouts. */
	pipe(p);
	long long t0 = now_ns();
	struct pollfd pf = { p[0], POLLIN, 0 };
	r = poll(&pf, 1, 150);
	long long ms = (now_ns() - t0) / 1000000;
	check(r == 0 && pf.revents == 0, "150 ms timeout on an empty pipe: 0");
	check(ms >= 140 && ms < 2000, "it waited about 150 ms");
	struct timespec ts = { 0, 50 * 1000000 };
	t0 = now_ns();
	r = ppoll(&pf, 1, &ts, NULL);
	ms = (now_ns() - t0) / 1000000;
	check(r == 0 && ms >= 45, "ppoll with a 50 ms timespec: 0 after 50 ms");

	/* A wake-up from another process, no timeout. */
	pid_t pid = writer_after(p[1], 150);
	t0 = now_ns();
	r = poll(&pf, 1, -1);
	ms = (now_ns() - t0) / 1000000;
	check(r == 1 && pf.revents == POLLIN, "poll without a timeout wakes when the child writes: %#x", pf.revents);
	check(ms >= 100, "after the child's delay");
	waitpid(pid, NULL, 0);
	read(p[0], b, 1);

	/* Several descriptors: a pipe and a socket; only the socket gets data. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = writer_after(sv[1], 100);
	struct pollfd two[3] = { { p[0], POLLIN, 0 }, { sv[0], POLLIN, 0 }, { -1, POLLIN, 0 } };
	r = poll(two, 3, 5000);
	check(r == 1 && two[0].revents == 0 && two[1].revents == POLLIN && two[2].revents == 0,
	      "pipe + socket + fd -1: only the socket is ready (%#x %#x %#x)", two[0].revents, two[1].revents,
	      two[2].revents);
	waitpid(pid, NULL, 0);
	read(sv[0], b, 1);
	close(p[0]);
	close(p[1]);

	/* Sockets. */
	printf("socket idle: %#x\n", ready(sv[0], WANT | POLLRDHUP));
	write(sv[1], "y", 1);
	printf("socket with data: %#x\n", ready(sv[0], WANT | POLLRDHUP));
	read(sv[0], b, 1);
	shutdown(sv[1], SHUT_WR);
	printf("peer shut down writing: %#x\n", ready(sv[0], WANT | POLLRDHUP));
	close(sv[1]);
	printf("peer closed: %#x\n", ready(sv[0], WANT | POLLRDHUP));
	close(sv[0]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	printf("dgram idle: %#x\n", ready(sv[0], WANT));
	send(sv[1], "d", 1, 0);
	printf("dgram with a message: %#x\n", ready(sv[0], WANT));
	close(sv[0]);
	close(sv[1]);

	/* FIFOs and regular files. */
	mkdir("/tmp", 0777);
	unlink(F);
	mkfifo(F, 0600);
	int fd = open(F, O_RDWR);
	printf("fifo O_RDWR empty: %#x\n", ready(fd, WANT));
	write(fd, "z", 1);
	printf("fifo O_RDWR with data: %#x\n", ready(fd, WANT));
	int rfd = open(F, O_RDONLY | O_NONBLOCK);
	pid = fork();
	if (pid == 0) {
		/* The child waits in poll on the FIFO's read end until the parent writes again. */
		read(rfd, b, 1);
		struct pollfd c = { rfd, POLLIN, 0 };
		int n = poll(&c, 1, 5000);
		_exit(n == 1 && c.revents == POLLIN ? 0 : 1);
	}
	sleep_ms(100);
	write(fd, "z", 1);
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child polling a FIFO wakes on the write");
	close(rfd);
	close(fd);
	unlink(F);
	fd = open("/tests/poll_basic", O_RDONLY);
	printf("regular file: %#x\n", ready(fd, WANT));
	close(fd);
	printf("closed descriptor: %#x\n", ready(fd, WANT));

	/* Signals. */
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	pipe(p);
	pf.fd = p[0];
	r = poll(&pf, 1, -1);
	check(r < 0 && errno == EINTR && got_signal == SIGALRM, "SIGALRM interrupts poll: %s", err_of(r));
	got_signal = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	r = pause();
	check(r < 0 && errno == EINTR && got_signal == SIGALRM, "pause() returns EINTR after the handler");
	sigset_t block, empty;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	got_signal = 0;
	kill(getpid(), SIGUSR1);
	check(got_signal == 0, "SIGUSR1 blocked: pending");
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	r = ppoll(&pf, 1, &ts, &empty);
	check(r < 0 && errno == EINTR && got_signal == SIGUSR1, "ppoll with an empty mask takes the pending SIGUSR1");
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	check(sigismember(&now, SIGUSR1), "the old mask is back after ppoll");
	ts.tv_nsec = 2000000000L;
	r = ppoll(&pf, 1, &ts, NULL);
	check(r < 0 && errno == EINVAL, "ppoll with tv_nsec out of range: %s", err_of(r));
	r = poll((struct pollfd *)8, 1, 0);
	check(r < 0 && errno == EFAULT, "poll with a bad array: %s", err_of(r));
	r = poll(&pf, 100000, 0);
	check(r < 0 && errno == EINVAL, "poll with nfds over RLIMIT_NOFILE: %s", err_of(r));
	close(p[0]);
	close(p[1]);
	return done();
}
