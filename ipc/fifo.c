/* ipc/fifo.c: FIFOs: the open rules of POSIX open() and fifo(7) on top of the pipe's data path (ipc/pipe.c).
 * As Linux's fifo_open, opens are counted (r_counter, w_counter): a blocked opener waits until the counter of
 * the other side moves, so a partner that opens and closes at once still lets it through. When the last opener
 * closes, unread data is dropped (Linux frees the pipe then; a later open starts empty). */
#include "ipc/fifo.h"
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/trace.h"

/* struct fifo: the pipe, the open counters, and where blocked openers wait (under pipe->lock). */
struct fifo {
	struct pipe *pipe;
	u32 r_counter, w_counter;
	struct wait_queue open_wait;
	char path[64];
	char wchan[32];
};

static const char *mode_name(u32 flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return "r";
	case O_WRONLY: return "w";
	default: return "rw";
	}
}

/* trace_open: fifo.open (err 0: success) or fifo.block, with the pipe's state. */
static void trace_open(const char *type, struct fifo *fi, u32 flags, int err)
{
	struct jw *w = trace_begin(type, current->pid);
	if (!w)
		return;
	pipe_trace_state(w, fi->pipe);
	jw_str(w, "mode", mode_name(flags));
	if (err)
		jw_str(w, "err", errno_name(err));
	trace_end(w);
}

static ssize_t fifo_read(struct file *f, u64 ubuf, size_t n)
{
	return pipe_do_read(((struct fifo *)f->priv)->pipe, ubuf, n, f->flags);
}

static ssize_t fifo_write(struct file *f, u64 ubuf, size_t n)
{
	return pipe_do_write(((struct fifo *)f->priv)->pipe, ubuf, n, f->flags);
}

static u32 fifo_poll(struct file *f, struct poll_table *pt)
{
	u32 acc = f->flags & O_ACCMODE;
	return pipe_poll(((struct fifo *)f->priv)->pipe, acc != O_WRONLY, acc != O_RDONLY, pt);
}

static void fifo_release(struct file *f)
{
	struct fifo *fi = f->priv;
	struct pipe *p = fi->pipe;
	u32 acc = f->flags & O_ACCMODE;
	pipe_drop(p, acc != O_WRONLY, acc != O_RDONLY);
	u64 fl = spin_lock_irqsave(&p->lock);
	if (!p->readers && !p->writers)
		p->ring.tail = p->ring.head;
	spin_unlock_irqrestore(&p->lock, fl);
	inode_put_unlocked(f->inode);
}

static const struct file_ops fifo_ops = {
	.read = fifo_read, .write = fifo_write, .release = fifo_release, .poll = fifo_poll, .kind = "fifo" };

/* fifo_get: ino's struct fifo, made at the first open. NULL when out of memory. */
static struct fifo *fifo_get(struct inode *ino, const char *path)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct fifo *fi = ino->fifo;
	if (!fi && (fi = kmalloc(sizeof *fi))) {
		fi->pipe = pipe_alloc();
		if (!fi->pipe) {
			kfree(fi);
			fi = NULL;
		} else {
			fi->pipe->readers = fi->pipe->writers = 0;
			wait_queue_init(&fi->open_wait);
			strlcpy(fi->path, path, sizeof fi->path);
			fi->pipe->fifo = fi->path;
			k_snprintf(fi->wchan, sizeof fi->wchan, "fifo %d open", fi->pipe->id);
			ino->fifo = fi;
		}
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	return fi;
}

/* wait_for_partner: sleep until *counter moves (the other side opened). p->lock held. 0 or -ERESTARTSYS. */
static int wait_for_partner(struct fifo *fi, u32 *counter, u32 flags)
{
	u32 cur = *counter;
	while (*counter == cur) {
		trace_open("fifo.block", fi, flags, 0);
		if (sleep_on(&fi->open_wait, &fi->pipe->lock, fi->wchan, 0) == -ERESTARTSYS)
			return -ERESTARTSYS;
	}
	return 0;
}

int fifo_open(struct inode *ino, u32 flags, const char *path, struct file **out)
{
	struct fifo *fi = fifo_get(ino, path);
	if (!fi)
		return -ENOMEM;
	struct pipe *p = fi->pipe;
	u32 acc = flags & O_ACCMODE;
	bool rd = acc != O_WRONLY, wr = acc != O_RDONLY;
	int r = 0;
	u64 fl = spin_lock_irqsave(&p->lock);
	if (acc == O_WRONLY && (flags & O_NONBLOCK) && !p->readers) {
		trace_open("fifo.open", fi, flags, ENXIO);
		spin_unlock_irqrestore(&p->lock, fl);
		return -ENXIO;
	}
	if (rd) {
		fi->r_counter++;
		p->readers++;
	}
	if (wr) {
		fi->w_counter++;
		p->writers++;
	}
	/* A first reader or writer lets the openers waiting for it through. */
	if ((rd && p->readers == 1) || (wr && p->writers == 1))
		wake_up(&fi->open_wait, NULL, 0);
	if (acc == O_RDONLY && !p->writers && !(flags & O_NONBLOCK))
		r = wait_for_partner(fi, &fi->w_counter, flags);
	else if (acc == O_WRONLY && !p->readers)
		r = wait_for_partner(fi, &fi->r_counter, flags);
	if (r) {
		/* Interrupted: undo this open as a close would. */
		if (rd && !--p->readers)
			pipe_wake(p, &p->wr_wait, "write");
		if (wr && !--p->writers)
			pipe_wake(p, &p->rd_wait, "read");
		spin_unlock_irqrestore(&p->lock, fl);
		return r;
	}
	trace_open("fifo.open", fi, flags, 0);
	spin_unlock_irqrestore(&p->lock, fl);

	struct file *f = file_alloc(&fifo_ops, flags, fi);
	if (!f) {
		pipe_drop(p, rd, wr);
		return -ENOMEM;
	}
	fl = spin_lock_irqsave(&fs_lock);
	f->inode = inode_get(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	*out = f;
	return 0;
}

void fifo_free(struct fifo *fi)
{
	pipe_free(fi->pipe);
	kfree(fi);
}
