/* pipes lab skeleton of ipc/pipe.c (reference blob 48a2ae803d2c9b256d89be436bdc81a28d03f43c), made by scripts/lab-
 * skeleton: the bodies of pipe_do_read, pipe_do_write are TODO blocks for you to write; everything else is the
 * reference kernel's. Build and grade it with `make grade LAB=pipes IMPL=student`. */
/* ipc/pipe.c: pipe2(2) and the pipe's read and write, with the semantics of POSIX (XSH write(), read(),
 * pipe()) and Linux's fs/pipe.c:
 * - read blocks while the pipe is empty and has writers; returns 0 (end of file) once no writer is left;
 *   returns what is there (up to the count) without waiting for more.
 * - a write of at most PIPE_BUF bytes is atomic: it waits for room for all of it. A larger write moves what
 *   fits, wakes readers, and waits for room until all is written.
 * - writing with no reader gives -EPIPE; O_NONBLOCK gives -EAGAIN instead of waiting (a partial count when a
 *   large write moved some bytes).
 * The blocking idiom is xv6's: hold the pipe's lock, `while (!condition) sleep_on(...)`, wake after a change.
 * The pipe itself (struct pipe, pipe_do_read/pipe_do_write, pipe_drop, pipe_poll) is also the data path of FIFOs
 * (ipc/fifo.c) and of socketpair's two directions (ipc/socket.c). */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"

static int next_pipe_id = 1;
static int live_pipes;

int pipes_live(void) { return live_pipes; }

void pipe_trace_state(struct jw *w, struct pipe *p)
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

void pipe_trace_io(const char *type, struct pipe *p, long n, u64 from, int err)
{
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_trace_state(w, p);
	jw_int(w, "n", n > 0 ? n : 0);
	if (n > 0) {
		char buf[TRACE_DATA_MAX];
		size_t k = pipe_ring_peek(&p->ring, from, from + MIN((u64)n, TRACE_DATA_MAX), buf, sizeof buf);
		jw_bytes(w, "data", buf, k, TRACE_DATA_MAX);
	} else if (err) {
		jw_str(w, "err", errno_name(err));
	}
	trace_end(w);
}

void pipe_trace_simple(const char *type, struct pipe *p, const char *op)
{
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_trace_state(w, p);
	if (op)
		jw_str(w, "op", op);
	trace_end(w);
}

void pipe_wake(struct pipe *p, struct wait_queue *wq, const char *op)
{
	if (list_empty(&wq->head) && list_empty(&wq->pollers))
		return;
	int pids[16];
	int n = wake_up(wq, pids, 16);
	struct jw *w = trace_begin("pipe.wake", current->pid);
	if (!w)
		return;
	pipe_trace_state(w, p);
	jw_str(w, "op", op);
	jw_arr_begin(w, "woken");
	for (int i = 0; i < n && i < 16; i++)
		jw_int(w, NULL, pids[i]);
	jw_arr_end(w);
	trace_end(w);
}

ssize_t pipe_do_read(struct pipe *p, u64 ubuf, size_t n, u32 flags)
{
	/* TODO(pipes lab): read up to n bytes from the pipe into the user buffer at ubuf.
	 *
	 * The rules (POSIX read(); Linux 2.4's pipe_read in seed 001, slides 4-5):
	 *  - While the ring is empty (pipe_ring_empty):
	 *      no writer left (p->writers == 0)  -> end of file: return 0;
	 *      O_NONBLOCK set                     -> return -EAGAIN;
	 *      otherwise sleep until a writer changes something: sleep_on(&p->rd_wait, &p->lock, p->wchan_read, 0),
	 *      and if it returns -ERESTARTSYS (a signal came) return that.
	 *  - Otherwise move what is there, at most n bytes (pipe_ring_read with pipe_copy_to_user: it returns the
	 *    count, or -EFAULT), without waiting for more, and wake the writers waiting for room (p->wr_wait).
	 *
	 * The idiom, as everywhere in this kernel: take p->lock (spin_lock_irqsave), `while (!condition) sleep_on(...)`,
	 * change the state, wake, unlock. sleep_on drops the lock while asleep and takes it again before returning.
	 *
	 * The grader reads the trace, so emit the events of traces/FORMAT.md "Pipes and FIFOs" with the helpers above:
	 * "pipe.block" with op "read" just before sleeping, "pipe.read" for every return with its count (n = 0 for end
	 * of file, or the error EAGAIN), and "pipe.wake" through the wake helper (it traces only when someone sleeps).
	 * Remember the ring's tail before reading: the trace helper peeks the bytes just read from there. */
	return -ENOSYS;
}

ssize_t pipe_do_write(struct pipe *p, u64 ubuf, size_t n, u32 flags)
{
	/* TODO(pipes lab): write the n bytes at ubuf into the pipe.
	 *
	 * The rules (POSIX write(); Linux 2.4's pipe_write in seed 001, slides 6-7):
	 *  - No reader left (p->readers == 0): fail with -EPIPE, and send SIGPIPE to the writer
	 *    (send_signal(current, SIGPIPE, 0)) after unlocking.
	 *  - A write of at most PIPE_BUF bytes is atomic: wait until ALL of it fits (pipe_ring_free >= n), then move it
	 *    in one piece. A larger write moves whatever fits, wakes the readers, and waits for more room until all of
	 *    it is written.
	 *  - O_NONBLOCK: instead of waiting, return -EAGAIN (or the count already written, if some bytes moved).
	 *  - Waiting: sleep_on(&p->wr_wait, &p->lock, p->wchan_write, 0); -ERESTARTSYS means a signal came: stop and
	 *    return what was written, or -ERESTARTSYS when nothing was.
	 *  - Every time bytes go in, wake the readers sleeping on p->rd_wait.
	 *  - Return the number of bytes written when some moved, else the error.
	 *
	 * Copy with pipe_ring_write(&p->ring, src, count, pipe_copy_from_user, NULL) (returns bytes moved, or -EFAULT).
	 *
	 * Trace events (traces/FORMAT.md): "pipe.block" with op "write" before sleeping, one "pipe.write" per chunk moved
	 * (remember the ring's head before writing), and a "pipe.write" with n = 0 and the error (EPIPE, EAGAIN) when a
	 * write fails without moving anything. */
	return -ENOSYS;
}

static ssize_t pipe_read(struct file *f, u64 ubuf, size_t n) { return pipe_do_read(f->priv, ubuf, n, f->flags); }
static ssize_t pipe_write(struct file *f, u64 ubuf, size_t n) { return pipe_do_write(f->priv, ubuf, n, f->flags); }

void pipe_free(struct pipe *p)
{
	for (u32 i = 0; i < p->ring.npages; i++)
		page_free(p->ring.pages[i]);
	kfree(p->ring.pages);
	kfree(p);
	__atomic_fetch_sub(&live_pipes, 1, __ATOMIC_RELAXED);
}

bool pipe_drop(struct pipe *p, bool reader, bool writer)
{
	u64 fl = spin_lock_irqsave(&p->lock);
	if (reader)
		p->readers--;
	if (writer)
		p->writers--;
	bool freed = !p->readers && !p->writers && !p->fifo;
	/* One event per end (a FIFO opened O_RDWR closes both), each with the state after both counts moved. */
	for (int end = 0; end < 2; end++) {
		if (!(end == 0 ? reader : writer))
			continue;
		struct jw *w = trace_begin("pipe.close", current->pid);
		if (w) {
			pipe_trace_state(w, p);
			jw_str(w, "end", end == 0 ? "read" : "write");
			jw_bool(w, "freed", freed);
			trace_end(w);
		}
	}
	/* The last writer gone: readers see EOF. The last reader gone: writers get EPIPE. */
	if (writer && !p->writers)
		pipe_wake(p, &p->rd_wait, "read");
	if (reader && !p->readers)
		pipe_wake(p, &p->wr_wait, "write");
	spin_unlock_irqrestore(&p->lock, fl);
	return freed;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	if (pipe_drop(p, reader, !reader))
		pipe_free(p);
}

u32 pipe_poll(struct pipe *p, bool reader, bool writer, struct poll_table *pt)
{
	u32 mask = 0;
	u64 fl = spin_lock_irqsave(&p->lock);
	if (reader) {
		poll_wait(pt, &p->rd_wait);
		if (!pipe_ring_empty(&p->ring))
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	}
	if (writer) {
		poll_wait(pt, &p->wr_wait);
		if (pipe_ring_free(&p->ring) >= MIN((size_t)PIPE_BUF, pipe_ring_cap(&p->ring)))
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	spin_unlock_irqrestore(&p->lock, fl);
	return mask;
}

static u32 pipe_file_poll(struct file *f, struct poll_table *pt)
{
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	return pipe_poll(f->priv, reader, !reader, pt);
}

static const struct file_ops pipe_read_ops = {
	.read = pipe_read, .release = pipe_release, .poll = pipe_file_poll, .kind = "pipe" };
static const struct file_ops pipe_write_ops = {
	.write = pipe_write, .release = pipe_release, .poll = pipe_file_poll, .kind = "pipe" };

static int alloc_pages(void ***pages, u32 n)
{
	void **v = kmalloc(n * sizeof(void *));
	if (!v)
		return -ENOMEM;
	for (u32 i = 0; i < n; i++) {
		v[i] = page_alloc();
		if (!v[i]) {
			while (i--)
				page_free(v[i]);
			kfree(v);
			return -ENOMEM;
		}
	}
	*pages = v;
	return 0;
}

struct pipe *pipe_alloc(void)
{
	struct pipe *p = kmalloc(sizeof *p);
	if (!p)
		return NULL;
	if (alloc_pages(&p->ring.pages, PIPE_DEF_BUFFERS)) {
		kfree(p);
		return NULL;
	}
	p->ring.npages = PIPE_DEF_BUFFERS;
	p->lock = (spinlock_t)SPINLOCK_INIT("pipe");
	p->readers = p->writers = 1;
	wait_queue_init(&p->rd_wait);
	wait_queue_init(&p->wr_wait);
	p->id = __atomic_fetch_add(&next_pipe_id, 1, __ATOMIC_RELAXED);
	k_snprintf(p->wchan_read, sizeof p->wchan_read, "pipe %d read", p->id);
	k_snprintf(p->wchan_write, sizeof p->wchan_write, "pipe %d write", p->id);
	__atomic_fetch_add(&live_pipes, 1, __ATOMIC_RELAXED);
	return p;
}

/* pipe2(fds, flags): flags O_NONBLOCK, O_CLOEXEC (O_DIRECT, packet mode, is not supported: -EINVAL).
 * -EFAULT for a bad fds (nothing stays open), -EMFILE when the descriptor table is full, -ENFILE/-ENOMEM
 * when out of memory. */
SYSCALL_DEFINE(pipe2)
{
	u64 flags = a1;
	if (flags & ~(u64)(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENFILE;
	u32 nb = flags & O_NONBLOCK;
	struct file *rf = file_alloc(&pipe_read_ops, O_RDONLY | nb, p);
	struct file *wf = file_alloc(&pipe_write_ops, O_WRONLY | nb, p);
	if (!rf || !wf) {
		kfree(rf);
		kfree(wf);
		pipe_free(p);
		return -ENFILE;
	}
	bool cloexec = flags & O_CLOEXEC;
	int fds[2];
	fds[0] = fd_install(current, rf, 0, cloexec);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(current, wf, 0, cloexec);
	if (fds[0] < 0 || fds[1] < 0 || copy_to_user(a0, fds, sizeof fds)) {
		long err = fds[0] < 0 || fds[1] < 0 ? -EMFILE : -EFAULT;
		if (fds[0] >= 0)
			current->files[fds[0]] = NULL;
		if (fds[1] >= 0)
			current->files[fds[1]] = NULL;
		kfree(rf);
		kfree(wf);
		pipe_free(p);
		return err;
	}
	struct jw *w = trace_begin("pipe.create", current->pid);
	if (w) {
		pipe_trace_state(w, p);
		jw_arr_begin(w, "fds");
		jw_int(w, NULL, fds[0]);
		jw_int(w, NULL, fds[1]);
		jw_arr_end(w);
		jw_int(w, "flags", (int)flags);
		trace_end(w);
	}
	return 0;
}

#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032

/* pipe_fcntl: F_GETPIPE_SZ returns the capacity (bytes); F_SETPIPE_SZ rounds arg (an unsigned int, as Linux
 * reads it) up to a power-of-two number of pages, at least one, and returns the new capacity: -EINVAL when f is
 * not a pipe or arg is above 2^31, -EPERM above PIPE_MAX_PAGES pages (1 MiB, Linux's pipe-max-size) unless the
 * caller is root (CAP_SYS_RESOURCE; everyone is root for now), -ENOMEM when the pages cannot be had, -EBUSY when
 * the data does not fit (fcntl(2), Linux fs/pipe.c pipe_set_size). */
long pipe_fcntl(struct file *f, int cmd, u64 arg)
{
	if (f->ops != &pipe_read_ops && f->ops != &pipe_write_ops)
		return -EINVAL;
	struct pipe *p = f->priv;
	if (cmd == F_GETPIPE_SZ)
		return (long)pipe_ring_cap(&p->ring);
	u32 size = (u32)arg;
	if (size > (1u << 31))
		return -EINVAL;
	bool privileged = true; /* uid 0 */
	if (size > PIPE_MAX_PAGES * PIPE_RING_PAGE && !privileged)
		return -EPERM;
	u32 n = 1;
	while ((u64)n * PIPE_RING_PAGE < size)
		n <<= 1;
	void **pages;
	if (alloc_pages(&pages, n))
		return -ENOMEM;
	u64 fl = spin_lock_irqsave(&p->lock);
	void **old = p->ring.pages;
	u32 oldn = p->ring.npages;
	int r = pipe_ring_resize(&p->ring, pages, n);
	if (r == 0) {
		pipe_trace_simple("pipe.resize", p, NULL);
		pipe_wake(p, &p->wr_wait, "write");
	}
	spin_unlock_irqrestore(&p->lock, fl);
	void **drop = r == 0 ? old : pages;
	u32 dropn = r == 0 ? oldn : n;
	for (u32 i = 0; i < dropn; i++)
		page_free(drop[i]);
	kfree(drop);
	return r == 0 ? (long)n * PIPE_RING_PAGE : r;
}
