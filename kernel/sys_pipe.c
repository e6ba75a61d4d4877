/* kernel/sys_pipe.c: a pipe's descriptors: pipe2(2), the file operations of its two ends, and fcntl's
 * F_GETPIPE_SZ/F_SETPIPE_SZ (fcntl(2), Linux fs/pipe.c). The pipe itself is ipc/pipe.c; as in xv6, where
 * sys_pipe lives with the other descriptor calls in sysfile.c, this file is the glue between the two. */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

ssize_t pipe_file_read(struct pipe *p, u64 ubuf, size_t n, u32 flags)
{
	ssize_t r = pipe_read(p, ubuf, n, flags & O_NONBLOCK);
	trace_pipe_read(p, ubuf, r);
	return r;
}

ssize_t pipe_file_write(struct pipe *p, u64 ubuf, size_t n, u32 flags)
{
	ssize_t r = pipe_write(p, ubuf, n, flags & O_NONBLOCK);
	trace_pipe_write(p, ubuf, r);
	return r;
}

static ssize_t pipe_fop_read(struct file *f, u64 ubuf, size_t n) { return pipe_file_read(f->priv, ubuf, n, f->flags); }
static ssize_t pipe_fop_write(struct file *f, u64 ubuf, size_t n) { return pipe_file_write(f->priv, ubuf, n, f->flags); }

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	if (pipe_close(p, reader, !reader))
		pipe_free(p);
}

static u32 pipe_fop_poll(struct file *f, struct poll_table *pt)
{
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	return pipe_poll(f->priv, reader, !reader, pt);
}

#define FIONREAD 0x541B

long pipe_ioctl(struct pipe *p, unsigned cmd, u64 arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	u64 fl = spin_lock_irqsave(&p->lock);
	int n = (int)pipe_ring_used(&p->ring);
	spin_unlock_irqrestore(&p->lock, fl);
	return copy_to_user(arg, &n, sizeof n) ? -EFAULT : 0;
}

static long pipe_fop_ioctl(struct file *f, unsigned cmd, u64 arg) { return pipe_ioctl(f->priv, cmd, arg); }

static const struct file_ops pipe_read_ops = { .read = pipe_fop_read, .release = pipe_release, .poll = pipe_fop_poll,
	.ioctl = pipe_fop_ioctl, .kind = "pipe" };
static const struct file_ops pipe_write_ops = { .write = pipe_fop_write, .release = pipe_release,
	.poll = pipe_fop_poll, .ioctl = pipe_fop_ioctl, .kind = "pipe" };

/* pipe2(pipefd, flags): a new pipe, its read end at pipefd[0] and its write end at pipefd[1]. flags O_NONBLOCK,
 * O_CLOEXEC (O_DIRECT, packet mode, is not supported: -EINVAL). -EFAULT for a bad pipefd (nothing stays open),
 * -EMFILE when the descriptor table is full, -ENFILE when out of memory. */
SYSCALL_DEFINE2(pipe2, u64, pipefd, int, flags)
{
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENFILE;
	u32 nb = flags & O_NONBLOCK;
	struct file *rf = file_alloc(&pipe_read_ops, O_RDONLY | nb, p);
	struct file *wf = file_alloc(&pipe_write_ops, O_WRONLY | nb, p);
	int fds[2] = { -1, -1 };
	long err = -ENFILE;
	if (!rf || !wf)
		goto bad;
	bool cloexec = flags & O_CLOEXEC;
	err = -EMFILE;
	if ((fds[0] = fd_install(current, rf, 0, cloexec)) < 0 || (fds[1] = fd_install(current, wf, 0, cloexec)) < 0)
		goto bad;
	err = -EFAULT;
	if (copy_to_user(pipefd, fds, sizeof fds))
		goto bad;
	trace_pipe_create(p, fds, flags);
	return 0;
bad:
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			current->files->fd[fds[i]] = NULL;
	kfree(rf);
	kfree(wf);
	pipe_free(p);
	return err;
}

#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032

/* pipe_set_size: F_SETPIPE_SZ: p's capacity becomes npages pages. 0, -ENOMEM, -EBUSY when the data does not
 * fit (Linux fs/pipe.c pipe_resize_ring). */
static long pipe_set_size(struct pipe *p, u32 npages)
{
	void **pages = pages_alloc(npages);
	if (!pages)
		return -ENOMEM;
	u64 fl = spin_lock_irqsave(&p->lock);
	void **old = p->ring.pages;
	u32 oldn = p->ring.npages;
	int r = pipe_ring_resize(&p->ring, pages, npages);
	if (r == 0) {
		trace_pipe_resize(p);
		wake_up(&p->wr_wait); /* there may be room now */
	}
	spin_unlock_irqrestore(&p->lock, fl);
	if (r == 0)
		pages_free(old, oldn);
	else
		pages_free(pages, npages);
	return r;
}

long pipe_fcntl(struct file *f, int cmd, u64 arg)
{
	if (f->ops != &pipe_read_ops && f->ops != &pipe_write_ops)
		return -EBADF; /* not a pipe (Linux pipe_fcntl: get_pipe_info fails) */
	struct pipe *p = f->priv;
	if (cmd == F_GETPIPE_SZ)
		return (long)pipe_ring_cap(&p->ring);
	if (arg > (1u << 31)) /* the whole 64-bit argument (Linux 6.1 round_pipe_size takes an unsigned long) */
		return -EINVAL;
	u32 size = (u32)arg;
	if (size > PIPE_MAX_PAGES * PIPE_RING_PAGE && !cred_capable())
		return -EPERM;
	u32 n = 1;
	while ((u64)n * PIPE_RING_PAGE < size)
		n <<= 1;
	long r = pipe_set_size(p, n);
	return r ? r : (long)n * PIPE_RING_PAGE;
}
