/* msgqueue lab skeleton of ipc/msg.c (reference blob 421be396a972ed47884d01b3b9fa8b8d72c0a6b8), made by
 * scripts/lab-skeleton: the bodies of testmsg, find_msg, pipelined_send are TODO blocks for you to write;
 * everything else is the reference kernel's. Build and grade it with `make grade LAB=msgqueue IMPL=student`. */
/* ipc/msg.c: System V message queues, msgget(2), msgsnd(2), msgrcv(2), msgctl(2), after Linux's ipc/msg.c.
 *
 * A queue keeps its messages in arrival order (q_messages) and counts them (q_qnum) and their bytes
 * (q_cbytes) against the limit q_qbytes (MSGMNB, 16384, by default): a message fits when
 * q_cbytes + size <= q_qbytes and q_qnum + 1 <= q_qbytes. A sender that does not fit sleeps on q_senders and
 * tries again when room is made. A receiver that finds no matching message queues a struct msg_receiver
 * saying what it wants; a sender hands a matching message straight to the first such receiver (Linux's
 * pipelined_send) without queueing it, or gives it E2BIG when its buffer is too small (the message then
 * goes on). IPC_RMID wakes everyone with EIDRM.
 *
 * msgrcv's msgtyp (msgrcv(2)): 0: the first message; > 0: the first of that type (with MSG_EXCEPT: the first
 * not of it); < 0: the first of the lowest type <= |msgtyp|. */
#include "ipc/sysv.h"
#include "ipc/util.h"
#include "kernel/errno.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"

/* Limits: Linux 6.1's defaults (include/uapi/linux/msg.h). */
#define MSGMNI 32000
#define MSGMAX 8192
#define MSGMNB 16384
#define MSGPOOL (MSGMNI * MSGMNB / 1024)
#define MSGTQL MSGMNB
#define MSGMAP MSGMNB
#define MSGSSZ 16
#define MSGSEG 0xffff

/* msgrcv flags and msgctl commands */
#define MSG_NOERROR 010000
#define MSG_EXCEPT 020000
#define MSG_COPY 040000
#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13

#define TRACE_MSGS_MAX 32   /* messages listed in a trace event's "msgs" */
#define TRACE_PREVIEW 16    /* bytes of each message's text shown there */

enum { SEARCH_ANY = 1, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

/* struct msqid64_ds: IPC_STAT's answer (Linux arm64, asm-generic/msgbuf.h). */
struct msqid64_ds {
	struct ipc64_perm msg_perm;
	s64 msg_stime, msg_rtime, msg_ctime;
	u64 msg_cbytes, msg_qnum, msg_qbytes;
	int msg_lspid, msg_lrpid;
	u64 __unused4, __unused5;
};

/* struct msginfo: IPC_INFO/MSG_INFO's answer. */
struct msginfo {
	int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	u16 msgseg;
};

/* struct msg_msg: one message: type, size (m_ts) and text. */
struct msg_msg {
	struct list_head m_list;
	long m_type;
	size_t m_ts;
	char *text;
};

/* struct msg_queue: a queue. q_senders: senders waiting for room. q_receivers: struct msg_receiver. */
struct msg_queue {
	struct kern_ipc_perm q_perm; /* first: ipc/util.c handles it */
	s64 q_stime, q_rtime, q_ctime;
	u64 q_cbytes, q_qnum, q_qbytes;
	int q_lspid, q_lrpid;
	struct list_head q_messages;
	struct list_head q_receivers;
	struct wait_queue q_senders;
};

/* struct msg_receiver: a sleeping msgrcv. r_msg: the message handed to it; r_err: 0 while waiting, else
 * E2BIG/EIDRM/EAGAIN (look again). */
struct msg_receiver {
	struct list_head r_list;
	int pid;
	long r_msgtype;
	int r_mode;
	size_t r_maxsize;
	struct msg_msg *r_msg;
	int r_err;
	struct wait_queue wq;
};

static struct ipc_ids msg_ids = IPC_IDS_INIT("msg");
static int msg_hdrs, msg_bytes; /* messages and bytes in all queues (MSG_INFO) */

int msg_queues_live(void) { return msg_ids.in_use; }

static struct msg_queue *msq_obtain(int id) { return (struct msg_queue *)ipc_obtain_check(&msg_ids, id); }

static void free_msg(struct msg_msg *m)
{
	if (!m)
		return;
	ipc_free(m->text, m->m_ts ? m->m_ts : 1);
	kfree(m);
}

/* ---- trace ---- */

static void trace_state(struct jw *w, struct msg_queue *msq)
{
	jw_uint(w, "qnum", msq->q_qnum);
	jw_uint(w, "cbytes", msq->q_cbytes);
	jw_uint(w, "qbytes", msq->q_qbytes);
	jw_arr_begin(w, "msgs");
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &msq->q_messages) {
		if (n++ == TRACE_MSGS_MAX)
			break;
		struct msg_msg *m = list_entry(pos, struct msg_msg, m_list);
		jw_arr_begin(w, NULL);
		jw_int(w, NULL, m->m_type);
		jw_uint(w, NULL, m->m_ts);
		jw_bytes(w, NULL, m->text, MIN(m->m_ts, TRACE_PREVIEW), TRACE_PREVIEW);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	if (msq->q_qnum > TRACE_MSGS_MAX)
		jw_uint(w, "more", msq->q_qnum - TRACE_MSGS_MAX);
}

static void trace_pids(struct jw *w, const char *key, int *pids, int n)
{
	jw_arr_begin(w, key);
	for (int i = 0; i < n; i++)
		jw_int(w, NULL, pids[i]);
	jw_arr_end(w);
}

/* trace_msg: msg.send / msg.recv: the message (or the failure err), the queue after. */
static void trace_msg(const char *type, int msqid, struct msg_queue *msq, long mtype, size_t size,
		      const char *text, long err)
{
	if (!msq)
		return; /* removed while waiting (EIDRM): msg.rmid listed the pid already */
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msqid);
	if (!err) {
		jw_int(w, "mtype", mtype);
		jw_uint(w, "size", size);
		jw_bytes(w, "text", text, size, TRACE_DATA_MAX);
	} else {
		jw_str(w, "err", errno_name(err == -ERESTARTNOHAND ? EINTR : (int)-err));
	}
	trace_state(w, msq);
	trace_end(w);
}

static void trace_wake(struct msg_queue *msq, const char *op, int *pids, int n)
{
	if (!n)
		return;
	struct jw *w = trace_begin("msg.wake", current->pid);
	if (w) {
		jw_int(w, "msqid", msq->q_perm.id);
		jw_str(w, "op", op);
		trace_pids(w, "woken", pids, n);
		trace_state(w, msq);
		trace_end(w);
	}
}

/* ---- wake-ups ---- */

static bool msg_fits_inqueue(struct msg_queue *msq, size_t msgsz)
{
	return msgsz + msq->q_cbytes <= msq->q_qbytes && 1 + msq->q_qnum <= msq->q_qbytes;
}

/* ss_wakeup: wake every waiting sender (they look again). */
static void ss_wakeup(struct msg_queue *msq)
{
	int pids[64];
	int n = wake_up(&msq->q_senders, pids, 64);
	trace_wake(msq, "send", pids, MIN(n, 64));
}

/* expunge_all: every waiting receiver leaves with err (EIDRM, or EAGAIN: look again). */
static void expunge_all(struct msg_queue *msq, int err)
{
	int pids[64], n = 0;
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &msq->q_receivers) {
		struct msg_receiver *r = list_entry(pos, struct msg_receiver, r_list);
		list_del(&r->r_list);
		r->r_err = err;
		if (n < 64)
			pids[n++] = r->pid;
		wake_up(&r->wq, NULL, 0);
	}
	trace_wake(msq, "recv", pids, n);
}

static bool testmsg(struct msg_msg *msg, long type, int mode)
{
	/* TODO(msgqueue lab): does message msg match what a receiver asked for (type, in search mode `mode`)?
	 *
	 * The modes (convert_mode above made them from msgrcv's msgtyp and flags; msgrcv(2)):
	 *   SEARCH_ANY        msgtyp 0: any message;
	 *   SEARCH_EQUAL      msgtyp > 0: a message of exactly that type;
	 *   SEARCH_NOTEQUAL   msgtyp > 0 with MSG_EXCEPT: a message of any other type;
	 *   SEARCH_LESSEQUAL  msgtyp < 0: a message whose type is <= |msgtyp| (type is already |msgtyp| here);
	 *   SEARCH_NUMBER     MSG_COPY: every message matches (find_msg counts them).
	 * find_msg and pipelined_send both ask this question. */
	return false;
}

/* pipelined_send: hand msg to the first waiting receiver that wants it (true), giving E2BIG on the way to
 * those whose buffer is too small (Linux pipelined_send). */
static bool pipelined_send(struct msg_queue *msq, struct msg_msg *msg)
{
	/* TODO(msgqueue lab): a sender is about to queue msg: if a receiver is already asleep waiting for such a
	 * message, hand it over directly instead (return true: the caller does not queue it); else return false.
	 *
	 * The rules (Linux's pipelined_send; struct msg_receiver above): walk msq->q_receivers in arrival order
	 * (list_for_each_safe, list_entry(pos, struct msg_receiver, r_list)); skip receivers for which
	 * testmsg(msg, r->r_msgtype, r->r_mode) is false. For the first one that wants it:
	 *  - take it off the list (list_del(&r->r_list));
	 *  - if its buffer is too small (r->r_maxsize < msg->m_ts): set r->r_err = E2BIG, wake it (wake_up(&r->wq,
	 *    NULL, 0)) and go on to the next receiver: the message is still to be delivered;
	 *  - else: r->r_msg = msg, r->r_err = 0, note the receive (msq->q_lrpid = r->pid, msq->q_rtime = ipc_time()),
	 *    wake it and return true.
	 * Trace every receiver you wake: trace_wake(msq, "recv", &pid, 1) (after wake_up; keep the pid in a local,
	 * the receiver's struct lives on its stack). The woken receiver returns r_msg from its own msgrcv.
	 * Without this, a client asleep in msgrcv(msgtyp = its pid) is never woken by the server's reply (`server`).
	 * The caller holds msg_ids.lock. */
	return false;
}

/* ---- msgget ---- */

static int newque(struct ipc_params *params)
{
	struct msg_queue *msq = kmalloc(sizeof *msq);
	if (!msq)
		return -ENOMEM;
	msq->q_qbytes = MSGMNB;
	msq->q_ctime = ipc_time();
	list_init(&msq->q_messages);
	list_init(&msq->q_receivers);
	wait_queue_init(&msq->q_senders);
	int id = ipc_addid(&msg_ids, &msq->q_perm, params->key, params->flg);
	if (id < 0) {
		kfree(msq);
		return id;
	}
	struct jw *w = trace_begin("msg.create", current->pid);
	if (w) {
		jw_int(w, "msqid", id);
		jw_int(w, "key", params->key);
		jw_int(w, "mode", msq->q_perm.mode);
		trace_state(w, msq);
		trace_end(w);
	}
	return id;
}

static const struct ipc_ops msg_ops = { newque, NULL };

/* msgget(key, msgflg): -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM (ipc/util.h ipcget). */
SYSCALL_DEFINE(msgget)
{
	struct ipc_params params = { (int)a0, (int)a1, 0 };
	return ipcget(&msg_ids, &msg_ops, &params);
}

/* ---- msgsnd ---- */

/* msgsnd(msqid, msgp, msgsz, msgflg): msgp points at {long mtype; char mtext[]}. Errors in Linux's order:
 * -EFAULT (mtype unreadable), -EINVAL (msgsz > MSGMAX or negative, msqid < 0, mtype < 1), -EFAULT (text),
 * -EINVAL (no such queue), -EACCES (no write permission), -EAGAIN (full, IPC_NOWAIT), -EIDRM (removed while
 * waiting), -ERESTARTNOHAND (a signal: EINTR), -ENOMEM. */
SYSCALL_DEFINE(msgsnd)
{
	int msqid = (int)a0, msgflg = (int)a3;
	u64 msgp = a1;
	long msgsz = (long)a2, mtype;
	if (copy_from_user(&mtype, msgp, sizeof mtype))
		return -EFAULT;
	if (msgsz > MSGMAX || msgsz < 0 || msqid < 0)
		return -EINVAL;
	if (mtype < 1)
		return -EINVAL;
	struct msg_msg *msg = kmalloc(sizeof *msg);
	if (!msg)
		return -ENOMEM;
	msg->m_type = mtype;
	msg->m_ts = (size_t)msgsz;
	msg->text = ipc_alloc(msgsz ? (size_t)msgsz : 1);
	if (!msg->text) {
		kfree(msg);
		return -ENOMEM;
	}
	if (copy_from_user(msg->text, msgp + sizeof(long), (size_t)msgsz)) {
		free_msg(msg);
		return -EFAULT;
	}

	long err;
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = msq_obtain(msqid);
	if (!msq) {
		err = -EINVAL;
		goto out_unlock;
	}
	for (;;) {
		if (ipcperms(&msq->q_perm, S_IWUGO)) {
			err = -EACCES;
			goto out_trace;
		}
		if (msg_fits_inqueue(msq, (size_t)msgsz))
			break;
		if (msgflg & IPC_NOWAIT) {
			err = -EAGAIN;
			goto out_trace;
		}
		struct jw *w = trace_begin("msg.block", current->pid);
		if (w) {
			jw_int(w, "msqid", msqid);
			jw_str(w, "op", "send");
			jw_int(w, "mtype", mtype);
			jw_int(w, "size", msgsz);
			trace_state(w, msq);
			trace_end(w);
		}
		int r = sleep_on(&msq->q_senders, &msg_ids.lock, "msgsnd", 0);
		if (msq_obtain(msqid) != msq) {
			err = -EIDRM;
			msq = NULL;
			goto out_trace;
		}
		if (r == -ERESTARTSYS) {
			err = -ERESTARTNOHAND;
			goto out_trace;
		}
	}
	msq->q_lspid = current->pid;
	msq->q_stime = ipc_time();
	bool handed = pipelined_send(msq, msg);
	if (!handed) {
		list_add_tail(&msg->m_list, &msq->q_messages);
		msq->q_cbytes += (u64)msgsz;
		msq->q_qnum++;
		msg_hdrs++;
		msg_bytes += (int)msgsz;
	}
	trace_msg("msg.send", msqid, msq, mtype, (size_t)msgsz, msg->text, 0);
	spin_unlock_irqrestore(&msg_ids.lock, f);
	return 0;

out_trace:
	trace_msg("msg.send", msqid, msq, mtype, (size_t)msgsz, msg->text, err);
out_unlock:
	spin_unlock_irqrestore(&msg_ids.lock, f);
	free_msg(msg);
	return err;
}

/* ---- msgrcv ---- */

/* convert_mode: msgrcv's msgtyp and flags as a search mode; msgtyp < 0 becomes |msgtyp|. */
static int convert_mode(long *msgtyp, int msgflg)
{
	if (msgflg & MSG_COPY)
		return SEARCH_NUMBER;
	if (*msgtyp == 0)
		return SEARCH_ANY;
	if (*msgtyp < 0) {
		*msgtyp = *msgtyp == INT64_MIN ? INT64_MAX : -*msgtyp; /* -LONG_MIN does not exist */
		return SEARCH_LESSEQUAL;
	}
	return (msgflg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

/* find_msg: the message msgrcv takes (Linux find_msg): for SEARCH_LESSEQUAL the first of the lowest type. */
static struct msg_msg *find_msg(struct msg_queue *msq, long msgtyp, int mode)
{
	/* TODO(msgqueue lab): the message msgrcv takes from msq (NULL when none matches), without removing it.
	 *
	 * The rules (msgrcv(2); Linux's find_msg): walk msq->q_messages in arrival order (list_for_each, and
	 * list_entry(pos, struct msg_msg, m_list)), skipping messages for which testmsg(m, msgtyp, mode) is false:
	 *   SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL: the first match;
	 *   SEARCH_LESSEQUAL: the first message of the LOWEST type <= msgtyp, so a priority queue: remember the best so
	 *     far and tighten the bound (only a strictly lower type can beat it; type 1 cannot be beaten);
	 *   SEARCH_NUMBER (MSG_COPY): the message at position msgtyp (0 is the first) among the matches.
	 * The `types` scenario queues types 3 1 2 3 1 2 and checks which one msgtyp 0, 2, -2, 3|MSG_EXCEPT, 5 and -3
	 * take. The caller holds msg_ids.lock. */
	return NULL;
}

/* msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): returns the bytes copied into mtext. Errors in Linux's order:
 * -EINVAL (msqid < 0, msgsz negative; MSG_COPY without IPC_NOWAIT or with MSG_EXCEPT; no such queue),
 * -EACCES (no read permission), -E2BIG (the message is longer than msgsz and no MSG_NOERROR: it stays
 * queued), -ENOMSG (none, IPC_NOWAIT), -EIDRM, -ERESTARTNOHAND (a signal: EINTR), -EFAULT (msgp: the
 * message is lost, as on Linux). MSG_COPY (Linux, CONFIG_CHECKPOINT_RESTORE): copy message number msgtyp
 * without removing it. */
SYSCALL_DEFINE(msgrcv)
{
	int msqid = (int)a0, msgflg = (int)a4;
	u64 msgp = a1;
	long bufsz = (long)a2, msgtyp = (long)a3;
	if (msqid < 0 || bufsz < 0)
		return -EINVAL;
	if ((msgflg & MSG_COPY) && (!(msgflg & IPC_NOWAIT) || (msgflg & MSG_EXCEPT)))
		return -EINVAL;
	int mode = convert_mode(&msgtyp, msgflg);

	struct msg_msg *msg = NULL, *copy = NULL;
	long err = 0;
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = msq_obtain(msqid);
	if (!msq) {
		spin_unlock_irqrestore(&msg_ids.lock, f);
		return -EINVAL;
	}
	for (;;) {
		if (ipcperms(&msq->q_perm, S_IRUGO)) {
			err = -EACCES;
			break;
		}
		msg = find_msg(msq, msgtyp, mode);
		if (msg) {
			if ((size_t)bufsz < msg->m_ts && !(msgflg & MSG_NOERROR)) {
				msg = NULL;
				err = -E2BIG;
				break;
			}
			if (msgflg & MSG_COPY) {
				if (msg->m_ts > (size_t)bufsz) {
					msg = NULL;
					err = -EINVAL;
					break;
				}
				copy = msg; /* copied below, under the lock */
				break;
			}
			list_del(&msg->m_list);
			msq->q_qnum--;
			msq->q_cbytes -= msg->m_ts;
			msg_hdrs--;
			msg_bytes -= (int)msg->m_ts;
			msq->q_rtime = ipc_time();
			msq->q_lrpid = current->pid;
			ss_wakeup(msq);
			break;
		}
		if (msgflg & IPC_NOWAIT) {
			err = -ENOMSG;
			break;
		}
		struct msg_receiver r = { .pid = current->pid, .r_msgtype = msgtyp, .r_mode = mode };
		r.r_maxsize = (msgflg & MSG_NOERROR) ? 0x7fffffff : (size_t)bufsz;
		wait_queue_init(&r.wq);
		list_add_tail(&r.r_list, &msq->q_receivers);
		struct jw *w = trace_begin("msg.block", current->pid);
		if (w) {
			jw_int(w, "msqid", msqid);
			jw_str(w, "op", "recv");
			jw_int(w, "msgtyp", (long)a3);
			trace_state(w, msq);
			trace_end(w);
		}
		int sr;
		do
			sr = sleep_on(&r.wq, &msg_ids.lock, "msgrcv", 0);
		while (!r.r_msg && !r.r_err && sr != -ERESTARTSYS);
		if (r.r_msg) {
			msg = r.r_msg;
			break;
		}
		if (r.r_err == EIDRM || msq_obtain(msqid) != msq) {
			err = -EIDRM;
			msq = NULL;
			break;
		}
		if (r.r_err == E2BIG) {
			err = -E2BIG;
			break;
		}
		if (!r.r_err) { /* a signal, still queued */
			list_del(&r.r_list);
			err = -ERESTARTNOHAND;
			break;
		}
		/* EAGAIN: IPC_SET changed the queue: look again */
	}
	if (copy) {
		struct msg_msg *c = kmalloc(sizeof *c);
		char *text = c ? ipc_alloc(copy->m_ts ? copy->m_ts : 1) : NULL;
		if (!text) {
			kfree(c);
			err = -ENOMEM;
			msg = NULL;
		} else {
			memcpy(text, copy->text, copy->m_ts);
			*c = *copy;
			c->text = text;
			msg = c;
		}
	}
	if (msg)
		trace_msg("msg.recv", msqid, msq, msg->m_type, msg->m_ts, msg->text, 0);
	else
		trace_msg("msg.recv", msqid, msq, 0, 0, NULL, err);
	spin_unlock_irqrestore(&msg_ids.lock, f);
	if (!msg)
		return err;

	long n = MIN((long)msg->m_ts, bufsz);
	if (copy_to_user(msgp, &msg->m_type, sizeof(long)) || copy_to_user(msgp + sizeof(long), msg->text, (size_t)n))
		n = -EFAULT;
	free_msg(msg);
	return n;
}

/* ---- msgctl ---- */

static long msgctl_info(int cmd, u64 ubuf)
{
	struct msginfo mi = { MSGPOOL, MSGMAP, MSGMAX, MSGMNB, MSGMNI, MSGSSZ, MSGTQL, MSGSEG };
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	if (cmd == MSG_INFO) {
		mi.msgpool = msg_ids.in_use;
		mi.msgmap = msg_hdrs;
		mi.msgtql = msg_bytes;
	}
	int max = ipc_get_maxidx(&msg_ids);
	spin_unlock_irqrestore(&msg_ids.lock, f);
	return copy_to_user(ubuf, &mi, sizeof mi) ? -EFAULT : max;
}

static long msgctl_stat(int msqid, int cmd, u64 ubuf)
{
	struct msqid64_ds ds;
	memset(&ds, 0, sizeof ds);
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = cmd == IPC_STAT ? msq_obtain(msqid)
						: (struct msg_queue *)ipc_obtain_idx(&msg_ids, msqid);
	long r = 0;
	if (!msq)
		r = -EINVAL;
	else if (cmd != MSG_STAT_ANY && ipcperms(&msq->q_perm, S_IRUGO))
		r = -EACCES;
	if (!r) {
		kernel_to_ipc64_perm(&msq->q_perm, &ds.msg_perm);
		ds.msg_stime = msq->q_stime;
		ds.msg_rtime = msq->q_rtime;
		ds.msg_ctime = msq->q_ctime;
		ds.msg_cbytes = msq->q_cbytes;
		ds.msg_qnum = msq->q_qnum;
		ds.msg_qbytes = msq->q_qbytes;
		ds.msg_lspid = msq->q_lspid;
		ds.msg_lrpid = msq->q_lrpid;
		if (cmd != IPC_STAT)
			r = msq->q_perm.id;
	}
	spin_unlock_irqrestore(&msg_ids.lock, f);
	if (r >= 0 && copy_to_user(ubuf, &ds, sizeof ds))
		return -EFAULT;
	return r;
}

/* freeque: IPC_RMID: receivers and senders wake with EIDRM, the messages are freed. */
static void freeque(struct msg_queue *msq)
{
	int id = msq->q_perm.id;
	int pids[64], n;
	expunge_all(msq, EIDRM);
	ipc_rmid(&msg_ids, &msq->q_perm);
	n = wake_up(&msq->q_senders, pids, 64);
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &msq->q_messages) {
		struct msg_msg *m = list_entry(pos, struct msg_msg, m_list);
		msg_hdrs--;
		msg_bytes -= (int)m->m_ts;
		free_msg(m);
	}
	struct jw *w = trace_begin("msg.rmid", current->pid);
	if (w) {
		jw_int(w, "msqid", id);
		trace_pids(w, "woken", pids, MIN(n, 64));
		trace_end(w);
	}
	kfree(msq);
}

/* msgctl_down: IPC_SET (-EPERM also for msg_qbytes above MSGMNB unless root; -EINVAL for a uid/gid of -1)
 * and IPC_RMID; -EINVAL, -EPERM unless the owner, the creator or root. */
static long msgctl_down(int msqid, int cmd, struct msqid64_ds *in)
{
	long r;
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = msq_obtain(msqid);
	r = msq ? ipc_owner_check(&msq->q_perm) : -EINVAL;
	if (!r && cmd == IPC_RMID) {
		freeque(msq);
	} else if (!r) {
		if (in->msg_qbytes > MSGMNB && !cred_capable())
			r = -EPERM;
		else
			r = ipc_update_perm(&in->msg_perm, &msq->q_perm);
		if (!r) {
			msq->q_qbytes = in->msg_qbytes;
			msq->q_ctime = ipc_time();
			struct jw *w = trace_begin("msg.ctl", current->pid);
			if (w) {
				jw_int(w, "msqid", msqid);
				jw_str(w, "cmd", "IPC_SET");
				trace_state(w, msq);
				trace_end(w);
			}
			expunge_all(msq, EAGAIN);
			ss_wakeup(msq);
		}
	}
	spin_unlock_irqrestore(&msg_ids.lock, f);
	return r;
}

/* msgctl(msqid, cmd, buf): -EINVAL for a negative msqid or cmd, or an unknown command; -EFAULT. */
SYSCALL_DEFINE(msgctl)
{
	int msqid = (int)a0, cmd = (int)a1;
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msgctl_info(cmd, a2);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		return msgctl_stat(msqid, cmd, a2);
	case IPC_SET: {
		struct msqid64_ds in;
		if (copy_from_user(&in, a2, sizeof in))
			return -EFAULT;
		return msgctl_down(msqid, cmd, &in);
	}
	case IPC_RMID:
		return msgctl_down(msqid, cmd, NULL);
	default:
		return -EINVAL;
	}
}
