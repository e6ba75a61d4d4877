/* labs/sockets/server.c: a stream server on a path, serving several clients one after the other.
 * usage: server PATH N. The server makes a SOCK_STREAM socket, binds it to PATH (bind makes a socket file there),
 * listens with a backlog of 4, then starts N clients (/labs/sockets/client PATH NAME, names a, b, c...) and runs
 * its accept loop: each accept takes one pending connection and returns a new socket for it; the server reads the
 * client's request to end of file (the client shuts down its sending side), answers it in capitals and closes
 * that connection. The listening socket stays open for the next client. At the end it unlinks PATH: a socket file
 * outlives its socket, as Linux's does (unix(7), "Pathname sockets"). */
#include <ctype.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(2, "usage: server PATH N\n"), 2;
	const char *path = argv[1];
	int n = atoi(argv[2]);
	int made_tmp = mkdir("/tmp", 0777) == 0; /* remove what we make: the kernel counts leftovers at halt */
	unlink(path);

	/* SOCK_CLOEXEC: the clients we start must not inherit the listening socket. */
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		lab_die("socket");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0)
		lab_die("bind");
	if (listen(lfd, 4) < 0)
		lab_die("listen");
	say(1, "server: listening on %s\n", path);

	for (int i = 0; i < n; i++) {
		char name[2] = { (char)('a' + i), 0 };
		char *cargv[] = { "/labs/sockets/client", (char *)path, name, NULL };
		pid_t pid = fork();
		if (pid < 0)
			lab_die("fork");
		if (pid == 0) {
			execv(cargv[0], cargv);
			lab_die("exec client");
		}
	}

	/* The accept loop: one connection at a time. */
	for (int served = 0; served < n; served++) {
		int cfd = accept(lfd, NULL, NULL);
		if (cfd < 0)
			lab_die("accept");
		char req[128];
		size_t len = 0;
		ssize_t got;
		while (len < sizeof req - 1 && (got = read(cfd, req + len, sizeof req - 1 - len)) > 0)
			len += (size_t)got; /* a stream has no message boundaries: read until end of file */
		req[len] = 0;
		for (size_t i = 0; i < len; i++)
			req[i] = (char)toupper((unsigned char)req[i]);
		if (write(cfd, req, len) != (ssize_t)len)
			lab_die("write");
		close(cfd);
		say(1, "server: answered connection %d (fd %d)\n", served + 1, cfd);
	}

	int st, bad = 0;
	while (wait(&st) > 0)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	close(lfd);
	unlink(path);
	if (made_tmp)
		rmdir("/tmp");
	say(1, "server: served %d clients%s\n", n, bad ? " (a client failed)" : "");
	return bad;
}
