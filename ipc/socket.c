/* ipc/socket.c: socketpair(AF_UNIX, SOCK_STREAM or SOCK_DGRAM) on the pipe machinery (ipc/pipe.c): a pair is two
 * pipes, one per direction; end i reads pipe[i] and writes pipe[1 - i] (unix(7), socketpair(2), send(2),
 * recv(2), shutdown(2); Linux net/unix/af_unix.c).
 * - SOCK_STREAM is a pipe each way: reads return what is there, end of file once the peer closed or shut down
 *   writing; writing to a peer that closed or shut down reading is EPIPE (and SIGPIPE unless MSG_NOSIGNAL).
 * - SOCK_DGRAM keeps message boundaries: each message sits in the ring after a 4-byte length; a send waits for
 *   room for all of it (EMSGSIZE when it can never fit); a receive takes one whole message and drops what does
 *   not fit the buffer (its real length with MSG_TRUNC). A datagram socket has no end of file: its receive
 *   waits even when the peer is gone (sending to a closed peer is ECONNREFUSED).
 * - shutdown of a stream: SHUT_WR drops the end's writer of its outgoing pipe (the peer reads end of file);
 *   SHUT_RD drops its reader of the incoming pipe (the peer's writes fail with EPIPE; this end reads what is
 *   left, then 0). For a datagram socket it only marks the end itself (Linux's unix_shutdown tells the peer of
 *   connection-oriented sockets only): its sends fail with EPIPE, its receives return 0 when nothing is queued,
 *   and the peer's sends to it fail with EPIPE.
 * Each ring is traced as a pipe whose events carry `sock` (traces/FORMAT.md "Sockets"). */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define AF_UNIX 1
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_MAX 11
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
#define MSG_PEEK 0x2
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define DGRAM_HDR 4 /* bytes of length before each datagram in the ring */

/* struct sock_pair: what both ends share. ends: open ends (file descriptions); the pair and its pipes are freed
 * at 0. end[i]: end i, NULL once it is closed. */
struct sock_pair {
	int id, type, ends;
	struct sock_end *end[2];
	struct pipe *pipe[2];
};

/* struct sock_end: one end, the priv of its file. holds_rd/holds_wr: it still counts as the reader of its
 * incoming pipe / the writer of its outgoing pipe (shutdown and close give them up once). */
struct sock_end {
	struct sock_pair *sp;
	int side;
	bool holds_rd, holds_wr, shut_rd, shut_wr;
};

static int next_sock_id = 1;

static struct pipe *in_pipe(struct sock_end *e) { return e->sp->pipe[e->side]; }
static struct pipe *out_pipe(struct sock_end *e) { return e->sp->pipe[1 - e->side]; }

/* give_up: drop this end's reader and/or writer counts (once each). The pipes stay until the pair goes. */
static void give_up(struct sock_end *e, bool rd, bool wr)
{
	if (rd && e->holds_rd) {
		e->holds_rd = false;
		pipe_close(in_pipe(e), true, false);
	}
	if (wr && e->holds_wr) {
		e->holds_wr = false;
		pipe_close(out_pipe(e), false, true);
	}
}

/* pair_free: free the pair, its pipes and ends (NULL ones skipped). */
static void pair_free(struct sock_pair *sp, struct sock_end *e0, struct sock_end *e1)
{
	if (sp) {
		if (sp->pipe[0])
			pipe_free(sp->pipe[0]);
		if (sp->pipe[1])
			pipe_free(sp->pipe[1]);
	}
	kfree(sp);
	kfree(e0);
	kfree(e1);
}

static int kcopy(void *dst, const void *src, size_t n, void *ctx)
{
	memcpy(dst, src, n);
	return 0;
}

/* dgram_writable: a datagram of n bytes fits whole (with its length), or no reader is left. */
static bool dgram_writable(const struct pipe *p, size_t n)
{
	return !p->readers || pipe_ring_free(&p->ring) >= n + DGRAM_HDR;
}

/* dgram_send: one message of n bytes at ubuf into the outgoing ring, whole or not at all. */
static ssize_t dgram_send(struct sock_end *e, u64 ubuf, size_t n, u32 flags)
{
	struct pipe *p = out_pipe(e);
	struct sock_end *peer = e->sp->end[1 - e->side];
	if (e->shut_wr || (peer && peer->shut_rd))
		return -EPIPE;
	if (!peer)
		return -ECONNREFUSED;
	if (n + DGRAM_HDR > pipe_ring_cap(&p->ring))
		return -EMSGSIZE;
	u64 fl = spin_lock_irqsave(&p->lock);
	long r;
	while (!dgram_writable(p, n)) {
		if (flags & O_NONBLOCK) {
			r = -EAGAIN;
			goto out;
		}
		if (sleep_on(&p->wr_wait, &p->lock)) {
			r = -ERESTARTSYS;
			goto out;
		}
	}
	if (!p->readers) { /* the peer went while we waited */
		r = -ECONNREFUSED;
		goto out;
	}
	u64 head = p->ring.head;
	u32 len = (u32)n;
	pipe_ring_write(&p->ring, &len, DGRAM_HDR, kcopy, NULL);
	if (n && pipe_ring_write(&p->ring, (const void *)ubuf, n, pipe_copy_from_user, NULL) != (long)n) {
		p->ring.head = head; /* a fault part way: the message never happened */
		r = -EFAULT;
		goto out;
	}
	r = (long)n;
	wake_up(&p->rd_wait);
out:
	spin_unlock_irqrestore(&p->lock, fl);
	return r;
}

/* skip: drop n bytes from the ring (the part of a datagram that did not fit). */
static void skip(struct pipe_ring *r, size_t n) { r->tail += n; }

/* dgram_readable: a receive would not wait: a message is there, or this end is shut down for reading. */
static bool dgram_readable(const struct sock_end *e, const struct pipe *p)
{
	return !pipe_ring_empty(&p->ring) || e->shut_rd;
}

/* dgram_recv: the oldest message into ubuf (n bytes); returns the bytes copied, or with MSG_TRUNC the
 * message's length. 0 when this end is shut down for reading and nothing is left. */
static ssize_t dgram_recv(struct sock_end *e, u64 ubuf, size_t n, u32 flags)
{
	struct pipe *p = in_pipe(e);
	u64 fl = spin_lock_irqsave(&p->lock);
	long r = 0;
	while (!dgram_readable(e, p)) {
		if (flags & O_NONBLOCK) {
			r = -EAGAIN;
			goto out;
		}
		if (sleep_on(&p->rd_wait, &p->lock)) {
			r = -ERESTARTSYS;
			goto out;
		}
	}
	if (pipe_ring_empty(&p->ring))
		goto out; /* shut down for reading */
	u32 len;
	u64 tail = p->ring.tail;
	pipe_ring_read(&p->ring, &len, DGRAM_HDR, kcopy, NULL);
	size_t k = MIN((size_t)len, n);
	if (k && pipe_ring_read(&p->ring, (void *)ubuf, k, pipe_copy_to_user, NULL) != (long)k) {
		p->ring.tail = tail; /* the message stays for the next receive */
		r = -EFAULT;
		goto out;
	}
	skip(&p->ring, len - k);
	if (flags & MSG_PEEK)
		p->ring.tail = tail;
	r = (flags & MSG_TRUNC) ? (long)len : (long)k;
	wake_up(&p->wr_wait);
out:
	spin_unlock_irqrestore(&p->lock, fl);
	return r;
}

/* sock_send / sock_recv: the data path for write/sendto and read/recvfrom. flags: O_NONBLOCK and MSG_*. */
static ssize_t sock_send(struct sock_end *e, u64 ubuf, size_t n, u32 flags)
{
	if (e->sp->type == SOCK_DGRAM) {
		ssize_t r = dgram_send(e, ubuf, n, flags);
		trace_pipe_write(out_pipe(e), ubuf, r);
		return r;
	}
	struct pipe *p = out_pipe(e);
	if (e->shut_wr || !p->readers) {
		if (!(flags & MSG_NOSIGNAL))
			send_signal(current, SIGPIPE, current->pid);
		return -EPIPE;
	}
	return pipe_file_write(p, ubuf, n, flags & O_NONBLOCK);
}

static ssize_t sock_recv(struct sock_end *e, u64 ubuf, size_t n, u32 flags)
{
	if (e->sp->type == SOCK_DGRAM) {
		ssize_t r = dgram_recv(e, ubuf, n, flags);
		if (!(flags & MSG_PEEK))
			trace_pipe_read(in_pipe(e), ubuf, MIN(r, (ssize_t)n));
		return r;
	}
	struct pipe *p = in_pipe(e);
	if (e->shut_rd) { /* what is left, then end of file: never wait */
		ssize_t r = pipe_file_read(p, ubuf, n, O_NONBLOCK);
		return r == -EAGAIN ? 0 : r;
	}
	size_t done = 0;
	for (;;) {
		ssize_t r = pipe_file_read(p, ubuf + done, n - done, flags & O_NONBLOCK);
		if (r <= 0)
			return done ? (ssize_t)done : r;
		done += r;
		if (!(flags & MSG_WAITALL) || done == n)
			return (ssize_t)done;
	}
}

static ssize_t sock_read(struct file *f, u64 ubuf, size_t n)
{
	return sock_recv(f->priv, ubuf, n, f->flags & O_NONBLOCK);
}

static ssize_t sock_write(struct file *f, u64 ubuf, size_t n)
{
	return sock_send(f->priv, ubuf, n, f->flags & O_NONBLOCK);
}

/* sock_poll: as Linux's unix_poll: POLLIN with data or once receiving is shut down (with POLLRDHUP), POLLOUT
 * with room or once sending is shut down (a write would not wait), POLLHUP when both directions are shut. */
static u32 sock_poll(struct file *f, struct poll_table *pt)
{
	struct sock_end *e = f->priv;
	u32 in = pipe_poll(in_pipe(e), true, false, pt), out = pipe_poll(out_pipe(e), false, true, pt);
	bool rcv_shut = e->shut_rd, snd_shut = e->shut_wr;
	if (e->sp->type == SOCK_STREAM) {
		rcv_shut |= (in & POLLHUP) != 0;
		snd_shut |= (out & POLLERR) != 0;
	}
	u32 mask = (in & (POLLIN | POLLRDNORM)) | (out & (POLLOUT | POLLWRNORM));
	if (rcv_shut)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (snd_shut)
		mask |= POLLOUT | POLLWRNORM;
	if (rcv_shut && snd_shut)
		mask |= POLLHUP;
	return mask;
}

static void sock_release(struct file *f)
{
	struct sock_end *e = f->priv;
	struct sock_pair *sp = e->sp;
	sp->end[e->side] = NULL;
	give_up(e, true, true);
	if (--sp->ends == 0)
		pair_free(sp, NULL, NULL);
	kfree(e);
}

static const struct file_ops sock_ops = {
	.read = sock_read, .write = sock_write, .release = sock_release, .poll = sock_poll, .kind = "socket" };

/* sock_of: the socket end open as fd: -EBADF, -ENOTSOCK. */
static long sock_of(int fd, struct sock_end **out)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (f->ops != &sock_ops)
		return -ENOTSOCK;
	*out = f->priv;
	return 0;
}

/* socketpair(domain, type, protocol, sv): two connected AF_UNIX sockets in sv[0], sv[1]. type SOCK_STREAM or
 * SOCK_DGRAM (SOCK_RAW means SOCK_DGRAM for AF_UNIX), optionally | SOCK_NONBLOCK | SOCK_CLOEXEC. -EAFNOSUPPORT
 * for another domain, -EINVAL for a type >= SOCK_MAX, -ESOCKTNOSUPPORT for another type (SOCK_SEQPACKET is not
 * supported here), -EPROTONOSUPPORT for a protocol other than 0 or AF_UNIX,
 * -EFAULT for a bad sv (nothing stays open), -EMFILE, -ENFILE. */
SYSCALL_DEFINE4(socketpair, int, family, int, type_flags, int, protocol, u64, usockvec)
{
	int type = type_flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	if (type == SOCK_RAW)
		type = SOCK_DGRAM; /* as Linux's unix_create */
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0 && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	u32 nb = (u32)type_flags & SOCK_NONBLOCK;
	struct sock_pair *sp = kmalloc(sizeof *sp);
	struct sock_end *e[2] = { kmalloc(sizeof(struct sock_end)), kmalloc(sizeof(struct sock_end)) };
	struct file *f[2] = { NULL, NULL };
	int fds[2] = { -1, -1 };
	if (!sp || !e[0] || !e[1])
		goto nomem;
	sp->pipe[0] = pipe_alloc();
	sp->pipe[1] = sp->pipe[0] ? pipe_alloc() : NULL;
	if (!sp->pipe[1])
		goto nomem;
	sp->id = __atomic_fetch_add(&next_sock_id, 1, __ATOMIC_RELAXED);
	sp->type = type;
	sp->ends = 2;
	for (int i = 0; i < 2; i++) {
		sp->pipe[i]->sock = sp->id;
		*e[i] = (struct sock_end){ sp, i, true, true, false, false };
		sp->end[i] = e[i];
		f[i] = file_alloc(&sock_ops, O_RDWR | nb, e[i]);
		if (!f[i])
			goto nomem;
	}
	bool cloexec = type_flags & SOCK_CLOEXEC;
	fds[0] = fd_install(current, f[0], 0, cloexec);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(current, f[1], 0, cloexec);
	if (fds[0] < 0 || fds[1] < 0 || copy_to_user(usockvec, fds, sizeof fds)) {
		long err = fds[0] < 0 || fds[1] < 0 ? -EMFILE : -EFAULT;
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0)
				current->files->fd[fds[i]] = NULL;
		kfree(f[0]);
		kfree(f[1]);
		pair_free(sp, e[0], e[1]);
		return err;
	}
	trace_sock_create(sp->id, type == SOCK_STREAM ? "stream" : "dgram", fds,
			  (int[2]){ sp->pipe[0]->id, sp->pipe[1]->id });
	return 0;
nomem:
	kfree(f[0]);
	kfree(f[1]);
	pair_free(sp, e[0], e[1]);
	return -ENFILE;
}

/* sendto(fd, buf, len, flags, addr, addrlen): send on a connected socket (send(2) is sendto with no address).
 * flags: MSG_DONTWAIT, MSG_NOSIGNAL. -EBADF, -ENOTSOCK, -EISCONN with an address, -EFAULT, -EPIPE, -EAGAIN,
 * -EMSGSIZE, -ECONNREFUSED (datagram peer gone). */
SYSCALL_DEFINE6(sendto, int, fd, u64, buf, size_t, len, unsigned, flags, u64, addr, int, addrlen)
{
	struct sock_end *e;
	long r = sock_of(fd, &e);
	if (r)
		return r;
	if (addr)
		return -EISCONN;
	u32 fl = ((flags & MSG_DONTWAIT) || (fd_file(fd)->flags & O_NONBLOCK) ? O_NONBLOCK : 0) |
		 (flags & MSG_NOSIGNAL);
	if (len == 0 && e->sp->type == SOCK_STREAM)
		return 0;
	if (len && buf + len < buf)
		return -EFAULT;
	return sock_send(e, buf, MIN(len, 0x7ffff000UL), fl);
}

/* recvfrom(fd, buf, len, flags, addr, addrlen): receive (recv(2) is recvfrom with no address). flags:
 * MSG_DONTWAIT, MSG_WAITALL (stream: wait for len bytes), MSG_TRUNC and MSG_PEEK (datagrams). The peer of a
 * socketpair has no name: *addrlen becomes 0 when addr is given. -EBADF, -ENOTSOCK, -EFAULT, -EAGAIN. */
SYSCALL_DEFINE6(recvfrom, int, fd, u64, buf, size_t, len, unsigned, flags, u64, addr, u64, addrlen)
{
	struct sock_end *e;
	long r = sock_of(fd, &e);
	if (r)
		return r;
	u32 fl = ((flags & MSG_DONTWAIT) || (fd_file(fd)->flags & O_NONBLOCK) ? O_NONBLOCK : 0) |
		 (flags & (MSG_WAITALL | MSG_TRUNC | MSG_PEEK));
	if (len == 0 && e->sp->type == SOCK_STREAM)
		return 0;
	r = sock_recv(e, buf, MIN(len, 0x7ffff000UL), fl);
	if (r >= 0 && addr && addrlen) {
		u32 zero = 0;
		if (copy_to_user(addrlen, &zero, sizeof zero))
			return -EFAULT;
	}
	return r;
}

/* shutdown(fd, how): SHUT_RD, SHUT_WR or SHUT_RDWR (see the top of this file). -EBADF, -ENOTSOCK, -EINVAL for
 * another how. Shutting down twice is harmless. */
SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct sock_end *e;
	long r = sock_of(fd, &e);
	if (r)
		return r;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	bool rd = how != SHUT_WR, wr = how != SHUT_RD;
	trace_sock_shutdown(e->sp->id, e->side, how == SHUT_RD ? "rd" : how == SHUT_WR ? "wr" : "rdwr");
	if (rd)
		e->shut_rd = true;
	if (wr)
		e->shut_wr = true;
	if (e->sp->type == SOCK_STREAM)
		give_up(e, rd, wr);
	if (rd) { /* a reader asleep on this end must see end of file now */
		struct pipe *p = in_pipe(e);
		u64 fl = spin_lock_irqsave(&p->lock);
		wake_up(&p->rd_wait);
		spin_unlock_irqrestore(&p->lock, fl);
	}
	return 0;
}
