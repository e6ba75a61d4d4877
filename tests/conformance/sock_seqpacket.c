/* sock_seqpacket: AF_UNIX SOCK_SEQPACKET (unix(7), socket(2)): connections as for a stream socket, records as
 * for datagrams: each send is one record, a receive takes one (cut with MSG_TRUNC), end of file when the peer
 * closes, EPIPE when sending to it; by a named listener and by socketpair. */
#include "conf.h"
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path + 1, "sock_seqpacket", 14);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 15;
	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	check(bind(l, (struct sockaddr *)&a, len) == 0, "bind an abstract name");
	check(listen(l, 4) == 0, "listen");
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		if (connect(c, (struct sockaddr *)&a, len) < 0)
			_exit(1);
		const char *recs[] = { "first record", "2nd", "", "the fourth record, long" };
		for (int i = 0; i < 4; i++)
			if (send(c, recs[i], strlen(recs[i]), 0) != (ssize_t)strlen(recs[i]))
				_exit(2);
		struct iovec iov[2] = { { "gath", 4 }, { "ered", 4 } };
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
		if (sendmsg(c, &m, 0) != 8)
			_exit(3);
		char b[8];
		_exit(read(c, b, sizeof b) == 0 ? 0 : 4); /* wait for the server's close */
	}
	int s = accept(l, NULL, NULL);
	check(s >= 0, "accept");
	char b[64] = { 0 };
	check(recv(s, b, sizeof b, 0) == 12 && !strcmp(b, "first record"), "one record per receive: %s", b);
	memset(b, 0, sizeof b);
	check(read(s, b, sizeof b) == 3 && !strcmp(b, "2nd"), "read takes one too: %s", b);
	check(recv(s, b, sizeof b, 0) == 0, "an empty record: 0");
	memset(b, 0, sizeof b);
	struct iovec iov = { b, 10 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	check(recvmsg(s, &m, 0) == 10 && (m.msg_flags & MSG_TRUNC), "10 bytes of the 23-byte record, MSG_TRUNC");
	memset(b, 0, sizeof b);
	check(recv(s, b, sizeof b, 0) == 8 && !strcmp(b, "gathered"), "the rest was dropped; a gathered sendmsg is one record");
	close(s);
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the client saw end of file and exited %d", WEXITSTATUS(st));
	close(l);

	int sv[2];
	check(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0, "socketpair SOCK_SEQPACKET");
	check(send(sv[0], "abc", 3, 0) == 3 && send(sv[0], "defg", 4, 0) == 4, "two records");
	check(recv(sv[1], b, 2, MSG_TRUNC) == 3, "MSG_TRUNC in flags: the record's real length");
	check(recv(sv[1], b, sizeof b, MSG_PEEK) == 4 && recv(sv[1], b, sizeof b, 0) == 4, "peek, then receive");
	int r = (int)recv(sv[1], b, sizeof b, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "empty: %s", err_of(r));
	close(sv[0]);
	check(recv(sv[1], b, sizeof b, 0) == 0, "the peer closed: end of file");
	r = (int)send(sv[1], "x", 1, 0);
	check(r < 0 && errno == EPIPE, "send to the closed peer: %s", err_of(r));
	close(sv[1]);
	int u = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	r = (int)send(u, "x", 1, 0);
	check(r < 0 && errno == ENOTCONN, "send unconnected: %s", err_of(r));
	r = (int)recv(u, b, sizeof b, 0);
	check(r < 0 && errno == ENOTCONN, "recv unconnected: %s", err_of(r));
	close(u);
	return done();
}
