/* ipc/mqueue.h: POSIX message queues (mq_overview(7)), after Linux's ipc/mqueue.c: ipc/mqueue.c has the system
 * calls and the mqueue filesystem in which each queue is a file; ipc/mqueue_core.c the order of the messages and
 * the hand-offs to waiting senders and receivers. A message is a struct msg_msg of ipc/msgutil.c (the System V
 * queues' own), its m_type holding the priority, as Linux does.
 *
 * A queue holds at most attr.mq_maxmsg messages of at most attr.mq_msgsize bytes each, both fixed when it is
 * created. They leave in priority order, the highest first, and in arrival order within one priority
 * (mq_send(3)). A sender that finds the queue full sleeps as a struct ext_wait_queue holding its message; a
 * receiver that takes a message from a full queue moves the first such sender's message into the queue and
 * completes its wait (mq_pipelined_receive). A receiver that finds the queue empty sleeps likewise; a sender hands
 * its message straight to the first one (mq_pipelined_send) without queueing it. So a woken sleeper finds its
 * operation done, and nobody can take the room or the message it was woken for.
 *
 * Locking: each queue's lock (info->lock) guards its messages, waiters, attributes and notification. A queue lives
 * as long as its inode: while it has a name or is open, so a sleeper (which holds an open file) never sees it
 * freed. Lock order: fs_lock before a queue's lock; the signal of a notification is sent holding only the
 * queue's lock (kernel/signal.c takes its own locks after it). */
#ifndef IPC_MQUEUE_H
#define IPC_MQUEUE_H
#include "ipc/msg.h"
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

/* Limits and defaults (Linux include/linux/ipc_namespace.h, include/uapi/linux/mqueue.h; mq_overview(7)
 * "/proc interfaces"). msg_max, msgsize_max, msg_default, msgsize_default and queues_max can be changed in
 * /proc/sys/fs/mqueue within the MIN and HARD bounds. */
#define MQ_PRIO_MAX 32768               /* priorities are 0..MQ_PRIO_MAX - 1 */
#define DFLT_QUEUESMAX 256              /* queues that may exist (a privileged caller may make more) */
#define MIN_MSGMAX 1
#define DFLT_MSG 10                     /* mq_maxmsg of a queue created without attributes */
#define DFLT_MSGMAX 10                  /* the largest mq_maxmsg an unprivileged caller may ask for */
#define HARD_MSGMAX 65536               /* ... and a privileged one (CAP_SYS_RESOURCE) */
#define MIN_MSGSIZEMAX 128
#define DFLT_MSGSIZE 8192               /* bytes: mq_msgsize of a queue created without attributes */
#define DFLT_MSGSIZEMAX 8192
#define HARD_MSGSIZEMAX (16 * 1024 * 1024)

/* sigevent's notify methods (Linux include/uapi/asm-generic/siginfo.h). */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2

/* struct mq_attr: the user's view of a queue (mq_getattr(3)), Linux arm64's layout: longs. */
struct mq_attr {
	long mq_flags;   /* 0 or O_NONBLOCK: the open file's */
	long mq_maxmsg;  /* messages the queue holds at most */
	long mq_msgsize; /* bytes a message holds at most */
	long mq_curmsgs; /* messages in the queue now */
	long __reserved[4];
};

/* struct sigevent_k: what mq_notify registers (Linux's struct sigevent, 64 bytes on arm64): how to notify, the
 * signal, and the value the signal's siginfo carries (si_value). */
struct sigevent_k {
	u64 sigev_value;
	int sigev_signo;
	int sigev_notify;
	int sigev_notify_thread_id;
	int pad[11];
};

/* struct ext_wait_queue: a sleeping mq_timedsend (with its message, msg) or mq_timedreceive (msg NULL until a
 * sender hands it one) on one of a queue's e_wait_q lists (Linux's struct ext_wait_queue). done completes with 0
 * once the operation is done: the sender's message is in the queue, or the receiver has msg. */
struct ext_wait_queue {
	struct list_head list;
	int pid;
	struct msg_msg *msg;
	struct completion done;
};

enum { SEND = 0, RECV = 1 }; /* e_wait_q[SEND]: senders waiting for room; e_wait_q[RECV]: receivers waiting for a
                              * message */

/* struct mqueue_inode_info: one queue (Linux's struct mqueue_inode_info), the i_private of its inode in the mqueue
 * filesystem. messages: struct msg_msg by m_list, highest priority first, FIFO within a priority; attr.mq_curmsgs
 * counts them and qsize their bytes. notify_owner: the pid that registered a notification with mq_notify (0:
 * none), to be told as notify says when a message arrives in the empty queue while no receiver waits; for
 * SIGEV_THREAD, notify_sock is the netlink socket (a reference held) and notify_cookie the sk_buff of the 32-byte
 * cookie the kernel will send it (Linux's names). user and
 * mq_bytes: the real uid whose RLIMIT_MSGQUEUE was charged, and how much. wait_q: where poll waits. name: the
 * queue's name without its '/', for the trace. */
struct sock;
struct sk_buff;
struct mqueue_inode_info {
	spinlock_t lock;
	struct inode *inode;
	struct list_head messages;
	struct mq_attr attr;
	u64 qsize;
	int notify_owner;                /* the registered process (its tgid, getpid), 0: none */
	struct sigevent_k notify;
	struct sock *notify_sock;        /* SIGEV_THREAD: where the cookie goes, or NULL */
	struct sk_buff *notify_cookie;   /* SIGEV_THREAD: the cookie, or NULL */
	u32 user;
	u64 mq_bytes;
	struct list_head e_wait_q[2];
	struct wait_queue wait_q;
	char *name;
};

/* The queue's predicates, used by send, receive and poll alike. */
static inline bool mq_full(const struct mqueue_inode_info *info)
{
	return info->attr.mq_curmsgs >= info->attr.mq_maxmsg;
}
static inline bool mq_empty(const struct mqueue_inode_info *info) { return info->attr.mq_curmsgs == 0; }

/* --- ipc/mqueue_core.c: kernel-independent but for lists and complete(); also built on the host, where
 * tests/unit/test_mqueue_core.c checks it. All with info->lock held. --- */
/* msg_insert: put msg (its m_type the priority) into info after every message of its priority or higher;
 * mq_curmsgs and qsize grow. The caller checked that there is room. */
void msg_insert(struct msg_msg *msg, struct mqueue_inode_info *info);
/* msg_get: take the message to receive next (the oldest of the highest priority) out of info, or NULL when empty. */
struct msg_msg *msg_get(struct mqueue_inode_info *info);
/* wq_get_first_waiter: the waiter of e_wait_q[sr] to serve first (the one that waited longest), or NULL. */
struct ext_wait_queue *wq_get_first_waiter(struct mqueue_inode_info *info, int sr);
/* mq_pipelined_send: hand msg straight to the waiting receiver (off its list, msg in receiver->msg, its wait
 * completed with 0), without queueing it (Linux's pipelined_send). */
void mq_pipelined_send(struct mqueue_inode_info *info, struct msg_msg *msg, struct ext_wait_queue *receiver);
/* mq_pipelined_receive: a message was just taken out of info: the first waiting sender's message goes into the room it
 * left and the sender's wait completes with 0. Returns false when no sender waits (then the caller wakes the
 * pollers), true otherwise. */
bool mq_pipelined_receive(struct mqueue_inode_info *info);

/* --- ipc/mqueue.c --- */
/* mq_init: make the mqueue filesystem's instance (boot: before the leak counts start). Panics when out of memory. */
void mq_init(void);
/* mq_queues_live: queues that exist (with a name, or open after mq_unlink), for the leak report at halt. */
int mq_queues_live(void);
/* The mqueue filesystem (mount -t mqueue none /dev/mqueue: every mount shows the same queues). */
struct file_system_type;
extern const struct file_system_type mqueue_fs_type;
#endif
