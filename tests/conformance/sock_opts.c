/* sock_opts: socket options and the ways a call waits on an AF_UNIX socket (socket(7), unix(7), signal(7)
 * "Interruption of system calls"): getsockopt of SO_TYPE, SO_DOMAIN, SO_ACCEPTCONN, SO_SNDBUF (doubled by
 * setsockopt, with its floor), SO_RCVTIMEO (a receive gives up with EAGAIN), a blocking receive interrupted by a
 * signal (EINTR; restarted under SA_RESTART, but not when SO_RCVTIMEO is set), MSG_WAITALL, readv/writev as one
 * datagram, and bad user pointers (EFAULT, the data kept). */
#include "conf.h"
#include <stdbool.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>

static void options(void)
{
	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	printf("SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d SO_ACCEPTCONN %d SO_ERROR %d SO_PASSCRED %d\n",
	       sockopt_int(s, SO_TYPE), sockopt_int(s, SO_DOMAIN), sockopt_int(s, SO_PROTOCOL), sockopt_int(s, SO_ACCEPTCONN),
	       sockopt_int(s, SO_ERROR), sockopt_int(s, SO_PASSCRED));
	printf("SO_SNDBUF %d SO_RCVBUF %d SO_RCVLOWAT %d SO_SNDLOWAT %d\n", sockopt_int(s, SO_SNDBUF),
	       sockopt_int(s, SO_RCVBUF),
	       sockopt_int(s, SO_RCVLOWAT), sockopt_int(s, SO_SNDLOWAT));
	int sizes[] = { 0, 1000, 5000, 100000, 1 << 30 };
	for (int i = 0; i < 5; i++) {
		setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sizes[i], sizeof sizes[i]);
		printf("SO_SNDBUF set %d: reads %d\n", sizes[i], sockopt_int(s, SO_SNDBUF));
	}
	struct timeval tv = { 1, 500 };
	check(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0, "SO_RCVTIMEO 1 s 500 us");
	socklen_t len = sizeof tv;
	memset(&tv, 0, sizeof tv);
	getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	printf("SO_RCVTIMEO reads %ld s %ld us (len %u)\n", (long)tv.tv_sec, (long)tv.tv_usec, (unsigned)len);
	tv.tv_usec = 1000000;
	int r = setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	check(r < 0 && errno == EDOM, "SO_RCVTIMEO with 1000000 us: %s", err_of(r));
	int v = 1;
	r = setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v);
	check(r < 0 && errno == ENOPROTOOPT, "set SO_TYPE: %s", err_of(r));
	r = setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, 2);
	check(r < 0 && errno == EINVAL, "optlen 2: %s", err_of(r));
	r = setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, -1);
	check(r < 0 && errno == EINVAL, "optlen -1: %s", err_of(r));
	r = setsockopt(s, 6 /* IPPROTO_TCP */, 1, &v, sizeof v);
	check(r < 0 && errno == EOPNOTSUPP, "level IPPROTO_TCP: %s", err_of(r));
	r = getsockopt(s, SOL_SOCKET, 12345, &v, &len);
	check(r < 0 && errno == ENOPROTOOPT, "getsockopt of option 12345: %s", err_of(r));
	char two[2] = { 0x55, 0x55 };
	len = 2;
	r = getsockopt(s, SOL_SOCKET, SO_TYPE, two, &len);
	check(r == 0 && len == 2 && two[0] == SOCK_SEQPACKET, "getsockopt into 2 bytes: cut, optlen 2");
	close(s);
}

static int caught;
static void on_alarm(int sig)
{
	(void)sig;
	caught++;
}

/* interrupt: a child sends SIGALRM to the parent after 50 ms, and (when data) a byte 50 ms later. */
static pid_t interrupt(int fd, bool data)
{
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		kill(parent, SIGALRM);
		if (data) {
			sleep_ms(50);
			write(fd, "r", 1);
		}
		_exit(0);
	}
	return pid;
}

static void waits(void)
{
	int sv[2];
	char b[16];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct timeval tv = { 0, 100000 };
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	long long t0 = now_ns();
	int r = (int)recv(sv[0], b, sizeof b, 0);
	long long ms = (now_ns() - t0) / 1000000;
	check(r < 0 && errno == EAGAIN && ms >= 90 && ms < 1000, "SO_RCVTIMEO 100 ms: %s after about 100 ms",
	      err_of(r));

	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	pid_t pid = interrupt(sv[1], false);
	r = (int)recv(sv[1], b, sizeof b, 0);
	check(r < 0 && errno == EINTR && caught == 1, "a signal interrupts a blocking recv: %s", err_of(r));
	waitpid(pid, NULL, 0);

	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	pid = interrupt(sv[0], true);
	r = (int)recv(sv[1], b, sizeof b, 0);
	check(r == 1 && caught == 2, "SA_RESTART: the recv goes on and gets the byte: %d", r);
	waitpid(pid, NULL, 0);

	tv.tv_sec = 5;
	tv.tv_usec = 0;
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	pid = interrupt(sv[0], true);
	r = (int)recv(sv[1], b, sizeof b, 0);
	check(r < 0 && errno == EINTR && caught == 3, "SA_RESTART with SO_RCVTIMEO set: %s", err_of(r));
	waitpid(pid, NULL, 0);
	recv(sv[1], b, sizeof b, 0);

	/* MSG_WAITALL: the receive waits until the buffer is full */
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 4; i++) {
			sleep_ms(20);
			write(sv[0], "ab", 2);
		}
		_exit(0);
	}
	memset(b, 0, sizeof b);
	r = (int)recv(sv[1], b, 8, MSG_WAITALL);
	check(r == 8 && !strcmp(b, "abababab"), "MSG_WAITALL: 8 bytes from 4 writes: %d", r);
	waitpid(pid, NULL, 0);
	close(sv[0]);
	close(sv[1]);
	signal(SIGALRM, SIG_DFL);
}

static void vectors(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	struct iovec out[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	check(writev(sv[0], out, 3) == 5, "writev of 3 buffers: one datagram of 5");
	char x[2] = { 0 }, y[8] = { 0 };
	struct iovec in[2] = { { x, 1 }, { y, sizeof y } };
	check(readv(sv[1], in, 2) == 5 && x[0] == 'a' && !strcmp(y, "bcde"), "readv spreads it over 2 buffers");
	char *bad = (char *)16;
	__asm__("" : "+r"(bad));
	int r = (int)send(sv[0], bad, 4, 0);
	check(r < 0 && errno == EFAULT, "send from a bad buffer: %s", err_of(r));
	r = (int)recv(sv[1], y, sizeof y, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "nothing was sent: %s", err_of(r));
	check(send(sv[0], "keep", 4, 0) == 4, "send 4");
	r = (int)recv(sv[1], bad, 4, 0);
	check(r < 0 && errno == EFAULT, "recv into a bad buffer: %s", err_of(r));
	r = (int)send(sv[0], "x", 1, 0);
	socklen_t *badlen = (socklen_t *)16;
	__asm__("" : "+r"(badlen));
	r = getsockopt(sv[0], SOL_SOCKET, SO_TYPE, bad, badlen);
	check(r < 0 && errno == EFAULT, "getsockopt with a bad optlen: %s", err_of(r));
	r = (int)syscall(SYS_sendmsg, sv[0], bad, 0); /* (the C library's sendmsg reads the msghdr itself) */
	check(r < 0 && errno == EFAULT, "sendmsg of a bad msghdr: %s", err_of(r));
	struct iovec many[1100];
	for (int i = 0; i < 1100; i++)
		many[i] = (struct iovec){ "z", 1 };
	struct msghdr m = { .msg_iov = many, .msg_iovlen = 1100 };
	r = (int)sendmsg(sv[0], &m, 0);
	check(r < 0 && errno == EMSGSIZE, "sendmsg of 1100 buffers: %s", err_of(r));
	m.msg_iovlen = 1024;
	check(sendmsg(sv[0], &m, 0) == 1024, "1024 buffers: one datagram of 1024");
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	options();
	waits();
	vectors();
	return done();
}
