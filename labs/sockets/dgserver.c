/* labs/sockets/dgserver.c: a datagram server that answers each request. usage: dgserver PATH N.
 * It binds a SOCK_DGRAM socket to PATH, starts N clients (/labs/sockets/dgclient PATH NAME) and answers 2*N
 * datagrams: recvfrom gives each datagram whole (a datagram socket keeps message boundaries) and the address of the
 * socket that sent it; the answer goes back with sendto to that address. A client that did not bind its socket to
 * a name has no address to answer to: recvfrom returns an address of length 0, and a sendto with no address on an
 * unconnected socket fails with ENOTCONN (unix(7), "Address format": unnamed sockets; Linux 6.1
 * net/unix/af_unix.c, unix_dgram_sendmsg). */
#include <ctype.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(2, "usage: dgserver PATH N\n"), 2;
	const char *path = argv[1];
	int n = atoi(argv[2]);
	int made_tmp = mkdir("/tmp", 0777) == 0;
	unlink(path);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		lab_die("socket");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		lab_die("bind");

	for (int i = 0; i < n; i++) {
		char name[2] = { (char)('a' + i), 0 };
		char *cargv[] = { "/labs/sockets/dgclient", (char *)path, name, NULL };
		pid_t pid = fork();
		if (pid < 0)
			lab_die("fork");
		if (pid == 0) {
			execv(cargv[0], cargv);
			lab_die("exec dgclient");
		}
	}

	int failed = 0;
	for (int i = 0; i < 2 * n; i++) {
		char buf[128], reply[160];
		struct sockaddr_un from;
		socklen_t fromlen = sizeof from;
		ssize_t len = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fromlen);
		if (len < 0)
			lab_die("recvfrom");
		buf[len] = 0;
		int rlen = snprintf(reply, sizeof reply, "pong: %s", buf);
		for (int j = 0; j < rlen; j++)
			reply[j] = (char)toupper((unsigned char)reply[j]);
		if (sendto(fd, reply, (size_t)rlen, 0, (struct sockaddr *)&from, fromlen) < 0) {
			say(1, "server: cannot answer \"%s\" (sender's address is %d bytes long): %s\n", buf, (int)fromlen,
			    strerror(errno));
			failed++;
		}
	}

	int st, bad = failed > 0;
	while (wait(&st) > 0)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	close(fd);
	unlink(path);
	if (made_tmp)
		rmdir("/tmp");
	say(1, "server: answered %d datagrams%s\n", 2 * n - failed, bad ? " (something failed)" : "");
	return bad;
}
