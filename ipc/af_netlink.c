/* ipc/af_netlink.c: a minimal AF_NETLINK (netlink(7); Linux net/netlink/af_netlink.c). Netlink is how Linux's
 * kernel and processes exchange datagrams; ipclab keeps only what mq_notify(SIGEV_THREAD) needs: the C library's
 * mq_notify makes a NETLINK_ROUTE socket, names it in sigev_signo, and a thread of its own blocks in recv on it;
 * when a message arrives in the empty queue the kernel sends that socket the 32-byte cookie (ipc/mqueue.c,
 * netlink_sendskb) and the thread runs the user's function.
 *
 * So a netlink socket here receives the kernel's datagrams, one per recv (cut with MSG_TRUNC to the buffer),
 * with MSG_PEEK, MSG_DONTWAIT, SO_RCVTIMEO and signals as every socket; it can be bound (a port id) and named
 * (getsockname). Deliberate differences from Linux, which answers requests of the rtnetlink protocol (routes,
 * links, addresses): only NETLINK_ROUTE can be made (the other protocols are -EPROTONOSUPPORT, as a kernel without
 * them); a message a process sends is refused with -EOPNOTSUPP once Linux's own checks pass (ipclab has no
 * routing tables to answer from), except one shorter than a netlink header (16 bytes), which Linux's
 * netlink_rcv_skb also drops unread; nothing is ever sent to multicast groups; SOL_NETLINK options are
 * -EOPNOTSUPP (setsockopt's other levels); the kernel's datagrams are not charged to SO_RCVBUF (each
 * registration of mq_notify queues one at most).
 *
 * Locking: the socket's lock (unix_state_lock, the one lock every socket has) covers its receive queue. */
#include "ipc/sock.h"
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/trace_events.h"

#define NLMSG_HDRLEN 16 /* sizeof(struct nlmsghdr): a message shorter than this is dropped unread */

static const struct proto_ops netlink_ops;

/* netlink_create: a NETLINK_ROUTE socket of type SOCK_RAW or SOCK_DGRAM (the same thing in netlink) (Linux's
 * netlink_create, its checks in its order): -ESOCKTNOSUPPORT for another type, -EPROTONOSUPPORT for a protocol
 * outside 0..MAX_LINKS-1 or other than NETLINK_ROUTE, -ENOMEM. */
static int netlink_create(int type, int protocol, struct sock **out)
{
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= MAX_LINKS)
		return -EPROTONOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT; /* a deliberate difference: Linux has about twenty more */
	struct sock *sk = sk_alloc(type, &netlink_ops);
	if (!sk)
		return -ENOMEM;
	sk->sk_protocol = (u16)protocol;
	sk->sk_destruct = NULL; /* its queue is emptied at release; nothing else is kept */
	wait_queue_init(&sk->rcv_wait, &wchan_netlink_recv, sk);
	*out = sk;
	return 0;
}

const struct net_proto_family netlink_family_ops = { .family = AF_NETLINK, .create = netlink_create };

/* nl_table_lock: makes choosing a port id and taking it one step (Linux's netlink table lock); taken with no
 * socket's lock held, sock_list_lock under it. */
static spinlock_t nl_table_lock = SPINLOCK_INIT("nl_table");

/* netlink_portid_used: another live netlink socket is bound to portid. Caller holds nl_table_lock. */
static bool netlink_portid_used(const struct sock *self, u32 portid)
{
	bool used = false;
	u64 f = spin_lock_irqsave(&sock_list_lock);
	const struct list_head *pos;
	list_for_each(pos, &sock_list) {
		const struct sock *sk = list_entry(pos, struct sock, all_link);
		if (sk != self && sk->ops == &netlink_ops && !sk->dead && sk->portid == portid)
			used = true;
	}
	spin_unlock_irqrestore(&sock_list_lock, f);
	return used;
}

/* netlink_insert: bind sk to portid, or (portid 0) to a free one: the process's id when free, else a negative
 * one counting down from -4096 (Linux's netlink_insert and netlink_autobind). 0, or -EADDRINUSE when another
 * socket has the port id asked for. */
static int netlink_insert(struct sock *sk, u32 portid)
{
	static s32 rover = -4096;
	int err = 0;
	u64 f = spin_lock_irqsave(&nl_table_lock);
	if (!portid) {
		portid = (u32)current->tgid;
		while (netlink_portid_used(sk, portid))
			portid = (u32)rover--;
	} else if (netlink_portid_used(sk, portid)) {
		err = -EADDRINUSE;
	}
	if (!err)
		sk->portid = portid;
	spin_unlock_irqrestore(&nl_table_lock, f);
	return err;
}

/* netlink_bind: bind(2) with a struct sockaddr_nl (Linux's netlink_bind): nl_pid 0 takes a free port id
 * (autobind), another one that port id. Binding again to the same port id changes nothing (nl_pid 0 then is
 * -EINVAL, as in Linux). nl_groups is kept by
 * nobody (no multicast here). -EINVAL for a shorter address, another family, or another port id once bound;
 * -EADDRINUSE when another socket has the port id. */
static int netlink_bind(struct sock *sk, struct sockaddr_un *addr, int len)
{
	const struct sockaddr_nl *nladdr = (const void *)addr;
	if (len < (int)sizeof *nladdr)
		return -EINVAL;
	if (nladdr->nl_family != AF_NETLINK)
		return -EINVAL;
	if (sk->portid)
		return nladdr->nl_pid != sk->portid ? -EINVAL : 0;
	return netlink_insert(sk, nladdr->nl_pid);
}

/* netlink_connect: connect(2) (Linux's netlink_connect): where sends go by default (AF_UNSPEC: back to the
 * kernel); binds sk first when unbound. -EINVAL for a shorter address or another family. */
static int netlink_connect(struct sock *sk, struct sockaddr_un *addr, int len, int flags)
{
	(void)flags;
	const struct sockaddr_nl *nladdr = (const void *)addr;
	if (len < (int)sizeof nladdr->nl_family)
		return -EINVAL;
	if (nladdr->nl_family == AF_UNSPEC) {
		sk->dst_portid = 0;
		return 0;
	}
	if (nladdr->nl_family != AF_NETLINK || len < (int)sizeof *nladdr)
		return -EINVAL;
	if (!sk->portid)
		netlink_insert(sk, 0);
	sk->dst_portid = nladdr->nl_pid;
	return 0;
}

/* netlink_getname: sk's own name (its port id, 0 while unbound) or, peer, where it is connected (Linux's
 * netlink_getname): a struct sockaddr_nl, its length. */
static int netlink_getname(struct sock *sk, struct sockaddr_un *addr, bool peer)
{
	struct sockaddr_nl *nladdr = (void *)addr;
	*nladdr = (struct sockaddr_nl){ .nl_family = AF_NETLINK, .nl_pid = peer ? sk->dst_portid : sk->portid };
	return sizeof *nladdr;
}

/* The calls netlink has not: Linux's sock_no_listen, sock_no_accept, sock_no_shutdown. */
static int netlink_no_listen(struct sock *sk, int backlog) { (void)sk, (void)backlog; return -EOPNOTSUPP; }
static int netlink_no_accept(struct sock *sk, int flags, struct sock **newsk)
{
	(void)sk, (void)flags, (void)newsk;
	return -EOPNOTSUPP;
}
static int netlink_no_shutdown(struct sock *sk, int how) { (void)sk, (void)how; return -EOPNOTSUPP; }

/* netlink_sendmsg: a process sends len bytes (Linux's netlink_sendmsg, its checks in its order): -EOPNOTSUPP for
 * MSG_OOB, -ENODATA for an empty message, -EINVAL for an address shorter than a sockaddr_nl or of another family,
 * -EPERM for one naming a process's port or a group without privilege, -EMSGSIZE beyond the send buffer (less
 * 32 bytes). An unbound socket is bound first. Then what the kernel would read of it: fewer bytes than a netlink
 * header are dropped unread and the send succeeds (len), as Linux's netlink_rcv_skb does; anything else is
 * -EOPNOTSUPP, a deliberate difference (the file's comment). Control messages are not read. */
static long netlink_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (len == 0)
		return -ENODATA;
	if (msg->msg_namelen) {
		const struct sockaddr_nl *nladdr = (const void *)msg->msg_name;
		if (msg->msg_namelen < (int)sizeof *nladdr || nladdr->nl_family != AF_NETLINK)
			return -EINVAL;
		if ((nladdr->nl_pid || nladdr->nl_groups) && !cred_capable())
			return -EPERM;
	}
	if (!sk->portid)
		netlink_insert(sk, 0);
	if (len > (size_t)sk->sk_sndbuf - 32)
		return -EMSGSIZE;
	if (len < NLMSG_HDRLEN)
		return (long)len;
	return -EOPNOTSUPP;
}

/* netlink_recvmsg: take the oldest datagram of sk's queue, waiting for one (Linux's netlink_recvmsg on
 * skb_recv_datagram): copies at most len bytes, MSG_TRUNC in msg_flags when it was longer; the flag MSG_TRUNC
 * returns its whole length; MSG_PEEK leaves it queued; MSG_WAITALL means nothing for datagrams. The sender's name
 * is the kernel's (nl_pid 0). -EOPNOTSUPP for MSG_OOB, -EAGAIN (MSG_DONTWAIT, or SO_RCVTIMEO passed),
 * -ERESTARTSYS / -EINTR for a signal, -EFAULT (the datagram is used up). */
static long netlink_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	u64 timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT), deadline = sock_deadline(timeo);
	struct sk_buff *skb;
	int err;
	unix_state_lock(sk);
	while (!(skb = skb_peek(&sk->sk_receive_queue))) {
		if ((err = sock_error(sk)) || (err = sk_wait(sk, &sk->rcv_wait, timeo, deadline))) {
			unix_state_unlock(sk);
			return err;
		}
	}
	if (!(flags & MSG_PEEK))
		skb_unlink(skb, &sk->sk_receive_queue);
	size_t copied = MIN(len, (size_t)skb->len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	/* copied holding the lock, as unix_dgram_recvmsg: a peeked sk_buff stays queued, where another thread's
	 * receive could take and free it meanwhile */
	long r = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, copied) ? -EFAULT
		 : (flags & MSG_TRUNC) ? (long)skb->len : (long)copied;
	unix_state_unlock(sk);
	if (msg->msg_name) {
		*(struct sockaddr_nl *)(void *)msg->msg_name = (struct sockaddr_nl){ .nl_family = AF_NETLINK };
		msg->msg_namelen = sizeof(struct sockaddr_nl);
	}
	if (!(flags & MSG_PEEK))
		kfree_skb(skb);
	return r;
}

/* netlink_poll: readable with a datagram queued, always writable (Linux's datagram_poll; sends are refused,
 * never waited for). */
static u32 netlink_poll(struct sock *sk, struct poll_table *pt)
{
	poll_wait(pt, &sk->rcv_wait);
	unix_state_lock(sk);
	u32 mask = POLLOUT | POLLWRNORM | POLLWRBAND;
	if (sk->sk_err)
		mask |= POLLERR;
	if (sk->sk_receive_queue.qlen)
		mask |= POLLIN | POLLRDNORM;
	unix_state_unlock(sk);
	return mask;
}

/* netlink_release: sk's file is closed (Linux's netlink_release): it is dead, what its queue holds is freed, and
 * the file's reference goes. A message queue registered to notify it keeps its own reference (ipc/mqueue.c);
 * what it sends then is freed unread. */
static void netlink_release(struct sock *sk)
{
	struct sk_buff_head dropped;
	skb_queue_head_init(&dropped);
	unix_state_lock(sk);
	sk->dead = true;
	sk->file = NULL;
	skb_queue_splice_init(&sk->sk_receive_queue, &dropped);
	sk_wake_all(sk);
	unix_state_unlock(sk);
	skb_queue_purge(&dropped);
	sock_put(sk);
}

void netlink_sendskb(struct sock *sk, struct sk_buff *skb)
{
	unix_state_lock(sk);
	if (sk->dead) {
		unix_state_unlock(sk);
		kfree_skb(skb);
		return;
	}
	skb_queue_tail(&sk->sk_receive_queue, skb);
	wake_up(&sk->rcv_wait);
	unix_state_unlock(sk);
}

struct sock *netlink_getsockbyfilp(struct file *f, int *err)
{
	struct sock *sk = sock_from_file(f);
	if (!sk) {
		*err = -ENOTSOCK;
		return NULL;
	}
	if (sk->ops != &netlink_ops) {
		*err = -EINVAL;
		return NULL;
	}
	return sock_hold(sk);
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK, .socketpair = NULL, .bind = netlink_bind, .connect = netlink_connect,
	.listen = netlink_no_listen, .accept = netlink_no_accept, .getname = netlink_getname,
	.shutdown = netlink_no_shutdown, .sendmsg = netlink_sendmsg, .recvmsg = netlink_recvmsg,
	.poll = netlink_poll, .release = netlink_release,
};
