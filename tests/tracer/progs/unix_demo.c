/* unix_demo: the Unix domain socket pictures of the tracer's tests (tests/tracer/unix-demo.jsonl): a socketpair with
 * bytes both ways and a reader asleep on an empty one; a listening socket with two connections waiting in its
 * backlog, then accepted; datagrams from two named senders queued on a bound receiver; a pipe's read end passed
 * with SCM_RIGHTS from one process's descriptor table to another's. Runs the same on Linux. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static struct sockaddr_un name(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strncpy(a.sun_path, path, sizeof a.sun_path - 1);
	return a;
}

int main(void)
{
	char buf[64];
	/* a socketpair: the child sleeps in read until the parent writes; the reply comes back the other way */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	if (fork() == 0) {
		close(sv[0]);
		ssize_t n = read(sv[1], buf, sizeof buf);
		write(sv[1], "pong", 4);
		_exit(n > 0 ? 0 : 1);   /* "ping", or "pingmore" if both came before it ran */
	}
	close(sv[1]);
	usleep(20000);
	write(sv[0], "ping", 4);
	write(sv[0], "more", 4);     /* stays in the child's buffer: it reads once */
	read(sv[0], buf, sizeof buf);
	wait(NULL);
	close(sv[0]);

	/* a listener with a backlog: two clients connect before the server accepts */
	unlink("/tmp/srv");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = name("/tmp/srv");
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 4);
	int c1 = socket(AF_UNIX, SOCK_STREAM, 0), c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c1, (struct sockaddr *)&a, sizeof a);
	connect(c2, (struct sockaddr *)&a, sizeof a);
	write(c1, "hello", 5);
	int s1 = accept(l, NULL, NULL), s2 = accept(l, NULL, NULL);
	read(s1, buf, sizeof buf);
	close(s1), close(s2), close(c1), close(c2), close(l);
	unlink("/tmp/srv");

	/* datagrams: two named senders, one receiver; each datagram is its own message with its sender's name */
	unlink("/tmp/rx"), unlink("/tmp/tx1"), unlink("/tmp/tx2");
	int rx = socket(AF_UNIX, SOCK_DGRAM, 0), t1 = socket(AF_UNIX, SOCK_DGRAM, 0), t2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un ra = name("/tmp/rx"), a1 = name("/tmp/tx1"), a2 = name("/tmp/tx2");
	bind(rx, (struct sockaddr *)&ra, sizeof ra);
	bind(t1, (struct sockaddr *)&a1, sizeof a1);
	bind(t2, (struct sockaddr *)&a2, sizeof a2);
	sendto(t1, "one", 3, 0, (struct sockaddr *)&ra, sizeof ra);
	sendto(t2, "two!", 4, 0, (struct sockaddr *)&ra, sizeof ra);
	sendto(t1, "three", 5, 0, (struct sockaddr *)&ra, sizeof ra);
	recv(rx, buf, sizeof buf, 0);
	recv(rx, buf, sizeof buf, 0);
	close(rx), close(t1), close(t2);
	unlink("/tmp/rx"), unlink("/tmp/tx1"), unlink("/tmp/tx2");

	/* SCM_RIGHTS: the parent sends a pipe's read end to its child over a socketpair */
	int p[2];
	pipe(p);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	if (fork() == 0) {
		close(sv[0]);
		char ctl[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { buf, sizeof buf };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
		recvmsg(sv[1], &m, 0);
		int fd;
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
		ssize_t n = read(fd, buf, sizeof buf);
		_exit(n == 2 ? 0 : 1);
	}
	close(sv[1]);
	char ctl[CMSG_SPACE(sizeof(int))];
	memset(ctl, 0, sizeof ctl);
	struct iovec iov = { "fd", 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET, cm->cmsg_type = SCM_RIGHTS, cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
	usleep(10000);
	sendmsg(sv[0], &m, 0);
	close(p[0]);
	write(p[1], "hi", 2);
	int st;
	wait(&st);
	close(p[1]), close(sv[0]);
	printf("unix_demo done %d\n", st);
	return 0;
}
