/* ipc/socket.c: the socket system calls and the open socket file (socket(2), bind(2), listen(2), accept(2),
 * connect(2), send(2), recv(2), sendmsg(2), recvmsg(2), getsockopt(2), shutdown(2), socketpair(2); Linux
 * net/socket.c, whose checks each call makes in the same order: descriptors and user memory first, then the
 * protocol, ipc/af_unix.c or ipc/af_netlink.c, through the socket's proto_ops; socket(2) finds the family in
 * net_families). Addresses are copied into the kernel whole
 * (SOCKADDR_STORAGE bytes at most) and back cut to the caller's length, which is set to the real one. This is
 * also where each operation's trace event is written (kernel/trace_events.h), once it is done. */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define MSG_CMSG_COMPAT 0x80000000u /* a 32-bit caller's: never from a 64-bit program (EINVAL) */
#define OPTMEM_MAX 20480            /* net.core.optmem_max: the most control data one sendmsg takes */
#define INT_MAX 0x7fffffff

/* union sockaddr_k: an address in the kernel, with room for the longest a call copies. */
union sockaddr_k {
	struct sockaddr_un sun;
	u8 storage[SOCKADDR_STORAGE + 1];
};

/* struct user_msghdr: the user's struct msghdr on arm64 (musl pads its int-sized msg_iovlen and msg_controllen
 * with zeros: the kernel reads them as size_t, as Linux does). */
struct user_msghdr {
	u64 msg_name;
	int msg_namelen;
	u64 msg_iov, msg_iovlen;
	u64 msg_control, msg_controllen;
	unsigned msg_flags;
};

static const struct file_ops socket_file_ops;

/* net_families: the address families socket(2) knows, by number (Linux's net_families, filled by
 * sock_register); the others are -EAFNOSUPPORT. */
static const struct net_proto_family *const net_families[AF_MAX] = {
	[AF_UNIX] = &unix_family_ops,
	[AF_NETLINK] = &netlink_family_ops,
};

/* sock_create: a new socket of family, type (flags taken off) and protocol (Linux's __sock_create, its checks in
 * its order): 0 with *out, -EAFNOSUPPORT for a family outside 0..AF_MAX-1 or unknown, -EINVAL for a type outside
 * 0..SOCK_MAX-1, then the family's errors. */
static int sock_create(int family, int type, int protocol, struct sock **out)
{
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	const struct net_proto_family *pf = net_families[family];
	return pf ? pf->create(type, protocol, out) : -EAFNOSUPPORT;
}

struct sock *sock_from_file(const struct file *f)
{
	return f && f->ops == &socket_file_ops ? f->priv : NULL;
}

/* sockfd_lookup: the socket open as descriptor fd, or NULL with *err: -EBADF, -ENOTSOCK. */
static struct sock *sockfd_lookup(int fd, long *err)
{
	struct file *f = fd_file(fd);
	struct sock *sk = sock_from_file(f);
	if (!sk)
		*err = f ? -ENOTSOCK : -EBADF;
	return sk;
}

/* fd_next_free: the lowest free descriptor >= from within RLIMIT_NOFILE, or -EMFILE (Linux's
 * get_unused_fd_flags: the number is known before the socket is made, so a full table fails first). */
static int fd_next_free(int from)
{
	int limit = (int)MIN(rlimit(RLIMIT_NOFILE), (u64)NR_OPEN);
	for (int fd = from; fd < limit; fd++)
		if (!current->files->fd[fd])
			return fd;
	return -EMFILE;
}

/* sock_alloc_file: sk's open file (read and write; O_NONBLOCK from flags); NULL when out of memory. */
static struct file *sock_alloc_file(struct sock *sk, int flags)
{
	struct file *f = file_alloc(&socket_file_ops, O_RDWR | ((u32)flags & O_NONBLOCK), sk);
	if (f)
		sk->file = f;
	return f;
}

/* sock_map_fd: sk as a new descriptor (FD_CLOEXEC with SOCK_CLOEXEC in flags): the descriptor, or -EMFILE /
 * -ENFILE, when sk is released. */
static int sock_map_fd(struct sock *sk, int flags)
{
	int fd = fd_next_free(0);
	struct file *f = fd < 0 ? NULL : sock_alloc_file(sk, flags);
	if (!f) {
		sk->ops->release(sk);
		return fd < 0 ? fd : -ENFILE;
	}
	return fd_install(current, f, fd, flags & SOCK_CLOEXEC);
}

/* move_addr_to_kernel: the user's address of ulen bytes into kaddr. -EINVAL for a length outside 0..128,
 * -EFAULT. */
static int move_addr_to_kernel(u64 uaddr, int ulen, union sockaddr_k *kaddr)
{
	if (ulen < 0 || ulen > SOCKADDR_STORAGE)
		return -EINVAL;
	if (ulen == 0)
		return 0;
	return copy_from_user(kaddr, uaddr, (size_t)ulen) ? -EFAULT : 0;
}

/* move_addr_to_user: klen bytes of kaddr to the user's buffer, cut to the int at ulen, which becomes klen
 * ("fromlen shall refer to the value before truncation", 1003.1g). -EFAULT, -EINVAL for a negative length. */
static int move_addr_to_user(const union sockaddr_k *kaddr, int klen, u64 uaddr, u64 ulen)
{
	int len;
	if (copy_from_user(&len, ulen, sizeof len))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, (size_t)len))
		return -EFAULT;
	return copy_to_user(ulen, &klen, sizeof klen) ? -EFAULT : 0;
}

/* sock_sendmsg / sock_recvmsg: the protocol's send and receive, and their trace events (the data is read back
 * from the user's buffers through a bookmark of the iterator). */
static long sock_sendmsg(struct sock *sk, struct msghdr *msg)
{
	struct msghdr before = *msg;
	long r = sk->ops->sendmsg(sk, msg, iov_iter_count(&msg->msg_iter));
	trace_unix_send(sk, &before, msg, r);
	return r;
}

static long sock_recvmsg(struct sock *sk, struct msghdr *msg, int flags)
{
	struct msghdr before = *msg;
	long r = sk->ops->recvmsg(sk, msg, iov_iter_count(&msg->msg_iter), flags);
	trace_unix_recv(sk, &before, msg, r);
	return r;
}

/* ---- The open socket ---- */

/* read/write/readv/writev on a socket: recv and send without flags (MSG_DONTWAIT for a non-blocking file). A
 * read of 0 bytes returns 0 at once; a write of 0 bytes is a send (an empty datagram). */
static ssize_t sock_read_iter(struct file *f, struct iov_iter *to)
{
	if (!iov_iter_count(to))
		return 0;
	struct msghdr msg = { .msg_iter = *to };
	return sock_recvmsg(f->priv, &msg, (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
}

static ssize_t sock_write_iter(struct file *f, struct iov_iter *from)
{
	struct sock *sk = f->priv;
	struct msghdr msg = { .msg_iter = *from, .msg_flags = (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0 };
	if (sk->sk_type == SOCK_SEQPACKET)
		msg.msg_flags |= MSG_EOR;
	return sock_sendmsg(sk, &msg);
}

static ssize_t sock_read(struct file *f, u64 ubuf, size_t n)
{
	struct iov_iter it;
	int r = import_single_range(ubuf, n, &it);
	return r ? r : sock_read_iter(f, &it);
}

static ssize_t sock_write(struct file *f, u64 ubuf, size_t n)
{
	struct iov_iter it;
	int r = import_single_range(ubuf, n, &it);
	return r ? r : sock_write_iter(f, &it);
}

static u32 sock_poll(struct file *f, struct poll_table *pt)
{
	struct sock *sk = f->priv;
	return sk->ops->poll(sk, pt);
}

/* sock_close: the last reference to the file went: the socket is released (Linux's sock_close). */
static void sock_close(struct file *f)
{
	struct sock *sk = f->priv;
	trace_unix_close(sk);
	sk->ops->release(sk);
}

/* sock_ioctl: an ioctl(2) on a socket goes to its family (proto_ops.ioctl); -ENOTTY when the family has none
 * (Linux's sock_ioctl, which hands what it does not know itself to sock->ops->ioctl). */
static long sock_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct sock *sk = f->priv;
	return sk->ops->ioctl ? sk->ops->ioctl(sk, cmd, arg) : -ENOTTY;
}

static const struct file_ops socket_file_ops = {
	.read = sock_read, .write = sock_write, .read_iter = sock_read_iter, .write_iter = sock_write_iter,
	.poll = sock_poll, .release = sock_close, .ioctl = sock_ioctl, .kind = "socket",
};

/* ---- The system calls ---- */

/* socket(domain, type, protocol): a new socket open as the lowest free descriptor. AF_UNIX: SOCK_STREAM,
 * SOCK_DGRAM or SOCK_SEQPACKET; AF_NETLINK: SOCK_RAW or SOCK_DGRAM; with SOCK_NONBLOCK and SOCK_CLOEXEC. -EINVAL
 * for other flags or a type >= SOCK_MAX, -EAFNOSUPPORT for another family, -EPROTONOSUPPORT, -ESOCKTNOSUPPORT,
 * -EMFILE, -ENFILE. */
SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	struct sock *sk;
	int err = sock_create(family, type, protocol, &sk);
	if (err)
		return err;
	int fd = sock_map_fd(sk, flags);
	if (fd >= 0)
		trace_unix_create(sk, fd);
	return fd;
}

/* socketpair(domain, type, protocol, sv): two sockets connected to each other, at sv[0] and sv[1]. As socket,
 * with the descriptors' numbers written to sv before the sockets are made (Linux's order: -EMFILE and -EFAULT
 * come first); -EOPNOTSUPP, once both are made, for a family without pairs (AF_NETLINK). */
SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, u64, usockvec)
{
	int flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	int fd[2];
	if ((fd[0] = fd_next_free(0)) < 0 || (fd[1] = fd_next_free(fd[0] + 1)) < 0)
		return -EMFILE;
	if (copy_to_user(usockvec, fd, sizeof fd))
		return -EFAULT;
	struct sock *sk[2] = { NULL, NULL };
	struct file *f[2] = { NULL, NULL };
	int err = sock_create(family, type, protocol, &sk[0]);
	if (!err && (err = sock_create(family, type, protocol, &sk[1]))) {
		sk[0]->ops->release(sk[0]);
		return err;
	}
	if (err)
		return err;
	err = sk[0]->ops->socketpair ? sk[0]->ops->socketpair(sk[0], sk[1]) : -EOPNOTSUPP;
	if (err) {
		sk[0]->ops->release(sk[0]);
		sk[1]->ops->release(sk[1]);
		return err;
	}
	for (int i = 0; i < 2; i++)
		f[i] = sock_alloc_file(sk[i], flags);
	if (!f[0] || !f[1]) {
		for (int i = 0; i < 2; i++) {
			if (f[i])
				kfree(f[i]);
			sk[i]->ops->release(sk[i]);
		}
		return -ENFILE;
	}
	for (int i = 0; i < 2; i++) {
		fd_install(current, f[i], fd[i], flags & SOCK_CLOEXEC);
		trace_unix_create(sk[i], fd[i]);
	}
	return 0;
}

/* bind(fd, addr, addrlen): give the socket a name (unix_bind). -EBADF, -ENOTSOCK, -EINVAL, -EFAULT, then the
 * protocol's errors. */
SYSCALL_DEFINE3(bind, int, fd, u64, umyaddr, int, addrlen)
{
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	union sockaddr_k a = { 0 };
	if ((err = move_addr_to_kernel(umyaddr, addrlen, &a)))
		return err;
	err = sk->ops->bind(sk, &a.sun, addrlen);
	trace_unix_bind(sk, err);
	return err;
}

/* listen(fd, backlog): accept connections, backlog of them waiting at most (backlog is cut to SOMAXCONN; a
 * negative one counts as huge). -EBADF, -ENOTSOCK, then unix_listen's errors. */
SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	err = sk->ops->listen(sk, backlog);
	trace_unix_listen(sk, err);
	return err;
}

/* accept4(fd, addr, addrlen, flags): the oldest pending connection, as a new descriptor (flags SOCK_NONBLOCK,
 * SOCK_CLOEXEC); the client's name into addr. -EBADF, -EINVAL for other flags, -ENOTSOCK, -EMFILE (before
 * waiting), unix_accept's errors; after a connection was taken, -EFAULT or -EINVAL for the address drop it
 * (Linux's order). Waits unless the listener is O_NONBLOCK. */
static long do_accept4(int fd, u64 upeer_sockaddr, u64 upeer_addrlen, int flags)
{
	if (!fd_file(fd))
		return -EBADF;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	long err;
	struct sock *sk = sockfd_lookup(fd, &err), *newsk;
	if (!sk)
		return err;
	int newfd = fd_next_free(0); /* a full table fails before waiting, as Linux's reserved descriptor does */
	if (newfd < 0)
		return newfd;
	if ((err = sk->ops->accept(sk, (int)fd_file(fd)->flags, &newsk))) {
		trace_unix_accept(sk, NULL, -1, err);
		return err;
	}
	if (upeer_sockaddr) {
		union sockaddr_k a;
		int len = newsk->ops->getname(newsk, &a.sun, true);
		err = len < 0 ? -ECONNABORTED : move_addr_to_user(&a, len, upeer_sockaddr, upeer_addrlen);
		if (err) {
			newsk->ops->release(newsk);
			return err;
		}
	}
	struct file *f = sock_alloc_file(newsk, flags);
	if (!f) {
		newsk->ops->release(newsk);
		return -ENFILE;
	}
	/* The lowest free descriptor now: while accept waited, another thread of the process may have taken the one
	 * that was free before (Linux reserves it; ipclab has no reservations). */
	if ((newfd = fd_install(current, f, 0, flags & SOCK_CLOEXEC)) < 0) {
		file_put(f); /* releases newsk */
		return newfd;
	}
	trace_unix_accept(sk, newsk, newfd, 0);
	return newfd;
}

SYSCALL_DEFINE4(accept4, int, fd, u64, upeer_sockaddr, u64, upeer_addrlen, int, flags)
{
	return do_accept4(fd, upeer_sockaddr, upeer_addrlen, flags);
}

/* accept(fd, addr, addrlen): accept4 without flags. */
SYSCALL_DEFINE3(accept, int, fd, u64, upeer_sockaddr, u64, upeer_addrlen)
{
	return do_accept4(fd, upeer_sockaddr, upeer_addrlen, 0);
}

/* connect(fd, addr, addrlen): connect to the socket addr names (a stream or seqpacket one must listen), or for
 * a datagram socket set where its sends go. -EBADF, -EINVAL, -EFAULT (the address is copied before the file is
 * known to be a socket, as Linux's __sys_connect does), -ENOTSOCK, then the protocol's errors. A
 * non-blocking socket does not wait for room in a full backlog: -EAGAIN. */
SYSCALL_DEFINE3(connect, int, fd, u64, uservaddr, int, addrlen)
{
	if (!fd_file(fd))
		return -EBADF;
	union sockaddr_k a = { 0 };
	long err = move_addr_to_kernel(uservaddr, addrlen, &a);
	if (err)
		return err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	err = sk->ops->connect(sk, &a.sun, addrlen, (int)fd_file(fd)->flags);
	if (!err && sk->sk_type != SOCK_DGRAM && sk->peer)
		trace_unix_create(sk->peer, -1); /* a stream's server end, waiting in the backlog (netlink has none) */
	trace_unix_connect(sk, err);
	return err;
}

/* getname: getsockname and getpeername. */
static long getname(int fd, u64 usockaddr, u64 usockaddr_len, bool peer)
{
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	union sockaddr_k a;
	int len = sk->ops->getname(sk, &a.sun, peer);
	return len < 0 ? len : move_addr_to_user(&a, len, usockaddr, usockaddr_len);
}

/* getsockname(fd, addr, addrlen) / getpeername: the socket's or its peer's name. -EBADF, -ENOTSOCK,
 * -ENOTCONN (getpeername, not connected), -EFAULT, -EINVAL for a negative *addrlen. */
SYSCALL_DEFINE3(getsockname, int, fd, u64, usockaddr, u64, usockaddr_len)
{
	return getname(fd, usockaddr, usockaddr_len, false);
}

SYSCALL_DEFINE3(getpeername, int, fd, u64, usockaddr, u64, usockaddr_len)
{
	return getname(fd, usockaddr, usockaddr_len, true);
}

/* sendto(fd, buf, len, flags, addr, addrlen): send len bytes (send(2) is sendto without an address). flags:
 * MSG_DONTWAIT, MSG_NOSIGNAL (no SIGPIPE with EPIPE), MSG_OOB (-EOPNOTSUPP). -EFAULT for a bad buffer (first),
 * -EBADF, -ENOTSOCK, -EINVAL for a bad addrlen, then the protocol's errors. */
SYSCALL_DEFINE6(sendto, int, fd, u64, buff, size_t, len, unsigned, flags, u64, addr, int, addr_len)
{
	struct msghdr msg = { 0 };
	long err = import_single_range(buff, len, &msg.msg_iter);
	if (err)
		return err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	union sockaddr_k a = { 0 };
	if (addr) {
		if ((err = move_addr_to_kernel(addr, addr_len, &a)))
			return err;
		msg.msg_name = &a.sun;
		msg.msg_namelen = addr_len;
	}
	msg.msg_flags = flags | ((fd_file(fd)->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
	return sock_sendmsg(sk, &msg);
}

/* recvfrom(fd, buf, len, flags, addr, addrlen): receive (recv(2) is recvfrom without an address); the sender's
 * name into addr. flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_TRUNC. -EFAULT for a bad buffer (first),
 * -EBADF, -ENOTSOCK, then the protocol's errors. */
SYSCALL_DEFINE6(recvfrom, int, fd, u64, ubuf, size_t, size, unsigned, flags, u64, addr, u64, addr_len)
{
	struct msghdr msg = { 0 };
	long err = import_single_range(ubuf, size, &msg.msg_iter);
	if (err)
		return err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	union sockaddr_k a;
	msg.msg_name = addr ? &a.sun : NULL;
	if (fd_file(fd)->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	long r = sock_recvmsg(sk, &msg, (int)flags);
	if (r >= 0 && addr && (err = move_addr_to_user(&a, msg.msg_namelen, addr, addr_len)))
		return err;
	return r;
}

/* copy_msghdr_from_user: the user's msghdr at umsg into msg, kaddr holding its address (none for recvmsg, which
 * writes it: *uaddr gets the user's buffer) and its data's buffers in msg_iter. -EFAULT, -EINVAL for a negative
 * msg_namelen, a bad address or iovec, -EMSGSIZE for more than UIO_MAXIOV buffers. */
static long copy_msghdr_from_user(struct msghdr *msg, u64 umsg, struct user_msghdr *um, union sockaddr_k *kaddr,
				  u64 *uaddr)
{
	if (copy_from_user(um, umsg, sizeof *um))
		return -EFAULT;
	*msg = (struct msghdr){ .msg_controllen = um->msg_controllen };
	int namelen = um->msg_name ? um->msg_namelen : 0;
	if (namelen < 0)
		return -EINVAL;
	namelen = MIN(namelen, SOCKADDR_STORAGE);
	if (uaddr)
		*uaddr = um->msg_name;
	else if (um->msg_name && namelen) {
		long err = move_addr_to_kernel(um->msg_name, namelen, kaddr);
		if (err)
			return err;
		msg->msg_name = &kaddr->sun;
		msg->msg_namelen = namelen;
	}
	if (um->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	return import_iovec(um->msg_iov, um->msg_iovlen, &msg->msg_iter);
}

/* sendmsg(fd, msg, flags): send with an address, scattered data and control messages (ipc/scm.c). -EINVAL for
 * MSG_CMSG_COMPAT, -EBADF, -ENOTSOCK, copy_msghdr_from_user's errors, -ENOBUFS for more than OPTMEM_MAX bytes of
 * control data, -EFAULT, then the protocol's. */
SYSCALL_DEFINE3(sendmsg, int, fd, u64, umsg, unsigned, flags)
{
	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	struct msghdr msg;
	struct user_msghdr um;
	union sockaddr_k a = { 0 };
	if ((err = copy_msghdr_from_user(&msg, umsg, &um, &a, NULL)))
		return err;
	if (msg.msg_controllen > INT_MAX)
		return -ENOBUFS;
	void *ctl = NULL;
	if (msg.msg_controllen) {
		if (msg.msg_controllen >= OPTMEM_MAX || !(ctl = kmalloc(msg.msg_controllen)))
			return -ENOBUFS;
		if (copy_from_user(ctl, um.msg_control, msg.msg_controllen)) {
			kfree(ctl);
			return -EFAULT;
		}
		msg.msg_control = ctl;
	}
	msg.msg_flags = flags | ((fd_file(fd)->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
	long r = sock_sendmsg(sk, &msg);
	kfree(ctl);
	return r;
}

/* recvmsg(fd, msg, flags): receive with the sender's name, scattered buffers and control messages; msg's
 * msg_namelen, msg_controllen (the bytes of control messages written) and msg_flags (MSG_TRUNC, MSG_CTRUNC) are
 * written back. flags: recvfrom's and MSG_CMSG_CLOEXEC. -EINVAL for MSG_CMSG_COMPAT, -EBADF, -ENOTSOCK,
 * copy_msghdr_from_user's errors, then the protocol's. */
SYSCALL_DEFINE3(recvmsg, int, fd, u64, umsg, unsigned, flags)
{
	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	struct msghdr msg;
	struct user_msghdr um;
	union sockaddr_k a;
	u64 uaddr;
	if ((err = copy_msghdr_from_user(&msg, umsg, &um, NULL, &uaddr)))
		return err;
	msg.msg_name = &a.sun;
	msg.msg_control_user = um.msg_control;
	msg.msg_flags = flags & MSG_CMSG_CLOEXEC;
	if (fd_file(fd)->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	long r = sock_recvmsg(sk, &msg, (int)flags);
	if (r < 0)
		return r;
	if (uaddr && (err = move_addr_to_user(&a, msg.msg_namelen, uaddr, umsg + offsetof(struct user_msghdr, msg_namelen))))
		return err;
	u64 used = msg.msg_control_user - um.msg_control;
	if (copy_to_user(umsg + offsetof(struct user_msghdr, msg_flags), &msg.msg_flags, sizeof msg.msg_flags) ||
	    copy_to_user(umsg + offsetof(struct user_msghdr, msg_controllen), &used, sizeof used))
		return -EFAULT;
	return r;
}

/* shutdown(fd, how): SHUT_RD, SHUT_WR or SHUT_RDWR (unix_shutdown). -EBADF, -ENOTSOCK, -EINVAL. */
SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	err = sk->ops->shutdown(sk, how);
	if (!err)
		trace_unix_shutdown(sk, how);
	return err;
}

/* setsockopt(fd, level, optname, optval, optlen): SOL_SOCKET options (ipc/sock.c sock_setsockopt). -EINVAL for a
 * negative optlen (first), -EBADF, -ENOTSOCK, -EOPNOTSUPP for another level (AF_UNIX has no options of its own). */
SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname, u64, optval, int, optlen)
{
	if (optlen < 0)
		return -EINVAL;
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	return level == SOL_SOCKET ? sock_setsockopt(sk, optname, optval, optlen) : -EOPNOTSUPP;
}

/* getsockopt(fd, level, optname, optval, optlen): SOL_SOCKET options (sock_getsockopt). -EBADF, -ENOTSOCK,
 * -EOPNOTSUPP for another level. */
SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, u64, optval, u64, optlen)
{
	long err;
	struct sock *sk = sockfd_lookup(fd, &err);
	if (!sk)
		return err;
	return level == SOL_SOCKET ? sock_getsockopt(sk, optname, optval, optlen) : -EOPNOTSUPP;
}
