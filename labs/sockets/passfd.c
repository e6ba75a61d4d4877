/* labs/sockets/passfd.c: passing an open file to another process. usage: passfd.
 * The parent makes a socketpair and starts /labs/sockets/fdrecv on one end. Only then does it make a pipe, so the
 * receiver does not inherit it. It writes a first line into the pipe, sends the pipe's read end over the socket in
 * an SCM_RIGHTS control message (unix(7), "Ancillary messages"; cmsg(3)) and closes its own read end: while the
 * message is in flight, the message holds the open file. The receiver's recvmsg installs it in the receiver's
 * descriptor table, under a new number, sharing the same open file description. The parent then writes a second
 * line and closes the write end: the receiver reads both lines, then end of file. */
#include <sys/socket.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		lab_die("socketpair");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		close(sv[0]);
		char fdarg[16];
		snprintf(fdarg, sizeof fdarg, "%d", sv[1]);
		char *argv[] = { "/labs/sockets/fdrecv", fdarg, NULL };
		execv(argv[0], argv);
		lab_die("exec fdrecv");
	}
	close(sv[1]);

	int p[2];
	if (pipe(p) < 0)
		lab_die("pipe");
	say(1, "passfd: pipe read end is fd %d, write end fd %d\n", p[0], p[1]);
	const char *first = "first line, written before the pass\n";
	if (write(p[1], first, strlen(first)) < 0)
		lab_die("write");

	/* One byte of ordinary data carries the control message (a stream needs at least one byte). */
	char data[] = "here is a pipe";
	struct iovec iov = { data, sizeof data - 1 };
	union { /* a buffer aligned for struct cmsghdr (cmsg(3)) */
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	memset(&ctl, 0, sizeof ctl);
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	if (sendmsg(sv[0], &msg, 0) < 0)
		lab_die("sendmsg");
	close(p[0]); /* ours is gone; the one in the message keeps the read end open */
	trace_mark("passfd: sent and closed read end %d", p[0]);

	lab_sleep_ms(20); /* let the receiver read the first line and block on the empty pipe */
	const char *second = "second line, written after the pass\n";
	if (write(p[1], second, strlen(second)) < 0)
		lab_die("write after the pass");
	close(p[1]);
	close(sv[0]);
	int st;
	waitpid(pid, &st, 0);
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	say(1, "passfd: receiver %s\n", ok ? "done" : "failed");
	return ok ? 0 : 1;
}
