/* tests/conformance/sock_oob_order.c: send(2) with MSG_OOB on an AF_UNIX stream socket, in Linux 6.1's order
 * (unix_stream_sendmsg): MSG_OOB with no byte to send is EOPNOTSUPP first; with one, the address (EISCONN on a
 * connected socket), the peer (ENOTCONN) and the shutdown (EPIPE) are checked before the urgent byte itself;
 * found by scripts/fuzz-diff --seed 7321. (Linux then queues the urgent byte, CONFIG_AF_UNIX_OOB; ipclab has no
 * urgent data, so a send that gets that far is not tried here.) */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "conf.h"

static void result(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? errname(errno) : "ok");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct sockaddr_un a = { AF_UNIX, "/tmp/nowhere" };
	result("connected, MSG_OOB, 1 byte, an address", sendto(sv[0], "x", 1, MSG_OOB, (void *)&a, sizeof a));
	result("connected, MSG_OOB, 0 bytes, an address", sendto(sv[0], "x", 0, MSG_OOB, (void *)&a, sizeof a));
	result("connected, no MSG_OOB, an address", sendto(sv[0], "x", 1, 0, (void *)&a, sizeof a));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	result("unconnected, MSG_OOB, 1 byte", send(s, "x", 1, MSG_OOB));
	result("unconnected, MSG_OOB, 1 byte, an address", sendto(s, "x", 1, MSG_OOB, (void *)&a, sizeof a));
	result("unconnected, MSG_OOB, 0 bytes", send(s, "x", 0, MSG_OOB));
	shutdown(sv[0], SHUT_WR);
	result("shut down for writing, MSG_OOB, 1 byte", send(sv[0], "x", 1, MSG_OOB | MSG_NOSIGNAL));
	result("shut down for writing, MSG_OOB, 0 bytes", send(sv[0], "x", 0, MSG_OOB | MSG_NOSIGNAL));
	return done();
}
