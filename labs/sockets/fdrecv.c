/* labs/sockets/fdrecv.c: the receiving side of passfd.c. usage: fdrecv SOCKFD. Receives one message on the socket
 * SOCKFD with room for one descriptor in its control buffer; the SCM_RIGHTS message it finds there holds the number
 * under which the kernel installed the passed file (the lowest free descriptor here). Then it reads the pipe
 * through that descriptor until end of file. */
#include <sys/socket.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return say(2, "usage: fdrecv SOCKFD\n"), 2;
	int sock = atoi(argv[1]);
	char data[64];
	struct iovec iov = { data, sizeof data - 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	ssize_t n = recvmsg(sock, &msg, 0);
	if (n < 0)
		lab_die("recvmsg");
	data[n] = 0;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (msg.msg_flags & MSG_CTRUNC)
		say(1, "fdrecv: the control message was cut (MSG_CTRUNC): the descriptor was lost\n");
	if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
		say(1, "fdrecv: \"%s\" came without a descriptor\n", data);
		return 1;
	}
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	say(1, "fdrecv: \"%s\" came with descriptor %d\n", data, fd);
	char buf[256];
	ssize_t got;
	while ((got = read(fd, buf, sizeof buf - 1)) > 0) {
		buf[got] = 0;
		say(1, "fdrecv: read %d bytes: %s", (int)got, buf);
	}
	if (got < 0)
		lab_die("read");
	say(1, "fdrecv: end of file\n");
	close(fd);
	close(sock);
	return 0;
}
