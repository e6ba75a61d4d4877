/* sock_stream: AF_UNIX SOCK_STREAM connections by name (unix(7), bind(2), listen(2), connect(2), accept(2),
 * getsockname(2), getpeername(2)): a path name and an abstract name, a client in a child process, the names each
 * end reports, SO_PEERCRED, MSG_PEEK, MSG_DONTWAIT, a full backlog, the peer's close (end of file, EPIPE and
 * SIGPIPE, ECONNRESET), and the errors of each call in Linux's order. */
#define _GNU_SOURCE
#include "conf.h"
#include "sockaddr_un.h"
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#define D "/tmp/sock_stream.d"

static int sigpipes;
static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* server_client: a listener on addr; a child connects, sends "hello", reads the reply, and exits. */
static void server_client(const char *what, const struct sockaddr_un *addr, socklen_t alen)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	check(l >= 0, "%s: socket", what);
	check(bind(l, (const struct sockaddr *)addr, alen) == 0, "%s: bind", what);
	check(listen(l, 5) == 0, "%s: listen", what);
	struct sockaddr_un got;
	socklen_t glen = sizeof got;
	check(getsockname(l, (struct sockaddr *)&got, &glen) == 0, "%s: getsockname of the listener: %s", what,
	      show_name(&got, glen));
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (const struct sockaddr *)addr, alen) < 0)
			_exit(1);
		if (write(c, "hello", 5) != 5)
			_exit(2);
		char b[16] = { 0 };
		if (read(c, b, sizeof b) != 5 || strcmp(b, "world"))
			_exit(3);
		struct sockaddr_un me;
		socklen_t mlen = sizeof me;
		if (getsockname(c, (struct sockaddr *)&me, &mlen) < 0 || mlen != offsetof(struct sockaddr_un, sun_path))
			_exit(4); /* the client is unnamed */
		_exit(0);
	}
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	int s = accept(l, (struct sockaddr *)&peer, &plen);
	check(s >= 0, "%s: accept; the client's name: %s", what, show_name(&peer, plen));
	glen = sizeof got;
	check(getsockname(s, (struct sockaddr *)&got, &glen) == 0, "%s: the accepted socket's name: %s", what,
	      show_name(&got, glen));
	glen = sizeof got;
	int r = getpeername(s, (struct sockaddr *)&got, &glen);
	check(r == 0, "%s: getpeername of the accepted socket: %s", what, show_name(&got, glen));
	struct ucred cr;
	socklen_t crlen = sizeof cr;
	check(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0 && crlen == sizeof cr, "%s: SO_PEERCRED", what);
	check(cr.pid == pid && cr.uid == getuid() && cr.gid == getgid(), "%s: SO_PEERCRED is the client's pid, uid, gid",
	      what);
	char b[16] = { 0 };
	check(recv(s, b, sizeof b, MSG_PEEK) == 5 && !strcmp(b, "hello"), "%s: MSG_PEEK sees hello", what);
	memset(b, 0, sizeof b);
	check(recv(s, b, 3, 0) == 3 && !strcmp(b, "hel"), "%s: recv 3 of it", what);
	memset(b, 0, sizeof b);
	check(read(s, b, sizeof b) == 2 && !strcmp(b, "lo"), "%s: read the rest", what);
	check(write(s, "world", 5) == 5, "%s: reply", what);
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: the client exited %d", what, WEXITSTATUS(st));
	check(read(s, b, sizeof b) == 0, "%s: the client closed: end of file", what);
	r = (int)send(s, "x", 1, MSG_NOSIGNAL);
	check(r < 0 && errno == EPIPE, "%s: send to the closed client: %s", what, err_of(r));
	close(s);
	close(l);
}

static void names(void)
{
	struct sockaddr_un a;
	socklen_t len = path_addr(&a, D "/srv");
	server_client("path", &a, len);
	struct stat st;
	check(stat(D "/srv", &st) == 0 && S_ISSOCK(st.st_mode), "the path stays, a socket file");
	check((st.st_mode & 07777) == (0777 & ~022), "its mode is 0777 less the umask: %o", st.st_mode & 07777);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	int r = bind(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EADDRINUSE, "bind to an existing path: %s", err_of(r));
	r = connect(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == ECONNREFUSED, "connect to a path nobody listens on: %s", err_of(r));
	unlink(D "/srv");
	r = connect(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == ENOENT, "connect to a path that does not exist: %s", err_of(r));
	close(l);

	len = abstract_addr(&a, "sock_stream.abstract");
	server_client("abstract", &a, len);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	r = connect(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == ECONNREFUSED, "the abstract name went with its socket: %s", err_of(r));
	close(l);

	/* autobind: an address of the family alone */
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	a.sun_family = AF_UNIX;
	check(bind(l, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0, "bind with the family alone");
	struct sockaddr_un got;
	socklen_t glen = sizeof got;
	getsockname(l, (struct sockaddr *)&got, &glen);
	check(glen == offsetof(struct sockaddr_un, sun_path) + 6 && got.sun_path[0] == 0,
	      "autobind: an abstract name of 5 characters (len %u)", (unsigned)glen);
	r = bind(l, (struct sockaddr *)&a, sizeof(sa_family_t));
	check(r == 0, "autobind again: %s (it has a name: nothing to do)", err_of(r));
	r = bind(l, (struct sockaddr *)&got, glen);
	check(r < 0 && errno == EINVAL, "bind a named socket: %s", err_of(r));
	close(l);
}

static void errors(void)
{
	struct sockaddr_un a;
	socklen_t len = path_addr(&a, D "/err");
	int l = socket(AF_UNIX, SOCK_STREAM, 0), r;
	r = listen(l, 1);
	check(r < 0 && errno == EINVAL, "listen on an unnamed socket: %s", err_of(r));
	r = accept(l, NULL, NULL);
	check(r < 0 && errno == EINVAL, "accept on a socket that does not listen: %s", err_of(r));
	char b[4];
	r = (int)recv(l, b, sizeof b, 0);
	check(r < 0 && errno == EINVAL, "recv on an unconnected stream socket: %s", err_of(r));
	r = (int)send(l, "x", 1, 0);
	check(r < 0 && errno == ENOTCONN, "send on an unconnected stream socket: %s", err_of(r));
	socklen_t glen = sizeof a;
	r = getpeername(l, (struct sockaddr *)&a, &glen);
	check(r < 0 && errno == ENOTCONN, "getpeername unconnected: %s", err_of(r));
	len = path_addr(&a, D "/err");
	r = bind(l, (struct sockaddr *)&a, 1);
	check(r < 0 && errno == EINVAL, "bind with a length of 1: %s", err_of(r));
	a.sun_family = AF_INET;
	r = bind(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EINVAL, "bind with family AF_INET: %s", err_of(r));
	a.sun_family = AF_UNIX;
	r = bind(l, (struct sockaddr *)&a, 200);
	check(r < 0 && errno == EINVAL, "bind with a length of 200: %s", err_of(r));
	struct sockaddr_un nd;
	socklen_t ndlen = path_addr(&nd, D "/no/such/dir");
	r = bind(l, (struct sockaddr *)&nd, ndlen);
	check(r < 0 && errno == ENOENT, "bind in a directory that does not exist: %s", err_of(r));
	check(bind(l, (struct sockaddr *)&a, len) == 0, "bind");
	r = bind(l, (struct sockaddr *)&nd, ndlen);
	check(r < 0 && errno == ENOENT, "bind a named socket to a bad path: %s (the lookup first)", err_of(r));
	check(listen(l, 0) == 0, "listen, backlog 0");
	check(listen(l, 1) == 0, "listen again, backlog 1");
	r = connect(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EINVAL, "connect from a listener: %s", err_of(r));

	/* a full backlog: backlog 1 takes two connections; a third waits, or fails non-blocking */
	int c[3];
	for (int i = 0; i < 2; i++) {
		c[i] = socket(AF_UNIX, SOCK_STREAM, 0);
		check(connect(c[i], (struct sockaddr *)&a, len) == 0, "connection %d queued", i + 1);
		if (i == 0) { /* (with the backlog full, connect would wait before it looks at the socket) */
			r = connect(c[0], (struct sockaddr *)&a, len);
			check(r < 0 && errno == EISCONN, "connect a connected socket: %s", err_of(r));
		}
	}
	c[2] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(c[2], (struct sockaddr *)&a, len);
	check(r < 0 && errno == EAGAIN, "a third, non-blocking, backlog full: %s", err_of(r));
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	r = connect(dg, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EPROTOTYPE, "a datagram socket connecting to a stream listener: %s", err_of(r));
	r = listen(dg, 1);
	check(r < 0 && errno == EOPNOTSUPP, "listen on a datagram socket: %s", err_of(r));
	close(dg);

	/* the client sends, then closes with the server's end unread: the server reads the data; a client closed
	 * while its data was unread gets ECONNRESET */
	check(write(c[0], "abc", 3) == 3, "the first client writes before it is accepted");
	int s0 = accept(l, NULL, NULL);
	check(s0 >= 0, "accept the first");
	check(read(s0, b, sizeof b) == 3, "its data arrives");
	int fl = 0;
	int s1 = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	check(s1 >= 0 && (fl = fcntl(s1, F_GETFL)) >= 0 && (fl & O_NONBLOCK), "accept4 SOCK_NONBLOCK");
	r = (int)read(s1, b, sizeof b);
	check(r < 0 && errno == EAGAIN, "non-blocking read, nothing there: %s", err_of(r));
	r = (int)recv(s0, b, sizeof b, MSG_DONTWAIT);
	check(r < 0 && errno == EAGAIN, "MSG_DONTWAIT, nothing there: %s", err_of(r));
	int fln = fcntl(l, F_GETFL);
	fcntl(l, F_SETFL, fln | O_NONBLOCK);
	r = accept(l, NULL, NULL);
	check(r < 0 && errno == EAGAIN, "non-blocking accept, nothing pending: %s", err_of(r));
	check(write(s1, "unread", 6) == 6, "the server writes to the second client");
	close(c[1]);
	r = (int)read(s1, b, sizeof b);
	check(r < 0 && errno == ECONNRESET, "its client closed with data unread: %s", err_of(r));
	r = (int)read(s1, b, sizeof b);
	check(r == 0, "then end of file: %d", r);
	signal(SIGPIPE, on_sigpipe);
	r = (int)write(s1, "x", 1);
	check(r < 0 && errno == EPIPE && sigpipes == 1, "write to it: %s, SIGPIPE %d", err_of(r), sigpipes);
	r = (int)send(s1, "x", 1, MSG_NOSIGNAL);
	check(r < 0 && errno == EPIPE && sigpipes == 1, "MSG_NOSIGNAL: %s, no SIGPIPE", err_of(r));
	signal(SIGPIPE, SIG_DFL);
	close(s0);
	close(s1);
	close(c[0]);
	close(c[2]);
	close(l);
	unlink(D "/err");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	r = connect(l, (struct sockaddr *)&a, len);
	check(r < 0 && errno == ENOENT, "connect after unlink: %s", err_of(r));
	close(l);
	r = socket(AF_UNIX, SOCK_STREAM, 0);
	close(r);
	r = socket(AF_UNIX, SOCK_STREAM | 0x10000, 0);
	check(r < 0 && errno == EINVAL, "socket with an unknown flag: %s", err_of(r));
	r = socket(AF_UNIX, 4, 0);
	check(r < 0 && errno == ESOCKTNOSUPPORT, "socket type 4 (SOCK_RDM): %s", err_of(r));
	r = socket(AF_UNIX, SOCK_STREAM, 2);
	check(r < 0 && errno == EPROTONOSUPPORT, "socket protocol 2: %s", err_of(r));
}

/* sigpipe_kills: writing to a closed peer without a handler kills the writer with SIGPIPE. */
static void sigpipe_kills(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(sv[0], "x", 1);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "a write to a closed peer kills with SIGPIPE");
	close(sv[0]);
}

int main(void)
{
	umask(022);
	mkdir("/tmp", 0777);
	mkdir(D, 0777);
	names();
	errors();
	sigpipe_kills();
	rmdir(D);
	return done();
}
