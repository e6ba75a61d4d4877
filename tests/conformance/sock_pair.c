/* sock_pair: socketpair(AF_UNIX) both ways: SOCK_STREAM between a parent and a child (read/write and
 * send/recv), SOCK_DGRAM message boundaries and truncation, MSG_DONTWAIT, shutdown(SHUT_WR/SHUT_RD/SHUT_RDWR),
 * the peer's close, and the errors (socketpair(2), send(2), recv(2), shutdown(2), unix(7)). */
#include "conf.h"
#include <ctype.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void stream_echo(void)
{
	int sv[2];
	check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair stream");
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		char b[64];
		ssize_t n;
		/* Echo each line back in upper case until end of file. */
		while ((n = read(sv[1], b, sizeof b)) > 0) {
			for (ssize_t i = 0; i < n; i++)
				b[i] = (char)toupper((unsigned char)b[i]);
			if (send(sv[1], b, n, 0) != n)
				_exit(1);
		}
		_exit(n == 0 ? 0 : 2);
	}
	close(sv[1]);
	const char *words[] = { "alpha", "bravo", "charlie" };
	for (int i = 0; i < 3; i++) {
		char b[64] = { 0 };
		size_t len = strlen(words[i]);
		check(write(sv[0], words[i], len) == (ssize_t)len, "parent writes %s", words[i]);
		size_t got = 0;
		while (got < len) {
			ssize_t n = recv(sv[0], b + got, sizeof b - 1 - got, 0);
			if (n <= 0)
				break;
			got += n;
		}
		check(got == len, "parent gets %s back", b);
	}
	check(shutdown(sv[0], SHUT_WR) == 0, "parent shuts down writing");
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw end of file and exited 0");
	char b[8];
	check(read(sv[0], b, sizeof b) == 0, "the child closed: end of file for the parent");
	int r = (int)write(sv[0], "x", 1);
	check(r < 0 && errno == EPIPE, "write after SHUT_WR: %s", err_of(r));
	close(sv[0]);
}

static void stream_shutdown(void)
{
	int sv[2];
	char b[64];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check(write(sv[0], "one", 3) == 3, "write one");
	check(shutdown(sv[0], SHUT_WR) == 0, "SHUT_WR");
	check(shutdown(sv[0], SHUT_WR) == 0, "SHUT_WR twice is fine");
	check(read(sv[1], b, sizeof b) == 3, "peer reads the data");
	check(read(sv[1], b, sizeof b) == 0, "then end of file");
	check(write(sv[1], "back", 4) == 4, "the other direction still works");
	check(read(sv[0], b, sizeof b) == 4, "and is read");
	check(shutdown(sv[0], SHUT_RD) == 0, "SHUT_RD");
	check(read(sv[0], b, sizeof b) == 0, "reading after SHUT_RD: end of file at once");
	int r = (int)write(sv[1], "x", 1);
	check(r < 0 && errno == EPIPE, "peer writes after SHUT_RD: %s", err_of(r));
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check(shutdown(sv[1], SHUT_RDWR) == 0, "SHUT_RDWR");
	check(read(sv[0], b, sizeof b) == 0, "peer of SHUT_RDWR reads end of file");
	r = (int)send(sv[0], "x", 1, MSG_NOSIGNAL);
	check(r < 0 && errno == EPIPE, "peer of SHUT_RDWR: send fails: %s", err_of(r));
	r = shutdown(sv[0], 7);
	check(r < 0 && errno == EINVAL, "shutdown how 7: %s", err_of(r));
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check(write(sv[1], "last words", 10) == 10, "write then close");
	close(sv[1]);
	memset(b, 0, sizeof b);
	check(read(sv[0], b, sizeof b) == 10 && strcmp(b, "last words") == 0, "data written before the close arrives");
	check(read(sv[0], b, sizeof b) == 0, "then end of file");
	r = (int)write(sv[0], "x", 1);
	check(r < 0 && errno == EPIPE, "write to a closed peer: %s", err_of(r));
	close(sv[0]);
}

static void dgram(void)
{
	int sv[2];
	char b[64];
	check(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair dgram");
	check(send(sv[0], "first", 5, 0) == 5, "send 5");
	check(send(sv[0], "", 0, 0) == 0, "send an empty datagram");
	check(write(sv[0], "the second one", 14) == 14, "write 14");
	check(send(sv[0], "third message", 13, 0) == 13, "send 13");
	check(send(sv[1], "reply", 5, 0) == 5, "send the other way");
	memset(b, 0, sizeof b);
	check(recv(sv[1], b, sizeof b, 0) == 5 && strcmp(b, "first") == 0, "recv the first message only");
	check(recv(sv[1], b, sizeof b, 0) == 0, "recv the empty datagram: 0");
	memset(b, 0, sizeof b);
	check(read(sv[1], b, 4) == 4 && strcmp(b, "the ") == 0, "a 4-byte read takes 4 bytes of the second message");
	memset(b, 0, sizeof b);
	check(recv(sv[1], b, 5, MSG_TRUNC) == 13 && strcmp(b, "third") == 0, "MSG_TRUNC gives the real length; the rest of the second was dropped");
	int r = (int)recv(sv[1], b, sizeof b, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "empty, MSG_DONTWAIT: %s", err_of(r));
	memset(b, 0, sizeof b);
	check(recv(sv[0], b, sizeof b, 0) == 5 && strcmp(b, "reply") == 0, "the other direction");

	/* Between processes: the child sends 20 numbered messages, the parent receives them one by one. */
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 20; i++) {
			char m[32];
			int n = snprintf(m, sizeof m, "message %d", i);
			if (send(sv[1], m, n, 0) != n)
				_exit(1);
		}
		_exit(0);
	}
	int good = 1;
	for (int i = 0; i < 20; i++) {
		char want[32];
		snprintf(want, sizeof want, "message %d", i);
		memset(b, 0, sizeof b);
		ssize_t n = recv(sv[0], b, sizeof b, 0);
		if (n != (ssize_t)strlen(want) || strcmp(b, want) != 0)
			good = 0;
	}
	check(good, "20 messages from the child, each whole and in order");
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited 0");
	check(shutdown(sv[1], SHUT_WR) == 0, "dgram SHUT_WR");
	r = (int)send(sv[1], "x", 1, 0);
	check(r < 0 && errno == EPIPE, "send after a dgram SHUT_WR: %s", err_of(r));
	check(send(sv[0], "to 1", 4, 0) == 4, "the peer of a dgram SHUT_WR still sends");
	check(shutdown(sv[1], SHUT_RD) == 0, "dgram SHUT_RD");
	check(recv(sv[1], b, sizeof b, 0) == 4, "what was queued is still received");
	check(recv(sv[1], b, sizeof b, 0) == 0, "then recv returns 0 at once");
	r = (int)send(sv[0], "x", 1, 0);
	check(r < 0 && errno == EPIPE, "sending to a dgram end shut down for reading: %s", err_of(r));
	close(sv[1]);
	r = (int)send(sv[0], "x", 1, 0);
	check(r < 0 && errno == ECONNREFUSED, "sending to a closed dgram peer: %s", err_of(r));
	close(sv[0]);
}

static void errors(void)
{
	int sv[2], r;
	struct stat st;
	char b[4];
	r = socketpair(12345, SOCK_STREAM, 0, sv);
	check(r < 0 && errno == EAFNOSUPPORT, "unknown domain: %s", err_of(r));
	r = socketpair(AF_UNIX, 99, 0, sv);
	check(r < 0 && errno == EINVAL, "type 99: %s", err_of(r));
	r = socketpair(AF_UNIX, SOCK_STREAM, 17, sv);
	check(r < 0 && errno == EPROTONOSUPPORT, "protocol 17: %s", err_of(r));
	int *bad = (int *)8;
	__asm__("" : "+r"(bad));
	r = socketpair(AF_UNIX, SOCK_STREAM, 0, bad);
	check(r < 0 && errno == EFAULT, "bad sv: %s", err_of(r));
	check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0, "SOCK_NONBLOCK|SOCK_CLOEXEC");
	r = (int)read(sv[0], b, sizeof b);
	check(r < 0 && errno == EAGAIN, "nonblocking read: %s", err_of(r));
	check(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode), "fstat: S_IFSOCK");
	r = (int)recv(sv[0], b, sizeof b, 0);
	check(r < 0 && errno == EAGAIN, "nonblocking recv: %s", err_of(r));
	close(sv[0]);
	close(sv[1]);
	int p[2];
	pipe(p);
	r = (int)recv(p[0], b, sizeof b, 0);
	check(r < 0 && errno == ENOTSOCK, "recv on a pipe: %s", err_of(r));
	r = (int)send(p[1], b, 1, 0);
	check(r < 0 && errno == ENOTSOCK, "send on a pipe: %s", err_of(r));
	r = shutdown(p[0], SHUT_RD);
	check(r < 0 && errno == ENOTSOCK, "shutdown a pipe: %s", err_of(r));
	close(p[0]);
	close(p[1]);
	r = (int)send(99, b, 1, 0);
	check(r < 0 && errno == EBADF, "send on a bad fd: %s", err_of(r));
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	stream_echo();
	stream_shutdown();
	dgram();
	errors();
	return done();
}
