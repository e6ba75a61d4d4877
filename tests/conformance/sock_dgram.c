/* sock_dgram: AF_UNIX SOCK_DGRAM sockets by name (unix(7), sendto(2), recvfrom(2), connect(2)): datagrams to a
 * bound path and an abstract name, the sender's name as recvfrom reports it (and none for an unnamed sender),
 * message boundaries, MSG_TRUNC and MSG_PEEK, connect and its filter (EPERM for a receiver connected to a third),
 * AF_UNSPEC, a receiver's full queue (EAGAIN), and what a sender sees when its peer closes (ECONNREFUSED). */
#include "conf.h"
#include "sockaddr_un.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#define D "/tmp/sock_dgram.d"

static void by_name(void)
{
	struct sockaddr_un sa, ca, from;
	socklen_t slen = path_addr(&sa, D "/server"), clen = abstract_addr(&ca, "sock_dgram.client"), flen;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM, 0), u = socket(AF_UNIX, SOCK_DGRAM, 0);
	check(bind(s, (struct sockaddr *)&sa, slen) == 0, "bind the server to a path");
	check(bind(c, (struct sockaddr *)&ca, clen) == 0, "bind the client to an abstract name");
	check(sendto(c, "ping", 4, 0, (struct sockaddr *)&sa, slen) == 4, "the client sends to the path");
	check(sendto(u, "anon", 4, 0, (struct sockaddr *)&sa, slen) == 4, "an unnamed socket sends too");
	char b[64] = { 0 };
	flen = sizeof from;
	check(recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &flen) == 4 && !strcmp(b, "ping"),
	      "recvfrom: ping from %s", show_name(&from, flen));
	memset(b, 0, sizeof b);
	flen = sizeof from;
	memset(&from, 0x55, sizeof from);
	check(recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &flen) == 4 && !strcmp(b, "anon"),
	      "recvfrom: anon, from an unnamed socket: addrlen %u", (unsigned)flen);
	check(sendto(s, "pong", 4, 0, (struct sockaddr *)&ca, clen) == 4, "the server answers the abstract name");
	memset(b, 0, sizeof b);
	flen = sizeof from;
	check(recvfrom(c, b, sizeof b, 0, (struct sockaddr *)&from, &flen) == 4 && !strcmp(b, "pong"),
	      "the client gets pong from %s", show_name(&from, flen));
	flen = 4;
	check(sendto(c, "short", 5, 0, (struct sockaddr *)&sa, slen) == 5, "send again");
	check(recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &flen) == 5 && flen == clen,
	      "an address buffer of 4 bytes: cut; addrlen says the full %u", (unsigned)flen);

	/* boundaries, peek and truncation */
	sendto(c, "one", 3, 0, (struct sockaddr *)&sa, slen);
	sendto(c, "two two", 7, 0, (struct sockaddr *)&sa, slen);
	memset(b, 0, sizeof b);
	check(recv(s, b, sizeof b, MSG_PEEK) == 3 && !strcmp(b, "one"), "MSG_PEEK: one");
	memset(b, 0, sizeof b);
	check(recv(s, b, sizeof b, 0) == 3 && !strcmp(b, "one"), "recv: one (still there after the peek)");
	struct iovec iov = { b, 3 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	memset(b, 0, sizeof b);
	check(recvmsg(s, &m, 0) == 3 && (m.msg_flags & MSG_TRUNC) && !strcmp(b, "two"),
	      "recvmsg into 3 bytes: two, msg_flags MSG_TRUNC");
	int r = (int)recv(s, b, sizeof b, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "the rest of the datagram is gone: %s", err_of(r));

	/* connect: the default destination, and a filter on what it receives */
	check(connect(c, (struct sockaddr *)&sa, slen) == 0, "the client connects to the server");
	check(send(c, "via connect", 11, 0) == 11, "send without an address");
	check(recv(s, b, sizeof b, 0) == 11, "it arrives");
	check(connect(s, (struct sockaddr *)&ca, clen) == 0, "the server connects to the client");
	r = (int)sendto(u, "x", 1, 0, (struct sockaddr *)&sa, slen);
	check(r < 0 && errno == EPERM, "a third sends to the server, connected to another: %s", err_of(r));
	struct sockaddr_un us;
	socklen_t uslen = sizeof us;
	getpeername(s, (struct sockaddr *)&us, &uslen);
	check(!strcmp(show_name(&us, uslen), show_name(&ca, clen)), "getpeername: %s", show_name(&us, uslen));
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	check(connect(s, &unspec, sizeof unspec) == 0, "AF_UNSPEC disconnects the server");
	uslen = sizeof us;
	r = getpeername(s, (struct sockaddr *)&us, &uslen);
	check(r < 0 && errno == ENOTCONN, "getpeername after AF_UNSPEC: %s", err_of(r));
	check(sendto(u, "y", 1, 0, (struct sockaddr *)&sa, slen) == 1, "the third may send again");
	check(recv(s, b, sizeof b, 0) == 1, "and is received");
	r = (int)send(u, "z", 1, 0);
	check(r < 0 && errno == ENOTCONN, "send without an address, unconnected: %s", err_of(r));
	r = (int)sendto(u, "z", 1, 0, (struct sockaddr *)&ca, clen - 1);
	check(r < 0 && errno == ECONNREFUSED, "sendto an abstract name nobody has: %s", err_of(r));
	struct sockaddr_un nowhere;
	socklen_t nlen = path_addr(&nowhere, D "/nowhere");
	r = (int)sendto(u, "z", 1, 0, (struct sockaddr *)&nowhere, nlen);
	check(r < 0 && errno == ENOENT, "sendto a path that does not exist: %s", err_of(r));
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sta;
	socklen_t stlen = path_addr(&sta, D "/stream");
	bind(st, (struct sockaddr *)&sta, stlen);
	r = (int)sendto(u, "z", 1, 0, (struct sockaddr *)&sta, stlen);
	check(r < 0 && errno == EPROTOTYPE, "sendto a stream socket's path: %s", err_of(r));
	close(st);
	unlink(D "/stream");

	/* the peer goes: a connected sender learns it once, then is unconnected */
	close(s);
	r = (int)send(c, "x", 1, 0);
	check(r < 0 && errno == ECONNREFUSED, "send to the closed server: %s", err_of(r));
	r = (int)send(c, "x", 1, 0);
	check(r < 0 && errno == ENOTCONN, "again: %s", err_of(r));
	r = (int)sendto(c, "x", 1, 0, (struct sockaddr *)&sa, slen);
	check(r < 0 && errno == ECONNREFUSED, "sendto its path, nobody bound: %s", err_of(r));
	unlink(D "/server");
	close(c);
	close(u);
}

/* full_queue: a receiver not connected back takes 10 datagrams (net.unix.max_dgram_qlen) past which a
 * non-blocking sender gets EAGAIN; a blocking one waits until the receiver takes one. */
static void full_queue(void)
{
	struct sockaddr_un sa;
	socklen_t slen = abstract_addr(&sa, "sock_dgram.full");
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	bind(s, (struct sockaddr *)&sa, slen);
	connect(c, (struct sockaddr *)&sa, slen);
	int sent = 0, r;
	while ((r = (int)send(c, "d", 1, 0)) == 1 && sent < 1000)
		sent++;
	check(r < 0 && errno == EAGAIN, "datagrams queued before EAGAIN: %d (%s)", sent, err_of(r));
	int fl = fcntl(c, F_GETFL);
	fcntl(c, F_SETFL, fl & ~O_NONBLOCK);
	pid_t pid = fork();
	if (pid == 0) {
		char b[4];
		sleep_ms(50);
		_exit(recv(s, b, sizeof b, 0) == 1 ? 0 : 1);
	}
	long long t0 = now_ns();
	check(send(c, "e", 1, 0) == 1, "a blocking send waits for room, then goes");
	check(now_ns() - t0 > 20000000LL, "it waited for the receiver");
	int status;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the receiver took one");
	int n = 0;
	char b[4];
	while (recv(s, b, sizeof b, MSG_DONTWAIT) == 1)
		n++;
	check(n == sent, "%d datagrams left to read", n);
	close(s);
	close(c);
}

/* too_big: a datagram larger than the send budget is EMSGSIZE; one that fits is received whole. */
static void too_big(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int sndbuf = 0;
	socklen_t ol = sizeof sndbuf;
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, &ol);
	check(sndbuf == 212992, "SO_SNDBUF: %d", sndbuf);
	static char big[300000];
	int r = (int)send(sv[0], big, sizeof big, 0);
	check(r < 0 && errno == EMSGSIZE, "send 300000 bytes: %s", err_of(r));
	memset(big, 'q', 100000);
	check(send(sv[0], big, 100000, 0) == 100000, "send 100000 bytes");
	static char in[200000];
	check(recv(sv[1], in, sizeof in, 0) == 100000 && in[99999] == 'q', "received in one piece");
	send(sv[0], "fives", 5, 0);
	send(sv[0], "sevens!", 7, 0);
	int v = 0;
	check(ioctl(sv[1], FIONREAD, &v) == 0 && v == 5, "FIONREAD: the next datagram's length, %d", v);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	umask(022);
	mkdir("/tmp", 0777);
	mkdir(D, 0777);
	by_name();
	full_queue();
	too_big();
	rmdir(D);
	return done();
}
