/* labs/sockets/dgclient.c: one client of dgserver.c. usage: dgclient PATH NAME. It binds its own SOCK_DGRAM socket
 * to /tmp/lab.dgc.NAME (the address the server's answers come back to), sends two datagrams to PATH with sendto,
 * and reads one answer after each. */
#include <sys/socket.h>
#include <sys/un.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(2, "usage: dgclient PATH NAME\n"), 2;
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0)
		lab_die("socket");
	struct sockaddr_un me = { .sun_family = AF_UNIX }, server = { .sun_family = AF_UNIX };
	snprintf(me.sun_path, sizeof me.sun_path, "/tmp/lab.dgc.%s", argv[2]);
	unlink(me.sun_path);
	if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0)
		lab_die("bind");
	strncpy(server.sun_path, argv[1], sizeof server.sun_path - 1);
	int ok = 1;
	for (int i = 1; i <= 2; i++) {
		char msg[64], reply[128];
		int len = snprintf(msg, sizeof msg, "ping %d from %s", i, argv[2]);
		if (sendto(fd, msg, (size_t)len, 0, (struct sockaddr *)&server, sizeof server) != len)
			lab_die("sendto");
		ssize_t r = recv(fd, reply, sizeof reply - 1, 0);
		if (r < 0)
			lab_die("recv");
		reply[r] = 0;
		say(1, "client %s: got \"%s\"\n", argv[2], reply);
		ok &= r == len + 6;
	}
	close(fd);
	unlink(me.sun_path);
	return ok ? 0 : 1;
}
