/* sock_scm: control messages on AF_UNIX sockets (unix(7) "Ancillary messages", cmsg(3), recvmsg(2)): SCM_RIGHTS
 * passes open files (a pipe's end, a file with its offset, a socket) to another process, which gets new
 * descriptors for them; MSG_PEEK, MSG_CTRUNC when the control buffer is too small (the files that do not fit are
 * closed), MSG_CMSG_CLOEXEC, a stream read that stops at the files' message; SCM_CREDENTIALS with SO_PASSCRED;
 * the errors (EBADF, EINVAL), and sockets sent over themselves, which only the garbage collector frees. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

/* send_fds: send data (len bytes) with n descriptors in one SCM_RIGHTS message. */
static ssize_t send_fds(int s, const char *data, size_t len, const int *fds, int n)
{
	char ctl[CMSG_SPACE(sizeof(int) * 8)];
	memset(ctl, 0, sizeof ctl);
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (n) {
		m.msg_control = ctl;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	return sendmsg(s, &m, 0);
}

/* recv_fds: receive into buf (len bytes) with a control buffer of ctllen bytes; the descriptors that arrived go
 * to fds (up to 8), their count to *n; the message's flags to *flags. */
static ssize_t recv_fds(int s, char *buf, size_t len, size_t ctllen, int flags, int *fds, int *n, int *mflags)
{
	char ctl[256];
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctllen ? ctl : NULL, .msg_controllen = ctllen };
	ssize_t r = recvmsg(s, &m, flags);
	*n = 0;
	*mflags = m.msg_flags;
	if (r < 0)
		return r;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int) && *n < 8; i++)
				memcpy(&fds[(*n)++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	return r;
}

static void rights(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int f = open("/tmp/sock_scm.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(f, "0123456789", 10);
	lseek(f, 4, SEEK_SET);
	int pass[2] = { p[1], f };
	check(send_fds(sv[0], "F", 1, pass, 2) == 1, "send a pipe's write end and a file, with 1 byte");
	close(p[1]);
	close(f);
	pid_t pid = fork();
	if (pid == 0) {
		char b[4];
		int fds[8], n, fl;
		if (recv_fds(sv[1], b, sizeof b, 256, 0, fds, &n, &fl) != 1 || n != 2)
			_exit(1);
		/* the pipe's end works, and the file shares its offset with the sender's description */
		if (write(fds[0], "via passed fd", 13) != 13)
			_exit(2);
		char c;
		if (read(fds[1], &c, 1) != 1 || c != '4')
			_exit(3);
		_exit(0);
	}
	close(sv[1]);
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child received both and used them (status %d)", WEXITSTATUS(st));
	char b[32] = { 0 };
	check(read(p[0], b, sizeof b) == 13 && !strcmp(b, "via passed fd"), "the pipe carried the child's write");
	check(read(p[0], b, sizeof b) == 0, "then end of file: the passed end was closed with the child");
	close(p[0]);
	close(sv[0]);

	/* a socket passed over a socket; received twice with MSG_PEEK; MSG_CMSG_CLOEXEC */
	int a[2], x[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, a);
	socketpair(AF_UNIX, SOCK_STREAM, 0, x);
	check(send_fds(a[0], "S", 1, &x[1], 1) == 1, "send a socket");
	close(x[1]);
	int fds[8], n, fl;
	check(recv_fds(a[1], b, sizeof b, 256, MSG_PEEK, fds, &n, &fl) == 1 && n == 1, "MSG_PEEK gets a descriptor");
	int peeked = fds[0];
	check(recv_fds(a[1], b, sizeof b, 256, MSG_CMSG_CLOEXEC, fds, &n, &fl) == 1 && n == 1 && fds[0] != peeked,
	      "the real receive gets another");
	check((fcntl(fds[0], F_GETFD) & FD_CLOEXEC) && !(fcntl(peeked, F_GETFD) & FD_CLOEXEC),
	      "MSG_CMSG_CLOEXEC set FD_CLOEXEC on it only");
	check(write(fds[0], "through", 7) == 7, "write into the received socket");
	check(read(x[0], b, sizeof b) == 7, "its peer reads it");
	close(peeked);
	close(fds[0]);
	check(read(x[0], b, sizeof b) == 0, "both received copies closed: end of file");
	close(x[0]);

	/* MSG_CTRUNC: a control buffer too small for three descriptors */
	int three[3] = { 0, 1, 2 };
	check(send_fds(a[0], "T", 1, three, 3) == 1, "send three descriptors");
	int r = (int)recv_fds(a[1], b, sizeof b, CMSG_SPACE(sizeof(int)), 0, fds, &n, &fl);
	check(r == 1 && n == 2 && (fl & MSG_CTRUNC),
	      "a buffer of CMSG_SPACE(sizeof(int)) = %zu bytes: %d arrive (what fits after the header), MSG_CTRUNC",
	      CMSG_SPACE(sizeof(int)), n);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	check(send_fds(a[0], "T", 1, three, 3) == 1, "send three again");
	r = (int)recv_fds(a[1], b, sizeof b, 0, 0, fds, &n, &fl);
	check(r == 1 && n == 0 && (fl & MSG_CTRUNC), "no control buffer: none arrive, MSG_CTRUNC");

	/* errors */
	int bad = 99;
	r = (int)send_fds(a[0], "E", 1, &bad, 1);
	check(r < 0 && errno == EBADF, "SCM_RIGHTS of a closed descriptor: %s", err_of(r));
	char ctl[CMSG_SPACE(sizeof(int))];
	memset(ctl, 0, sizeof ctl);
	struct iovec iov = { "E", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = 77;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	r = (int)sendmsg(a[0], &m, 0);
	check(r < 0 && errno == EINVAL, "an unknown control message type: %s", err_of(r));
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = 200;
	r = (int)sendmsg(a[0], &m, 0);
	check(r < 0 && errno == EINVAL, "cmsg_len past the buffer: %s", err_of(r));
	r = (int)recv(a[1], b, sizeof b, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "nothing was sent: %s", err_of(r));
	close(a[0]);
	close(a[1]);
	unlink("/tmp/sock_scm.file");
}

/* stream_stops: a stream read does not run past a message that carries files. */
static void stream_stops(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	write(sv[0], "abc", 3);
	send_fds(sv[0], "def", 3, &p[0], 1);
	write(sv[0], "ghi", 3);
	char b[16] = { 0 };
	int fds[8], n, fl;
	check(recv_fds(sv[1], b, sizeof b, 256, 0, fds, &n, &fl) == 6 && n == 1 && !strcmp(b, "abcdef"),
	      "a read takes the bytes up to and with the files' message: %s", b);
	close(fds[0]);
	memset(b, 0, sizeof b);
	check(recv_fds(sv[1], b, sizeof b, 256, 0, fds, &n, &fl) == 3 && n == 0 && !strcmp(b, "ghi"), "then the rest");
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void credentials(void)
{
	int sv[2], on = 1;
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	check(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == 0, "SO_PASSCRED on the receiver");
	pid_t pid = fork();
	if (pid == 0)
		_exit(send(sv[0], "who", 3, 0) == 3 ? 0 : 1);
	waitpid(pid, NULL, 0);
	char b[8], ctl[256];
	struct iovec iov = { b, sizeof b };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	check(recvmsg(sv[1], &m, 0) == 3, "recvmsg");
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	struct ucred cr = { 0 };
	check(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS, "an SCM_CREDENTIALS message came");
	if (c)
		memcpy(&cr, CMSG_DATA(c), sizeof cr);
	check(cr.pid == pid && cr.uid == getuid() && cr.gid == getgid(), "the sender's pid, uid and gid");

	/* the sender states its own credentials; root may state another pid that exists */
	char sctl[CMSG_SPACE(sizeof(struct ucred))];
	memset(sctl, 0, sizeof sctl);
	struct iovec siov = { "me", 2 };
	struct msghdr sm = { .msg_iov = &siov, .msg_iovlen = 1, .msg_control = sctl, .msg_controllen = sizeof sctl };
	c = CMSG_FIRSTHDR(&sm);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred mine = { getpid(), getuid(), getgid() };
	memcpy(CMSG_DATA(c), &mine, sizeof mine);
	check(sendmsg(sv[0], &sm, 0) == 2, "send with explicit SCM_CREDENTIALS");
	m.msg_controllen = sizeof ctl;
	check(recvmsg(sv[1], &m, 0) == 2, "received");
	c = CMSG_FIRSTHDR(&m);
	memcpy(&cr, CMSG_DATA(c), sizeof cr);
	check(cr.pid == getpid(), "they say our pid");
	mine.pid = 999999;
	memcpy(CMSG_DATA(CMSG_FIRSTHDR(&sm)), &mine, sizeof mine);
	int r = (int)sendmsg(sv[0], &sm, 0);
	check(r < 0 && errno == ESRCH, "a pid that does not exist: %s", err_of(r));
	close(sv[0]);
	close(sv[1]);
}

/* gc: sockets that only messages in flight keep open: each end of a pair is sent into the other, then both
 * are closed; the garbage collector frees them (the kernel's halt report counts what is left). */
static void gc(void)
{
	for (int i = 0; i < 3; i++) {
		int sv[2];
		socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
		check(send_fds(sv[0], "a", 1, &sv[0], 1) == 1 && send_fds(sv[1], "b", 1, &sv[1], 1) == 1,
		      "round %d: each end sent into its own queue's peer", i);
		close(sv[0]);
		close(sv[1]);
	}
	int sv[2];
	check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "sockets still work afterwards");
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	mkdir("/tmp", 0777);
	rights();
	stream_stops();
	credentials();
	gc();
	return done();
}
