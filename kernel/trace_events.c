/* kernel/trace_events.c: how each trace event of kernel/trace_events.h is written (traces/FORMAT.md, version 2),
 * and the wait channels, whose block and wake-up events sleep_on and wake_up emit (kernel/sched.h).
 * Everything the trace knows of the objects' insides is here, so the mechanisms hold no trace code but the
 * one-line call of each operation event. */
#include "ipc/mqueue.h"
#include "ipc/msg.h"
#include "ipc/pipe.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/futex.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/proc.h"
#include "kernel/mm.h"
#include "kernel/shmem.h"
#include "kernel/vm.h"
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
	/* the shared mappings the child's copy of the address space has (mm_copy), now that the child exists */
	if (child->mm && child->mm != parent->mm)
		for (const struct vma *v = child->mm->vmas; v; v = v->next)
			__trace_map_create(child->mm, v, v->start, v->end, "fork");
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
	jw_int(w, "leaked_mqueues", r->leaked_mqueues);
	jw_int(w, "leaked_socks", r->leaked_socks);
	jw_int(w, "inflight_fds", r->inflight_fds);
	jw_int(w, "procs", r->procs);
	trace_end(w);
}

/* ---- Pipes and FIFOs ---- */

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
 * before head for a write. */
static inline __attribute__((always_inline)) void pipe_io(const char *type, const struct pipe *p, u64 ubuf, long r, bool read)
{
	if (r == -ERESTARTSYS)
		return;
	char buf[TRACE_DATA_MAX];
	size_t k = r > 0 ? MIN((size_t)r, sizeof buf) : 0;
	if (k) {
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

/* ---- Unix domain sockets ---- */

#define TRACE_QUEUE_MAX 16   /* sk_buffs listed in "queue" */
#define TRACE_PENDING_MAX 16 /* pending connections listed in "pending" */
#define TRACE_FDS_MAX 16     /* descriptors listed in "fds" */
#define TRACE_SKB_PREVIEW 16 /* bytes of each queued sk_buff in "queue" */

static const char *sock_type_name(int type)
{
	return type == SOCK_STREAM ? "stream" : type == SOCK_DGRAM ? "dgram" : "seqpacket";
}

static const char *sock_state_name(const struct sock *sk)
{
	return sk->sk_state == TCP_LISTEN ? "listening" : sk->sk_state == TCP_ESTABLISHED ? "connected" : "unconnected";
}

/* jw_sockaddr: an AF_UNIX name of len bytes as ss(8) shows it: a path as it is, an abstract name as "@" and its
 * bytes with each NUL an "@"; nothing for the family alone. */
static void jw_sockaddr(struct jw *w, const char *key, const struct sockaddr_un *a, int len)
{
	char buf[UNIX_PATH_MAX + 1];
	size_t n = len > SUN_PATH_OFFSET ? (size_t)(len - SUN_PATH_OFFSET) : 0;
	n = MIN(n, (size_t)UNIX_PATH_MAX);
	if (!n)
		return;
	if (a->sun_path[0]) {
		n = strnlen(a->sun_path, n);
		memcpy(buf, a->sun_path, n);
	} else {
		for (size_t i = 0; i < n; i++)
			buf[i] = a->sun_path[i] ? a->sun_path[i] : '@';
	}
	jw_bytes(w, key, buf, n, sizeof buf);
}

/* sock_queue: a socket's queue: a listener's backlog and pending connections [server end, client]; another's
 * count, unread bytes and first sk_buffs [unread bytes, sender, files, "first bytes"]. */
static void sock_queue(struct jw *w, const struct sock *sk)
{
	const struct sk_buff_head *q = &sk->sk_receive_queue;
	const struct sk_buff *skb;
	int n = 0;
	if (sk->sk_state == TCP_LISTEN) {
		jw_uint(w, "backlog", sk->sk_max_ack_backlog);
		jw_arr_begin(w, "pending");
		for (skb = skb_peek(q); skb && n++ < TRACE_PENDING_MAX; skb = skb_peek_next(skb, q)) {
			jw_arr_begin(w, NULL);
			jw_int(w, NULL, skb->sk->id);
			jw_int(w, NULL, skb->sk->peer ? skb->sk->peer->id : 0);
			jw_arr_end(w);
		}
		jw_arr_end(w);
		return;
	}
	u64 bytes = 0;
	for (skb = skb_peek(q); skb; skb = skb_peek_next(skb, q))
		bytes += skb->len - skb->consumed;
	jw_uint(w, "qlen", q->qlen);
	jw_uint(w, "qbytes", bytes);
	jw_arr_begin(w, "queue");
	for (skb = skb_peek(q); skb && n++ < TRACE_QUEUE_MAX; skb = skb_peek_next(skb, q)) {
		char buf[TRACE_SKB_PREVIEW];
		size_t k = MIN((size_t)(skb->len - skb->consumed), sizeof buf);
		skb_copy_bits(skb, skb->consumed, buf, k);
		jw_arr_begin(w, NULL);
		jw_uint(w, NULL, skb->len - skb->consumed);
		jw_int(w, NULL, skb->sk ? skb->sk->id : 0);
		jw_int(w, NULL, skb->fp ? skb->fp->count : 0);
		jw_bytes(w, NULL, buf, k, sizeof buf);
		jw_arr_end(w);
	}
	jw_arr_end(w);
}

/* sock_state: the fields every unix event carries: the socket and its queue after the event. */
static void sock_state(struct jw *w, const struct sock *sk)
{
	jw_int(w, "sock", sk->id);
	jw_str(w, "sock_type", sock_type_name(sk->sk_type));
	jw_str(w, "state", sock_state_name(sk));
	if (sk->addr)
		jw_sockaddr(w, "addr", &sk->addr->name, sk->addr->len);
	if (sk->peer)
		jw_int(w, "peer", sk->peer->id);
	if (sk->listener)
		jw_int(w, "listener", sk->listener->id);
	if (sk->sk_shutdown)
		jw_int(w, "shut", sk->sk_shutdown);
	jw_int(w, "wmem", sk->sk_wmem_alloc);
	jw_int(w, "sndbuf", sk->sk_sndbuf);
	if (sk->inflight)
		jw_int(w, "inflight", sk->inflight);
	sock_queue(w, sk);
}

/* file_what: what an open file is, for a descriptor in flight: "pipe 3 r", "unix 5", "fifo", "file"... */
static void file_what(const struct file *f, char *buf, size_t len)
{
	const struct sock *sk = sock_from_file(f);
	const char *kind = f->ops->kind ? f->ops->kind : "file";
	if (sk)
		k_snprintf(buf, len, "unix %d", sk->id);
	else if (!strcmp(kind, "pipe"))
		k_snprintf(buf, len, "pipe %d %s", ((const struct pipe *)f->priv)->id, fmode_name(f->flags));
	else
		k_snprintf(buf, len, "%s", f->inode && S_ISREG(f->inode->mode) ? "file" : kind);
}

/* jw_fds: the descriptors of the SCM_RIGHTS messages in a control buffer (kernel ctl, or user uctl), len bytes,
 * each [fd, "what it is"] for the current process's table. */
static void jw_fds(struct jw *w, const u8 *ctl, u64 uctl, size_t len)
{
	struct { u64 len; int level, type; } h;
	int n = 0;
	bool any = false;
	for (size_t off = 0; off + sizeof h <= len; off += ALIGN_UP(h.len, 8)) {
		if (ctl)
			memcpy(&h, ctl + off, sizeof h);
		else if (copy_from_user(&h, uctl + off, sizeof h))
			break;
		if (h.len < sizeof h || h.len > len - off)
			break;
		if (h.level != SOL_SOCKET || h.type != 1 /* SCM_RIGHTS */)
			continue;
		for (size_t i = 0; i < (h.len - sizeof h) / sizeof(int) && n < TRACE_FDS_MAX; i++, n++) {
			int fd;
			size_t at = off + sizeof h + i * sizeof fd;
			if (ctl)
				memcpy(&fd, ctl + at, sizeof fd);
			else if (copy_from_user(&fd, uctl + at, sizeof fd))
				break;
			struct file *f = fd_file(fd);
			char what[32] = "?";
			if (f)
				file_what(f, what, sizeof what);
			if (!any)
				jw_arr_begin(w, "fds");
			any = true;
			jw_arr_begin(w, NULL);
			jw_int(w, NULL, fd);
			jw_str(w, NULL, what);
			jw_arr_end(w);
		}
	}
	if (any)
		jw_arr_end(w);
}

/* sock_untraced: sk's calls write no unix.* event: it is a netlink socket (the trace draws AF_UNIX sockets; a
 * netlink socket's one use here, mq_notify's SIGEV_THREAD, shows in mq.notify's `sock`). */
static bool sock_untraced(const struct sock *sk) { return sk->ops->family != AF_UNIX; }

/* sock_op: a unix event of the current process that carries sk's state and, when it failed, err. */
static inline __attribute__((always_inline)) void sock_op(const char *type, const struct sock *sk, long err)
{
	if (sock_untraced(sk))
		return;
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	if (err < 0)
		jw_err(w, err);
	trace_end(w);
}

void __trace_unix_create(const struct sock *sk, int fd)
{
	if (sock_untraced(sk))
		return;
	struct jw *w = trace_begin("unix.create", current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	jw_int(w, "fd", fd);
	trace_end(w);
}

void __trace_unix_bind(const struct sock *sk, long err)
{
	if (err != -ERESTARTSYS)
		sock_op("unix.bind", sk, err);
}

void __trace_unix_listen(const struct sock *sk, long err) { sock_op("unix.listen", sk, err); }

void __trace_unix_connect(const struct sock *sk, long err)
{
	if (sock_untraced(sk))
		return;
	if (err == -ERESTARTSYS)
		return;
	struct jw *w = trace_begin("unix.connect", current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	const struct sock *l = !err && sk->peer ? sk->peer->listener : NULL;
	if (l) { /* the listener's backlog, which the new connection joined */
		jw_int(w, "to", l->id);
		jw_obj_begin(w, "to_q");
		sock_queue(w, l);
		jw_obj_end(w);
	}
	if (err < 0)
		jw_err(w, err);
	trace_end(w);
}

void __trace_unix_accept(const struct sock *listener, const struct sock *newsk, int fd, long err)
{
	if (sock_untraced(listener))
		return;
	if (err == -ERESTARTSYS)
		return;
	if (!newsk) {
		sock_op("unix.accept", listener, err);
		return;
	}
	struct jw *w = trace_begin("unix.accept", current->pid);
	if (!w)
		return;
	sock_state(w, newsk);
	jw_int(w, "fd", fd);
	jw_int(w, "to", listener->id);
	jw_obj_begin(w, "to_q");
	sock_queue(w, listener);
	jw_obj_end(w);
	trace_end(w);
}

/* data_preview: the first bytes of a message, read back from the user's buffers (a bookmark of the iterator). */
static size_t data_preview(const struct msghdr *before, long n, char *buf, size_t len)
{
	struct iov_iter it = before->msg_iter;
	size_t k = n > 0 ? MIN((size_t)n, len) : 0;
	return k ? copy_from_iter(buf, k, &it) : 0;
}

void __trace_unix_send(const struct sock *sk, const struct msghdr *before, const struct msghdr *after, long r)
{
	if (sock_untraced(sk))
		return;
	if (r == -ERESTARTSYS)
		return;
	char buf[TRACE_DATA_MAX];
	size_t k = data_preview(before, r, buf, sizeof buf);
	struct jw *w = trace_begin("unix.send", current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	jw_int(w, "n", r > 0 ? r : 0);
	if (r >= 0)
		jw_bytes(w, "data", buf, k, TRACE_DATA_MAX);
	if (before->msg_name && before->msg_namelen)
		jw_sockaddr(w, "dest", before->msg_name, before->msg_namelen);
	if (before->msg_control)
		jw_fds(w, before->msg_control, 0, before->msg_controllen);
	if (r >= 0 && after->msg_peer) {
		jw_int(w, "to", after->msg_peer->id);
		jw_obj_begin(w, "to_q");
		sock_queue(w, after->msg_peer);
		jw_obj_end(w);
	}
	if (r < 0)
		jw_err(w, r);
	trace_end(w);
}

void __trace_unix_recv(const struct sock *sk, const struct msghdr *before, const struct msghdr *after, long r)
{
	if (sock_untraced(sk))
		return;
	if (r == -ERESTARTSYS)
		return;
	char buf[TRACE_DATA_MAX];
	size_t k = data_preview(before, MIN(r, (long)iov_iter_count(&before->msg_iter)), buf, sizeof buf);
	struct jw *w = trace_begin("unix.recv", current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	jw_int(w, "n", r > 0 ? r : 0);
	if (r >= 0) {
		jw_bytes(w, "data", buf, k, TRACE_DATA_MAX);
		if (after->msg_peer_id)
			jw_int(w, "from", after->msg_peer_id);
		if (after->msg_name && after->msg_namelen)
			jw_sockaddr(w, "from_addr", after->msg_name, after->msg_namelen);
		if (after->msg_flags & MSG_TRUNC)
			jw_bool(w, "trunc", true);
		if (after->msg_flags & MSG_CTRUNC)
			jw_bool(w, "ctrunc", true);
		if (before->msg_control_user)
			jw_fds(w, NULL, before->msg_control_user, after->msg_control_user - before->msg_control_user);
	} else {
		jw_err(w, r);
	}
	trace_end(w);
}

void __trace_unix_shutdown(const struct sock *sk, int how)
{
	if (sock_untraced(sk))
		return;
	struct jw *w = trace_begin("unix.shutdown", current->pid);
	if (!w)
		return;
	sock_state(w, sk);
	jw_str(w, "how", how == SHUT_RD ? "rd" : how == SHUT_WR ? "wr" : "rdwr");
	if (sk->peer && sk->sk_type != SOCK_DGRAM) {
		jw_int(w, "to", sk->peer->id);
		jw_int(w, "to_shut", sk->peer->sk_shutdown);
	}
	trace_end(w);
}

void __trace_unix_close(const struct sock *sk) { sock_op("unix.close", sk, 0); }

void __trace_unix_gc(const struct list_head *list)
{
	struct jw *w = trace_begin("unix.gc", current ? current->pid : 0);
	if (!w)
		return;
	jw_arr_begin(w, "collected");
	const struct list_head *pos;
	list_for_each(pos, list)
		jw_int(w, NULL, list_entry(pos, struct sock, gc_link)->id);
	jw_arr_end(w);
	trace_end(w);
}

/* The socket channels: unix.block when a receive (or accept) finds the queue empty, a send finds its budget used
 * up, or a connect or datagram send finds the receiving socket's queue full; unix.wake when the other side
 * changed it. The event's socket is the one slept on. */
static int sock_id(const void *obj) { return ((const struct sock *)obj)->id; }

static const char *sock_wait_op(const struct wait_queue *wq)
{
	const struct sock *sk = wq->obj;
	if (wq == &sk->rcv_wait)
		return sk->sk_state == TCP_LISTEN ? "accept" : "recv";
	if (wq == &sk->snd_wait)
		return "send";
	return sk->sk_state == TCP_LISTEN ? "connect" : "queue";
}

static void sock_block(const struct wait_queue *wq)
{
	struct jw *w = trace_begin("unix.block", current->pid);
	if (!w)
		return;
	sock_state(w, wq->obj);
	jw_str(w, "op", sock_wait_op(wq));
	trace_end(w);
}

static void sock_wake(const struct wait_queue *wq, const int *pids, int n, long res)
{
	struct jw *w = trace_begin("unix.wake", current->pid);
	if (!w)
		return;
	sock_state(w, wq->obj);
	jw_str(w, "op", sock_wait_op(wq));
	jw_pids(w, "woken", pids, n);
	trace_end(w);
}

const struct wait_chan wchan_unix_recv = { "unix", "recv", sock_id, sock_block, sock_wake };
const struct wait_chan wchan_unix_send = { "unix", "send", sock_id, sock_block, sock_wake };
const struct wait_chan wchan_unix_connect = { "unix", "queue", sock_id, sock_block, sock_wake };
/* A netlink socket's receivers: no events of their own (see sock_untraced); sched.switch names the channel. */
const struct wait_chan wchan_netlink_recv = { "netlink", "recv", sock_id, NULL, NULL };

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

/* msgs_list: "msgs": the first messages of messages (struct msg_msg on m_list, count of them), each [m_type,
 * size, "preview"], and "more": how many were left out. The queues of System V (m_type the mtype) and of POSIX
 * (m_type the priority) alike. */
static void msgs_list(struct jw *w, const struct list_head *messages, u64 count)
{
	jw_arr_begin(w, "msgs");
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, messages) {
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
	if (count > TRACE_MSGS_MAX)
		jw_uint(w, "more", count - TRACE_MSGS_MAX);
}

/* queue: the queue's state: counts, limit, and its first messages (msgs_list). */
static void queue(struct jw *w, const struct msg_queue *msq)
{
	jw_uint(w, "qnum", msq->q_qnum);
	jw_uint(w, "cbytes", msq->q_cbytes);
	jw_uint(w, "qbytes", msq->q_qbytes);
	msgs_list(w, &msq->q_messages, msq->q_qnum);
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

/* ---- POSIX message queues ---- */

/* mq_state: the queue's id ("mq": its inode number) and state: its attributes, bytes queued, its first messages in
 * the order they will be received, each [prio, size, "preview"], and the pid registered for notification. */
static void mq_state(struct jw *w, const struct mqueue_inode_info *info)
{
	jw_uint(w, "mq", info->inode->ino);
	jw_int(w, "curmsgs", info->attr.mq_curmsgs);
	jw_int(w, "maxmsg", info->attr.mq_maxmsg);
	jw_int(w, "msgsize", info->attr.mq_msgsize);
	jw_uint(w, "qsize", info->qsize);
	msgs_list(w, &info->messages, (u64)info->attr.mq_curmsgs);
	jw_int(w, "notify_pid", info->notify_owner);
}

/* mq_name: "name": the queue's name as mq_open(3) spells it, with its '/'. */
static void mq_name(struct jw *w, const struct mqueue_inode_info *info)
{
	char name[NAME_MAX + 2] = "/";
	strlcpy(name + 1, info->name, sizeof name - 1);
	jw_str(w, "name", name);
}

void __trace_mq_create(const struct mqueue_inode_info *info)
{
	struct jw *w = trace_begin("mq.create", current->pid);
	if (!w)
		return;
	mq_state(w, info);
	mq_name(w, info);
	jw_int(w, "mode", info->inode->mode & 07777);
	trace_end(w);
}

void __trace_mq_unlink(const struct mqueue_inode_info *info)
{
	struct jw *w = trace_begin("mq.unlink", current->pid);
	if (!w)
		return;
	mq_state(w, info);
	mq_name(w, info);
	trace_end(w);
}

void __trace_mq_destroy(const struct mqueue_inode_info *info)
{
	struct jw *w = trace_begin("mq.destroy", current->pid);
	if (!w)
		return;
	jw_uint(w, "mq", info->inode->ino);
	trace_end(w);
}

void __trace_mq_send(const struct mqueue_inode_info *info, u64 ubuf, size_t len, unsigned prio, long err)
{
	if (err == -ERESTARTSYS)
		return;
	char buf[TRACE_DATA_MAX];
	size_t k = err ? 0 : MIN(len, sizeof buf);
	if (k && copy_from_user(buf, ubuf, k)) /* the sender's buffer: the message may be received already */
		k = 0;
	struct jw *w = trace_begin("mq.send", current->pid);
	if (!w)
		return;
	mq_state(w, info);
	if (err) {
		jw_err(w, err);
	} else {
		jw_int(w, "prio", prio);
		jw_uint(w, "size", len);
		jw_bytes(w, "text", buf, k, TRACE_DATA_MAX);
	}
	trace_end(w);
}

void __trace_mq_recv(const struct mqueue_inode_info *info, const struct msg_msg *msg, long err)
{
	if (err == -ERESTARTSYS)
		return;
	struct jw *w = trace_begin("mq.recv", current->pid);
	if (!w)
		return;
	mq_state(w, info);
	if (msg) {
		jw_int(w, "prio", msg->m_type);
		jw_uint(w, "size", msg->m_ts);
		jw_bytes(w, "text", msg->text, msg->m_ts, TRACE_DATA_MAX);
	} else {
		jw_err(w, err);
	}
	trace_end(w);
}

void __trace_mq_notify(const struct mqueue_inode_info *info, const char *op, int owner)
{
	struct jw *w = trace_begin("mq.notify", current->pid);
	if (!w)
		return;
	mq_state(w, info);
	jw_str(w, "op", op);
	jw_int(w, "owner", owner);
	const struct sigevent_k *n = &info->notify;
	jw_str(w, "notify", n->sigev_notify == SIGEV_SIGNAL ? "signal" : n->sigev_notify == SIGEV_NONE ? "none" : "thread");
	if (n->sigev_notify == SIGEV_SIGNAL) {
		jw_int(w, "signo", n->sigev_signo);
		jw_hex(w, "value", n->sigev_value);
	}
	if (n->sigev_notify == SIGEV_THREAD && info->notify_sock)
		jw_int(w, "sock", info->notify_sock->id);
	trace_end(w);
}

/* The queue channels: a sender sleeps on its own ext_wait_queue's completion while the queue is full (mq.block
 * says its message's size and priority), a receiver while it is empty; mq.wake comes when a receiver moved the
 * sender's message into the queue, or a sender handed the receiver its message. */
static int mq_id(const void *obj) { return (int)((const struct mqueue_inode_info *)obj)->inode->ino; }

static inline __attribute__((always_inline)) void mq_block(const struct wait_queue *wq, const char *op)
{
	const struct ext_wait_queue *e = container_of(wq, struct ext_wait_queue, done.wait);
	struct jw *w = trace_begin("mq.block", current->pid);
	if (!w)
		return;
	mq_state(w, wq->obj);
	jw_str(w, "op", op);
	if (e->msg) {
		jw_int(w, "prio", e->msg->m_type);
		jw_uint(w, "size", e->msg->m_ts);
	}
	trace_end(w);
}

static inline __attribute__((always_inline)) void mq_wake(const struct wait_queue *wq, const char *op,
							 const int *pids, int n, long res)
{
	struct jw *w = trace_begin("mq.wake", current->pid);
	if (!w)
		return;
	mq_state(w, wq->obj);
	jw_str(w, "op", op);
	jw_pids(w, "woken", pids, n);
	if (res < 0)
		jw_err(w, res);
	trace_end(w);
}

static void mq_send_block(const struct wait_queue *wq) { mq_block(wq, "send"); }
static void mq_recv_block(const struct wait_queue *wq) { mq_block(wq, "recv"); }
static void mq_send_wake(const struct wait_queue *wq, const int *pids, int n, long res) { mq_wake(wq, "send", pids, n, res); }
static void mq_recv_wake(const struct wait_queue *wq, const int *pids, int n, long res) { mq_wake(wq, "recv", pids, n, res); }

const struct wait_chan wchan_mq_send = { "mqueue", "send", mq_id, mq_send_block, mq_send_wake };
const struct wait_chan wchan_mq_recv = { "mqueue", "recv", mq_id, mq_recv_block, mq_recv_wake };
const struct wait_chan wchan_mq_poll = { .name = "mqueue", .op = "poll", .id = mq_id };

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

/* ---- Shared mappings ---- */

void __trace_shmem_create(const struct shmem *s)
{
	struct jw *w = trace_begin("shmem.create", current ? current->tgid : 0);
	if (!w)
		return;
	jw_int(w, "shmem", s->id);
	jw_uint(w, "npages", s->npages);
	trace_end(w);
}

void __trace_shmem_destroy(const struct shmem *s)
{
	struct jw *w = trace_begin("shmem.destroy", current ? current->tgid : 0);
	if (!w)
		return;
	jw_int(w, "shmem", s->id);
	trace_end(w);
}

/* map_begin: the event `type` of shared vma v of mm from user address start on, with what v maps (shmem: its id;
 * a file: its inode number, ino) and the page of it at start (pgoff); NULL for a vma that maps nothing shared. */
static struct jw *map_begin(const char *type, const struct mm *mm, const struct vma *v, u64 start)
{
	if (!v || (v->kind != VMA_SHARED && v->kind != VMA_FILE))
		return NULL;
	struct jw *w = trace_begin(type, mm->tgid);
	if (!w)
		return NULL;
	if (v->kind == VMA_SHARED)
		jw_int(w, "shmem", v->shmem->id);
	else
		jw_uint(w, "ino", v->file->ino);
	jw_hex(w, "addr", start);
	jw_uint(w, "pgoff", v->pgoff + (start - v->start) / PAGE_SIZE);
	return w;
}

void __trace_map_create(const struct mm *mm, const struct vma *v, u64 start, u64 end, const char *how)
{
	struct jw *w = map_begin("map.create", mm, v, start);
	if (!w)
		return;
	jw_uint(w, "pages", (end - start) / PAGE_SIZE);
	jw_str(w, "prot", v->prot & VM_WRITE ? "rw" : v->prot & VM_READ ? "r" : "none");
	jw_str(w, "how", how);
	trace_end(w);
}

void __trace_map_remove(const struct mm *mm, const struct vma *v, const char *how)
{
	struct jw *w = map_begin("map.remove", mm, v, v->start);
	if (!w)
		return;
	jw_uint(w, "pages", (v->end - v->start) / PAGE_SIZE);
	jw_str(w, "how", how);
	trace_end(w);
}

void __trace_map_touch(const struct mm *mm, const struct vma *v, u64 va, u32 access, bool made)
{
	va = ALIGN_DOWN(va, PAGE_SIZE);
	struct jw *w = map_begin("map.touch", mm, v, va);
	if (!w)
		return;
	jw_bool(w, "write", access & VM_WRITE);
	if (v->kind == VMA_SHARED)
		jw_bool(w, "alloc", made);
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

/* si_code_name: the name of a siginfo's si_code as siginfo.h spells it ("SI_QUEUE"); NULL for a kernel code that
 * means something per signal (CLD_*, SEGV_*...), which the trace does not name. */
static const char *si_code_name(int code)
{
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TIMER: return "SI_TIMER";
	case SI_MESGQ: return "SI_MESGQ";
	case SI_ASYNCIO: return "SI_ASYNCIO";
	case SI_SIGIO: return "SI_SIGIO";
	case SI_TKILL: return "SI_TKILL";
	}
	return NULL;
}

void __trace_sig_generate(const struct proc *p, const struct kernel_siginfo *info, bool dropped)
{
	int sig = info->si_signo;
	struct jw *w = trace_begin(dropped ? "sig.ignore" : "sig.generate", info->si_pid);
	if (!w)
		return;
	jw_int(w, "target", p->pid);
	jw_int(w, "sig", sig);
	/* a real-time signal, or one sent with a value (sigqueue, mq_notify, timers: a user code with the RT layout, but
	 * tgkill's, which carries none): how it was sent, and the value it carries */
	bool valued = siginfo_layout(sig, info->si_code) == SIL_RT && info->si_code != SI_TKILL;
	const char *code = si_code_name(info->si_code);
	if ((sig >= SIGRTMIN || valued) && code)
		jw_str(w, "code", code);
	if (valued)
		jw_hex(w, "value", info->si_value);
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
	if (q->pi)
		jw_int(w, "owner", q->pi_owner); /* FUTEX_LOCK_PI: the thread holding the lock, whose unlock ends the wait */
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
