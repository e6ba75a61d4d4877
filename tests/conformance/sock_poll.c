/* sock_poll: readiness of AF_UNIX sockets for poll(2) and select(2) (Linux's unix_poll and unix_dgram_poll): a
 * listener is readable with a connection pending; a connected socket writable, readable with data, POLLRDHUP
 * and POLLIN once its peer shut down writing, POLLHUP once both ways; a datagram sender not writable while its
 * receiver's queue is full; a poll woken by another process's send, connect and close. */
#define _GNU_SOURCE
#include "conf.h"
#include <poll.h>
#include <stddef.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static short revents(int fd, short events, int timeout)
{
	struct pollfd p = { fd, events, 0 };
	int r = poll(&p, 1, timeout);
	return r < 0 ? -1 : p.revents;
}

static const char *show(short ev)
{
	static char buf[96];
	buf[0] = 0;
	if (ev < 0)
		return "error";
	if (ev & POLLIN)
		strcat(buf, "IN ");
	if (ev & POLLOUT)
		strcat(buf, "OUT ");
	if (ev & POLLRDHUP)
		strcat(buf, "RDHUP ");
	if (ev & POLLHUP)
		strcat(buf, "HUP ");
	if (ev & POLLERR)
		strcat(buf, "ERR ");
	if (ev & POLLNVAL)
		strcat(buf, "NVAL ");
	if (!buf[0])
		strcpy(buf, "none");
	return buf;
}

#define ALL (POLLIN | POLLOUT | POLLRDHUP)

static void stream(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path + 1, "sock_poll", 9);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 10;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("new stream socket: %s\n", show(revents(l, ALL, 0)));
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 4);
	printf("listener, nothing pending: %s\n", show(revents(l, ALL, 0)));
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&a, len);
		sleep_ms(50);
		write(c, "data", 4);
		sleep_ms(50);
		shutdown(c, SHUT_WR);
		sleep_ms(50);
		_exit(0);
	}
	printf("listener, after a connect from a child (poll waits): %s\n", show(revents(l, ALL, 2000)));
	int s = accept(l, NULL, NULL);
	printf("accepted, no data: %s\n", show(revents(s, ALL, 0)));
	printf("POLLIN only, the child writes (poll waits): %s\n", show(revents(s, POLLIN, 2000)));
	char b[8];
	read(s, b, sizeof b);
	printf("read it; POLLIN|POLLRDHUP, the child shuts down writing: %s\n", show(revents(s, POLLIN | POLLRDHUP, 2000)));
	int st;
	waitpid(pid, &st, 0);
	printf("the child exited: %s\n", show(revents(s, ALL, 0)));
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(s, &rd);
	FD_SET(s, &wr);
	struct timeval tv = { 0, 0 };
	int n = select(s + 1, &rd, &wr, NULL, &tv);
	check(n == 2 && FD_ISSET(s, &rd) && FD_ISSET(s, &wr), "select: readable (end of file) and writable: %d", n);
	close(s);
	close(l);

	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	shutdown(sv[0], SHUT_RD);
	printf("socketpair, SHUT_RD: %s\n", show(revents(sv[0], ALL, 0)));
	printf("its peer: %s\n", show(revents(sv[1], ALL, 0)));
	shutdown(sv[0], SHUT_WR);
	printf("then SHUT_WR: %s\n", show(revents(sv[0], ALL, 0)));
	printf("its peer: %s\n", show(revents(sv[1], ALL, 0)));
	close(sv[0]);
	close(sv[1]);

	/* a full send budget: the writer is not writable until the reader takes data */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	static char big[4096];
	long total = 0;
	ssize_t w;
	while ((w = write(sv[0], big, sizeof big)) > 0)
		total += w;
	check(w < 0 && errno == EAGAIN, "a stream fills up: EAGAIN after some bytes");
	printf("full writer: %s\n", show(revents(sv[0], ALL, 0)));
	static char in[300000];
	while (read(sv[1], in, sizeof in) > 0)
		;
	printf("after the reader emptied it: %s\n", show(revents(sv[0], ALL, 0)));
	close(sv[0]);
	close(sv[1]);
}

static void dgram(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path + 1, "sock_poll.dgram", 15);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 16;
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	printf("new datagram socket: %s\n", show(revents(r, ALL, 0)));
	bind(r, (struct sockaddr *)&a, len);
	connect(s, (struct sockaddr *)&a, len);
	while (send(s, "x", 1, 0) == 1)
		;
	printf("sender, receiver's queue full: %s\n", show(revents(s, ALL, 0)));
	printf("receiver: %s\n", show(revents(r, ALL, 0)));
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		char b[4];
		_exit(recv(r, b, sizeof b, 0) == 1 ? 0 : 1);
	}
	printf("sender, the child receives one (poll waits): %s\n", show(revents(s, POLLOUT, 2000)));
	waitpid(pid, NULL, 0);
	close(r);
	printf("sender, receiver closed: %s\n", show(revents(s, ALL, 0)));
	close(s);

	int sv[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	printf("seqpacket pair: %s\n", show(revents(sv[0], ALL, 0)));
	close(sv[1]);
	printf("seqpacket, peer closed: %s\n", show(revents(sv[0], ALL, 0)));
	close(sv[0]);
	int u = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	printf("new seqpacket socket: %s\n", show(revents(u, ALL, 0)));
	close(u);
}

int main(void)
{
	stream();
	dgram();
	return done();
}
