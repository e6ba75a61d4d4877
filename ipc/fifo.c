/* ipc/fifo.c: FIFOs: the open rules of POSIX open() and fifo(7) on top of the pipe's data path (ipc/pipe.c).
 * As Linux's fifo_open, opens are counted (r_counter, w_counter): a blocked opener waits until the counter of
 * the other side moves, so a partner that opens and closes at once still lets it through. When the last opener
 * closes, unread data is dropped (Linux frees the pipe then; a later open starts empty). */
#include "ipc/fifo.h"
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/trace_events.h"

/* struct fifo: the pipe, the open counters, and where blocked openers wait for the other side (under
 * pipe->lock): rd_open_wait, readers waiting for a writer; wr_open_wait, writers waiting for a reader. */
struct fifo {
	struct pipe *pipe;
	u32 r_counter, w_counter;
	struct wait_queue rd_open_wait, wr_open_wait;
	char path[64];
};

static ssize_t fifo_read(struct file *f, u64 ubuf, size_t n)
{
	return pipe_file_read(((struct fifo *)f->priv)->pipe, ubuf, n, f->flags);
}

static ssize_t fifo_write(struct file *f, u64 ubuf, size_t n)
{
	return pipe_file_write(((struct fifo *)f->priv)->pipe, ubuf, n, f->flags);
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
	pipe_close(p, acc != O_WRONLY, acc != O_RDONLY);
	u64 fl = spin_lock_irqsave(&p->lock);
	if (!p->readers && !p->writers)
		p->ring.tail = p->ring.head;
	spin_unlock_irqrestore(&p->lock, fl);
}

static long fifo_ioctl(struct file *f, unsigned cmd, u64 arg) { return pipe_ioctl(((struct fifo *)f->priv)->pipe, cmd, arg); }

static const struct file_ops fifo_ops = { .read = fifo_read, .write = fifo_write, .release = fifo_release,
	.poll = fifo_poll, .ioctl = fifo_ioctl, .kind = "fifo" };

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
			fi->r_counter = fi->w_counter = 0;
			wait_queue_init(&fi->rd_open_wait, &wchan_fifo_open_read, fi->pipe);
			wait_queue_init(&fi->wr_open_wait, &wchan_fifo_open_write, fi->pipe);
			strlcpy(fi->path, path, sizeof fi->path);
			fi->pipe->fifo = fi->path;
			ino->fifo = fi;
		}
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	return fi;
}

/* wait_for_partner: sleep on wq until *counter moves (the other side opened). p->lock held. 0 or -ERESTARTSYS. */
static int wait_for_partner(struct fifo *fi, struct wait_queue *wq, u32 *counter)
{
	u32 cur = *counter;
	while (*counter == cur)
		if (sleep_on(wq, &fi->pipe->lock))
			return -ERESTARTSYS;
	return 0;
}

int fifo_open(struct inode *ino, u32 flags, const char *path, struct file **out)
{
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL; /* neither reading nor writing (access mode 3): Linux fifo_open */
	struct fifo *fi = fifo_get(ino, path);
	if (!fi)
		return -ENOMEM;
	struct pipe *p = fi->pipe;
	u32 acc = flags & O_ACCMODE;
	bool rd = acc != O_WRONLY, wr = acc != O_RDONLY;
	int r = 0;
	u64 fl = spin_lock_irqsave(&p->lock);
	if (acc == O_WRONLY && (flags & O_NONBLOCK) && !p->readers) {
		trace_fifo_open(p, flags, -ENXIO);
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
	/* A reader lets the writers waiting for one through, a writer the readers. */
	if (rd)
		wake_up(&fi->wr_open_wait);
	if (wr)
		wake_up(&fi->rd_open_wait);
	if (acc == O_RDONLY && !p->writers && !(flags & O_NONBLOCK))
		r = wait_for_partner(fi, &fi->rd_open_wait, &fi->w_counter);
	else if (acc == O_WRONLY && !p->readers)
		r = wait_for_partner(fi, &fi->wr_open_wait, &fi->r_counter);
	if (r) {
		/* Interrupted: undo this open as a close would. */
		if (rd && !--p->readers)
			wake_up(&p->wr_wait);
		if (wr && !--p->writers)
			wake_up(&p->rd_wait);
		spin_unlock_irqrestore(&p->lock, fl);
		return r;
	}
	trace_fifo_open(p, flags, 0);
	spin_unlock_irqrestore(&p->lock, fl);

	struct file *f = file_alloc(&fifo_ops, flags, fi);
	if (!f) {
		pipe_close(p, rd, wr);
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
