/* ipc/msg.h: System V message queues (ipc/msg.c: the system calls; ipc/msg_core.c: which message a receive
 * takes and the hand-off to a waiting receiver; ipc/msgutil.c: messages in and out of user memory), after
 * Linux's ipc/msg.c, ipc/msgutil.c and include/uapi/linux/msg.h.
 *
 * A queue keeps its messages in arrival order (q_messages) and counts them (q_qnum) and their bytes (q_cbytes)
 * against the limit q_qbytes (MSGMNB, 16384, by default). A sender that does not fit sleeps on q_senders and
 * tries again when room is made. A receiver that finds no matching message queues a struct msg_receiver saying
 * what it wants; a sender hands a matching message straight to the first such receiver (pipelined_send)
 * without queueing it, completing the receiver's wait. */
#ifndef IPC_MSG_H
#define IPC_MSG_H
#include "ipc/util.h"
#include "kernel/list.h"
#include "kernel/sched.h"

/* Limits: Linux 6.1's defaults (include/uapi/linux/msg.h). */
#define MSGMNI 32000
#define MSGMAX 8192  /* the largest message, bytes */
#define MSGMNB 16384 /* a queue's default q_qbytes, bytes */
#define MSGPOOL (MSGMNI * MSGMNB / 1024)
#define MSGTQL MSGMNB
#define MSGMAP MSGMNB
#define MSGSSZ 16
#define MSGSEG 0xffff

/* msgrcv flags (msgrcv(2)) */
#define MSG_NOERROR 010000
#define MSG_EXCEPT 020000
#define MSG_COPY 040000

/* How a receive selects (msgrcv(2)'s msgtyp; convert_mode makes one of these). */
enum msg_search { SEARCH_ANY = 1, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

/* struct msg_msg: one message: type, size in bytes (m_ts) and text (ipc/msgutil.c makes and frees them). */
struct msg_msg {
	struct list_head m_list;
	long m_type;
	size_t m_ts;
	char *text;
};

/* struct msg_queue: a queue. q_senders: struct msg_sender, senders waiting for room; q_receivers: struct
 * msg_receiver, receivers waiting for a message; both in arrival order. */
struct msg_queue {
	struct kern_ipc_perm q_perm; /* first: ipc/util.c handles it */
	s64 q_stime, q_rtime, q_ctime;
	u64 q_cbytes, q_qnum, q_qbytes;
	int q_lspid, q_lrpid;
	struct list_head q_messages;
	struct list_head q_receivers;
	struct list_head q_senders;
};

/* struct msg_sender: a sleeping msgsnd whose message of msgsz bytes does not fit (Linux's msg_sender). Woken
 * when a receive makes room for it (or the queue is removed or changed), it looks again. */
struct msg_sender {
	struct list_head list;
	int pid;
	size_t msgsz;
	struct wait_queue wait;
};

/* struct msg_receiver: a sleeping msgrcv: what it wants (r_msgtype and r_mode, as convert_mode made them), how
 * much it can take (r_maxsize, bytes), and the hand-off: r_done completes with 0 when r_msg is the message
 * handed to it, or with -E2BIG (a matching message too long for it), -EIDRM (queue removed), -EAGAIN (IPC_SET
 * changed the queue: look again). */
struct msg_receiver {
	struct list_head r_list;
	int pid;
	long r_msgtype;
	int r_mode;
	size_t r_maxsize;
	struct msg_msg *r_msg;
	struct completion r_done;
};

/* convert_mode: msgrcv's msgtyp and msgflg as a search mode; msgtyp < 0 becomes |msgtyp|. (ipc/msg_core.c) */
int convert_mode(long *msgtyp, int msgflg);
/* testmsg: does msg match type under mode? (ipc/msg_core.c) */
bool testmsg(const struct msg_msg *msg, long type, int mode);
/* find_msg: the message a msgrcv with msgtyp and mode takes from msq, or NULL (Linux find_msg): the first that
 * matches; for SEARCH_LESSEQUAL the first of the lowest type; for SEARCH_NUMBER (MSG_COPY) the msgtyp'th.
 * (ipc/msg_core.c) */
struct msg_msg *find_msg(struct msg_queue *msq, long msgtyp, int mode);
/* pipelined_send: hand msg to the first waiting receiver that wants it and completes its wait (true: msg is
 * the receiver's now, not queued), completing those on the way whose buffer is too small with -E2BIG (Linux
 * pipelined_send). false: nobody took it. (ipc/msg_core.c) */
bool pipelined_send(struct msg_queue *msq, struct msg_msg *msg);

/* load_msg: a new message of len bytes copied from user address src (mtype left 0). ERR_PTR(-ENOMEM),
 * ERR_PTR(-EFAULT). store_msg: copy len bytes of msg's text to user address dest: 0 or -EFAULT. copy_msg: a
 * copy of src (MSG_COPY) or ERR_PTR(-ENOMEM). free_msg: free msg (NULL is fine). (ipc/msgutil.c, as Linux's) */
struct msg_msg *load_msg(u64 src, size_t len);
int store_msg(u64 dest, const struct msg_msg *msg, size_t len);
struct msg_msg *copy_msg(const struct msg_msg *src);
void free_msg(struct msg_msg *msg);
#endif
