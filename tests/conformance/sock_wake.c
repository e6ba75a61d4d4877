/* sock_wake: what ends a wait on an AF_UNIX socket other than the data it waits for (unix(7), accept(2),
 * connect(2), signal(7)): a blocked recv when the peer closes or shuts down, a send blocked on a full budget when
 * the peer closes (EPIPE), a connect waiting in a full backlog when the listener closes (ECONNREFUSED), an
 * accept when another process shuts the listener down, a datagram send waiting on a full queue when the
 * receiver goes, accept and connect interrupted by a signal (EINTR, or restarted with SA_RESTART); and the
 * credentials SO_PEERCRED reports on each side. */
#define _GNU_SOURCE
#include "conf.h"
#include "sockaddr_un.h"
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

/* later: a child that runs fn after ms milliseconds, then exits 0. */
static pid_t later(int ms, void (*fn)(int), int arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		fn(arg);
		_exit(0);
	}
	return pid;
}

static void do_close(int fd) { close(fd); }
static void do_shut_wr(int fd) { shutdown(fd, SHUT_WR); }
static void do_shut_rd(int fd) { shutdown(fd, SHUT_RD); }
static void do_kill_parent(int sig) { kill(getppid(), sig); }

static int caught;
static void on_sig(int sig)
{
	(void)sig;
	caught++;
}

static void blocked_io(void)
{
	int sv[2], r;
	char b[8];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t pid = later(50, do_shut_wr, sv[1]);
	r = (int)recv(sv[0], b, sizeof b, 0);
	check(r == 0, "a blocked recv: the peer (in a child) shuts down writing: %d", r);
	waitpid(pid, NULL, 0);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = later(50, do_close, sv[1]);
	close(sv[1]);
	r = (int)recv(sv[0], b, sizeof b, 0);
	check(r == 0, "a blocked recv: the peer's last descriptor closes: %d", r);
	waitpid(pid, NULL, 0);
	close(sv[0]);

	/* a writer that fills its budget, then its peer goes */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = later(50, do_close, sv[1]);
	close(sv[1]);
	static char big[1 << 20];
	signal(SIGPIPE, SIG_IGN);
	ssize_t w = write(sv[0], big, sizeof big);
	check(w > 0 && w < (ssize_t)sizeof big, "a write of 1 MiB blocked on the budget: the reader closes: it returns what it wrote");
	w = write(sv[0], big, 10);
	check(w < 0 && errno == EPIPE, "the next write: %s", err_of((int)w));
	signal(SIGPIPE, SIG_DFL);
	waitpid(pid, NULL, 0);
	close(sv[0]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pid = later(50, do_shut_rd, sv[0]);
	r = (int)recv(sv[0], b, sizeof b, 0);
	check(r == 0, "a blocked datagram recv: shut down for reading by another process: %d", r);
	waitpid(pid, NULL, 0);
	close(sv[0]);
	close(sv[1]);
}

static void blocked_connections(void)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "sock_wake.listener");
	int l = socket(AF_UNIX, SOCK_STREAM, 0), r;
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 0);
	int c1 = socket(AF_UNIX, SOCK_STREAM, 0), c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	check(connect(c1, (struct sockaddr *)&a, len) == 0, "backlog 0 takes one connection");
	pid_t pid = later(50, do_close, l);
	close(l);
	r = connect(c2, (struct sockaddr *)&a, len);
	check(r < 0 && errno == ECONNREFUSED, "a connect waiting in the full backlog: the listener closes: %s", err_of(r));
	waitpid(pid, NULL, 0);
	char b[4];
	r = (int)read(c1, b, sizeof b);
	check(r < 0 && errno == ECONNRESET, "the queued connection, never accepted, is reset: %s", err_of(r));
	close(c1);
	close(c2);

	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 5);
	pid = later(50, do_shut_rd, l);
	r = accept(l, NULL, NULL);
	check(r < 0 && errno == EINVAL, "a blocked accept: another process shuts the listener down: %s", err_of(r));
	waitpid(pid, NULL, 0);
	close(l);

	struct sigaction sa = { .sa_handler = on_sig };
	sigaction(SIGUSR1, &sa, NULL);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 0);
	pid = later(50, do_kill_parent, SIGUSR1);
	r = accept(l, NULL, NULL);
	check(r < 0 && errno == EINTR && caught == 1, "a blocked accept, a signal: %s", err_of(r));
	waitpid(pid, NULL, 0);
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c1, (struct sockaddr *)&a, len);
	pid = later(50, do_kill_parent, SIGUSR1);
	r = connect(c2, (struct sockaddr *)&a, len);
	check(r < 0 && errno == EINTR && caught == 2, "a connect waiting in a full backlog, a signal: %s", err_of(r));
	waitpid(pid, NULL, 0);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		kill(getppid(), SIGUSR1);
		sleep_ms(50);
		int s = accept(l, NULL, NULL); /* makes room: the restarted connect gets through */
		sleep_ms(50);
		close(s);
		_exit(0);
	}
	r = connect(c2, (struct sockaddr *)&a, len);
	check(r == 0 && caught == 3, "SA_RESTART: the connect is restarted and gets through when a child accepts: %s",
	      err_of(r));
	waitpid(pid, NULL, 0);
	close(c1);
	close(c2);
	close(l);
	signal(SIGUSR1, SIG_DFL);
}

static void blocked_dgram(void)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "sock_wake.dgram");
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(r, (struct sockaddr *)&a, len);
	connect(s, (struct sockaddr *)&a, len);
	int n = 0;
	while (send(s, "x", 1, MSG_DONTWAIT) == 1)
		n++;
	pid_t pid = later(50, do_close, r);
	close(r);
	int k = (int)send(s, "x", 1, 0);
	check(k < 0 && errno == ECONNREFUSED, "a send waiting on a full queue (%d datagrams): the receiver closes: %s", n,
	      err_of(k));
	waitpid(pid, NULL, 0);
	close(s);
}

static void peercred(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct ucred cr;
	socklen_t len = sizeof cr;
	check(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid == getpid() && cr.uid == getuid(),
	      "socketpair: SO_PEERCRED is the creator");
	close(sv[0]);
	close(sv[1]);
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(&a, "sock_wake.cred");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, alen);
	pid_t pid = fork();
	if (pid == 0) { /* the listener's creator is a child that exits: its credentials stay on the listener */
		listen(l, 5);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, alen);
	len = sizeof cr;
	getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	check(cr.pid == pid, "the client's SO_PEERCRED: who called listen (a child, gone since)");
	len = sizeof cr;
	getsockopt(l, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	check(cr.pid == pid, "the listener's own SO_PEERCRED: the same");
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof cr;
	check(getsockopt(u, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid == 0 && cr.uid == (uid_t)-1 &&
		      cr.gid == (gid_t)-1,
	      "an unconnected socket: pid 0, uid and gid -1");
	close(u);
	close(c);
	close(l);
}

int main(void)
{
	blocked_io();
	blocked_connections();
	blocked_dgram();
	peercred();
	return done();
}
