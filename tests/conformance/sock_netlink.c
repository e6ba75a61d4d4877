/* tests/conformance/sock_netlink.c: AF_NETLINK sockets as far as ipclab has them (netlink(7)): which types and
 * protocols socket(2) takes (SOCK_RAW and SOCK_DGRAM of NETLINK_ROUTE; ESOCKTNOSUPPORT, EPROTONOSUPPORT), the
 * options SO_TYPE, SO_PROTOCOL, SO_DOMAIN, a receive with nothing queued (EAGAIN without waiting, after
 * SO_RCVTIMEO, EINTR for a signal), ioctl's FIONREAD and SIOCOUTQ (ENOTTY), poll, names (getsockname, bind with
 * nl_pid 0 taking the process's id, bind's EINVAL and EADDRINUSE, connect to the kernel, getpeername), the calls
 * netlink has not (socketpair, listen, accept, shutdown: EOPNOTSUPP), what a send Linux refuses before reading it
 * gives (an empty message ENODATA, MSG_OOB EOPNOTSUPP, a bad address EINVAL) and a short message dropped unread.
 * Then datagrams the kernel sends (the cookie of mq_notify's SIGEV_THREAD): MSG_PEEK, a short buffer (cut,
 * MSG_TRUNC in msg_flags), the flag MSG_TRUNC (the whole length), read(2), a blocking receive woken by another
 * process's mq_send, and restarted after a SA_RESTART handler. A netlink socket is not a line of /proc/net/unix.
 * Not drawn: a request to the kernel (a real rtnetlink message), which ipclab refuses (EOPNOTSUPP) and Linux
 * answers. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"
#include "sockaddr_nl.h"

static void make(const char *what, int type, int protocol)
{
	int s = socket(AF_NETLINK, type, protocol);
	printf("socket(AF_NETLINK, %s, %d): %s", what, protocol, s < 0 ? errname(errno) : "ok");
	if (s >= 0)
		printf(", SO_TYPE %d SO_PROTOCOL %d SO_DOMAIN %d", sockopt_int(s, SO_TYPE), sockopt_int(s, SO_PROTOCOL),
		       sockopt_int(s, SO_DOMAIN));
	printf("\n");
	if (s >= 0)
		close(s);
}

static void on_alarm(int sig) { (void)sig; }

/* unix_lines: the lines of /proc/net/unix (its header and one per AF_UNIX socket). */
static int unix_lines(void)
{
	FILE *f = fopen("/proc/net/unix", "r");
	int n = 0, c;
	while (f && (c = fgetc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

/* name: getsockname's family, port id (as "self" for the process's id) and length. */
static void name(int s, const char *what)
{
	struct sockaddr_nl a;
	socklen_t len = sizeof a;
	memset(&a, 0xff, sizeof a);
	int r = getsockname(s, (struct sockaddr *)&a, &len);
	if (r < 0) {
		printf("%s: getsockname %s\n", what, errname(errno));
		return;
	}
	printf("%s: family %d pid %s groups %u len %u\n", what, a.nl_family,
	       a.nl_pid == (unsigned)getpid() ? "self" : a.nl_pid == 0 ? "0" : "other", a.nl_groups, len);
}

int main(void)
{
	make("SOCK_RAW", SOCK_RAW, NETLINK_ROUTE);
	make("SOCK_DGRAM", SOCK_DGRAM, NETLINK_ROUTE);
	make("SOCK_RAW|SOCK_CLOEXEC|SOCK_NONBLOCK", SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	make("SOCK_STREAM", SOCK_STREAM, NETLINK_ROUTE);
	make("SOCK_SEQPACKET", SOCK_SEQPACKET, NETLINK_ROUTE);
	make("SOCK_RAW", SOCK_RAW, 32);
	make("SOCK_RAW", SOCK_RAW, -1);
	make("SOCK_STREAM", SOCK_STREAM, 99);

	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	char buf[64];
	int r = (int)recv(s, buf, sizeof buf, MSG_DONTWAIT);
	printf("recv MSG_DONTWAIT, nothing queued: %d %s\n", r, err_of(r));
	r = (int)recv(s, buf, sizeof buf, MSG_OOB | MSG_DONTWAIT);
	printf("recv MSG_OOB: %d %s\n", r, err_of(r));
	int nb = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, NETLINK_ROUTE);
	r = (int)read(nb, buf, sizeof buf);
	printf("read of a SOCK_NONBLOCK socket: %d %s\n", r, err_of(r));
	close(nb);
	int amount = -7;
	r = ioctl(s, FIONREAD, &amount);
	printf("ioctl FIONREAD: %d %s\n", r, err_of(r));
	r = ioctl(s, TIOCOUTQ, &amount);
	printf("ioctl SIOCOUTQ: %d %s\n", r, err_of(r));
	struct pollfd pfd = { s, POLLIN | POLLOUT, 0 };
	r = poll(&pfd, 1, 0);
	printf("poll: %d, revents POLLIN %d POLLOUT %d\n", r, !!(pfd.revents & POLLIN), !!(pfd.revents & POLLOUT));

	struct timeval tv = { 0, 50000 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	long long t0 = now_ns();
	r = (int)recv(s, buf, sizeof buf, 0);
	printf("recv with SO_RCVTIMEO 50 ms: %d %s, waited %d\n", r, err_of(r), now_ns() - t0 >= 40000000LL);
	struct timeval none = { 0, 0 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	r = (int)recv(s, buf, sizeof buf, 0);
	printf("a blocking recv, a signal (no SA_RESTART): %d %s\n", r, err_of(r));

	name(s, "unbound");
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	r = bind(s, (struct sockaddr *)&a, sizeof a - 1);
	printf("bind, a short address: %d %s\n", r, err_of(r));
	a.nl_family = AF_UNIX;
	r = bind(s, (struct sockaddr *)&a, sizeof a);
	printf("bind, AF_UNIX: %d %s\n", r, err_of(r));
	a.nl_family = AF_NETLINK;
	r = bind(s, (struct sockaddr *)&a, sizeof a);
	printf("bind, nl_pid 0: %d %s\n", r, err_of(r));
	name(s, "bound");
	r = bind(s, (struct sockaddr *)&a, sizeof a);
	printf("bind again, nl_pid 0: %d %s\n", r, err_of(r));
	int s2 = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	a.nl_pid = (unsigned)getpid();
	r = bind(s2, (struct sockaddr *)&a, sizeof a);
	printf("another socket binds the same port id: %d %s\n", r, err_of(r));
	a.nl_pid = 0;
	r = bind(s2, (struct sockaddr *)&a, sizeof a);
	printf("it binds with nl_pid 0: %d %s\n", r, err_of(r));
	name(s2, "  its name");
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK }, peer;
	r = connect(s2, (struct sockaddr *)&kernel, sizeof kernel);
	socklen_t plen = sizeof peer;
	memset(&peer, 0xff, sizeof peer);
	getpeername(s2, (struct sockaddr *)&peer, &plen);
	printf("connect to the kernel: %d %s; getpeername family %d pid %u len %u\n", r, err_of(r), peer.nl_family,
	       peer.nl_pid, plen);
	kernel.nl_family = AF_UNSPEC;
	r = connect(s2, (struct sockaddr *)&kernel, sizeof kernel);
	printf("connect AF_UNSPEC: %d %s\n", r, err_of(r));
	close(s2);

	int sv[2];
	r = socketpair(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, sv);
	printf("socketpair: %d %s\n", r, err_of(r));
	r = listen(s, 1);
	printf("listen: %d %s\n", r, err_of(r));
	r = accept(s, NULL, NULL);
	printf("accept: %d %s\n", r, err_of(r));
	r = shutdown(s, SHUT_RDWR);
	printf("shutdown: %d %s\n", r, err_of(r));

	r = (int)send(s, buf, 0, 0);
	printf("send of 0 bytes: %d %s\n", r, err_of(r));
	r = (int)send(s, buf, 4, MSG_OOB);
	printf("send MSG_OOB: %d %s\n", r, err_of(r));
	struct sockaddr_nl to = { .nl_family = AF_UNIX };
	r = (int)sendto(s, buf, 4, 0, (struct sockaddr *)&to, sizeof to);
	printf("sendto an AF_UNIX address: %d %s\n", r, err_of(r));
	to.nl_family = AF_NETLINK;
	r = (int)sendto(s, buf, 4, 0, (struct sockaddr *)&to, sizeof to - 2);
	printf("sendto a short address: %d %s\n", r, err_of(r));
	r = (int)send(s, "abcd", 4, 0);
	printf("send of 4 bytes (shorter than a header, dropped): %d %s\n", r, err_of(r));
	r = (int)recv(s, buf, sizeof buf, MSG_DONTWAIT);
	printf("  nothing came back: %d %s\n", r, err_of(r));

	/* Datagrams from the kernel: the cookie of a SIGEV_THREAD registration. */
	mq_unlink("/sock_netlink");
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	mqd_t q = mq_open("/sock_netlink", O_CREAT | O_RDWR, 0600, &attr);
	static const char cookie[32] = "0123456789abcdefghijklmnopqrstu";
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_signo = s };
	sev.sigev_value.sival_ptr = (void *)cookie;
	r = (int)syscall(SYS_mq_notify, q, &sev);
	printf("mq_notify SIGEV_THREAD on it: %d %s\n", r, err_of(r));
	mq_send(q, "x", 1, 0);
	pfd.revents = 0;
	r = poll(&pfd, 1, 0);
	printf("poll: %d, revents POLLIN %d POLLOUT %d\n", r, !!(pfd.revents & POLLIN), !!(pfd.revents & POLLOUT));
	memset(buf, 0, sizeof buf);
	r = (int)recv(s, buf, 8, MSG_PEEK | MSG_DONTWAIT);
	printf("recv 8 bytes MSG_PEEK: %d \"%.8s\"\n", r, buf);
	struct iovec iov = { buf, 10 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	memset(buf, 0, sizeof buf);
	r = (int)recvmsg(s, &msg, MSG_DONTWAIT | MSG_PEEK);
	printf("recvmsg 10 bytes MSG_PEEK: %d \"%.10s\", msg_flags MSG_TRUNC %d\n", r, buf, !!(msg.msg_flags & MSG_TRUNC));
	r = (int)recv(s, buf, 4, MSG_TRUNC | MSG_DONTWAIT);
	printf("recv 4 bytes MSG_TRUNC: %d\n", r);
	r = (int)recv(s, buf, sizeof buf, MSG_DONTWAIT);
	printf("then: %d %s\n", r, err_of(r));
	mq_receive(q, buf, sizeof buf, NULL);
	sev.sigev_signo = s;
	syscall(SYS_mq_notify, q, &sev);
	mq_notify(q, NULL);
	memset(buf, 0, sizeof buf);
	r = (int)read(s, buf, sizeof buf);
	printf("read after mq_notify(NULL): %d \"%.5s\" last byte %d\n", r, buf, r > 0 ? buf[r - 1] : -1);

	/* A blocking receive: a signal whose handler has SA_RESTART comes first, then a child's message. */
	sev.sigev_signo = s;
	r = (int)syscall(SYS_mq_notify, q, &sev);
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(300);
		_exit(mq_send(q, "y", 1, 0) == 0 ? 0 : 1);
	}
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	memset(buf, 0, sizeof buf);
	r = (int)recv(s, buf, sizeof buf, 0);
	printf("a blocking recv, a SA_RESTART signal, then a child's mq_send: %d \"%.5s\" last byte %d\n", r, buf,
	       r > 0 ? buf[r - 1] : -1);
	int status;
	waitpid(child, &status, 0);
	printf("  the child: exit %d\n", WEXITSTATUS(status));

	int before = unix_lines();
	int s3 = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	printf("/proc/net/unix lines with one more netlink socket: %+d\n", unix_lines() - before);
	close(s3);

	mq_close(q);
	mq_unlink("/sock_netlink");
	close(s);
	return done();
}
