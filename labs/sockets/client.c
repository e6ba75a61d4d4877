/* labs/sockets/client.c: one client of server.c. usage: client PATH NAME. Connects to the server's socket at PATH,
 * sends "hello from NAME", shuts down its sending side (the server's read then returns 0: end of file), and reads
 * the answer until the server closes the connection. */
#include <sys/socket.h>
#include <sys/un.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(2, "usage: client PATH NAME\n"), 2;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		lab_die("socket");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		lab_die("connect");
	char msg[64];
	int len = snprintf(msg, sizeof msg, "hello from %s", argv[2]);
	if (write(fd, msg, (size_t)len) != len)
		lab_die("write");
	shutdown(fd, SHUT_WR);
	char reply[128];
	size_t got = 0;
	ssize_t r = 0;
	while (got < sizeof reply - 1 && (r = read(fd, reply + got, sizeof reply - 1 - got)) > 0)
		got += (size_t)r;
	if (r < 0)
		lab_die("read");
	reply[got] = 0;
	close(fd);
	say(1, "client %s: got \"%s\"\n", argv[2], reply);
	return got == (size_t)len ? 0 : 1;
}
