/* kernel/trace_events.c: how each trace event of kernel/trace_events.h is written (traces/FORMAT.md, version 2),
 * and the wait channels, whose block and wake-up events sleep_on and wake_up emit (kernel/sched.h).
 * Everything the trace knows of the objects' insides is here, so the mechanisms hold no trace code but the
 * one-line call of each operation event. */
#include "ipc/msg.h"
#include "ipc/pipe.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/futex.h"
#include "kernel/proc.h"
#include "kernel/tty.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define TRACE_SEMS_MAX 64     /* semaphores listed in "sems" */
#define TRACE_SOPS_MAX 32     /* operations listed in "sops" */
#define TRACE_MSGS_MAX 32     /* messages listed in "msgs" */
#define TRACE_PREVIEW 16      /* bytes of each message's text in "msgs" */
#define TRACE_ATTACHES_MAX 32 /* attachments listed in "attaches" */
#define TRACE_ARGV_MAX 8      /* arguments listed in proc.exec's "argv" */

/* jw_err: "err": the name of -errno err; a -ERESTART* of an interrupted call shows as EINTR. */
static void jw_err(struct jw *w, long err)
{
	if (err == -ERESTARTSYS || err == -ERESTARTNOHAND || err == -ERESTARTNOINTR || err == -ERESTART_RESTARTBLOCK)
		err = -EINTR;
	jw_str(w, "err", errno_name((int)-err));
}

static void jw_pids(struct jw *w, const char *key, const int *pids, int n)
{
	jw_arr_begin(w, key);
	for (int i = 0; i < n && i < WAKE_TRACE_MAX; i++)
		jw_int(w, NULL, pids[i]);
	jw_arr_end(w);
}

static const char *fmode_name(u32 flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return "r";
	case O_WRONLY: return "w";
	default: return "rw";
	}
}

/* The helpers that take an event's type as an argument are always inlined: the type is then a literal at each
 * call, and trace_begin's fast path (its length known at compile time) applies, as at a direct call. */

/* ---- Processes and scheduling ---- */

void __trace_proc_fork(const struct proc *parent, const struct proc *child)
{
	struct jw *w = trace_begin("proc.fork", parent->pid);
	if (!w)
		return;
	jw_int(w, "child", child->pid);
	jw_str(w, "name", child->name);
	jw_int(w, "ppid", parent->pid);
	jw_int(w, "tgid", child->tgid);
	trace_end(w);
}

void __trace_proc_exec(const struct proc *p, const char *path, char *const argv[])
{
	struct jw *w = trace_begin("proc.exec", p->pid);
	if (!w)
		return;
	jw_str(w, "name", p->name);
	jw_int(w, "ppid", p->parent ? p->parent->pid : 0);
	jw_str(w, "path", path);
	jw_arr_begin(w, "argv");
	for (int i = 0; argv[i] && i < TRACE_ARGV_MAX; i++)
		jw_str(w, NULL, argv[i]);
	jw_arr_end(w);
	trace_end(w);
}

void __trace_proc_exit(const struct proc *p, int status)
{
	struct jw *w = trace_begin("proc.exit", p->pid);
	if (!w)
		return;
	jw_str(w, "name", p->name);
	jw_int(w, "ppid", p->parent ? p->parent->pid : 0);
	jw_int(w, "tgid", p->tgid);
	jw_int(w, "status", status);
	if ((status & 0x7f) == 0)
		jw_int(w, "code", (status >> 8) & 0xff);
	else
		jw_int(w, "signal", status & 0x7f);
	trace_end(w);
}

void __trace_proc_release(const struct proc *p, int pid)
{
	struct jw *w = trace_begin("proc.release", current->pid);
	if (!w)
		return;
	jw_int(w, "child", pid);
	jw_str(w, "name", p->name);
	trace_end(w);
}

void __trace_proc_reap(const struct proc *child, int status)
{
	struct jw *w = trace_begin("proc.reap", current->pid);
	if (!w)
		return;
	jw_int(w, "child", child->pid);
	jw_str(w, "name", child->name);
	jw_int(w, "status", status);
	trace_end(w);
}

static const char *state_name(enum proc_state s)
{
	switch (s) {
	case P_RUNNABLE:
	case P_RUNNING: return "running";
	case P_SLEEPING: return "sleeping";
	case P_ZOMBIE: return "zombie";
	default: return "unused";
	}
}

void __trace_sched_switch(const struct proc *prev, const struct proc *next)
{
	struct jw *w = trace_begin("sched.switch", prev->pid);
	if (!w)
		return;
	jw_int(w, "next", next->pid);
	jw_str(w, "next_name", next->name);
	jw_str(w, "prev_state", state_name(prev->state));
	if (prev->state == P_SLEEPING && prev->wchan) {
		char wchan[48];
		wchan_format(prev, wchan, sizeof wchan);
		jw_str(w, "wchan", wchan);
	}
	trace_end(w);
}

void __trace_syscall_enosys(u64 nr)
{
	struct jw *w = trace_begin("syscall.enosys", current->pid);
	if (!w)
		return;
	jw_uint(w, "nr", nr);
	jw_str(w, "name", syscall_name(nr));
	trace_end(w);
}

void __trace_trace_mark(const char *text, size_t n)
{
	struct jw *w = trace_begin("trace.mark", current->pid);
	if (!w)
		return;
	jw_bytes(w, "text", text, n, TRACE_DATA_MAX);
	trace_end(w);
}

void __trace_kernel_halt(const struct halt_report *r)
{
	struct jw *w = trace_begin("kernel.halt", 0);
	if (!w)
		return;
	jw_int(w, "status", r->status);
	jw_int(w, "leaked_pages", r->leaked_pages);
	jw_int(w, "leaked_objects", r->leaked_objects);
	jw_int(w, "leaked_pipes", r->leaked_pipes);
	jw_int(w, "leaked_sems", r->leaked_sems);
	jw_int(w, "leaked_msgs", r->leaked_msgs);
	jw_int(w, "leaked_shms", r->leaked_shms);
	jw_int(w, "leaked_shmem", r->leaked_shmem);
	jw_int(w, "futex_waiters", r->futex_waiters);
	jw_int(w, "procs", r->procs);
	trace_end(w);
}

/* ---- Pipes, FIFOs and socketpairs ---- */

/* pipe_state: the fields every pipe event carries. */
static void pipe_state(struct jw *w, const struct pipe *p)
{
	jw_int(w, "pipe", p->id);
	jw_uint(w, "head", p->ring.head);
	jw_uint(w, "tail", p->ring.tail);
	jw_uint(w, "cap", pipe_ring_cap(&p->ring));
	jw_int(w, "readers", p->readers);
	jw_int(w, "writers", p->writers);
	if (p->fifo)
		jw_str(w, "fifo", p->fifo);
	if (p->sock)
		jw_int(w, "sock", p->sock);
}

void __trace_pipe_create(const struct pipe *p, const int fds[2], int flags)
{
	struct jw *w = trace_begin("pipe.create", current->pid);
	if (!w)
		return;
	pipe_state(w, p);
	jw_arr_begin(w, "fds");
	jw_int(w, NULL, fds[0]);
	jw_int(w, NULL, fds[1]);
	jw_arr_end(w);
	jw_int(w, "flags", flags);
	trace_end(w);
}

/* pipe_io: pipe.read or pipe.write of r bytes. The bytes are peeked from the ring, where they still are (a read
 * does not erase them; the event is written before anyone else can run): the r bytes before tail for a read,
 * before head for a write. A datagram socket's ring holds a length before each message: its bytes are read
 * back from the user's buffer instead. */
static inline __attribute__((always_inline)) void pipe_io(const char *type, const struct pipe *p, u64 ubuf, long r, bool read)
{
	if (r == -ERESTARTSYS)
		return;
	char buf[TRACE_DATA_MAX];
	size_t k = r > 0 ? MIN((size_t)r, sizeof buf) : 0;
	if (k && p->sock) {
		if (copy_from_user(buf, ubuf, k))
			k = 0;
	} else if (k) {
		u64 end = read ? p->ring.tail : p->ring.head;
		k = pipe_ring_peek(&p->ring, end - (u64)r, end - (u64)r + k, buf, k);
	}
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_state(w, p);
	jw_int(w, "n", r > 0 ? r : 0);
	if (r > 0)
		jw_bytes(w, "data", buf, k, TRACE_DATA_MAX);
	else if (r < 0)
		jw_err(w, r);
	trace_end(w);
}

void __trace_pipe_read(const struct pipe *p, u64 ubuf, long r) { pipe_io("pipe.read", p, ubuf, r, true); }
void __trace_pipe_write(const struct pipe *p, u64 ubuf, long r) { pipe_io("pipe.write", p, ubuf, r, false); }

void __trace_pipe_close(const struct pipe *p, bool reader, bool writer, bool freed)
{
	/* One event per end (a FIFO opened O_RDWR closes both), each with the state after both counts moved. */
	for (int end = 0; end < 2; end++) {
		if (!(end == 0 ? reader : writer))
			continue;
		struct jw *w = trace_begin("pipe.close", current->pid);
		if (!w)
			return;
		pipe_state(w, p);
		jw_str(w, "end", end == 0 ? "read" : "write");
		jw_bool(w, "freed", freed);
		trace_end(w);
	}
}

void __trace_pipe_resize(const struct pipe *p)
{
	struct jw *w = trace_begin("pipe.resize", current->pid);
	if (!w)
		return;
	pipe_state(w, p);
	trace_end(w);
}

void __trace_fifo_open(const struct pipe *p, u32 flags, int err)
{
	struct jw *w = trace_begin("fifo.open", current->pid);
	if (!w)
		return;
	pipe_state(w, p);
	jw_str(w, "mode", fmode_name(flags));
	if (err)
		jw_err(w, err);
	trace_end(w);
}

void __trace_sock_create(int sock, const char *type, const int fds[2], const int pipes[2])
{
	struct jw *w = trace_begin("sock.create", current->pid);
	if (!w)
		return;
	jw_int(w, "sock", sock);
	jw_str(w, "sock_type", type);
	jw_arr_begin(w, "fds");
	jw_int(w, NULL, fds[0]);
	jw_int(w, NULL, fds[1]);
	jw_arr_end(w);
	jw_arr_begin(w, "pipes");
	jw_int(w, NULL, pipes[0]);
	jw_int(w, NULL, pipes[1]);
	jw_arr_end(w);
	trace_end(w);
}

void __trace_sock_shutdown(int sock, int side, const char *how)
{
	struct jw *w = trace_begin("sock.shutdown", current->pid);
	if (!w)
		return;
	jw_int(w, "sock", sock);
	jw_int(w, "side", side);
	jw_str(w, "how", how);
	trace_end(w);
}

/* The pipe channels: pipe.block when a reader finds it empty or a writer full; pipe.wake when the other side
 * changed it. The FIFO open channels: fifo.block while an open waits for the other side, fifo.wake when an
 * open of the other side lets it through. */
static int pipe_id(const void *obj) { return ((const struct pipe *)obj)->id; }

static inline __attribute__((always_inline)) void pipe_block(const struct wait_queue *wq, const char *type, const char *key, const char *op)
{
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_state(w, wq->obj);
	jw_str(w, key, op);
	trace_end(w);
}

static inline __attribute__((always_inline)) void pipe_wake(const struct wait_queue *wq, const char *type, const char *key, const char *op,
		      const int *pids, int n)
{
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_state(w, wq->obj);
	jw_str(w, key, op);
	jw_pids(w, "woken", pids, n);
	trace_end(w);
}

static void pipe_read_block(const struct wait_queue *wq) { pipe_block(wq, "pipe.block", "op", "read"); }
static void pipe_write_block(const struct wait_queue *wq) { pipe_block(wq, "pipe.block", "op", "write"); }
static void pipe_read_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	pipe_wake(wq, "pipe.wake", "op", "read", pids, n);
}
static void pipe_write_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	pipe_wake(wq, "pipe.wake", "op", "write", pids, n);
}
static void fifo_rd_block(const struct wait_queue *wq) { pipe_block(wq, "fifo.block", "mode", "r"); }
static void fifo_wr_block(const struct wait_queue *wq) { pipe_block(wq, "fifo.block", "mode", "w"); }
static void fifo_rd_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	pipe_wake(wq, "fifo.wake", "mode", "r", pids, n);
}
static void fifo_wr_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	pipe_wake(wq, "fifo.wake", "mode", "w", pids, n);
}

const struct wait_chan wchan_pipe_read = { "pipe", "read", pipe_id, pipe_read_block, pipe_read_wake };
const struct wait_chan wchan_pipe_write = { "pipe", "write", pipe_id, pipe_write_block, pipe_write_wake };
const struct wait_chan wchan_fifo_open_read = { "fifo", "open-read", pipe_id, fifo_rd_block, fifo_rd_wake };
const struct wait_chan wchan_fifo_open_write = { "fifo", "open-write", pipe_id, fifo_wr_block, fifo_wr_wake };

/* ---- System V semaphores ---- */

/* sems: the set's state: per semaphore its value, sempid, and the pids waiting for it to grow (ncnt) and to
 * be zero (zcnt), each waiter under the operation it blocks on, in wake-up order. */
static void sems(struct jw *w, const struct sem_array *sma)
{
	int n = MIN(sma->sem_nsems, TRACE_SEMS_MAX);
	jw_arr_begin(w, "sems");
	for (int i = 0; i < n; i++) {
		jw_obj_begin(w, NULL);
		jw_int(w, "val", sma->sems[i].semval);
		jw_int(w, "pid", sma->sems[i].sempid);
		for (int zero = 0; zero < 2; zero++) {
			jw_arr_begin(w, zero ? "zcnt" : "ncnt");
			/* A complex waiter may block on a zero in pending_alter: zcnt looks at both lists. */
			const struct list_head *lists[2] = { zero ? &sma->pending_const : &sma->pending_alter,
							     zero ? &sma->pending_alter : NULL };
			for (int l = 0; l < 2 && lists[l]; l++) {
				struct list_head *pos;
				list_for_each(pos, lists[l]) {
					struct sem_queue *q = list_entry(pos, struct sem_queue, list);
					struct sembuf *b = &q->sops[q->blocking];
					if (b->sem_num == i && (zero ? b->sem_op == 0 : b->sem_op < 0))
						jw_int(w, NULL, q->pid);
				}
			}
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (sma->sem_nsems > n)
		jw_int(w, "sems_more", sma->sem_nsems - n);
}

static void sops_arr(struct jw *w, const struct sembuf *sops, int nsops)
{
	jw_arr_begin(w, "sops");
	for (int i = 0; i < nsops && i < TRACE_SOPS_MAX; i++) {
		jw_arr_begin(w, NULL);
		jw_int(w, NULL, sops[i].sem_num);
		jw_int(w, NULL, sops[i].sem_op);
		jw_int(w, NULL, sops[i].sem_flg);
		jw_arr_end(w);
	}
	jw_arr_end(w);
}

void __trace_sem_create(const struct sem_array *sma, int key)
{
	struct jw *w = trace_begin("sem.create", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", sma->sem_perm.id);
	jw_int(w, "key", key);
	jw_int(w, "nsems", sma->sem_nsems);
	jw_int(w, "mode", sma->sem_perm.mode);
	sems(w, sma);
	trace_end(w);
}

void __trace_sem_op(int semid, const struct sem_array *sma, const struct sembuf *sops, int nsops, long err)
{
	if (!sma)
		return; /* removed while waiting (EIDRM): the sem.wake with err EIDRM told it */
	struct jw *w = trace_begin("sem.op", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", semid);
	sops_arr(w, sops, nsops);
	sems(w, sma);
	if (err < 0)
		jw_err(w, err);
	trace_end(w);
}

void __trace_sem_ctl(const struct sem_array *sma, const char *cmd)
{
	struct jw *w = trace_begin("sem.ctl", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", sma->sem_perm.id);
	jw_str(w, "cmd", cmd);
	sems(w, sma);
	trace_end(w);
}

void __trace_sem_undo(const struct sem_array *sma, const struct sem_undo *un, int pid)
{
	struct jw *w = trace_begin("sem.undo", pid);
	if (!w)
		return;
	jw_int(w, "semid", un->semid);
	jw_arr_begin(w, "adj");
	for (int i = 0; i < sma->sem_nsems && i < TRACE_SEMS_MAX; i++)
		jw_int(w, NULL, un->semadj[i]);
	jw_arr_end(w);
	sems(w, sma);
	trace_end(w);
}

void __trace_sem_rmid(const struct sem_array *sma)
{
	struct jw *w = trace_begin("sem.rmid", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", sma->sem_perm.id);
	sems(w, sma);
	trace_end(w);
}

/* The semop channel: a waiting semop sleeps on its own sem_queue's completion; sem.block lists the operations
 * it waits to perform, sem.wake comes when whoever changed the set performed them for it (or failed them: err). */
static int sem_id(const void *obj) { return ((const struct sem_array *)obj)->sem_perm.id; }

static void sem_block(const struct wait_queue *wq)
{
	const struct sem_array *sma = wq->obj;
	struct sem_queue *q = container_of(wq, struct sem_queue, done.wait);
	struct jw *w = trace_begin("sem.block", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", sma->sem_perm.id);
	sops_arr(w, q->sops, q->nsops);
	sems(w, sma);
	trace_end(w);
}

static void sem_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	const struct sem_array *sma = wq->obj;
	struct jw *w = trace_begin("sem.wake", current->pid);
	if (!w)
		return;
	jw_int(w, "semid", sma->sem_perm.id);
	jw_pids(w, "woken", pids, n);
	sems(w, sma);
	if (res < 0)
		jw_err(w, res);
	trace_end(w);
}

const struct wait_chan wchan_semop = { "semop", NULL, sem_id, sem_block, sem_wake };

/* ---- System V message queues ---- */

/* queue: the queue's state: counts, limit, and its first messages, each [mtype, size, "preview"]. */
static void queue(struct jw *w, const struct msg_queue *msq)
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

void __trace_msg_create(const struct msg_queue *msq, int key)
{
	struct jw *w = trace_begin("msg.create", current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msq->q_perm.id);
	jw_int(w, "key", key);
	jw_int(w, "mode", msq->q_perm.mode);
	queue(w, msq);
	trace_end(w);
}

static inline __attribute__((always_inline)) void msg_io(const char *type, int msqid, const struct msg_queue *msq, const struct msg_msg *msg, long err)
{
	if (!msq)
		return; /* removed while waiting (EIDRM): msg.rmid tells it */
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msqid);
	if (msg) {
		jw_int(w, "mtype", msg->m_type);
		jw_uint(w, "size", msg->m_ts);
		jw_bytes(w, "text", msg->text, msg->m_ts, TRACE_DATA_MAX);
	} else {
		jw_err(w, err);
	}
	queue(w, msq);
	trace_end(w);
}

void __trace_msg_send(int msqid, const struct msg_queue *msq, const struct msg_msg *msg, long err)
{
	msg_io("msg.send", msqid, msq, msg, err);
}

void __trace_msg_recv(int msqid, const struct msg_queue *msq, const struct msg_msg *msg, long err)
{
	msg_io("msg.recv", msqid, msq, msg, err);
}

void __trace_msg_ctl(const struct msg_queue *msq, const char *cmd)
{
	struct jw *w = trace_begin("msg.ctl", current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msq->q_perm.id);
	jw_str(w, "cmd", cmd);
	queue(w, msq);
	trace_end(w);
}

void __trace_msg_rmid(int msqid)
{
	struct jw *w = trace_begin("msg.rmid", current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msqid);
	trace_end(w);
}

/* The message channels: a sender sleeps on its own msg_sender until room is made for its message (msg.block
 * says its size); a receiver on its own msg_receiver's completion until a sender hands it a message (or fails
 * it: err); its msg.block says which msgtyp it waits for, as the user gave it. */
static int msq_id(const void *obj) { return ((const struct msg_queue *)obj)->q_perm.id; }

static void msg_block(const struct wait_queue *wq, const char *op, const struct msg_sender *s,
		      const struct msg_receiver *r)
{
	const struct msg_queue *msq = wq->obj;
	struct jw *w = trace_begin("msg.block", current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msq->q_perm.id);
	jw_str(w, "op", op);
	if (s)
		jw_uint(w, "size", s->msgsz);
	if (r)
		jw_int(w, "msgtyp", r->r_mode == SEARCH_LESSEQUAL ? -r->r_msgtype
				    : r->r_mode == SEARCH_ANY	  ? 0
								  : r->r_msgtype);
	queue(w, msq);
	trace_end(w);
}

static void msg_wake(const struct wait_queue *wq, const char *op, const int *pids, int n, long res)
{
	const struct msg_queue *msq = wq->obj;
	struct jw *w = trace_begin("msg.wake", current->pid);
	if (!w)
		return;
	jw_int(w, "msqid", msq->q_perm.id);
	jw_str(w, "op", op);
	jw_pids(w, "woken", pids, n);
	queue(w, msq);
	if (res < 0)
		jw_err(w, res);
	trace_end(w);
}

static void msgsnd_block(const struct wait_queue *wq)
{
	msg_block(wq, "send", container_of(wq, struct msg_sender, wait), NULL);
}
static void msgrcv_block(const struct wait_queue *wq)
{
	msg_block(wq, "recv", NULL, container_of(wq, struct msg_receiver, r_done.wait));
}
static void msgsnd_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	msg_wake(wq, "send", pids, n, res);
}
static void msgrcv_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	msg_wake(wq, "recv", pids, n, res);
}

const struct wait_chan wchan_msgsnd = { "msgsnd", NULL, msq_id, msgsnd_block, msgsnd_wake };
const struct wait_chan wchan_msgrcv = { "msgrcv", NULL, msq_id, msgrcv_block, msgrcv_wake };

/* ---- System V shared memory ---- */

/* segment: the segment's state: size, nattch, each attachment [pid, "addr"], and whether IPC_RMID marked it. */
static void segment(struct jw *w, const struct shmid_kernel *shp)
{
	jw_int(w, "shmid", shp->shm_perm.id);
	jw_uint(w, "size", shp->shm_segsz);
	jw_uint(w, "nattch", shp->shm_nattch);
	jw_arr_begin(w, "attaches");
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &shp->attaches) {
		if (n++ == TRACE_ATTACHES_MAX)
			break;
		struct shm_attach *a = list_entry(pos, struct shm_attach, link);
		jw_arr_begin(w, NULL);
		jw_int(w, NULL, a->pid);
		jw_hex(w, NULL, a->base);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	jw_bool(w, "dest", shp->shm_perm.mode & SHM_DEST);
}

void __trace_shm_create(const struct shmid_kernel *shp, int key)
{
	struct jw *w = trace_begin("shm.create", current->pid);
	if (!w)
		return;
	jw_int(w, "key", key);
	jw_int(w, "mode", shp->shm_perm.mode);
	segment(w, shp);
	trace_end(w);
}

static inline __attribute__((always_inline)) void shm_at(const char *type, const struct shmid_kernel *shp, u64 addr, int pid)
{
	struct jw *w = trace_begin(type, pid);
	if (!w)
		return;
	jw_hex(w, "addr", addr);
	segment(w, shp);
	trace_end(w);
}

void __trace_shm_attach(const struct shmid_kernel *shp, u64 addr, int pid) { shm_at("shm.attach", shp, addr, pid); }
void __trace_shm_detach(const struct shmid_kernel *shp, u64 addr, int pid) { shm_at("shm.detach", shp, addr, pid); }

void __trace_shm_rmid(const struct shmid_kernel *shp)
{
	struct jw *w = trace_begin("shm.rmid", current->pid);
	if (!w)
		return;
	segment(w, shp);
	trace_end(w);
}

void __trace_shm_destroy(int shmid)
{
	struct jw *w = trace_begin("shm.destroy", current->pid);
	if (!w)
		return;
	jw_int(w, "shmid", shmid);
	trace_end(w);
}

/* ---- Signals ---- */

/* sigsets: "pending" (both of p's sets: process and thread) and "blocked", as hex Linux sigsets. */
static void sigsets(struct jw *w, const struct proc *p, bool pending)
{
	if (pending)
		jw_hex(w, "pending", p->signal->shared_pending.signal | p->sig_pending_thread.signal);
	jw_hex(w, "blocked", p->sig_blocked);
}

void __trace_sig_generate(const struct proc *p, int sig, int sender, bool dropped)
{
	struct jw *w = trace_begin(dropped ? "sig.ignore" : "sig.generate", sender);
	if (!w)
		return;
	jw_int(w, "target", p->pid);
	jw_int(w, "sig", sig);
	if (!dropped) { /* written before the signal is added: the sets it leaves */
		jw_hex(w, "pending", p->signal->shared_pending.signal | p->sig_pending_thread.signal | (1ULL << (sig - 1)));
		jw_hex(w, "blocked", p->sig_blocked);
	}
	trace_end(w);
}

void __trace_sig_deliver(const struct proc *p, int sig, u64 handler, const char *action)
{
	struct jw *w = trace_begin("sig.deliver", p->pid);
	if (!w)
		return;
	jw_int(w, "sig", sig);
	if (action)
		jw_str(w, "action", action);
	else
		jw_hex(w, "handler", handler);
	sigsets(w, p, true);
	trace_end(w);
}

void __trace_sig_return(const struct proc *p)
{
	struct jw *w = trace_begin("sig.return", p->pid);
	if (!w)
		return;
	sigsets(w, p, false);
	trace_end(w);
}

void __trace_sig_mask(const struct proc *p)
{
	struct jw *w = trace_begin("sig.mask", p->pid);
	if (!w)
		return;
	sigsets(w, p, true);
	trace_end(w);
}

void __trace_sig_interrupt(const struct proc *p, bool restart)
{
	struct jw *w = trace_begin("sig.interrupt", p->pid);
	if (!w)
		return;
	jw_str(w, "call", syscall_name((unsigned long)p->syscall_nr));
	jw_str(w, "result", restart ? "restart" : "EINTR");
	trace_end(w);
}

/* ---- Channels without events: sched.switch's wchan names their sleepers ---- */

/* ---- Futexes ---- */

static void futex_block(const struct wait_queue *wq)
{
	const struct futex_q *q = wq->obj;
	struct jw *w = trace_begin("futex.wait", current->pid);
	if (!w)
		return;
	jw_hex(w, "uaddr", q->uaddr);
	jw_uint(w, "val", q->val);
	jw_bool(w, "shared", q->key.shared);
	if (q->bitset != 0xffffffffu)
		jw_hex(w, "bitset", q->bitset);
	trace_end(w);
}

static void futex_wake_ev(const struct wait_queue *wq, const int *pids, int n, long res)
{
	(void)res;
	const struct futex_q *q = wq->obj;
	struct jw *w = trace_begin("futex.wake", current->pid);
	if (!w)
		return;
	jw_hex(w, "uaddr", q->uaddr);
	jw_pids(w, "woken", pids, n);
	trace_end(w);
}

void __trace_futex_requeue(u64 uaddr, u64 uaddr2, int n)
{
	struct jw *w = trace_begin("futex.requeue", current->pid);
	if (!w)
		return;
	jw_hex(w, "uaddr", uaddr);
	jw_hex(w, "uaddr2", uaddr2);
	jw_int(w, "n", n);
	trace_end(w);
}

const struct wait_chan wchan_futex = { "futex", NULL, NULL, futex_block, futex_wake_ev };

const struct wait_chan wchan_wait4 = { .name = "wait4" };
const struct wait_chan wchan_vfork = { .name = "vfork" };
const struct wait_chan wchan_group_exit = { .name = "de_thread" };
const struct wait_chan wchan_nanosleep = { .name = "nanosleep" };
const struct wait_chan wchan_sigsuspend = { .name = "sigsuspend" };
const struct wait_chan wchan_sigtimedwait = { .name = "sigtimedwait" };
const struct wait_chan wchan_stopped = { .name = "stopped" };
const struct wait_chan wchan_poll = { .name = "poll" };
static int tty_id(const void *obj) { return ((const struct tty *)obj)->index; }
const struct wait_chan wchan_tty_read = { .name = "tty", .op = "read", .id = tty_id };

/* ---- The terminal ---- */

void __trace_tty_signal(const struct tty *tty, int key, int sig)
{
	struct jw *w = trace_begin("tty.signal", 0);
	if (!w)
		return;
	jw_int(w, "tty", tty->index);
	char k[3] = { '^', (char)(key == 0177 ? '?' : key + 64), 0 };
	jw_str(w, "key", k);
	jw_int(w, "sig", sig);
	jw_int(w, "pgrp", tty->pgrp);
	trace_end(w);
}

void __trace_tty_pgrp(const struct tty *tty)
{
	struct jw *w = trace_begin("tty.pgrp", current ? current->pid : 0);
	if (!w)
		return;
	jw_int(w, "tty", tty->index);
	jw_int(w, "session", tty->session);
	jw_int(w, "pgrp", tty->pgrp);
	trace_end(w);
}

void __trace_proc_pgrp(int pid, int pgid, int sid)
{
	struct jw *w = trace_begin("proc.pgrp", current->pid);
	if (!w)
		return;
	jw_int(w, "target", pid);
	jw_int(w, "pgid", pgid);
	jw_int(w, "sid", sid);
	trace_end(w);
}
