/* pipes lab skeleton of ipc/pipe.c (reference blob acc6174d03ff6c32621fee14c2eda89ecab8b1d8), made by scripts/lab-
 * skeleton: the bodies of pipe_readable, pipe_writable, pipe_read, pipe_write are TODO blocks for you to write;
 * everything else is the reference kernel's. Check it on the host first with `make test-core LAB=pipes
 * IMPL=student` (under a second), then build and grade it with `make grade LAB=pipes IMPL=student`. */
/* ipc/pipe.c: a pipe, with the semantics of POSIX (XSH read(), write(), pipe()) and Linux's fs/pipe.c:
 * - read blocks while the pipe is empty and has writers; returns 0 (end of file) once no writer is left;
 *   returns what is there (up to the count) without waiting for more.
 * - a write of at most PIPE_BUF bytes is atomic: it waits for room for all of it, so its bytes are never mixed
 *   with another writer's. A larger write moves what fits, wakes readers, and waits for room until all is
 *   written.
 * - writing with no reader gives -EPIPE and SIGPIPE; O_NONBLOCK gives -EAGAIN instead of waiting (a partial
 *   count when a large write moved some bytes).
 * The bytes live in a ring of pages (ipc/pipe_ring.c). The blocking idiom is the kernel's one (kernel/sched.h):
 * hold the pipe's lock, `while (!condition) sleep_on(...)`, wake the other side after a change. The descriptors
 * of a pipe (pipe2, its file operations, F_SETPIPE_SZ) are in kernel/sys_pipe.c.
 * xv6's kernel/pipe.c (struct, read, write, close) is the model of this file. */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

static int next_pipe_id = 1;
static int live_pipes;

/* pipe_readable: a read would not wait: there are bytes, or no writer is left (end of file). */
static bool pipe_readable(const struct pipe *p)
{
	/* TODO(pipes lab): may a read of p go on without waiting? True when there are bytes in the ring, or when no
	 * writer is left (the read then returns 0, end of file). pipe_read waits while this is false. */
	return true;
}

/* pipe_writable: a write of n bytes can go on: there is room for all of it when it must be atomic
 * (n <= PIPE_BUF), else room for some; or no reader is left (it fails with EPIPE). */
static bool pipe_writable(const struct pipe *p, size_t n)
{
	/* TODO(pipes lab): may a write of n bytes to p go on without waiting?
	 *  - When no reader is left: yes (it fails with EPIPE, it must not wait).
	 *  - A write of at most PIPE_BUF bytes is atomic (POSIX write(): its bytes are never interleaved with another
	 *    writer's): it may go on only when ALL n bytes fit.
	 *  - A larger write may go on as soon as any byte fits.
	 * pipe_ring_free(&p->ring) is the room, in bytes. */
	return true;
}

ssize_t pipe_read(struct pipe *p, u64 ubuf, size_t n, bool nonblock)
{
	/* TODO(pipes lab): read(2) on a pipe: move up to n bytes from p's ring into the user's buffer at ubuf.
	 *
	 * What it must guarantee (POSIX read(), pipe(7); the handout's "How a pipe works"):
	 *  - Bytes in the pipe: return them at once, as many as there are up to n; never wait for more.
	 *  - No bytes and a writer left: wait until that changes; with nonblock, return -EAGAIN instead. A signal
	 *    that ends the wait ends the call: return -ERESTARTSYS (the kernel restarts it or makes it EINTR).
	 *  - No bytes and no writer left: end of file, return 0.
	 *  - A writer waiting for room may have room now: it must not stay asleep.
	 *  - A bad buffer with nothing read: -EFAULT.
	 *  - Everything is tested and changed holding p->lock, with the kernel's one blocking idiom (read it in
	 *    kernel/sched.h, above sleep_on): why does the wait need a loop, and why may the test not happen before
	 *    taking the lock?
	 * What you have: pipe_readable (yours, above); pipe_ring_read and pipe_ring_empty (ipc/pipe_ring.h) with
	 * pipe_copy_to_user; spin_lock_irqsave/spin_unlock_irqrestore; sleep_on and wake_up (kernel/sched.h). */
	return -ENOSYS;
}

ssize_t pipe_write(struct pipe *p, u64 ubuf, size_t n, bool nonblock)
{
	/* TODO(pipes lab): write(2) on a pipe: move the n bytes at the user's ubuf into p's ring.
	 *
	 * What it must guarantee (POSIX write(), pipe(7); the handout's "How a pipe works"):
	 *  - No reader left: fail with -EPIPE and send SIGPIPE to the writer (send_signal(current, SIGPIPE,
	 *    current->tgid)), not while holding p->lock.
	 *  - At most PIPE_BUF bytes: all of them go in one piece, or none yet (wait until all fit).
	 *  - More than PIPE_BUF: move what fits, let readers at it, wait for more room, until all n are written.
	 *  - A reader waiting for bytes must not stay asleep once there are some.
	 *  - nonblock: where it would wait, return -EAGAIN instead, or the count written so far when some bytes
	 *    went in. A signal while waiting: return the count written so far, or -ERESTARTSYS when none.
	 *  - A bad buffer: -EFAULT, or the count written before the fault.
	 *  - Return the number of bytes written.
	 * What you have: pipe_writable (yours, above); pipe_ring_write (ipc/pipe_ring.h) with pipe_copy_from_user;
	 * the lock, sleep_on and wake_up as in pipe_read. */
	return -ENOSYS;
}

bool pipe_close(struct pipe *p, bool reader, bool writer)
{
	u64 fl = spin_lock_irqsave(&p->lock);
	if (reader)
		p->readers--;
	if (writer)
		p->writers--;
	bool freed = !p->readers && !p->writers && !p->fifo;
	trace_pipe_close(p, reader, writer, freed);
	/* The last writer gone: readers see end of file. The last reader gone: writers get EPIPE. */
	if (writer && !p->writers)
		wake_up(&p->rd_wait);
	if (reader && !p->readers)
		wake_up(&p->wr_wait);
	spin_unlock_irqrestore(&p->lock, fl);
	return freed;
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

struct pipe *pipe_alloc(void)
{
	struct pipe *p = kmalloc(sizeof *p);
	void **pages = p ? pages_alloc(PIPE_DEF_BUFFERS) : NULL;
	if (!pages) {
		kfree(p);
		return NULL;
	}
	*p = (struct pipe){ .lock = SPINLOCK_INIT("pipe"), .readers = 1, .writers = 1 };
	p->ring = (struct pipe_ring){ .pages = pages, .npages = PIPE_DEF_BUFFERS };
	p->id = __atomic_fetch_add(&next_pipe_id, 1, __ATOMIC_RELAXED);
	wait_queue_init(&p->rd_wait, &wchan_pipe_read, p);
	wait_queue_init(&p->wr_wait, &wchan_pipe_write, p);
	__atomic_fetch_add(&live_pipes, 1, __ATOMIC_RELAXED);
	return p;
}

void pipe_free(struct pipe *p)
{
	pages_free(p->ring.pages, p->ring.npages);
	kfree(p);
	__atomic_fetch_sub(&live_pipes, 1, __ATOMIC_RELAXED);
}

int pipes_live(void) { return live_pipes; }
