/* sock_procnet: /proc/net/unix (proc(5)) lists every AF_UNIX socket: its flags (__SO_ACCEPTCON, 00010000, for a
 * listener), type (0001 stream, 0002 datagram, 0005 seqpacket), state (01 unconnected, 02 a connection not yet
 * accepted, 03 connected), inode (st_ino of its descriptor; 0 before accept) and name (a path, or '@' and an
 * abstract name). The socket address and reference count columns are the kernel's own and not compared. */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include "conf.h"

static char table[65536];

/* show: the Flags, Type, St and Path columns of the line whose inode is ino (and, for inode 0, whose path is
 * path), as "what: flags type st path". */
static void show(const char *what, unsigned long ino, const char *path)
{
	char *line = strchr(table, '\n') + 1; /* after the header */
	while (*line) {
		char *end = strchr(line, '\n');
		*end = 0;
		unsigned refs, proto, flags, type, st;
		unsigned long inode;
		int n = 0;
		char addr[64];
		if (sscanf(line, "%63[^:]: %x %x %x %x %x %lu%n", addr, &refs, &proto, &flags, &type, &st, &inode, &n) == 7 &&
		    inode == ino) {
			const char *name = line[n] == ' ' ? line + n + 1 : "";
			if (!path || strcmp(name, path) == 0) {
				printf("%s: %08X %04X %02X %s\n", what, flags, type, st, *name ? name : "(no name)");
				*end = '\n';
				return;
			}
		}
		*end = '\n';
		line = end + 1;
	}
	printf("%s: not listed\n", what);
}

/* read_table: /proc/net/unix into table; false (errno set) when it does not open. */
static bool read_table(void)
{
	int fd = open("/proc/net/unix", O_RDONLY);
	if (fd < 0)
		return false;
	errno = 0;
	ssize_t len = 0, r;
	while ((r = read(fd, table + len, sizeof table - 1 - (size_t)len)) > 0)
		len += r;
	table[len] = 0;
	close(fd);
	return true;
}

static unsigned long ino_of(int fd)
{
	struct stat st;
	fstat(fd, &st);
	return (unsigned long)st.st_ino;
}

int main(void)
{
	unlink("/tmp/pn.sock");
	int lis = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { AF_UNIX, "/tmp/pn.sock" };
	check(bind(lis, (struct sockaddr *)&a, sizeof a) == 0 && listen(lis, 4) == 0, "a listener at /tmp/pn.sock");
	int cli = socket(AF_UNIX, SOCK_STREAM, 0);
	check(connect(cli, (struct sockaddr *)&a, sizeof a) == 0, "a client connects (not accepted yet)");
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int abs = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un b = { AF_UNIX, "\0pn-abs" };
	bind(abs, (struct sockaddr *)&b, offsetof(struct sockaddr_un, sun_path) + 7);
	int sp = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	mkdir("/proc", 0555);
	bool mounted = mount("proc", "/proc", "proc", 0, NULL) == 0; /* unmounted again at the end */

	check(read_table(), "/proc/net/unix opens: %s", errname(errno));
	printf("header: %.*s\n", (int)(strchr(table, '\n') - table), table);
	show("listener", ino_of(lis), NULL);
	show("client", ino_of(cli), NULL);
	show("connection waiting in the backlog", 0, "/tmp/pn.sock");
	show("socketpair end 0", ino_of(sv[0]), NULL);
	show("socketpair end 1", ino_of(sv[1]), NULL);
	show("abstract datagram", ino_of(abs), NULL);
	show("unbound seqpacket", ino_of(sp), NULL);

	int acc = accept(lis, NULL, NULL);
	read_table();
	show("accepted connection", ino_of(acc), NULL);
	close(cli);
	unlink("/tmp/pn.sock");
	if (mounted)
		umount("/proc");
	return done();
}
