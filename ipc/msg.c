/* ipc/msg.c: System V message queues, msgget(2), msgsnd(2), msgrcv(2), msgctl(2), after Linux's ipc/msg.c.
 *
 * The data structures are in ipc/msg.h, which message a receive takes and the hand-off to a waiting receiver in
 * ipc/msg_core.c, copying messages in and out in ipc/msgutil.c. Here: the system calls. A message fits when
 * q_cbytes + size <= q_qbytes and q_qnum + 1 <= q_qbytes; a sender that does not fit sleeps until a receive
 * makes room. A sender first offers its message to the waiting receivers (pipelined_send) and queues it only
 * when none wants it. IPC_RMID wakes everyone with EIDRM. */
#include "ipc/msg.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

/* msgctl commands */
#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13

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

static struct ipc_ids msg_ids = IPC_IDS_INIT("msg");
static int msg_hdrs, msg_bytes; /* messages and bytes in all queues (MSG_INFO) */

int msg_queues_live(void) { return msg_ids.in_use; }

static struct msg_queue *msq_obtain(int id) { return (struct msg_queue *)ipc_obtain_check(&msg_ids, id); }

static bool msg_fits_inqueue(struct msg_queue *msq, size_t msgsz)
{
	return msgsz + msq->q_cbytes <= msq->q_qbytes && 1 + msq->q_qnum <= msq->q_qbytes;
}

/* ss_wakeup: wake the waiting senders whose message fits now, or all of them when kill (the queue was removed or
 * its limit changed); each looks again (Linux ss_wakeup). */
static void ss_wakeup(struct msg_queue *msq, bool kill)
{
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &msq->q_senders) {
		struct msg_sender *s = list_entry(pos, struct msg_sender, list);
		if (kill || msg_fits_inqueue(msq, s->msgsz)) {
			list_del(&s->list); /* off the queue now: it may be freed before the sender runs */
			wake_up(&s->wait);
		}
	}
}

/* expunge_all: every waiting receiver leaves with res (-EIDRM, or -EAGAIN: look again). */
static void expunge_all(struct msg_queue *msq, int res)
{
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &msq->q_receivers) {
		struct msg_receiver *r = list_entry(pos, struct msg_receiver, r_list);
		list_del(&r->r_list);
		complete(&r->r_done, res);
	}
}

/* ---- msgget ---- */

static int newque(struct ipc_params *params)
{
	struct msg_queue *msq = kmalloc(sizeof *msq);
	if (!msq)
		return -ENOMEM;
	*msq = (struct msg_queue){ .q_qbytes = MSGMNB, .q_ctime = ktime_get_real_seconds() };
	list_init(&msq->q_messages);
	list_init(&msq->q_receivers);
	list_init(&msq->q_senders);
	int id = ipc_addid(&msg_ids, &msq->q_perm, params->key, params->flg);
	if (id < 0) {
		kfree(msq);
		return id;
	}
	trace_msg_create(msq, params->key);
	return id;
}

static const struct ipc_ops msg_ops = { newque, NULL };

/* msgget(key, msgflg): -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM (ipc/util.h ipcget). */
SYSCALL_DEFINE2(msgget, int, key, int, msgflg)
{
	struct ipc_params params = { key, msgflg, 0 };
	return ipcget(&msg_ids, &msg_ops, &params);
}

/* ---- msgsnd ---- */

/* msgsnd(msqid, msgp, msgsz, msgflg): msgp points at {long mtype; char mtext[]}. Errors in Linux's order:
 * -EFAULT (mtype unreadable), -EINVAL (msgsz > MSGMAX or negative, msqid < 0, mtype < 1), -EFAULT (text),
 * -EINVAL (no such queue), -EACCES (no write permission), -EAGAIN (full, IPC_NOWAIT), -EIDRM (removed while
 * waiting), -ERESTARTNOHAND (a signal: EINTR), -ENOMEM. */
SYSCALL_DEFINE4(msgsnd, int, msqid, u64, msgp, long, msgsz, int, msgflg)
{
	long mtype;
	if (copy_from_user(&mtype, msgp, sizeof mtype))
		return -EFAULT;
	if (msgsz > MSGMAX || msgsz < 0 || msqid < 0)
		return -EINVAL;
	if (mtype < 1)
		return -EINVAL;
	struct msg_msg *msg = load_msg(msgp + sizeof(long), (size_t)msgsz);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	msg->m_type = mtype;

	long err = 0;
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = msq_obtain(msqid);
	if (!msq) {
		err = -EINVAL;
		goto out_unlock;
	}
	for (;;) {
		if (ipcperms(&msq->q_perm, S_IWUGO)) {
			err = -EACCES;
			break;
		}
		if (msg_fits_inqueue(msq, (size_t)msgsz))
			break;
		if (msgflg & IPC_NOWAIT) {
			err = -EAGAIN;
			break;
		}
		/* Wait for room: a receive wakes us when our message fits (ss_wakeup). */
		struct msg_sender s = { .pid = current->tgid, .msgsz = (size_t)msgsz };
		wait_queue_init(&s.wait, &wchan_msgsnd, msq);
		list_add_tail(&s.list, &msq->q_senders);
		int r = sleep_on(&s.wait, &msg_ids.lock);
		list_del(&s.list); /* still queued when a signal ended the sleep */
		if (msq_obtain(msqid) != msq) {
			err = -EIDRM;
			msq = NULL;
			break;
		}
		if (r) {
			err = -ERESTARTNOHAND;
			break;
		}
	}
	if (!err) {
		msq->q_lspid = current->tgid;
		msq->q_stime = ktime_get_real_seconds();
		if (!pipelined_send(msq, msg)) {
			list_add_tail(&msg->m_list, &msq->q_messages);
			msq->q_cbytes += (u64)msgsz;
			msq->q_qnum++;
			msg_hdrs++;
			msg_bytes += (int)msgsz;
		}
	}
	trace_msg_send(msqid, msq, err ? NULL : msg, err);
out_unlock:
	spin_unlock_irqrestore(&msg_ids.lock, f);
	if (err)
		free_msg(msg);
	return err;
}

/* ---- msgrcv ---- */

/* do_msgrcv_locked: the message msgrcv takes from msq (removed from the queue, or a copy with MSG_COPY), waiting
 * for one unless IPC_NOWAIT; or ERR_PTR of the error (msgrcv's list below). Caller holds msg_ids.lock; *msqp
 * becomes NULL when the queue was removed while waiting. */
static struct msg_msg *do_msgrcv_locked(struct msg_queue **msqp, int msqid, long bufsz, long msgtyp, int mode,
					int msgflg)
{
	struct msg_queue *msq = *msqp;
	for (;;) {
		if (ipcperms(&msq->q_perm, S_IRUGO))
			return ERR_PTR(-EACCES);
		struct msg_msg *msg = find_msg(msq, msgtyp, mode);
		if (msg) {
			if ((size_t)bufsz < msg->m_ts && !(msgflg & MSG_NOERROR))
				return ERR_PTR(-E2BIG);
			if (msgflg & MSG_COPY)
				return msg->m_ts > (size_t)bufsz ? ERR_PTR(-EINVAL) : copy_msg(msg);
			list_del(&msg->m_list);
			msq->q_qnum--;
			msq->q_cbytes -= msg->m_ts;
			msg_hdrs--;
			msg_bytes -= (int)msg->m_ts;
			msq->q_rtime = ktime_get_real_seconds();
			msq->q_lrpid = current->tgid;
			ss_wakeup(msq, false);
			return msg;
		}
		if (msgflg & IPC_NOWAIT)
			return ERR_PTR(-ENOMSG);
		/* Wait for a sender to hand us a message (pipelined_send). */
		struct msg_receiver r = { .pid = current->tgid, .r_msgtype = msgtyp, .r_mode = mode };
		r.r_maxsize = (msgflg & MSG_NOERROR) ? 0x7fffffff : (size_t)bufsz;
		init_completion(&r.r_done, &wchan_msgrcv, msq);
		list_add_tail(&r.r_list, &msq->q_receivers);
		long res = wait_for_completion(&r.r_done, &msg_ids.lock, 0);
		if (res == 0)
			return r.r_msg;
		if (res == -EIDRM || msq_obtain(msqid) != msq) {
			*msqp = NULL;
			return ERR_PTR(-EIDRM);
		}
		if (res == -ERESTARTSYS) { /* a signal, still queued: withdraw */
			list_del(&r.r_list);
			return ERR_PTR(-ERESTARTNOHAND);
		}
		if (res != -EAGAIN)
			return ERR_PTR(res); /* -E2BIG */
		/* -EAGAIN: IPC_SET changed the queue: look again */
	}
}

/* msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): returns the bytes copied into mtext. Errors in Linux's order:
 * -EINVAL (msqid < 0, msgsz negative; MSG_COPY without IPC_NOWAIT or with MSG_EXCEPT; no such queue),
 * -EACCES (no read permission), -E2BIG (the message is longer than msgsz and no MSG_NOERROR: it stays
 * queued), -ENOMSG (none, IPC_NOWAIT), -EIDRM, -ERESTARTNOHAND (a signal: EINTR), -EFAULT (msgp: the
 * message is lost, as on Linux). MSG_COPY (Linux, CONFIG_CHECKPOINT_RESTORE): copy message number msgtyp
 * without removing it. */
SYSCALL_DEFINE5(msgrcv, int, msqid, u64, msgp, long, msgsz, long, msgtyp, int, msgflg)
{
	if (msqid < 0 || msgsz < 0)
		return -EINVAL;
	if ((msgflg & MSG_COPY) && (!(msgflg & IPC_NOWAIT) || (msgflg & MSG_EXCEPT)))
		return -EINVAL;
	int mode = convert_mode(&msgtyp, msgflg);

	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = msq_obtain(msqid);
	if (!msq) {
		spin_unlock_irqrestore(&msg_ids.lock, f);
		return -EINVAL;
	}
	struct msg_msg *msg = do_msgrcv_locked(&msq, msqid, msgsz, msgtyp, mode, msgflg);
	trace_msg_recv(msqid, msq, IS_ERR(msg) ? NULL : msg, IS_ERR(msg) ? PTR_ERR(msg) : 0);
	spin_unlock_irqrestore(&msg_ids.lock, f);
	if (IS_ERR(msg))
		return PTR_ERR(msg);

	long n = MIN((long)msg->m_ts, msgsz);
	if (copy_to_user(msgp, &msg->m_type, sizeof(long)) || store_msg(msgp + sizeof(long), msg, (size_t)n))
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

/* msg_fill_stat: IPC_STAT's answer for a queue (ipcctl_stat fills msg_perm). */
static void msg_fill_stat(struct kern_ipc_perm *ipcp, void *out)
{
	struct msg_queue *msq = (struct msg_queue *)ipcp;
	struct msqid64_ds *ds = out;
	ds->msg_stime = msq->q_stime;
	ds->msg_rtime = msq->q_rtime;
	ds->msg_ctime = msq->q_ctime;
	ds->msg_cbytes = msq->q_cbytes;
	ds->msg_qnum = msq->q_qnum;
	ds->msg_qbytes = msq->q_qbytes;
	ds->msg_lspid = msq->q_lspid;
	ds->msg_lrpid = msq->q_lrpid;
}

/* freeque: IPC_RMID: receivers and senders wake with EIDRM, the messages are freed. */
static void freeque(struct msg_queue *msq)
{
	int id = msq->q_perm.id;
	expunge_all(msq, -EIDRM);
	ipc_rmid(&msg_ids, &msq->q_perm);
	ss_wakeup(msq, true); /* they find the queue gone: EIDRM */
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &msq->q_messages) {
		struct msg_msg *m = list_entry(pos, struct msg_msg, m_list);
		msg_hdrs--;
		msg_bytes -= (int)m->m_ts;
		free_msg(m);
	}
	trace_msg_rmid(id);
	kfree(msq);
}

/* msgctl_down: IPC_SET (-EPERM also for msg_qbytes above MSGMNB unless root; -EINVAL for a uid/gid of -1)
 * and IPC_RMID; ipcctl_obtain_check's -EINVAL, -EPERM. */
static long msgctl_down(int msqid, int cmd, struct msqid64_ds *in)
{
	long r = 0;
	u64 f = spin_lock_irqsave(&msg_ids.lock);
	struct msg_queue *msq = (struct msg_queue *)ipcctl_obtain_check(&msg_ids, msqid);
	if (IS_ERR(msq)) {
		r = PTR_ERR(msq);
	} else if (cmd == IPC_RMID) {
		freeque(msq);
	} else if (in->msg_qbytes > MSGMNB && !cred_capable()) {
		r = -EPERM;
	} else if (!(r = ipc_update_perm(&in->msg_perm, &msq->q_perm))) {
		msq->q_qbytes = in->msg_qbytes;
		msq->q_ctime = ktime_get_real_seconds();
		trace_msg_ctl(msq, "IPC_SET");
		/* The limit may have changed: waiters look again (Linux sends receivers -EAGAIN too). */
		expunge_all(msq, -EAGAIN);
		ss_wakeup(msq, true);
	}
	spin_unlock_irqrestore(&msg_ids.lock, f);
	return r;
}

/* msgctl(msqid, cmd, buf): -EINVAL for a negative msqid or cmd, or an unknown command; -EFAULT. */
SYSCALL_DEFINE3(msgctl, int, msqid, int, cmd, u64, buf)
{
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msgctl_info(cmd, buf);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY: {
		struct msqid64_ds ds;
		return ipcctl_stat(&msg_ids, msqid, cmd != IPC_STAT, cmd == MSG_STAT_ANY, msg_fill_stat, &ds,
				   sizeof ds, buf);
	}
	case IPC_SET: {
		struct msqid64_ds in;
		if (copy_from_user(&in, buf, sizeof in))
			return -EFAULT;
		return msgctl_down(msqid, cmd, &in);
	}
	case IPC_RMID:
		return msgctl_down(msqid, cmd, NULL);
	default:
		return -EINVAL;
	}
}
