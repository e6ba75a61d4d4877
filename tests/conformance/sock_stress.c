/* sock_stress: AF_UNIX sockets under load between processes, where senders and receivers sleep and wake each
 * other: 4 MiB through a stream socket in uneven pieces (each byte checked), one MSG_WAITALL receive larger
 * than the sender's budget, 8 clients connecting
 * at once to a listener with a backlog of 1 (their connects wait for accept), 4 datagram senders to one receiver
 * whose queue fills (each sender's messages arrive whole and in order), and a socket handed down a chain of
 * processes with SCM_RIGHTS. */
#include "conf.h"
#include "sockaddr_un.h"
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define BYTES (4 << 20)

static unsigned long long rng = 0x853c49e6748fea9bULL;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* pattern: the byte at offset i of the stream. */
static unsigned char pattern(long i) { return (unsigned char)(i * 7 + (i >> 12)); }

static int wait_ok(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void bulk(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t pid = fork();
	if (pid == 0) { /* writes BYTES in pieces of 1..70000 bytes, while reading what the parent echoes */
		close(sv[0]);
		static unsigned char b[70000];
		long off = 0;
		while (off < BYTES) {
			long n = 1 + pick(70000);
			if (n > BYTES - off)
				n = BYTES - off;
			for (long i = 0; i < n; i++)
				b[i] = pattern(off + i);
			long done = 0;
			while (done < n) {
				ssize_t w = write(sv[1], b + done, (size_t)(n - done));
				if (w <= 0)
					_exit(1);
				done += w;
			}
			off += n;
		}
		shutdown(sv[1], SHUT_WR);
		_exit(0);
	}
	close(sv[1]);
	static unsigned char b[100000];
	long got = 0, bad = 0, reads = 0;
	ssize_t n;
	while ((n = recv(sv[0], b, 1 + pick(sizeof b), pick(3) ? 0 : MSG_WAITALL)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (b[i] != pattern(got + i))
				bad++;
		got += n;
		reads++;
	}
	check(n == 0 && got == BYTES && bad == 0, "4 MiB in uneven pieces arrive intact, then end of file (%ld bad)", bad);
	check(reads > 1, "in more than one read");
	check(wait_ok(pid), "the writer exited 0");
	close(sv[0]);
}

/* waitall_big: one MSG_WAITALL receive of more than the writer's send budget: the receiver must give the budget
 * back as it reads, or the writer can never send the rest. */
static void waitall_big(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	static char b[600000];
	pid_t pid = fork();
	if (pid == 0) {
		memset(b, 'w', sizeof b);
		_exit(write(sv[1], b, sizeof b) == (ssize_t)sizeof b ? 0 : 1);
	}
	memset(b, 0, sizeof b);
	check(recv(sv[0], b, sizeof b, MSG_WAITALL) == (ssize_t)sizeof b && b[sizeof b - 1] == 'w',
	      "one MSG_WAITALL recv of 600000 bytes, three times the send budget");
	check(wait_ok(pid), "the writer's one write of 600000 bytes went through");
	close(sv[0]);
	close(sv[1]);
}

static void many_clients(void)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "sock_stress.listener");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 1);
	pid_t pids[8];
	for (int i = 0; i < 8; i++) {
		if ((pids[i] = fork()) == 0) {
			int c = socket(AF_UNIX, SOCK_STREAM, 0);
			if (connect(c, (struct sockaddr *)&a, len) < 0)
				_exit(1);
			char m[16];
			int k = snprintf(m, sizeof m, "client %d", i);
			if (write(c, m, (size_t)k) != k)
				_exit(2);
			char r;
			_exit(read(c, &r, 1) == 1 && r == '0' + i ? 0 : 3);
		}
	}
	sleep_ms(100); /* all of them are connected or waiting to */
	int seen = 0;
	for (int i = 0; i < 8; i++) {
		int s = accept(l, NULL, NULL);
		char m[16] = { 0 };
		int id;
		if (s >= 0 && read(s, m, sizeof m - 1) > 0 && sscanf(m, "client %d", &id) == 1 && id >= 0 && id < 8) {
			seen |= 1 << id;
			char r = (char)('0' + id);
			write(s, &r, 1);
		}
		close(s);
	}
	check(seen == 0xff, "8 clients through a backlog of 1, each accepted once: %#x", seen);
	int ok = 1;
	for (int i = 0; i < 8; i++)
		ok &= wait_ok(pids[i]);
	check(ok, "each client got its answer and exited 0");
	close(l);
}

static void dgram_fan_in(void)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "sock_stress.dgram");
	int r = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(r, (struct sockaddr *)&a, len);
	pid_t pids[4];
	for (int i = 0; i < 4; i++) {
		if ((pids[i] = fork()) == 0) {
			int s = socket(AF_UNIX, SOCK_DGRAM, 0);
			for (int k = 0; k < 200; k++) {
				char m[32];
				int n = snprintf(m, sizeof m, "%d %d", i, k);
				if (sendto(s, m, (size_t)n, 0, (struct sockaddr *)&a, len) != n)
					_exit(1);
			}
			_exit(0);
		}
	}
	int next[4] = { 0 }, bad = 0;
	for (int n = 0; n < 800; n++) {
		char m[32] = { 0 };
		int i, k;
		if (recv(r, m, sizeof m - 1, 0) <= 0 || sscanf(m, "%d %d", &i, &k) != 2 || i < 0 || i > 3 || k != next[i]++)
			bad++;
	}
	check(bad == 0, "800 datagrams from 4 senders, each sender's in order (%d out of place)", bad);
	int ok = 1;
	for (int i = 0; i < 4; i++)
		ok &= wait_ok(pids[i]);
	check(ok, "the senders exited 0");
	close(r);
}

static int send_fd(int s, int fd)
{
	char ctl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { "f", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return sendmsg(s, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int s)
{
	char ctl[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { &b, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	if (recvmsg(s, &m, 0) != 1 || !CMSG_FIRSTHDR(&m))
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
	return fd;
}

/* relay: 5 processes in a chain, each linked to the next by a socketpair; the first gets one end of a "payload"
 * pair and passes it on; the last writes through it. */
static void relay(void)
{
	int payload[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, payload);
	int link[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, link);
	check(send_fd(link[0], payload[1]) == 0, "the payload end goes into the chain");
	close(payload[1]);
	int in = link[1];
	close(link[0]);
	pid_t pids[5];
	for (int i = 0; i < 5; i++) {
		int next[2];
		socketpair(AF_UNIX, SOCK_DGRAM, 0, next);
		if ((pids[i] = fork()) == 0) {
			close(next[1]);
			int fd = recv_fd(in);
			if (fd < 0)
				_exit(1);
			if (i == 4) {
				char m[32];
				int n = snprintf(m, sizeof m, "through %d hands", i + 1);
				_exit(write(fd, m, (size_t)n) == n ? 0 : 2);
			}
			_exit(send_fd(next[0], fd) == 0 ? 0 : 3);
		}
		close(in);
		close(next[0]);
		in = next[1];
	}
	close(in);
	char m[32] = { 0 };
	check(read(payload[0], m, sizeof m - 1) > 0 && !strcmp(m, "through 5 hands"), "the last writes: %s", m);
	int ok = 1;
	for (int i = 0; i < 5; i++)
		ok &= wait_ok(pids[i]);
	check(ok, "the chain exited 0");
	check(read(payload[0], m, sizeof m) == 0, "every copy of the passed end closed: end of file");
	close(payload[0]);
}

int main(void)
{
	bulk();
	waitall_big();
	many_clients();
	dgram_fan_in();
	relay();
	return done();
}
