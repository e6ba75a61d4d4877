/* sock_perm: who may use a socket's path name (unix(7) "Pathname socket ownership and permissions": connecting
 * to a stream socket, or sending to a datagram socket, needs write permission on the socket file, and the lookup
 * search permission on its directories; bind needs write permission on the directory and makes the file as the
 * caller's), checked by a child that dropped to uid 1000 (credentials(7)). */
#define _GNU_SOURCE
#include "conf.h"
#include "sockaddr_un.h"
#include <grp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#define D "/tmp/sock_perm.d"

/* as_user: run in a child as uid and gid 1000 (no supplementary groups); its checks print as they go. */
static void as_user(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(1000, 1000, 1000) < 0 || setresuid(1000, 1000, 1000) < 0)
			_exit(2);
		fn();
		_exit(done());
	}
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the uid 1000 child's checks passed");
}

static void user_checks(void)
{
	struct sockaddr_un a;
	int r;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t len = path_addr(&a, D "/open/stream");
	check(connect(s, (struct sockaddr *)&a, len) == 0, "user: connect to a socket file of mode 0777");
	close(s);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = path_addr(&a, D "/open/stream-ro");
	r = connect(s, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EACCES, "user: connect to a socket file of mode 0755: %s", err_of(r));
	len = path_addr(&a, D "/closed/stream");
	r = connect(s, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EACCES, "user: connect through a directory of mode 0700: %s", err_of(r));
	close(s);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = path_addr(&a, D "/open/dgram-ro");
	r = (int)sendto(d, "x", 1, 0, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EACCES, "user: sendto a datagram socket file of mode 0444: %s", err_of(r));
	r = connect(d, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EACCES, "user: connect a datagram socket to it: %s", err_of(r));
	len = path_addr(&a, D "/open/dgram");
	check(sendto(d, "ok", 2, 0, (struct sockaddr *)&a, len) == 2, "user: sendto a datagram socket file of mode 0666");
	len = path_addr(&a, D "/open/mine");
	r = bind(d, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EACCES, "user: bind in a directory it may not write: %s", err_of(r));
	len = path_addr(&a, D "/pub/mine");
	check(bind(d, (struct sockaddr *)&a, len) == 0, "user: bind in a directory it may write");
	struct stat st;
	check(stat(D "/pub/mine", &st) == 0 && st.st_uid == 1000 && st.st_gid == 1000, "user: the socket file is its own");
	close(d);
}

static int bound(int type, const char *path, mode_t mode)
{
	struct sockaddr_un a;
	socklen_t len = path_addr(&a, path);
	int s = socket(AF_UNIX, type, 0);
	check(bind(s, (struct sockaddr *)&a, len) == 0, "root: bind %s", path);
	check(chmod(path, mode) == 0, "root: chmod %s %o", path, (unsigned)mode);
	if (type == SOCK_STREAM)
		listen(s, 5);
	return s;
}

int main(void)
{
	mkdir("/tmp", 0777);
	umask(0);
	mkdir(D, 0755);
	mkdir(D "/open", 0755);
	mkdir(D "/closed", 0700);
	mkdir(D "/pub", 0777);
	int s1 = bound(SOCK_STREAM, D "/open/stream", 0777);
	int s2 = bound(SOCK_STREAM, D "/open/stream-ro", 0755);
	int s3 = bound(SOCK_STREAM, D "/closed/stream", 0777);
	int s4 = bound(SOCK_DGRAM, D "/open/dgram-ro", 0444);
	int s5 = bound(SOCK_DGRAM, D "/open/dgram", 0666);
	as_user(user_checks);
	char b[4];
	check(recv(s5, b, sizeof b, MSG_DONTWAIT) == 2, "root: the user's datagram arrived");
	struct sockaddr_un a;
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t len = path_addr(&a, D "/open/stream-ro");
	check(connect(c, (struct sockaddr *)&a, len) == 0, "root: connect to the 0755 socket file (root may)");
	close(c);
	close(s1);
	close(s2);
	close(s3);
	close(s4);
	close(s5);
	unlink(D "/open/stream");
	unlink(D "/open/stream-ro");
	unlink(D "/closed/stream");
	unlink(D "/open/dgram-ro");
	unlink(D "/open/dgram");
	unlink(D "/pub/mine");
	rmdir(D "/open");
	rmdir(D "/closed");
	rmdir(D "/pub");
	rmdir(D);
	return done();
}
