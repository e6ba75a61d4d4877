/* ipc/sock.h: sockets. ipclab has two address families: AF_UNIX (unix(7)), local sockets that move bytes, datagrams
 * and open files between processes; and a minimal AF_NETLINK (netlink(7)), whose sockets only receive what the
 * kernel sends them: the messages of mq_notify(SIGEV_THREAD) (ipc/mqueue.c). The files follow Linux's layout, so
 * each can be read beside its original:
 *   ipc/socket.c    the system calls (socket, bind, connect, sendmsg...) and the open file (Linux net/socket.c)
 *   ipc/sock.c      what every socket has: reference counts, the send budget, socket options (net/core/sock.c)
 *   ipc/skbuff.c    socket buffers, the queued pieces of data (net/core/skbuff.c)
 *   ipc/scm.c       control messages: passing files (SCM_RIGHTS) and credentials (net/core/scm.c)
 *   ipc/af_unix.c   the AF_UNIX protocol: names, connections, stream and datagram data (net/unix/af_unix.c)
 *   ipc/unix_gc.c   collecting sockets that only messages in flight keep open (net/unix/garbage.c)
 *   ipc/af_netlink.c the AF_NETLINK protocol: the kernel's datagrams to a process (net/netlink/af_netlink.c)
 * socket(2) finds the family's create in a table of struct net_proto_family (ipc/socket.c); each socket's
 * proto_ops then does the family's (and type's) part of every call.
 *
 * The model, as Linux's: each socket has a receive queue of sk_buffs. A sender allocates an sk_buff charged to
 * its own send budget (sk_wmem_alloc against SO_SNDBUF), copies the data in and appends it to the receiver's
 * queue; the receiver copies the data out and frees the sk_buff, which gives the budget back and wakes the
 * sender. A stream's receiver reads across sk_buffs (no boundaries); a datagram's takes one sk_buff per call.
 * A listening socket's queue holds one sk_buff per pending connection, whose sk is the new socket that accept
 * will return.
 *
 * Linux splits a socket into struct socket (the file's side), struct sock (the protocol-independent part) and
 * struct unix_sock or struct netlink_sock; ipclab keeps all of it in struct sock, with Linux's field names.
 *
 * Locking: each socket's lock (unix_state_lock) covers its state and its receive queue. Two sockets are locked
 * together only in a fixed order (a listener before the socket that connects to it; two datagram sockets by
 * address, unix_state_double_lock). An sk_buff is freed with no socket lock held, since freeing it takes its
 * sender's lock. Blocking is the kernel's one idiom (kernel/sched.h) on a socket's wait queues. */
#ifndef IPC_SOCK_H
#define IPC_SOCK_H
#include "kernel/file.h"
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/uio.h"

/* Address families, types and flags (Linux include/linux/socket.h, include/linux/net.h). */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_NETLINK 16
#define AF_MAX 46 /* NPROTO: families at or above it are EAFNOSUPPORT without a look */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_MAX 11
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC

/* send(2) and recv(2) flags. */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(2)'s how, and the directions a socket has shut (sk_shutdown). */
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3
#define SOL_SOCKET 1

/* Socket states, with the names Linux gives them (include/net/tcp_states.h; AF_UNIX uses three). */
enum { TCP_ESTABLISHED = 1, TCP_CLOSE = 7, TCP_LISTEN = 10 };

/* Defaults of Linux's sysctls, which Debian's kernel keeps. */
#define SK_WMEM_MAX 212992    /* net.core.wmem_default and wmem_max: SO_SNDBUF, bytes */
#define SK_RMEM_MAX 212992    /* net.core.rmem_default and rmem_max: SO_RCVBUF */
#define SOCK_MIN_SNDBUF 4608  /* the least SO_SNDBUF gives (Linux include/net/sock.h) */
#define SOCK_MIN_RCVBUF 2304
#define SOMAXCONN 4096        /* net.core.somaxconn: the largest listen backlog */
#define UNIX_MAX_DGRAM_QLEN 10 /* net.unix.max_dgram_qlen: datagrams a receiver's queue takes past which
                                 * senders that it is not connected to wait */
#define SKB_OVERHEAD 576      /* what an sk_buff costs its sender's budget beyond its data: Linux's struct
                                 * sk_buff and skb_shared_info (SKB_TRUESIZE) */

/* struct sockaddr_un: an AF_UNIX address (unix(7)). A path name is NUL-terminated within sun_path; an abstract
 * name starts with a NUL and is all of the address's length. */
#define UNIX_PATH_MAX 108
struct sockaddr_un {
	u16 sun_family;
	char sun_path[UNIX_PATH_MAX];
};
#define SUN_PATH_OFFSET 2 /* offsetof(struct sockaddr_un, sun_path): an address of this length names nothing */
#define SOCKADDR_STORAGE 128 /* sizeof(struct sockaddr_storage): the longest address the calls copy */

/* struct unix_address: a socket's name, len bytes of it, shared by a listener and the sockets its accept gives
 * (refcnt: how many). */
struct unix_address {
	int refcnt;
	int len;
	struct sockaddr_un name;
};

/* struct ucred: a process's credentials as SO_PEERCRED and SCM_CREDENTIALS give them (unix(7)). */
struct ucred {
	s32 pid;
	u32 uid, gid;
};

/* struct scm_fp_list: the open files of one SCM_RIGHTS message (a reference held on each), charged to user
 * uid's count of files in flight (Linux include/net/scm.h). */
#define SCM_MAX_FD 253
struct scm_fp_list {
	int count;
	u32 uid;
	struct scm_fp_list *next;   /* on the list of those being released (ipc/scm.c) */
	struct file *fp[SCM_MAX_FD];
};

/* struct scm_cookie: the control data of one message on its way: files and credentials (has_creds: creds is
 * set; a message sent with none carries pid 0, uid and gid 65534 to a receiver that asks). */
struct scm_cookie {
	struct scm_fp_list *fp;
	struct ucred creds;
	bool has_creds;
};

/* struct sk_buff: a piece of data in a receive queue (Linux include/linux/skbuff.h). len bytes, in data[] for a
 * small one, in pages[] beyond SKB_SMALL bytes; a stream's reader has taken `consumed` of them (UNIXCB(skb)
 * .consumed). sk: who sent it (a reference held): its address is a datagram's sender, and truesize bytes of its
 * send budget are held until the sk_buff is freed. In a listener's queue, sk is the new socket of a pending
 * connection. fp and creds: the control data that travels with it. */
struct sock;
struct sk_buff {
	struct list_head list;
	struct sock *sk;
	u32 len, consumed, truesize;
	struct scm_fp_list *fp;
	struct ucred creds;
	bool has_creds;
	u32 npages;
	void **pages;
	u8 data[];
};
#define SKB_SMALL 1024 /* data kept in the sk_buff itself up to this many bytes */

/* struct sk_buff_head: a queue of sk_buffs, oldest first, qlen of them. */
struct sk_buff_head {
	struct list_head head;
	u32 qlen;
};

/* struct msghdr: sendmsg's and recvmsg's message, in the kernel (Linux include/linux/socket.h).
 * msg_name: send: the destination (msg_namelen bytes; NULL: the peer); recv: where the sender's name is put
 * (msg_namelen set to its length, 0 when it has none). msg_iter: the data's user buffers.
 * msg_control: send: a kernel copy of the control data (msg_controllen bytes); recv: msg_control_user, the user's
 * buffer for it, of which msg_controllen bytes are left (put_cmsg advances both). msg_flags: send: the call's
 * flags with MSG_DONTWAIT for a non-blocking file; recv: what the receive found (MSG_TRUNC, MSG_CTRUNC).
 * msg_peer (send): the socket the data went to; msg_peer_id (recv): the id of the one it came from (0: none). */
struct msghdr {
	struct sockaddr_un *msg_name;
	int msg_namelen;
	struct iov_iter msg_iter;
	void *msg_control;
	u64 msg_control_user;
	size_t msg_controllen;
	unsigned msg_flags;
	struct sock *msg_peer;
	int msg_peer_id;
};

struct poll_table;
struct inode;

/* struct proto_ops: what each socket type does (Linux include/linux/net.h): unix_stream_ops, unix_dgram_ops,
 * unix_seqpacket_ops in ipc/af_unix.c, netlink_ops in ipc/af_netlink.c. Each returns 0 (or a count) or a
 * negative errno; the system calls in ipc/socket.c check descriptors and copy arguments first. family: the
 * address family (SO_DOMAIN). socketpair: connect two new sockets (NULL: the family has none, -EOPNOTSUPP, as
 * Linux's sock_no_socketpair). ioctl: the family's ioctl(2) requests on a socket, arg the user's pointer (NULL:
 * none, every request -ENOTTY, as Linux's netlink_ioctl). */
struct proto_ops {
	int family;
	int (*socketpair)(struct sock *a, struct sock *b);
	int (*bind)(struct sock *sk, struct sockaddr_un *addr, int len);
	int (*connect)(struct sock *sk, struct sockaddr_un *addr, int len, int flags);
	int (*listen)(struct sock *sk, int backlog);
	int (*accept)(struct sock *sk, int flags, struct sock **newsk);
	int (*getname)(struct sock *sk, struct sockaddr_un *addr, bool peer);
	int (*shutdown)(struct sock *sk, int how);
	long (*sendmsg)(struct sock *sk, struct msghdr *msg, size_t len);
	long (*recvmsg)(struct sock *sk, struct msghdr *msg, size_t len, int flags);
	u32 (*poll)(struct sock *sk, struct poll_table *pt);
	void (*release)(struct sock *sk);
	long (*ioctl)(struct sock *sk, unsigned cmd, u64 arg);
};

/* struct sock: one socket (Linux's struct socket, struct sock and struct unix_sock in one). Everything that
 * changes is under lock, except refcnt (atomic) and what only its own file's calls touch (the options). */
struct sock {
	spinlock_t lock;
	u64 lock_flags;                 /* the DAIF unix_state_lock saved */
	int refcnt;                     /* sock_hold/sock_put: its file, its peer's pointer, its sk_buffs, lookups */
	int id;                         /* unique while the system runs: the trace's name for it */
	u16 sk_type;                    /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET (SOCK_RAW: netlink) */
	u16 sk_protocol;                /* socket(2)'s protocol as the family keeps it (SO_PROTOCOL): 0 for AF_UNIX */
	u8 sk_state;                    /* TCP_CLOSE (unconnected), TCP_LISTEN, TCP_ESTABLISHED (connected) */
	u8 sk_shutdown;                 /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool dead;                      /* SOCK_DEAD: released; nothing is queued to it any more */
	bool passcred;                  /* SO_PASSCRED: receive SCM_CREDENTIALS */
	int sk_err;                     /* an error to report once (ECONNRESET): sock_error takes it */
	const struct proto_ops *ops;
	void (*sk_destruct)(struct sock *sk); /* frees what the family keeps when the last reference goes, or NULL */
	struct file *file;              /* its open file; NULL for a connection not yet accepted, and once released */
	struct sk_buff_head sk_receive_queue;
	u32 sk_max_ack_backlog;         /* a listener's backlog; a datagram socket's UNIX_MAX_DGRAM_QLEN */
	int sk_sndbuf, sk_rcvbuf;       /* SO_SNDBUF, SO_RCVBUF: bytes */
	int sk_wmem_alloc;              /* bytes of its send budget its queued sk_buffs hold (truesize) */
	u64 sk_rcvtimeo, sk_sndtimeo;   /* SO_RCVTIMEO, SO_SNDTIMEO: ns; MAX_SCHEDULE_TIMEOUT: no limit */
	int sk_rcvlowat;                /* SO_RCVLOWAT: bytes a stream receive waits for (1) */
	struct ucred sk_peer_cred;      /* SO_PEERCRED: who is at the other end (pid 0, uid and gid -1: nobody) */
	struct wait_queue rcv_wait;     /* receivers, and accept, waiting for data or a connection */
	struct wait_queue snd_wait;     /* senders waiting for room in their budget or in a receiver's queue */
	struct wait_queue peer_wait;    /* connect waiting for room in this listener's backlog */
	/* AF_UNIX */
	struct sock *peer;              /* unix_peer: the socket it is connected to (a reference held), or NULL */
	struct unix_address *addr;      /* its name (a reference held), or NULL while unbound */
	struct inode *path;             /* a path name's socket inode (a reference held), or NULL */
	struct list_head bind_link;     /* on the list of named sockets while it has a name */
	struct sock *listener;          /* a connection not yet accepted: the listener it waits in (not held) */
	struct sock *peer_wake;         /* a datagram sender waiting for room in peer_wake's queue (not held) */
	struct list_head peer_wake_link;/* on peer_wake's peer_wakers */
	struct list_head peer_wakers;   /* the senders waiting for room in this socket's queue */
	/* AF_NETLINK */
	u32 portid;                     /* its port id once bound (nl_pid), 0 before */
	u32 dst_portid;                 /* connect(2)'s destination port id (0: the kernel) */
	/* the garbage collector (ipc/unix_gc.c) */
	struct list_head all_link;      /* on the list of every socket (sock_list: /proc/net/unix) */
	long inflight;                  /* how many times its file is in SCM_RIGHTS messages in flight */
	struct list_head gc_link;       /* on gc_inflight_list while inflight > 0 */
	u8 gc_flags;
};

/* unix_state_lock / unix_state_unlock: take and release sk's lock (Linux's names). */
static inline void unix_state_lock(struct sock *sk) { sk->lock_flags = spin_lock_irqsave(&sk->lock); }
static inline void unix_state_unlock(struct sock *sk) { spin_unlock_irqrestore(&sk->lock, sk->lock_flags); }

/* How long a call may wait, as Linux counts it (sock_rcvtimeo): MAX_SCHEDULE_TIMEOUT without limit, 0 not at
 * all (a non-blocking call), else ns. */
#define MAX_SCHEDULE_TIMEOUT UINT64_MAX
static inline u64 sock_rcvtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_rcvtimeo; }
static inline u64 sock_sndtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_sndtimeo; }

/* ---- ipc/sock.c ---- */
/* sk_alloc: a new socket of type with ops, one reference, the default budget and options; NULL when out of
 * memory. */
struct sock *sk_alloc(int type, const struct proto_ops *ops);
/* sock_hold / sock_put: take / drop a reference; the last put frees sk (its queue and name go with it). */
struct sock *sock_hold(struct sock *sk);
void sock_put(struct sock *sk);
/* socks_live: sockets that exist (for the leak report at halt). */
int socks_live(void);
/* sock_list, sock_list_lock: every socket that exists, on all_link, oldest first; the lock guards the list only
 * (a leaf: taken with no socket's lock held, none taken under it). */
extern struct list_head sock_list;
extern spinlock_t sock_list_lock;
/* sock_error: take sk's pending error: -errno, or 0. Caller holds sk's lock. */
int sock_error(struct sock *sk);
/* sock_deadline: when a wait of timeo ends, for sleep_on_timeout (0: never, or it does not wait). */
u64 sock_deadline(u64 timeo);
/* sk_wait: the sleep of the blocking idiom on sk's calls: sleep on wq, releasing sk's lock (held), until woken (0:
 * test the condition again), -EAGAIN when timeo is 0 or the deadline of the wait passed, or a signal
 * (sock_intr_errno). */
int sk_wait(struct sock *sk, struct wait_queue *wq, u64 timeo, u64 deadline);
/* sock_intr_errno: what a wait interrupted by a signal returns: -ERESTARTSYS without a timeout (restarted after a
 * SA_RESTART handler), -EINTR with one (Linux's sock_intr_errno; socket(7) SO_RCVTIMEO). */
int sock_intr_errno(u64 timeo);
/* sock_alloc_send_skb: an sk_buff for size bytes charged to sk's send budget, waiting while the budget is used
 * up (sk_wmem_alloc >= sk_sndbuf) unless nonblock (Linux's sock_alloc_send_pskb). NULL with *err: a pending
 * error, -EPIPE once sk shut down sending, -EAGAIN (nonblock, or SO_SNDTIMEO passed), -ERESTARTSYS/-EINTR,
 * -ENOBUFS when out of memory. */
struct sk_buff *sock_alloc_send_skb(struct sock *sk, size_t size, bool nonblock, int *err);
/* unix_writable: a writer waiting for budget may go on: a quarter of it is free, and sk does not listen (Linux's
 * unix_writable, which poll's POLLOUT is). Caller holds sk's lock. */
bool unix_writable(const struct sock *sk);
/* sock_wfree: skb's data was consumed: give its truesize back to its sender's budget, waking the sender's waiting
 * writers once a quarter of the budget is free (unix_write_space). Called by kfree_skb. */
void sock_wfree(struct sk_buff *skb);
/* sock_setsockopt / sock_getsockopt: SOL_SOCKET options of sk (socket(7), unix(7)), optval/optlen user
 * addresses. See ipc/sock.c for each. */
int sock_setsockopt(struct sock *sk, int optname, u64 optval, int optlen);
int sock_getsockopt(struct sock *sk, int optname, u64 optval, u64 optlen);
/* init_peercred: sk's SO_PEERCRED becomes the current process's pid, euid and egid. */
void init_peercred(struct sock *sk);
/* sk_wake_all: wake everyone waiting on sk (its state changed: a shutdown, a close). */
void sk_wake_all(struct sock *sk);

/* ---- ipc/skbuff.c ---- */
/* alloc_skb: an sk_buff with room for size bytes (len 0, no sender); NULL when out of memory. */
struct sk_buff *alloc_skb(size_t size);
/* kfree_skb: release skb's control data (files in flight are closed), give its budget back to its sender and
 * free it. Call with no socket lock held. */
void kfree_skb(struct sk_buff *skb);
/* skb_copy_datagram_from_iter / skb_copy_datagram_iter: n bytes at offset off of skb's data from / to the user's
 * buffers. 0 or -EFAULT. */
int skb_copy_datagram_from_iter(struct sk_buff *skb, size_t off, struct iov_iter *from, size_t n);
int skb_copy_datagram_iter(const struct sk_buff *skb, size_t off, struct iov_iter *to, size_t n);
/* skb_copy_bits: n bytes at offset off of skb's data into kernel buf (the trace's preview). */
void skb_copy_bits(const struct sk_buff *skb, size_t off, void *buf, size_t n);
/* Queues (caller holds the owning socket's lock). */
void skb_queue_head_init(struct sk_buff_head *q);
void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *skb_peek(const struct sk_buff_head *q);     /* the oldest, or NULL */
struct sk_buff *skb_peek_next(const struct sk_buff *skb, const struct sk_buff_head *q); /* the next, or NULL */
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q);
struct sk_buff *skb_dequeue(struct sk_buff_head *q);        /* unlink the oldest, or NULL */
/* skb_queue_splice_init: move every sk_buff of q to the end of list (emptying q). */
void skb_queue_splice_init(struct sk_buff_head *q, struct sk_buff_head *list);
/* skb_queue_purge: free every sk_buff of q (q's owner unlocked: the caller took them off first, or nobody else
 * can reach q). */
void skb_queue_purge(struct sk_buff_head *q);

/* ---- ipc/scm.c ---- */
/* scm_send: read msg's control messages into scm (Linux's __scm_send): SCM_RIGHTS (files, a reference taken on
 * each), SCM_CREDENTIALS (checked: scm_check_creds). -EINVAL for a malformed or unknown one or more than
 * SCM_MAX_FD files, -EBADF for a descriptor that is not open, -EPERM for credentials the caller may not claim,
 * -ESRCH for a pid that does not exist. On error nothing is held. */
int scm_send(struct msghdr *msg, struct scm_cookie *scm);
/* scm_destroy: drop what scm still holds. */
void scm_destroy(struct scm_cookie *scm);
/* scm_recv: deliver scm to the receiver's control buffer (Linux's scm_recv): SCM_CREDENTIALS when sk has
 * SO_PASSCRED, then SCM_RIGHTS with the files installed as new descriptors (MSG_CMSG_CLOEXEC in flags: with
 * FD_CLOEXEC); MSG_CTRUNC in msg_flags for what did not fit, whose files are closed. A control buffer the
 * kernel cannot write loses what was for it, and the receive still succeeds, as in Linux. */
void scm_recv(struct sock *sk, struct msghdr *msg, struct scm_cookie *scm, int flags);
/* put_cmsg: append one control message (level, type, len bytes of data) to msg's user buffer, cut with
 * MSG_CTRUNC when it does not fit. 0 or -EFAULT. */
int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data);
/* scm_fp_dup: another reference on each file of fpl, in a new list; NULL when out of memory. */
struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl);
/* scm_fp_release: drop the references fpl holds and free it. Files released by it may release sockets whose
 * queues hold more lists: those are released in turn, in a loop, not by recursion. */
void scm_fp_release(struct scm_fp_list *fpl);
/* sock_from_file: the socket f is, or NULL when f is not a socket. */
struct sock *sock_from_file(const struct file *f);

/* ---- ipc/af_unix.c ---- */
/* unix_create: a new AF_UNIX socket of type (SOCK_RAW means SOCK_DGRAM) and protocol (0 or AF_UNIX): 0 with
 * *out, -EPROTONOSUPPORT, -ESOCKTNOSUPPORT, -ENOMEM. */
int unix_create(int type, int protocol, struct sock **out);
/* unix_socketpair: connect two new sockets to each other (socketpair(2)); 0. */
int unix_socketpair(struct sock *a, struct sock *b);
/* unix_sock_destructor: sk's last reference went: free what its queue and name hold (sock_put calls it). */
void unix_sock_destructor(struct sock *sk);
extern const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

/* struct net_proto_family: an address family socket(2) can make sockets of (Linux include/linux/net.h): create
 * makes one of type and protocol: 0 with *out, or -errno (-EPROTONOSUPPORT, -ESOCKTNOSUPPORT, -ENOMEM). */
struct net_proto_family {
	int family;
	int (*create)(int type, int protocol, struct sock **out);
};
extern const struct net_proto_family unix_family_ops, netlink_family_ops;

/* ---- ipc/af_netlink.c ---- */
#define NETLINK_ROUTE 0
#define MAX_LINKS 32 /* netlink protocols are 0..MAX_LINKS-1 */
/* struct sockaddr_nl: a netlink address (netlink(7)): nl_pid the port id (0: the kernel), nl_groups a bit mask
 * of multicast groups. 12 bytes. */
struct sockaddr_nl {
	u16 nl_family;
	u16 nl_pad;
	u32 nl_pid;
	u32 nl_groups;
};
/* netlink_getsockbyfilp: the netlink socket f is, with a reference held (Linux's netlink_getsockbyfilp): -ENOTSOCK
 * in *err for a file that is not a socket, -EINVAL for a socket of another family; NULL then. */
struct sock *netlink_getsockbyfilp(struct file *f, int *err);
/* netlink_sendskb: queue skb (its len bytes of data) on netlink socket sk for its receivers and wake them (Linux's
 * netlink_sendskb); a socket already released frees it. The caller's reference on sk is not touched. Any lock may
 * be held but sk's. */
void netlink_sendskb(struct sock *sk, struct sk_buff *skb);

/* ---- ipc/unix_gc.c ---- */
/* unix_inflight / unix_notinflight: file f enters / leaves a message in flight, charged to user uid. */
void unix_inflight(u32 uid, struct file *f);
void unix_notinflight(u32 uid, struct file *f);
/* too_many_unix_fds: the caller has more files in flight than its RLIMIT_NOFILE and no privilege
 * (ETOOMANYREFS). */
bool too_many_unix_fds(void);
/* unix_gc: free the sockets that only messages in flight keep open (cycles of sockets sent over themselves). */
void unix_gc(void);
/* unix_inflight_files: files in flight now (the halt report's count). */
long unix_inflight_files(void);
#endif
