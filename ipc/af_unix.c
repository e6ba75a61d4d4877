/* ipc/af_unix.c: Unix domain sockets (unix(7); Linux net/unix/af_unix.c, whose checks, and so errors, each call
 * makes in the same order). The model is at the top of ipc/sock.h.
 * - Names: a path name is a socket inode made in the RAM filesystem by bind (S_IFSOCK; EADDRINUSE when the name
 *   exists), found again by connect and sendto through the file system (which checks write permission on it);
 *   an abstract name starts with a NUL byte and lives only in the list of named sockets; bind with no name, or
 *   connect and send with SO_PASSCRED on an unnamed socket, give it an abstract name of five hex digits
 *   (autobind).
 * - Connections (SOCK_STREAM, SOCK_SEQPACKET): listen makes a named socket a listener with a backlog; connect
 *   makes the server's end of the connection at once, a new socket connected to the client, and queues it on
 *   the listener, where accept finds it. A full backlog makes connect wait (EAGAIN when non-blocking).
 * - SOCK_STREAM moves bytes: a send is cut into sk_buffs appended to the peer's queue; a receive reads across
 *   them. SOCK_DGRAM and SOCK_SEQPACKET move messages: one sk_buff each, taken whole (cut with MSG_TRUNC).
 * - A datagram socket may send to any named datagram socket (sendto) or connect to one; a receiver that is not
 *   connected back to its sender takes UNIX_MAX_DGRAM_QLEN datagrams before its senders wait.
 * - Closing a connected socket shuts its peer down both ways (end of file, EPIPE), with ECONNRESET when it left
 *   data unread. */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"

/* The named sockets, which bind adds and connect and sendto search: path ones by their inode, abstract ones by
 * name and type (Linux hashes them; a list reads the same). */
static struct list_head unix_socket_table = LIST_HEAD_INIT(unix_socket_table);
static spinlock_t unix_table_lock = SPINLOCK_INIT("unix_table");
static u32 unix_autobind_next;

#define unix_peer(sk) ((sk)->peer)

/* unix_may_send: sk may send to osk: osk is connected to nobody, or to sk. */
static bool unix_may_send(const struct sock *sk, const struct sock *osk)
{
	return unix_peer(osk) == NULL || unix_peer(osk) == sk;
}

/* unix_recvq_full: sk's queue has more than its limit (a listener's backlog; a datagram socket's
 * UNIX_MAX_DGRAM_QLEN). */
static bool unix_recvq_full(const struct sock *sk)
{
	return sk->sk_receive_queue.qlen > sk->sk_max_ack_backlog;
}

/* unix_connection_based: a socket type with connections (connect/accept; end of file when the peer closes). */
static bool unix_connection_based(const struct sock *sk)
{
	return sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET;
}

/* ---- Names ---- */

static struct unix_address *unix_create_addr(const struct sockaddr_un *sunaddr, int len)
{
	struct unix_address *addr = kmalloc(sizeof *addr);
	if (!addr)
		return NULL;
	addr->refcnt = 1;
	addr->len = len;
	memcpy(&addr->name, sunaddr, (size_t)len);
	return addr;
}

static void unix_release_addr(struct unix_address *addr)
{
	if (--addr->refcnt == 0)
		kfree(addr);
}

/* unix_validate_addr: an address of len bytes names something: longer than the family, no longer than a
 * sockaddr_un, family AF_UNIX. 0 or -EINVAL. */
static int unix_validate_addr(const struct sockaddr_un *sunaddr, int len)
{
	if (len <= SUN_PATH_OFFSET || len > (int)sizeof *sunaddr)
		return -EINVAL;
	return sunaddr->sun_family == AF_UNIX ? 0 : -EINVAL;
}

/* unix_mkname_bsd: end a path name with a NUL at len (the caller's buffer holds SOCKADDR_STORAGE bytes) and
 * return the address's real length: the family, the path and its NUL. */
static int unix_mkname_bsd(struct sockaddr_un *sunaddr, int len)
{
	((char *)sunaddr)[len] = 0;
	return (int)strlen(sunaddr->sun_path) + SUN_PATH_OFFSET + 1;
}

static void unix_table_insert(struct sock *sk)
{
	u64 fl = spin_lock_irqsave(&unix_table_lock);
	list_add_tail(&sk->bind_link, &unix_socket_table);
	spin_unlock_irqrestore(&unix_table_lock, fl);
}

static void unix_table_remove(struct sock *sk)
{
	u64 fl = spin_lock_irqsave(&unix_table_lock);
	list_del(&sk->bind_link);
	list_init(&sk->bind_link);
	spin_unlock_irqrestore(&unix_table_lock, fl);
}

/* __unix_find_socket_byname: the socket of this type with this abstract name, or NULL. Table lock held. */
static struct sock *__unix_find_socket_byname(const struct sockaddr_un *sunname, int len, int type)
{
	struct list_head *pos;
	list_for_each(pos, &unix_socket_table) {
		struct sock *s = list_entry(pos, struct sock, bind_link);
		if (!s->path && s->sk_type == type && s->addr->len == len && !memcmp(&s->addr->name, sunname, (size_t)len))
			return s;
	}
	return NULL;
}

/* unix_find_socket_byname / unix_find_socket_byinode: the named socket, with a reference, or NULL. */
static struct sock *unix_find_socket_byname(const struct sockaddr_un *sunname, int len, int type)
{
	u64 fl = spin_lock_irqsave(&unix_table_lock);
	struct sock *s = __unix_find_socket_byname(sunname, len, type);
	if (s)
		sock_hold(s);
	spin_unlock_irqrestore(&unix_table_lock, fl);
	return s;
}

static struct sock *unix_find_socket_byinode(const struct inode *ino)
{
	struct sock *found = NULL;
	u64 fl = spin_lock_irqsave(&unix_table_lock);
	struct list_head *pos;
	list_for_each(pos, &unix_socket_table) {
		struct sock *s = list_entry(pos, struct sock, bind_link);
		if (s->path == ino) {
			found = sock_hold(s);
			break;
		}
	}
	spin_unlock_irqrestore(&unix_table_lock, fl);
	return found;
}

/* unix_find_bsd: the socket bound to this path, with a reference: the lookup's errors, -EACCES without write
 * permission on the file, -ECONNREFUSED when it is not a socket or nothing is bound to it, -EPROTOTYPE for a
 * socket of another type. */
static struct sock *unix_find_bsd(struct sockaddr_un *sunaddr, int len, int type)
{
	struct inode *ino;
	unix_mkname_bsd(sunaddr, len);
	int err = kern_path(sunaddr->sun_path, LOOKUP_FOLLOW, &ino);
	if (err)
		return ERR_PTR(err);
	struct sock *sk = NULL;
	err = generic_permission(ino, MAY_WRITE); /* connect and sendto write to the socket file (-EACCES) */
	if (!err && ((ino->mode & S_IFMT) != S_IFSOCK || !(sk = unix_find_socket_byinode(ino))))
		err = -ECONNREFUSED;
	else if (!err && sk->sk_type != type)
		err = -EPROTOTYPE;
	inode_put_unlocked(ino);
	if (err) {
		if (sk)
			sock_put(sk);
		return ERR_PTR(err);
	}
	return sk;
}

/* unix_find_other: the socket an address names, with a reference (Linux's unix_find_other): a path's as
 * unix_find_bsd, an abstract name's or -ECONNREFUSED. */
static struct sock *unix_find_other(struct sockaddr_un *sunaddr, int len, int type)
{
	if (sunaddr->sun_path[0])
		return unix_find_bsd(sunaddr, len, type);
	struct sock *sk = unix_find_socket_byname(sunaddr, len, type);
	return sk ? sk : ERR_PTR(-ECONNREFUSED);
}

/* unix_autobind: give an unnamed socket an abstract name: a NUL and five hex digits, the first free in turn
 * (Linux starts from a random number). 0 (also when it has a name), -ENOMEM, -ENOSPC when all are taken. */
static int unix_autobind(struct sock *sk)
{
	if (sk->addr)
		return 0;
	struct unix_address *addr = kmalloc(sizeof *addr);
	if (!addr)
		return -ENOMEM;
	addr->refcnt = 1;
	addr->len = SUN_PATH_OFFSET + 6;
	addr->name.sun_family = AF_UNIX;
	for (u32 tries = 0; tries <= 0xFFFFF; tries++) {
		char digits[6];
		k_snprintf(digits, sizeof digits, "%05x", unix_autobind_next++ & 0xFFFFF);
		memcpy(addr->name.sun_path + 1, digits, 5);
		u64 fl = spin_lock_irqsave(&unix_table_lock);
		if (!__unix_find_socket_byname(&addr->name, addr->len, sk->sk_type)) {
			sk->addr = addr;
			list_add_tail(&sk->bind_link, &unix_socket_table);
			spin_unlock_irqrestore(&unix_table_lock, fl);
			return 0;
		}
		spin_unlock_irqrestore(&unix_table_lock, fl);
	}
	kfree(addr);
	return -ENOSPC;
}

/* unix_bind_bsd: name sk by a path: a new socket inode there (mode 0777 less the umask). -EADDRINUSE when the name
 * exists, -EINVAL when sk has a name already, the lookup's errors. (Linux makes the node before it looks at sk's
 * name, and removes it again: the errors come in that order.) */
static int unix_bind_bsd(struct sock *sk, struct sockaddr_un *sunaddr, int len)
{
	len = unix_mkname_bsd(sunaddr, len);
	struct unix_address *addr = unix_create_addr(sunaddr, len);
	if (!addr)
		return -ENOMEM;
	struct inode *ino;
	bool named = sk->addr != NULL;
	int err = kern_mknod(addr->name.sun_path, S_IFSOCK | 0777, named, &ino);
	if (!err && named)
		err = -EINVAL;
	if (err) {
		unix_release_addr(addr);
		return err == -EEXIST ? -EADDRINUSE : err;
	}
	sk->path = ino;
	sk->addr = addr;
	unix_table_insert(sk);
	return 0;
}

/* unix_bind_abstract: name sk by an abstract name. -EINVAL when sk has a name, -EADDRINUSE when a socket of its
 * type has this one. */
static int unix_bind_abstract(struct sock *sk, struct sockaddr_un *sunaddr, int len)
{
	struct unix_address *addr = unix_create_addr(sunaddr, len);
	if (!addr)
		return -ENOMEM;
	int err = 0;
	u64 fl = spin_lock_irqsave(&unix_table_lock);
	if (sk->addr)
		err = -EINVAL;
	else if (__unix_find_socket_byname(sunaddr, len, sk->sk_type))
		err = -EADDRINUSE;
	else {
		sk->addr = addr;
		list_add_tail(&sk->bind_link, &unix_socket_table);
	}
	spin_unlock_irqrestore(&unix_table_lock, fl);
	if (err)
		unix_release_addr(addr);
	return err;
}

/* unix_bind: bind(2): autobind for an address of the family alone, else a path or an abstract name. -EINVAL for
 * a malformed address. */
static int unix_bind(struct sock *sk, struct sockaddr_un *sunaddr, int len)
{
	if (len == SUN_PATH_OFFSET && sunaddr->sun_family == AF_UNIX)
		return unix_autobind(sk);
	int err = unix_validate_addr(sunaddr, len);
	if (err)
		return err;
	return sunaddr->sun_path[0] ? unix_bind_bsd(sk, sunaddr, len) : unix_bind_abstract(sk, sunaddr, len);
}

/* unix_getname: sk's name, or with peer its peer's, into *sunaddr; returns its length (the family alone for an
 * unnamed socket). -ENOTCONN when peer is asked of an unconnected socket. */
static int unix_getname(struct sock *sk, struct sockaddr_un *sunaddr, bool peer)
{
	struct sock *s = sk;
	if (peer) {
		unix_state_lock(sk);
		s = unix_peer(sk) ? sock_hold(unix_peer(sk)) : NULL;
		unix_state_unlock(sk);
		if (!s)
			return -ENOTCONN;
	}
	int len = SUN_PATH_OFFSET;
	if (s->addr) {
		len = s->addr->len;
		memcpy(sunaddr, &s->addr->name, (size_t)len);
	} else {
		sunaddr->sun_family = AF_UNIX;
		sunaddr->sun_path[0] = 0;
	}
	if (peer)
		sock_put(s);
	return len;
}

/* unix_copy_addr: a received message's sender name for recvfrom/recvmsg (nothing for an unnamed sender). */
static void unix_copy_addr(struct msghdr *msg, const struct sock *sk)
{
	if (msg->msg_name && sk->addr) {
		msg->msg_namelen = sk->addr->len;
		memcpy(msg->msg_name, &sk->addr->name, (size_t)sk->addr->len);
	}
}

/* ---- Waking datagram senders (Linux's peer_wake) ----
 * A datagram sender finds its receiver's queue full: a blocking sender sleeps on the receiver's peer_wait; a
 * non-blocking one (or poll) that is connected to the receiver hooks itself on the receiver's peer_wakers list,
 * and the receiver wakes each hooked sender's snd_wait (and unhooks it) when it takes a datagram, or goes away.
 * A sender's peer_wake and peer_wake_link are under the receiver's lock. */

/* unix_dgram_peer_wake_disconnect: unhook sk from other's senders, if it is hooked there. Caller holds other's
 * lock. */
static void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other)
{
	if (sk->peer_wake != other)
		return;
	list_del(&sk->peer_wake_link);
	list_init(&sk->peer_wake_link);
	sk->peer_wake = NULL;
}

/* unix_dgram_peer_wake_me: hook sk on other's senders, and say whether other's queue is full now (1: sk must
 * wait; 0: unhooked again). Caller holds sk's lock; other's is taken. */
static int unix_dgram_peer_wake_me(struct sock *sk, struct sock *other)
{
	unix_state_lock(other);
	if (!sk->peer_wake) {
		sk->peer_wake = other;
		list_add_tail(&sk->peer_wake_link, &other->peer_wakers);
	}
	int full = unix_recvq_full(other) && !other->dead;
	if (!full)
		unix_dgram_peer_wake_disconnect(sk, other);
	unix_state_unlock(other);
	return full;
}

/* unix_peer_wait_wake: room was made in sk's queue, or sk is going: wake the connects and senders waiting for
 * it. Caller holds sk's lock. */
static void unix_peer_wait_wake(struct sock *sk)
{
	wake_up(&sk->peer_wait);
	while (!list_empty(&sk->peer_wakers)) {
		struct sock *w = list_first_entry(&sk->peer_wakers, struct sock, peer_wake_link);
		unix_dgram_peer_wake_disconnect(w, sk);
		wake_up(&w->snd_wait);
	}
}

/* ---- Sockets: create, release ---- */

/* unix_create1: a new AF_UNIX socket of type. NULL when out of memory. */
static struct sock *unix_create1(int type)
{
	const struct proto_ops *ops = type == SOCK_STREAM ? &unix_stream_ops
				      : type == SOCK_DGRAM ? &unix_dgram_ops : &unix_seqpacket_ops;
	struct sock *sk = sk_alloc(type, ops);
	if (sk)
		sk->sk_destruct = unix_sock_destructor;
	return sk;
}

int unix_create(int type, int protocol, struct sock **out)
{
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (type == SOCK_RAW)
		type = SOCK_DGRAM; /* "Believe it or not BSD has AF_UNIX, SOCK_RAW though nothing uses it" */
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	return (*out = unix_create1(type)) ? 0 : -ENOMEM;
}

int unix_socketpair(struct sock *a, struct sock *b)
{
	a->peer = sock_hold(b);
	b->peer = sock_hold(a);
	init_peercred(a);
	init_peercred(b);
	a->sk_state = b->sk_state = TCP_ESTABLISHED;
	return 0;
}

/* unix_release_sock: sk's file is closed (or, embrion, a connection nobody accepted is dropped): it is dead;
 * a connected peer is shut down both ways and told ECONNRESET when sk leaves data unread; what sk's queue holds
 * is freed (a listener's pending connections are released in turn, their clients reset). */
static void unix_release_sock(struct sock *sk, bool embrion)
{
	unix_table_remove(sk);
	unix_state_lock(sk);
	sk->dead = true;
	sk->file = NULL;
	sk->sk_shutdown = SHUTDOWN_MASK;
	struct inode *path = sk->path;
	sk->path = NULL;
	int state = sk->sk_state;
	sk->sk_state = TCP_CLOSE;
	struct sock *skpair = unix_peer(sk);
	unix_peer(sk) = NULL;
	bool unread = sk->sk_receive_queue.qlen != 0;
	struct sk_buff_head q;
	skb_queue_head_init(&q);
	skb_queue_splice_init(&sk->sk_receive_queue, &q);
	unix_peer_wait_wake(sk);
	unix_state_unlock(sk);
	if (skpair) {
		if (unix_connection_based(sk)) {
			unix_state_lock(skpair);
			skpair->sk_shutdown = SHUTDOWN_MASK; /* no more writes */
			if (unread || embrion)
				skpair->sk_err = ECONNRESET;
			sk_wake_all(skpair);
			unix_state_unlock(skpair);
		}
	}
	struct sock *pw = sk->peer_wake; /* hooked on its peer's senders: unhook */
	if (pw) {
		unix_state_lock(pw);
		unix_dgram_peer_wake_disconnect(sk, pw);
		unix_state_unlock(pw);
	}
	if (skpair)
		sock_put(skpair);
	/* Throw out what was queued; passed files are closed as their sk_buffs go */
	struct sk_buff *skb;
	while ((skb = skb_dequeue(&q))) {
		if (state == TCP_LISTEN)
			unix_release_sock(skb->sk, true);
		kfree_skb(skb);
	}
	if (path)
		inode_put_unlocked(path);
	sock_put(sk);
	unix_gc(); /* sockets that only messages in flight kept open may be garbage now */
}

static void unix_release(struct sock *sk) { unix_release_sock(sk, false); }

void unix_sock_destructor(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
	if (sk->addr)
		unix_release_addr(sk->addr);
}

/* ---- Connections ---- */

/* unix_listen: listen(2) (backlog already at most SOMAXCONN). -EOPNOTSUPP for a datagram socket, -EINVAL when sk
 * is unnamed or connected. Listening again changes the backlog. */
static int unix_listen(struct sock *sk, int backlog)
{
	if (!unix_connection_based(sk))
		return -EOPNOTSUPP;
	if (!sk->addr)
		return -EINVAL; /* no listens on an unbound socket */
	int err = -EINVAL;
	unix_state_lock(sk);
	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN) {
		if ((u32)backlog > sk->sk_max_ack_backlog)
			wake_up(&sk->peer_wait); /* more room: connects waiting for it may go on */
		sk->sk_max_ack_backlog = (u32)backlog;
		sk->sk_state = TCP_LISTEN;
		init_peercred(sk); /* what connect gives its clients as SO_PEERCRED */
		err = 0;
	}
	unix_state_unlock(sk);
	return err;
}

/* unix_stream_connect: connect(2) of a stream or seqpacket socket: the server's end of the connection is made
 * now (newsk, connected to sk) and queued on the listener, where accept finds it. Errors: -EINVAL (malformed
 * address; sk listening), the lookup's (-ENOENT, -EACCES, -ECONNREFUSED, -EPROTOTYPE), -ECONNREFUSED when the
 * socket named does not listen, -EAGAIN when its backlog is full and sk non-blocking (or SO_SNDTIMEO passed), a
 * signal's -ERESTARTSYS/-EINTR, -EISCONN when sk is connected. */
static int unix_stream_connect(struct sock *sk, struct sockaddr_un *sunaddr, int len, int flags)
{
	int err = unix_validate_addr(sunaddr, len);
	if (err)
		return err;
	if (sk->passcred && (err = unix_autobind(sk)))
		return err;
	u64 timeo = sock_sndtimeo(sk, flags & O_NONBLOCK), deadline = sock_deadline(timeo);
	/* First of all allocate resources: the new socket and the sk_buff that carries it to the listener */
	struct sock *newsk = unix_create1(sk->sk_type), *other;
	struct sk_buff *skb = newsk ? alloc_skb(0) : NULL;
	if (!skb) {
		err = -ENOMEM;
		goto out_free_sk;
	}
	skb->sk = sock_hold(newsk);
restart:
	other = unix_find_other(sunaddr, len, sk->sk_type);
	if (IS_ERR(other)) {
		err = (int)PTR_ERR(other);
		goto out_free_skb;
	}
	unix_state_lock(other);
	if (other->dead) { /* closed while we looked it up: look again */
		unix_state_unlock(other);
		sock_put(other);
		goto restart;
	}
	err = -ECONNREFUSED;
	if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
		goto out_unlock;
	if (unix_recvq_full(other)) {
		err = sk_wait(other, &other->peer_wait, timeo, deadline);
		unix_state_unlock(other);
		sock_put(other);
		if (err)
			goto out_free_skb;
		goto restart;
	}
	/* self connect and simultaneous connect are ruled out: a listener is never connecting */
	if (sk->sk_state != TCP_CLOSE) {
		err = sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
		goto out_unlock;
	}
	unix_state_lock(sk);
	/* The way is open: newsk is sk's peer and sk is newsk's, and newsk waits in the listener's backlog */
	unix_peer(newsk) = sock_hold(sk);
	newsk->listener = other;
	newsk->sk_state = TCP_ESTABLISHED;
	init_peercred(newsk); /* the server's SO_PEERCRED: the client */
	newsk->addr = other->addr;
	newsk->addr->refcnt++;
	sk->sk_peer_cred = other->sk_peer_cred; /* the client's: the listener's */
	sk->sk_state = TCP_ESTABLISHED;
	unix_peer(sk) = sock_hold(newsk);
	unix_state_unlock(sk);
	skb_queue_tail(&other->sk_receive_queue, skb);
	wake_up(&other->rcv_wait);
	unix_state_unlock(other);
	sock_put(other);
	return 0; /* newsk keeps its own reference, its file's once accepted */
out_unlock:
	unix_state_unlock(other);
	sock_put(other);
out_free_skb:
	kfree_skb(skb);
out_free_sk:
	if (newsk)
		unix_release_sock(newsk, false);
	return err;
}

/* unix_dgram_disconnected: sk's peer changed from other: what other sent sk and sk has not read goes, and other,
 * connected to sk, learns it with ECONNRESET. */
static void unix_dgram_disconnected(struct sock *sk, struct sock *other)
{
	struct sk_buff_head q;
	skb_queue_head_init(&q);
	unix_state_lock(sk);
	skb_queue_splice_init(&sk->sk_receive_queue, &q);
	if (q.qlen)
		unix_peer_wait_wake(sk);
	unix_state_unlock(sk);
	if (!q.qlen)
		return;
	skb_queue_purge(&q);
	unix_state_lock(other);
	if (!other->dead && unix_peer(other) == sk) {
		other->sk_err = ECONNRESET;
		sk_wake_all(other);
	}
	unix_state_unlock(other);
}

/* unix_state_double_lock: lock two sockets (one when they are the same or b is NULL) in a fixed order. */
static void unix_state_double_lock(struct sock *a, struct sock *b)
{
	if (!b || a == b) {
		unix_state_lock(a);
		return;
	}
	if (a > b) {
		struct sock *t = a;
		a = b;
		b = t;
	}
	unix_state_lock(a);
	unix_state_lock(b);
}

static void unix_state_double_unlock(struct sock *a, struct sock *b)
{
	if (b && a != b)
		unix_state_unlock(b);
	unix_state_unlock(a);
}

/* unix_dgram_connect: connect(2) of a datagram socket: its sends without an address go to the socket named, and
 * it receives from that one only; AF_UNSPEC disconnects it. Connecting elsewhere drops what the old peer sent.
 * -EINVAL (malformed address), the lookup's errors, -EPERM when the other socket is connected to a third. */
static int unix_dgram_connect(struct sock *sk, struct sockaddr_un *sunaddr, int len, int flags)
{
	if (len < (int)sizeof sunaddr->sun_family)
		return -EINVAL;
	struct sock *other = NULL;
	int err;
	if (sunaddr->sun_family != AF_UNSPEC) {
		if ((err = unix_validate_addr(sunaddr, len)))
			return err;
		if (sk->passcred && (err = unix_autobind(sk)))
			return err;
restart:
		other = unix_find_other(sunaddr, len, sk->sk_type);
		if (IS_ERR(other))
			return (int)PTR_ERR(other);
		unix_state_double_lock(sk, other);
		if (other->dead) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			goto restart;
		}
		if (!unix_may_send(sk, other)) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			return -EPERM;
		}
		sk->sk_state = other->sk_state = TCP_ESTABLISHED;
	} else {
		unix_state_double_lock(sk, other); /* 1003.1g: AF_UNSPEC breaks the connection */
	}
	struct sock *old_peer = unix_peer(sk);
	unix_peer(sk) = other;
	if (!other)
		sk->sk_state = TCP_CLOSE;
	if (old_peer)
		wake_up(&sk->snd_wait); /* a sender waiting for the old peer's queue looks again */
	unix_state_double_unlock(sk, other);
	if (old_peer) {
		unix_state_lock(old_peer);
		unix_dgram_peer_wake_disconnect(sk, old_peer);
		unix_state_unlock(old_peer);
		if (other != old_peer)
			unix_dgram_disconnected(sk, old_peer);
		sock_put(old_peer);
	}
	return 0;
}

/* unix_recv_wait: wait, holding sk's lock, until sk's queue has an sk_buff, and return it (still queued); or NULL
 * with *err, checked in Linux's order (__skb_recv_datagram): a pending error; -EAGAIN when timeo is 0 (or the
 * timeout passed); 0 once sk shut down receiving; -ENOTCONN for a connection-based socket neither connected nor
 * listening; a signal's error (sock_intr_errno). */
static struct sk_buff *unix_recv_wait(struct sock *sk, u64 timeo, int *err)
{
	u64 deadline = sock_deadline(timeo);
	for (;;) {
		if ((*err = sock_error(sk)))
			return NULL;
		struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);
		if (skb)
			return skb;
		*err = -EAGAIN;
		if (!timeo)
			return NULL;
		*err = 0;
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return NULL;
		*err = -ENOTCONN;
		if (unix_connection_based(sk) && sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_LISTEN)
			return NULL;
		if ((*err = sk_wait(sk, &sk->rcv_wait, timeo, deadline)))
			return NULL;
	}
}

/* unix_accept: accept(2): the oldest pending connection's socket in *newsk. -EOPNOTSUPP for a datagram socket,
 * -EINVAL when sk does not listen (or shut down receiving while waiting), -EAGAIN (O_NONBLOCK or SO_RCVTIMEO),
 * a signal's error. */
static int unix_accept(struct sock *sk, int flags, struct sock **newsk)
{
	if (!unix_connection_based(sk))
		return -EOPNOTSUPP;
	if (sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	int err;
	unix_state_lock(sk);
	struct sk_buff *skb = unix_recv_wait(sk, sock_rcvtimeo(sk, flags & O_NONBLOCK), &err);
	if (skb) {
		skb_unlink(skb, &sk->sk_receive_queue);
		wake_up(&sk->peer_wait); /* room in the backlog */
	}
	unix_state_unlock(sk);
	if (!skb)
		return err ? err : -EINVAL;
	struct sock *tsk = skb->sk;
	unix_state_lock(tsk);
	tsk->listener = NULL;
	tsk->passcred = sk->passcred; /* the new socket inherits SO_PASSCRED */
	*newsk = tsk; /* its own reference (from unix_create1 in connect) becomes its file's */
	unix_state_unlock(tsk);
	kfree_skb(skb); /* and the sk_buff's goes */
	return 0;
}

/* unix_shutdown: shutdown(2): sk stops receiving and/or sending; a connected stream or seqpacket peer stops the
 * other way (its reads see end of file, its writes EPIPE). -EINVAL for another how. */
static int unix_shutdown(struct sock *sk, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	int mode = how + 1; /* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN, SHUT_RDWR -> both */
	unix_state_lock(sk);
	sk->sk_shutdown |= (u8)mode;
	struct sock *other = unix_peer(sk) ? sock_hold(unix_peer(sk)) : NULL;
	sk_wake_all(sk);
	unix_state_unlock(sk);
	if (other && unix_connection_based(sk)) {
		int peer_mode = ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) | ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);
		unix_state_lock(other);
		other->sk_shutdown |= (u8)peer_mode;
		sk_wake_all(other);
		unix_state_unlock(other);
	}
	if (other)
		sock_put(other);
	return 0;
}

/* ---- Data ---- */

/* unix_scm_to_skb: the control data goes with skb: credentials, and the files when send_fds (a stream sends them
 * with its first sk_buff only), each counted in flight (unix_attach_fds). -ETOOMANYREFS past the caller's
 * RLIMIT_NOFILE files in flight, -ENOMEM. */
static int unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds)
{
	skb->creds = scm->creds;
	skb->has_creds = scm->has_creds;
	if (!scm->fp || !send_fds)
		return 0;
	if (too_many_unix_fds())
		return -ETOOMANYREFS;
	if (!(skb->fp = scm_fp_dup(scm->fp)))
		return -ENOMEM;
	for (int i = 0; i < skb->fp->count; i++)
		unix_inflight(skb->fp->uid, skb->fp->fp[i]);
	return 0;
}

/* maybe_add_creds: a message carries the sender's credentials when either end has SO_PASSCRED (or the receiver
 * is a connection not yet accepted), so that a receiver that asks later finds them. */
static void maybe_add_creds(struct sk_buff *skb, const struct sock *sk, const struct sock *other)
{
	if (skb->has_creds || !(sk->passcred || !other->file || other->passcred))
		return;
	skb->creds = (struct ucred){ current->tgid, current->cred.uid, current->cred.gid };
	skb->has_creds = true;
}

/* unix_skb_scm_eq: skb came with the credentials in scm (a stream read never joins two writers' bytes when the
 * reader asks for credentials). */
static bool unix_skb_scm_eq(const struct sk_buff *skb, const struct scm_cookie *scm)
{
	return skb->creds.pid == scm->creds.pid && skb->creds.uid == scm->creds.uid && skb->creds.gid == scm->creds.gid;
}

#define UNIX_SKB_MAX (64 * 1024) /* bytes of a stream in one sk_buff at most */

/* unix_stream_sendmsg: send(2) on a stream socket: len bytes in sk_buffs of at most half the send budget,
 * each appended to the peer's queue, waiting for budget between them. Returns the bytes sent (fewer when it
 * could not wait for more). Errors when nothing was sent: the control message's, -EOPNOTSUPP (MSG_OOB of 0
 * bytes), -EISCONN/-EOPNOTSUPP with an address, -ENOTCONN, -EPIPE (with SIGPIPE unless MSG_NOSIGNAL) when sk or
 * its peer shut that direction down or the peer is gone, -EOPNOTSUPP (MSG_OOB: no urgent data here), -EAGAIN, a
 * signal's, -EFAULT, -ETOOMANYREFS. */
static long unix_stream_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct scm_cookie scm;
	int err = scm_send(msg, &scm);
	if (err)
		return err;
	struct sock *other = NULL;
	struct sk_buff *skb;
	size_t sent = 0;
	bool fds_sent = false;
	/* Linux 6.1's order: MSG_OOB with nothing to send, the address, the peer, the shutdown, then the urgent byte
	 * (which Linux queues, CONFIG_AF_UNIX_OOB, and ipclab does not have: -EOPNOTSUPP) */
	if ((msg->msg_flags & MSG_OOB) && !len) {
		err = -EOPNOTSUPP;
		goto out_err;
	}
	if (msg->msg_namelen) {
		err = sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
		goto out_err;
	}
	if (!(other = unix_peer(sk))) {
		err = -ENOTCONN;
		goto out_err;
	}
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		goto pipe_err;
	if (msg->msg_flags & MSG_OOB) {
		err = -EOPNOTSUPP;
		goto out_err;
	}
	while (sent < len) {
		size_t size = MIN(len - sent, (size_t)(sk->sk_sndbuf / 2 - 64)); /* keep two in flight */
		size = MIN(size, UNIX_SKB_MAX);
		if (!(skb = sock_alloc_send_skb(sk, size, msg->msg_flags & MSG_DONTWAIT, &err)))
			goto out_err;
		err = unix_scm_to_skb(&scm, skb, !fds_sent); /* only the first sk_buff carries the files */
		fds_sent = true;
		if (!err) {
			skb->len = (u32)size;
			err = skb_copy_datagram_from_iter(skb, 0, &msg->msg_iter, size);
		}
		if (err)
			goto out_free;
		unix_state_lock(other);
		if (other->dead || (other->sk_shutdown & RCV_SHUTDOWN)) {
			unix_state_unlock(other);
			kfree_skb(skb);
			goto pipe_err;
		}
		maybe_add_creds(skb, sk, other);
		skb_queue_tail(&other->sk_receive_queue, skb);
		wake_up(&other->rcv_wait);
		unix_state_unlock(other);
		sent += size;
	}
	msg->msg_peer = other;
	scm_destroy(&scm);
	return (long)sent;
pipe_err:
	if (!sent && !(msg->msg_flags & MSG_NOSIGNAL))
		send_signal(current, SIGPIPE, current->tgid);
	err = -EPIPE;
	goto out_err;
out_free:
	kfree_skb(skb);
out_err:
	if (sent)
		msg->msg_peer = other;
	scm_destroy(&scm);
	return sent ? (long)sent : err;
}

/* unix_dgram_sendmsg: send(2) of one datagram (and of a seqpacket message): to msg_name or the peer, whole or
 * not at all. Errors: the control message's, -EOPNOTSUPP (MSG_OOB), -EINVAL (malformed address), -ENOTCONN (no
 * address, no peer), -EMSGSIZE (more than the send budget allows), -EAGAIN (no budget, or the receiver's queue
 * is full, and non-blocking), the lookup's, -EPERM (the receiver is connected to a third), -ECONNREFUSED (the peer
 * is gone: sk is disconnected), -EPIPE (the receiver shut down receiving), -EFAULT, a signal's. */
static long unix_dgram_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct scm_cookie scm;
	int err = scm_send(msg, &scm);
	if (err)
		return err;
	struct sockaddr_un *sunaddr = msg->msg_name;
	struct sock *other = NULL;
	struct sk_buff *skb = NULL;
	if (msg->msg_flags & MSG_OOB) {
		err = -EOPNOTSUPP;
		goto out;
	}
	if (msg->msg_namelen) {
		if ((err = unix_validate_addr(sunaddr, msg->msg_namelen)))
			goto out;
	} else {
		sunaddr = NULL;
		unix_state_lock(sk);
		other = unix_peer(sk) ? sock_hold(unix_peer(sk)) : NULL;
		unix_state_unlock(sk);
		err = -ENOTCONN;
		if (!other)
			goto out;
	}
	if (sk->passcred && (err = unix_autobind(sk)))
		goto out;
	err = -EMSGSIZE;
	if (len > (size_t)(sk->sk_sndbuf - 32))
		goto out;
	if (!(skb = sock_alloc_send_skb(sk, len, msg->msg_flags & MSG_DONTWAIT, &err)))
		goto out;
	if ((err = unix_scm_to_skb(&scm, skb, true)))
		goto out;
	skb->len = (u32)len;
	if ((err = skb_copy_datagram_from_iter(skb, 0, &msg->msg_iter, len)))
		goto out;
	u64 timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT), deadline = sock_deadline(timeo);
restart:
	if (!other) {
		err = -ECONNRESET;
		if (!sunaddr)
			goto out;
		other = unix_find_other(sunaddr, msg->msg_namelen, sk->sk_type);
		if (IS_ERR(other)) {
			err = (int)PTR_ERR(other);
			other = NULL;
			goto out;
		}
	}
	unix_state_lock(other);
	err = -EPERM;
	if (!unix_may_send(sk, other))
		goto out_unlock;
	if (other->dead) {
		/* The receiver went: a connected sender is disconnected (ECONNREFUSED); an addressed one looks again */
		unix_state_unlock(other);
		err = 0;
		unix_state_lock(sk);
		if (unix_peer(sk) == other) {
			unix_peer(sk) = NULL;
			sk->sk_state = TCP_CLOSE;
			err = -ECONNREFUSED;
		}
		unix_state_unlock(sk);
		if (err) {
			unix_dgram_disconnected(sk, other);
			sock_put(other); /* the peer pointer's reference */
		}
		sock_put(other);
		other = NULL;
		if (err)
			goto out;
		goto restart;
	}
	err = -EPIPE;
	if (other->sk_shutdown & RCV_SHUTDOWN)
		goto out_unlock;
	if (other != sk && unix_peer(other) != sk && unix_recvq_full(other)) {
		if (timeo) { /* wait for the receiver to take one, then look again */
			err = sk_wait(other, &other->peer_wait, timeo, deadline);
			unix_state_unlock(other);
			if (err)
				goto out;
			goto restart;
		}
		unix_state_unlock(other);
		unix_state_lock(sk);
		if (unix_peer(sk) == other)
			unix_dgram_peer_wake_me(sk, other); /* poll and the next send learn when there is room */
		unix_state_unlock(sk);
		err = -EAGAIN;
		goto out;
	}
	maybe_add_creds(skb, sk, other);
	skb_queue_tail(&other->sk_receive_queue, skb);
	wake_up(&other->rcv_wait);
	unix_state_unlock(other);
	msg->msg_peer = other;
	sock_put(other);
	scm_destroy(&scm);
	return (long)len;
out_unlock:
	unix_state_unlock(other);
out:
	if (skb)
		kfree_skb(skb);
	if (other)
		sock_put(other);
	scm_destroy(&scm);
	return err;
}

/* unix_seqpacket_sendmsg: a connected dgram send: a pending error first, -ENOTCONN unless connected; an address
 * is ignored. */
static long unix_seqpacket_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	unix_state_lock(sk);
	int err = sock_error(sk);
	unix_state_unlock(sk);
	if (err)
		return err;
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	msg->msg_namelen = 0;
	return unix_dgram_sendmsg(sk, msg, len);
}

/* unix_dgram_recvmsg: recv(2) of one datagram (or seqpacket message): up to size bytes of the oldest, the rest
 * dropped with MSG_TRUNC in msg_flags (returning its full length with MSG_TRUNC in flags); MSG_PEEK leaves it
 * queued. The sender's name and control data go to msg. Errors as unix_recv_wait (0: shut down, end of file; a
 * non-blocking seqpacket socket whose peer is gone also reads 0), -EOPNOTSUPP for MSG_OOB, -EFAULT (the
 * datagram is lost). */
static long unix_dgram_recvmsg(struct sock *sk, struct msghdr *msg, size_t size, int flags)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	int err;
	struct scm_cookie scm = { 0 };
	unix_state_lock(sk);
	struct sk_buff *skb = unix_recv_wait(sk, sock_rcvtimeo(sk, flags & MSG_DONTWAIT), &err);
	if (!skb) {
		/* Signal EOF on a disconnected non-blocking SEQPACKET socket */
		if (sk->sk_type == SOCK_SEQPACKET && err == -EAGAIN && (sk->sk_shutdown & RCV_SHUTDOWN))
			err = 0;
		unix_state_unlock(sk);
		return err;
	}
	bool peek = flags & MSG_PEEK;
	if (!peek) {
		skb_unlink(skb, &sk->sk_receive_queue);
		unix_peer_wait_wake(sk); /* room in the queue */
	}
	unix_copy_addr(msg, skb->sk);
	msg->msg_peer_id = skb->sk->id;
	u32 full = skb->len;
	if (size > skb->len)
		size = skb->len;
	else if (size < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	/* copied holding the lock: a peeked sk_buff stays queued, and no other receiver takes it meanwhile */
	err = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, size);
	if (!err) {
		scm.creds = skb->creds;
		scm.has_creds = skb->has_creds;
		if (skb->fp && !peek) { /* the files arrive: they leave flight */
			scm.fp = skb->fp;
			skb->fp = NULL;
			for (int i = 0; i < scm.fp->count; i++)
				unix_notinflight(scm.fp->uid, scm.fp->fp[i]);
		} else if (skb->fp) {
			scm.fp = scm_fp_dup(skb->fp); /* a peek gets its own references */
		}
	}
	unix_state_unlock(sk);
	if (!peek)
		kfree_skb(skb);
	if (err) {
		scm_destroy(&scm);
		return err;
	}
	scm_recv(sk, msg, &scm, flags);
	return (flags & MSG_TRUNC) ? (long)full : (long)size;
}

/* unix_seqpacket_recvmsg: a connected dgram receive: -ENOTCONN unless connected. */
static long unix_seqpacket_recvmsg(struct sock *sk, struct msghdr *msg, size_t size, int flags)
{
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sk, msg, size, flags);
}

/* unix_skb_len: what a stream's reader has not taken of skb. */
static u32 unix_skb_len(const struct sk_buff *skb) { return skb->len - skb->consumed; }

/* unix_stream_recvmsg: recv(2) on a stream socket (Linux's unix_stream_read_generic): bytes across the queued
 * sk_buffs, up to size; it waits while nothing is there, and with MSG_WAITALL (or SO_RCVLOWAT) until that many
 * came. A read stops at an sk_buff that carries files (they arrive with the bytes before it stopped) and, when
 * the reader asks for credentials, where the writer changes. MSG_PEEK leaves everything queued. Returns the
 * bytes read; with none: 0 at end of file (the peer shut down or closed), a pending error (ECONNRESET),
 * -EAGAIN, a signal's, -EINVAL when not connected or for MSG_OOB (sending one is EOPNOTSUPP here, so none is
 * pending), -EFAULT. */
static long unix_stream_recvmsg(struct sock *sk, struct msghdr *msg, size_t size, int flags)
{
	if (sk->sk_state != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EINVAL; /* no out-of-band byte is ever pending here (Linux 6.1 unix_stream_recv_urg) */
	size_t target = (flags & MSG_WAITALL) ? size : MIN((size_t)sk->sk_rcvlowat, size);
	if (!target)
		target = 1;
	u64 timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT), deadline = sock_deadline(timeo);
	struct scm_cookie scm = { 0 };
	bool check_creds = false, peek = flags & MSG_PEEK;
	struct sk_buff_head done; /* sk_buffs read to the end: freed once sk is unlocked */
	skb_queue_head_init(&done);
	long copied = 0;
	int err = 0;
	unix_state_lock(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);
	do {
		if (!skb) {
			if ((size_t)copied >= target)
				break;
			/* POSIX 1003.1g mandates this order */
			if ((err = sock_error(sk)) || (sk->sk_shutdown & RCV_SHUTDOWN))
				break;
			if (done.qlen) { /* give the writers their budget back before waiting for more from them */
				unix_state_unlock(sk);
				skb_queue_purge(&done);
				unix_state_lock(sk);
				skb = skb_peek(&sk->sk_receive_queue);
				continue;
			}
			if ((err = sk_wait(sk, &sk->rcv_wait, timeo, deadline)))
				break;
			skb = skb_peek(&sk->sk_receive_queue);
			continue;
		}
		if (check_creds) {
			if (!unix_skb_scm_eq(skb, &scm))
				break; /* never glue messages from different writers */
		} else if (sk->passcred) {
			scm.creds = skb->creds;
			scm.has_creds = skb->has_creds;
			check_creds = true;
		}
		if (!copied) { /* the address just once */
			unix_copy_addr(msg, skb->sk);
			msg->msg_peer_id = skb->sk->id;
		}
		size_t chunk = MIN(unix_skb_len(skb), size);
		if (skb_copy_datagram_iter(skb, skb->consumed, &msg->msg_iter, chunk)) {
			if (!copied)
				copied = -EFAULT;
			break;
		}
		copied += (long)chunk;
		size -= chunk;
		if (!peek) {
			skb->consumed += (u32)chunk;
			if (skb->fp) { /* the files arrive with these bytes */
				scm.fp = skb->fp;
				skb->fp = NULL;
				for (int i = 0; i < scm.fp->count; i++)
					unix_notinflight(scm.fp->uid, scm.fp->fp[i]);
			}
			if (unix_skb_len(skb))
				break;
			struct sk_buff *next = skb_peek_next(skb, &sk->sk_receive_queue);
			skb_unlink(skb, &sk->sk_receive_queue);
			skb_queue_tail(&done, skb);
			skb = next;
			if (scm.fp)
				break;
		} else {
			if (skb->fp) {
				scm.fp = scm_fp_dup(skb->fp);
				break;
			}
			if (!(skb = skb_peek_next(skb, &sk->sk_receive_queue)))
				break;
		}
	} while (size);
	unix_state_unlock(sk);
	skb_queue_purge(&done);
	scm_recv(sk, msg, &scm, flags);
	return copied ? copied : err;
}

/* unix_poll_queue: the events every type shares (Linux's unix_poll and unix_dgram_poll each test them): POLLERR
 * with a pending error, POLLHUP shut down both ways, POLLIN and POLLRDHUP once it shut down receiving, POLLIN with
 * something queued. Caller holds sk's lock. */
static u32 unix_poll_queue(const struct sock *sk)
{
	u32 mask = 0;
	if (sk->sk_err)
		mask |= POLLERR;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (sk->sk_receive_queue.qlen)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

/* unix_poll: a stream socket's events (Linux's unix_poll): unix_poll_queue's (a listener's queue holds its
 * pending connections), POLLHUP also when not connected, POLLOUT while a quarter of its send budget is free (not
 * for a listener). */
static u32 unix_poll(struct sock *sk, struct poll_table *pt)
{
	poll_wait(pt, &sk->rcv_wait);
	poll_wait(pt, &sk->snd_wait);
	unix_state_lock(sk);
	u32 mask = unix_poll_queue(sk);
	if (sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP; /* connection-based: not connected (yet, or any more) */
	if (unix_writable(sk))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	unix_state_unlock(sk);
	return mask;
}

/* unix_dgram_poll: a datagram or seqpacket socket's events (Linux's unix_dgram_poll): as unix_poll, but POLLHUP
 * for a never-connected socket only for seqpacket, and POLLOUT also needs room in the peer's queue when the peer
 * is not connected back (else sk hooks itself to be woken when there is). */
static u32 unix_dgram_poll(struct sock *sk, struct poll_table *pt)
{
	poll_wait(pt, &sk->rcv_wait);
	poll_wait(pt, &sk->snd_wait);
	unix_state_lock(sk);
	u32 mask = unix_poll_queue(sk);
	if (sk->sk_type == SOCK_SEQPACKET && sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP;
	bool writable = unix_writable(sk);
	struct sock *other = unix_peer(sk);
	if (writable && other && other != sk && unix_peer(other) != sk && unix_recvq_full(other) &&
	    unix_dgram_peer_wake_me(sk, other))
		writable = false;
	if (writable)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	unix_state_unlock(sk);
	return mask;
}

/* unix_inq_len: bytes a read would find (FIONREAD: a datagram's length), -EINVAL for a listener. */
static long unix_inq_len(struct sock *sk)
{
	if (sk->sk_state == TCP_LISTEN)
		return -EINVAL;
	long amount = 0;
	unix_state_lock(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);
	if (sk->sk_type == SOCK_DGRAM)
		amount = skb ? skb->len : 0;
	else
		for (; skb; skb = skb_peek_next(skb, &sk->sk_receive_queue))
			amount += unix_skb_len(skb);
	unix_state_unlock(sk);
	return amount;
}

#define SIOCOUTQ 0x5411 /* TIOCOUTQ (include/uapi/asm-generic/ioctls.h, sockios.h) */
#define FIONREAD 0x541B /* SIOCINQ */

/* unix_ioctl: FIONREAD (SIOCINQ) puts the bytes a read would find (a datagram's length) at arg, an int;
 * SIOCOUTQ the bytes sent and not yet read (the send budget in use). -ENOTTY for other requests, -EINVAL
 * (FIONREAD on a listener), -EFAULT (Linux net/unix/af_unix.c, unix_ioctl; unix(7) "Ioctls"). */
static long unix_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	long amount;
	switch (cmd) {
	case FIONREAD: amount = unix_inq_len(sk); break;
	case SIOCOUTQ: amount = sk->sk_wmem_alloc; break;
	default: return -ENOTTY;
	}
	if (amount < 0)
		return amount;
	int v = (int)amount;
	return copy_to_user(arg, &v, sizeof v) ? -EFAULT : 0;
}

const struct proto_ops unix_stream_ops = {
	.family = AF_UNIX, .socketpair = unix_socketpair,
	.bind = unix_bind, .connect = unix_stream_connect, .listen = unix_listen, .accept = unix_accept,
	.getname = unix_getname, .shutdown = unix_shutdown, .sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg, .poll = unix_poll, .release = unix_release,
	.ioctl = unix_ioctl,
};

const struct proto_ops unix_dgram_ops = {
	.family = AF_UNIX, .socketpair = unix_socketpair,
	.bind = unix_bind, .connect = unix_dgram_connect, .listen = unix_listen, .accept = unix_accept,
	.getname = unix_getname, .shutdown = unix_shutdown, .sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg, .poll = unix_dgram_poll, .release = unix_release,
	.ioctl = unix_ioctl,
};

const struct proto_ops unix_seqpacket_ops = {
	.family = AF_UNIX, .socketpair = unix_socketpair,
	.bind = unix_bind, .connect = unix_stream_connect, .listen = unix_listen, .accept = unix_accept,
	.getname = unix_getname, .shutdown = unix_shutdown, .sendmsg = unix_seqpacket_sendmsg,
	.recvmsg = unix_seqpacket_recvmsg, .poll = unix_dgram_poll, .release = unix_release,
	.ioctl = unix_ioctl,
};

/* ---- /proc/net/unix ---- */

#define __SO_ACCEPTCON (1 << 16) /* a listening socket's flag (Linux include/linux/net.h) */
enum { SS_UNCONNECTED = 1, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING }; /* socket_state */

/* unix_seq_show: /proc/net/unix, one line per socket as Linux 6.1's unix_seq_show writes it (proc(5)): the
 * kernel address (0 here, as Linux shows it to whom kptr_restrict hides it), references, protocol 0, flags
 * (__SO_ACCEPTCON for a listener), type, state (SS_CONNECTED or SS_UNCONNECTED for an open socket,
 * SS_CONNECTING for a connection waiting to be accepted), the inode number fstat gives its file (0 for a
 * connection not accepted yet) and its name: a path, or '@' and an abstract name whose NULs show as '@'. */
int unix_seq_show(struct seq_buf *m, struct proc *unused)
{
	seq_printf(m, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	u64 f = spin_lock_irqsave(&sock_list_lock);
	struct list_head *pos;
	list_for_each(pos, &sock_list) {
		struct sock *s = list_entry(pos, struct sock, all_link);
		if (s->dead || s->ops->family != AF_UNIX)
			continue; /* released: gone from Linux's table; or not a unix socket */
		bool established = s->sk_state == TCP_ESTABLISHED;
		int st = s->file ? (established ? SS_CONNECTED : SS_UNCONNECTED)
				 : (established ? SS_CONNECTING : SS_DISCONNECTING);
		seq_printf(m, "%016x: %08X %08X %08X %04X %02X %5lu", 0, (u32)s->refcnt, 0,
			   s->sk_state == TCP_LISTEN ? __SO_ACCEPTCON : 0, s->sk_type, st,
			   (unsigned long)(s->file ? anon_inode_number(s->file) : 0));
		const struct unix_address *a = s->addr;
		if (a) {
			int len = a->len - (int)SUN_PATH_OFFSET;
			seq_printf(m, " ");
			if (a->name.sun_path[0]) {
				seq_printf(m, "%.*s", len, a->name.sun_path);
			} else {
				for (int i = 0; i < len; i++)
					seq_printf(m, "%c", i && a->name.sun_path[i] ? a->name.sun_path[i] : '@');
			}
		}
		seq_printf(m, "\n");
	}
	spin_unlock_irqrestore(&sock_list_lock, f);
	return 0;
}

/* unix_family_ops: socket(AF_UNIX, ...) makes its sockets with unix_create (Linux's unix_family_ops). */
const struct net_proto_family unix_family_ops = { .family = AF_UNIX, .create = unix_create };
