/* sock_robust: a seeded storm of the socket calls (socket, socketpair, bind, listen, connect, accept4,
 * getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, setsockopt, getsockopt, shutdown) on a pool of
 * AF_UNIX sockets of each type and state (and a pipe, /dev/null, bad descriptors), with addresses drawn from
 * names in a sandbox, abstract names, malformed ones, and bad pointers (NULL, a kernel address, unmapped and
 * read-only memory), lengths and flags; SCM_RIGHTS of the pool's descriptors now and then. Nothing waits: every
 * socket is non-blocking. (MSG_OOB is left out: Linux's stream sockets carry one byte of urgent data
 * (CONFIG_AF_UNIX_OOB), which ipclab does not have.) The same seed gives the same calls on Linux and on ipclab: the count of each (call,
 * result) pair must be Linux's, and nothing may panic the kernel or leak (the halt report of the traced run). */
#define _GNU_SOURCE
#include "conf.h"
#include "sockaddr_un.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define D "/tmp/sock_robust.d"
#define CALLS 6000
#define KADDR 0xffffff8000000000UL
#define NPOOL 12

static unsigned long long rng = 0x2545f4914f6cdd1dULL;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void *unmapped, *rdonly;
static char buf[1 << 17];
static int pool[NPOOL];
static struct sockaddr_un addrs[8];
static socklen_t addrlens[8];

/* fd: a pool descriptor, or a bad one now and then. */
static int fd(void) { return pick(10) == 0 ? 99 : pick(12) == 0 ? -1 : pool[pick(NPOOL)]; }

/* badptr: NULL, the kernel's, unmapped, or read-only zeros. */
static void *badptr(void)
{
	unsigned k = pick(4);
	return k == 0 ? NULL : k == 1 ? (void *)KADDR : k == 2 ? unmapped : rdonly;
}

/* addr / alen: one of the sandbox's names (with its length, a wrong one now and then), or a bad pointer. */
static unsigned last_addr;
static void *addr(void)
{
	if (pick(8) == 0)
		return badptr();
	last_addr = pick(8);
	return &addrs[last_addr];
}
static int alen(void)
{
	static const int odd[] = { 0, 1, 2, 3, -1, 111, 200 };
	return pick(5) ? (int)addrlens[last_addr] : odd[pick(7)];
}

static int sflags(void)
{
	static const int v[] = { 0, MSG_PEEK, MSG_TRUNC, MSG_WAITALL, 0, MSG_NOSIGNAL, MSG_CMSG_CLOEXEC, 0x80000000 };
	return MSG_DONTWAIT | MSG_NOSIGNAL | v[pick(8)];
}

static long len(void)
{
	static const long v[] = { 0, 1, 10, 4096, 100000, 300000, 7 };
	return v[pick(7)];
}

/* ctl: a control buffer for sendmsg: SCM_RIGHTS of pool descriptors, SCM_CREDENTIALS, junk, or a bad one. */
static char ctlbuf[256];
static void ctl(struct msghdr *m)
{
	memset(ctlbuf, 0, sizeof ctlbuf);
	struct cmsghdr *c = (struct cmsghdr *)ctlbuf;
	switch (pick(8)) {
	case 0:
	case 1: {
		int n = 1 + (int)pick(3);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		for (int i = 0; i < n; i++)
			((int *)CMSG_DATA(c))[i] = fd();
		m->msg_control = ctlbuf;
		m->msg_controllen = CMSG_SPACE(n * sizeof(int));
		break;
	}
	case 2: {
		struct ucred u = { getpid(), pick(3) ? getuid() : 4242, getgid() };
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof u);
		memcpy(CMSG_DATA(c), &u, sizeof u);
		m->msg_control = ctlbuf;
		m->msg_controllen = CMSG_SPACE(sizeof u);
		break;
	}
	case 3:
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = pick(2) ? 99 : SCM_RIGHTS;
		c->cmsg_len = pick(2) ? 4 : 1000;
		m->msg_control = ctlbuf;
		m->msg_controllen = 64;
		break;
	case 4:
		m->msg_control = badptr();
		m->msg_controllen = 32;
		break;
	default:
		break;
	}
}

/* close_received: close the descriptors an SCM_RIGHTS message brought (so the table does not fill up). */
static void close_received(struct msghdr *m)
{
	if (m->msg_control != ctlbuf)
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
				close(((int *)CMSG_DATA(c))[i]);
}

#define NCALLS 15
static const char *const call_names[NCALLS] = { "socket", "socketpair", "bind", "listen", "connect", "accept4",
	"getsockname", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "setsockopt", "getsockopt",
	"shutdown" };
static int tally[NCALLS][140];

/* fill_pool: sockets of each type and state: unbound, bound, listening, connected pairs; a pipe, /dev/null. */
static void fill_pool(void)
{
	int sv[2];
	pool[0] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	pool[1] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	bind(pool[1], (struct sockaddr *)&addrs[0], addrlens[0]);
	listen(pool[1], 3);
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	pool[2] = sv[0], pool[3] = sv[1];
	socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv);
	pool[4] = sv[0], pool[5] = sv[1];
	pool[6] = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	bind(pool[6], (struct sockaddr *)&addrs[1], addrlens[1]);
	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv);
	pool[7] = sv[0], pool[8] = sv[1];
	pool[9] = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
	bind(pool[9], (struct sockaddr *)&addrs[2], addrlens[2]);
	listen(pool[9], 2);
	int p[2];
	pipe2(p, O_NONBLOCK);
	pool[10] = p[0];
	close(p[1]);
	pool[11] = open("/dev/null", O_RDWR);
}

int main(void)
{
	mkdir("/tmp", 0777);
	mkdir(D, 0755);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rdonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	addrlens[0] = abstract_addr(&addrs[0], "robust.stream");
	addrlens[1] = path_addr(&addrs[1], D "/dgram");
	addrlens[2] = abstract_addr(&addrs[2], "robust.seqpacket");
	addrlens[3] = path_addr(&addrs[3], D "/free");
	addrlens[4] = path_addr(&addrs[4], D "/none/x");
	addrlens[5] = abstract_addr(&addrs[5], "robust.free");
	addrlens[6] = sizeof(sa_family_t); /* autobind */
	addrs[6].sun_family = AF_UNIX;
	addrlens[7] = path_addr(&addrs[7], D);
	addrs[7].sun_family = pick(2) ? AF_UNSPEC : 2;
	fill_pool();
	for (int i = 0; i < CALLS; i++) {
		unsigned c = pick(NCALLS);
		long r;
		struct iovec iov[2] = { { pick(6) ? buf : badptr(), (size_t)len() }, { buf, 10 } };
		struct msghdr m = { .msg_iov = pick(8) ? iov : badptr(), .msg_iovlen = 1 + pick(2) };
		int v = (int)len();
		socklen_t vl = pick(4) ? sizeof v : (socklen_t)pick(20);
		switch (c) {
		case 0:
			r = syscall(SYS_socket, pick(5) ? AF_UNIX : (int[]){ -1, 46, 100, AF_UNSPEC }[pick(4)], (int)pick(7) | (pick(4) ? 0 : SOCK_CLOEXEC),
				    pick(5) ? 0 : (int)pick(3));
			if (r >= 0)
				close((int)r);
			break;
		case 1: {
			int sv[2];
			r = syscall(SYS_socketpair, AF_UNIX, (int)pick(7), 0, pick(6) ? (void *)sv : badptr());
			if (r == 0 && pick(6)) {
				close(sv[0]);
				close(sv[1]);
			} else if (r == 0) { /* a fresh pair replaces a pool socket now and then */
				int k = 2 + 2 * (int)pick(2);
				close(pool[k]);
				close(pool[k + 1]);
				pool[k] = sv[0], pool[k + 1] = sv[1];
				fcntl(sv[0], F_SETFL, O_NONBLOCK);
				fcntl(sv[1], F_SETFL, O_NONBLOCK);
			}
			break;
		}
		case 2: {
			void *a = addr();
			r = syscall(SYS_bind, fd(), a, alen());
			break;
		}
		case 3: r = syscall(SYS_listen, fd(), pick(3) ? 2 : -1); break;
		case 4: {
			void *a = addr();
			r = syscall(SYS_connect, fd(), a, alen());
			break;
		}
		case 5: {
			struct sockaddr_un peer;
			socklen_t pl = pick(3) ? sizeof peer : 1;
			r = syscall(SYS_accept4, fd(), pick(3) ? (void *)&peer : pick(2) ? NULL : badptr(),
				    pick(4) ? (void *)&pl : badptr(), pick(4) ? SOCK_NONBLOCK : 0x8000);
			if (r >= 0)
				close((int)r);
			break;
		}
		case 6:
		case 7: {
			struct sockaddr_un a;
			socklen_t al = pick(4) ? sizeof a : pick(2) ? 3 : (socklen_t)-1;
			r = syscall(c == 6 ? SYS_getsockname : SYS_getpeername, fd(), pick(5) ? (void *)&a : badptr(),
				    pick(5) ? (void *)&al : badptr());
			break;
		}
		case 8: {
			void *a = pick(2) ? addr() : NULL;
			r = syscall(SYS_sendto, fd(), pick(6) ? buf : badptr(), len(), sflags(), a, a ? alen() : 0);
			break;
		}
		case 9: {
			struct sockaddr_un a;
			socklen_t al = sizeof a;
			r = syscall(SYS_recvfrom, fd(), pick(6) ? buf : badptr(), len(), sflags(),
				    pick(3) ? (void *)&a : NULL, pick(5) ? (void *)&al : badptr());
			break;
		}
		case 10:
			if (pick(3) == 0) {
				m.msg_name = addr();
				m.msg_namelen = (socklen_t)alen();
			}
			ctl(&m);
			r = syscall(SYS_sendmsg, fd(), pick(10) ? (void *)&m : badptr(), sflags());
			break;
		case 11: {
			struct sockaddr_un a;
			m.msg_name = pick(2) ? &a : NULL;
			m.msg_namelen = sizeof a;
			if (pick(2)) {
				m.msg_control = pick(5) ? (void *)ctlbuf : badptr();
				m.msg_controllen = pick(3) ? sizeof ctlbuf : 20;
			}
			r = syscall(SYS_recvmsg, fd(), pick(10) ? (void *)&m : badptr(), sflags());
			if (r >= 0)
				close_received(&m);
			break;
		}
		case 12: {
			static const int opts[] = { SO_SNDBUF, SO_RCVBUF, SO_PASSCRED, SO_RCVLOWAT, SO_TYPE, SO_PEERCRED, 99 };
			r = syscall(SYS_setsockopt, fd(), pick(6) ? SOL_SOCKET : 0, opts[pick(7)], pick(6) ? (void *)&v : badptr(),
				    pick(5) ? sizeof v : pick(2) ? 2 : (size_t)-1);
			break;
		}
		case 13: {
			static const int opts[] = { SO_SNDBUF, SO_ERROR, SO_TYPE, SO_PEERCRED, SO_ACCEPTCONN, SO_RCVTIMEO, 99 };
			char out[64];
			r = syscall(SYS_getsockopt, fd(), pick(6) ? SOL_SOCKET : 0, opts[pick(7)], pick(6) ? (void *)out : badptr(),
				    pick(6) ? (void *)&vl : badptr());
			break;
		}
		default: r = syscall(SYS_shutdown, fd(), (int)pick(4)); break;
		}
		int e = r < 0 ? errno : 0;
		tally[c][e < 139 ? e : 139]++;
	}
	for (int c = 0; c < NCALLS; c++) {
		printf("%s:", call_names[c]);
		for (int e = 0; e < 140; e++)
			if (tally[c][e])
				printf(" %s=%d", e ? errname(e) : "ok", tally[c][e]);
		printf("\n");
	}
	for (int i = 0; i < NPOOL; i++)
		check(close(pool[i]) == 0, "pool descriptor %d still open, closed", i);
	int n = 0;
	for (int f = 3; f < 1024; f++)
		if (fcntl(f, F_GETFD) >= 0)
			n++;
	check(n == 0, "no descriptor left open: %d", n);
	unlink(D "/dgram");
	unlink(D "/free");
	check(rmdir(D) == 0, "the sandbox removed");
	return done();
}
