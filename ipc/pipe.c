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
	return !pipe_ring_empty(&p->ring) || !p->writers;
}

/* pipe_writable: a write of n bytes can go on: there is room for all of it when it must be atomic
 * (n <= PIPE_BUF), else room for some; or no reader is left (it fails with EPIPE). */
static bool pipe_writable(const struct pipe *p, size_t n)
{
	size_t room = pipe_ring_free(&p->ring);
	return !p->readers || (n <= PIPE_BUF ? room >= n : room > 0);
}

ssize_t pipe_read(struct pipe *p, u64 ubuf, size_t n, bool nonblock)
{
	ssize_t r;
	u64 fl = spin_lock_irqsave(&p->lock);
	while (!pipe_readable(p)) {
		if (nonblock) {
			r = -EAGAIN;
			goto out;
		}
		if (sleep_on(&p->rd_wait, &p->lock)) {
			r = -ERESTARTSYS;
			goto out;
		}
	}
	/* Readable: bytes to take, or none and no writer: 0, end of file. */
	r = pipe_ring_read(&p->ring, (void *)ubuf, n, pipe_copy_to_user, NULL);
	if (r > 0)
		wake_up(&p->wr_wait);
out:
	spin_unlock_irqrestore(&p->lock, fl);
	return r;
}

ssize_t pipe_write(struct pipe *p, u64 ubuf, size_t n, bool nonblock)
{
	size_t done = 0;
	ssize_t err = 0;
	u64 fl = spin_lock_irqsave(&p->lock);
	while (done < n) {
		while (!pipe_writable(p, n)) {
			if (nonblock) {
				err = -EAGAIN;
				goto out;
			}
			if (sleep_on(&p->wr_wait, &p->lock)) {
				err = -ERESTARTSYS;
				goto out;
			}
		}
		if (!p->readers) {
			err = -EPIPE;
			break;
		}
		long r = pipe_ring_write(&p->ring, (const char *)ubuf + done, n - done, pipe_copy_from_user, NULL);
		if (r < 0) {
			err = r;
			break;
		}
		done += r;
		wake_up(&p->rd_wait);
	}
out:
	spin_unlock_irqrestore(&p->lock, fl);
	/* No reader: SIGPIPE as well as EPIPE (POSIX write(): "A SIGPIPE signal shall also be sent"). */
	if (err == -EPIPE)
		send_signal(current, SIGPIPE, current->tgid); /* SI_USER from the writer itself, as Linux */
	return done ? (ssize_t)done : err;
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
