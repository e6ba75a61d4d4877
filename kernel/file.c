/* kernel/file.c: open file descriptions, descriptor tables, and the system calls that work on any descriptor:
 * read, write, readv, writev, close, dup, dup3, fcntl, ioctl (POSIX.1-2017 XSH; Linux man pages read(2) ...). */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

struct file *file_alloc(const struct file_ops *ops, u32 flags, void *priv)
{
	struct file *f = kmalloc(sizeof *f);
	if (!f)
		return NULL;
	f->ops = ops;
	f->refcount = 1;
	f->flags = flags;
	f->priv = priv;
	return f;
}

struct file *file_get(struct file *f)
{
	__atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
	return f;
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		if (f->ops->release)
			f->ops->release(f);
		kfree(f);
	}
}

static void set_cloexec(struct proc *p, int fd, bool on)
{
	if (on)
		p->cloexec[fd / 64] |= 1UL << (fd % 64);
	else
		p->cloexec[fd / 64] &= ~(1UL << (fd % 64));
}

int fd_install(struct proc *p, struct file *f, int minfd, bool cloexec)
{
	for (int fd = minfd; fd < NOFILE; fd++) {
		if (!p->files[fd]) {
			p->files[fd] = f;
			set_cloexec(p, fd, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

struct file *fd_file(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return NULL;
	return current->files[fd];
}

int fd_close(struct proc *p, int fd)
{
	if (fd < 0 || fd >= NOFILE || !p->files[fd])
		return -EBADF;
	struct file *f = p->files[fd];
	p->files[fd] = NULL;
	set_cloexec(p, fd, false);
	file_put(f);
	return 0;
}

void fd_close_all(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->files[fd])
			fd_close(p, fd);
}

void fd_close_on_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->files[fd] && (p->cloexec[fd / 64] >> (fd % 64) & 1))
			fd_close(p, fd);
}

void fd_copy_table(struct proc *child, struct proc *parent)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (parent->files[fd])
			child->files[fd] = file_get(parent->files[fd]);
	memcpy(child->cloexec, parent->cloexec, sizeof child->cloexec);
}

#define MAX_RW_COUNT 0x7ffff000UL /* Linux: INT_MAX & PAGE_MASK; larger counts are cut to it */

/* user_range_ok: Linux's access_ok: [a, a+n) lies below the top of user space. */
static bool user_range_ok(u64 a, u64 n) { return a + n >= a && a + n <= USER_TOP; }

/* read(2): -EBADF for a bad or write-only descriptor, -EFAULT for a bad buffer, else the object's answer. */
SYSCALL_DEFINE(read)
{
	struct file *f = fd_file((int)a0);
	if (!f || (f->flags & O_ACCMODE) == O_WRONLY || !f->ops->read)
		return -EBADF;
	if (a2 == 0)
		return 0;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	return f->ops->read(f, a1, MIN(a2, MAX_RW_COUNT));
}

SYSCALL_DEFINE(write)
{
	struct file *f = fd_file((int)a0);
	if (!f || (f->flags & O_ACCMODE) == O_RDONLY || !f->ops->write)
		return -EBADF;
	if (a2 == 0)
		return 0;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	return f->ops->write(f, a1, MIN(a2, MAX_RW_COUNT));
}

#define UIO_MAXIOV 1024
struct iovec_k {
	u64 base, len;
};

/* rw_vec: readv/writev: each iovec in turn; stops early at a short transfer; a failure after some bytes
 * returns the bytes moved (Linux). As Linux's import_iovec, every piece is checked before anything moves:
 * -EINVAL for more than UIO_MAXIOV vectors or a negative length, -EFAULT for a piece outside user space;
 * the total is cut to MAX_RW_COUNT. */
static long rw_vec(u64 fd, u64 uiov, u64 cnt, bool write)
{
	struct file *f = fd_file((int)fd);
	if (!f)
		return -EBADF;
	if ((write && ((f->flags & O_ACCMODE) == O_RDONLY || !f->ops->write)) ||
	    (!write && ((f->flags & O_ACCMODE) == O_WRONLY || !f->ops->read)))
		return -EBADF;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	long total = 0;
	struct iovec_k iov[16];
	for (u64 i = 0; i < cnt; i += 16) {
		size_t k = MIN(16, cnt - i);
		if (copy_from_user(iov, uiov + i * sizeof(struct iovec_k), k * sizeof(struct iovec_k)))
			return -EFAULT;
		for (size_t j = 0; j < k; j++) {
			if ((s64)iov[j].len < 0)
				return -EINVAL;
			if (!user_range_ok(iov[j].base, iov[j].len))
				return -EFAULT;
		}
	}
	u64 budget = MAX_RW_COUNT;
	for (u64 i = 0; i < cnt && budget; i++) {
		struct iovec_k v;
		copy_from_user(&v, uiov + i * sizeof v, sizeof v);
		v.len = MIN(v.len, budget);
		budget -= v.len;
		if (!v.len)
			continue;
		long r = write ? f->ops->write(f, v.base, v.len) : f->ops->read(f, v.base, v.len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((u64)r < v.len)
			break;
	}
	return total;
}

SYSCALL_DEFINE(readv) { return rw_vec(a0, a1, a2, false); }
SYSCALL_DEFINE(writev) { return rw_vec(a0, a1, a2, true); }

SYSCALL_DEFINE(close) { return fd_close(current, (int)a0); }

SYSCALL_DEFINE(dup)
{
	struct file *f = fd_file((int)a0);
	if (!f)
		return -EBADF;
	int fd = fd_install(current, file_get(f), 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* dup3(2): -EINVAL when oldfd == newfd or flags other than O_CLOEXEC; -EBADF for a bad oldfd or newfd. */
SYSCALL_DEFINE(dup3)
{
	int oldfd = (int)a0, newfd = (int)a1;
	struct file *f = fd_file(oldfd);
	if (a2 & ~(u64)O_CLOEXEC)
		return -EINVAL;
	if (!f || newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	if (oldfd == newfd)
		return -EINVAL;
	file_get(f);
	if (current->files[newfd])
		fd_close(current, newfd);
	current->files[newfd] = f;
	set_cloexec(current, newfd, a2 & O_CLOEXEC);
	return newfd;
}

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032


/* fcntl(2): F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL (O_NONBLOCK, O_APPEND), and the pipe
 * size commands. -EBADF, -EINVAL for an unknown command or a bad F_DUPFD argument. */
SYSCALL_DEFINE(fcntl)
{
	int fd = (int)a0, cmd = (int)a1;
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if ((s64)a2 < 0 || a2 >= NOFILE)
			return -EINVAL;
		int n = fd_install(current, file_get(f), (int)a2, cmd == F_DUPFD_CLOEXEC);
		if (n < 0)
			file_put(f);
		return n;
	}
	case F_GETFD:
		return current->cloexec[fd / 64] >> (fd % 64) & 1;
	case F_SETFD:
		set_cloexec(current, fd, a2 & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(u32)(O_NONBLOCK | O_APPEND)) | (a2 & (O_NONBLOCK | O_APPEND));
		return 0;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(f, cmd, a2);
	default:
		return -EINVAL;
	}
}

#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413

#define FIONBIO 0x5421
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450

/* ioctl(fd, request, arg) (ioctl(2)): FIONBIO, FIOCLEX and FIONCLEX for any file; the object's own requests (a
 * terminal's: kernel/tty.c); -ENOTTY for everything else, as Linux answers for a pipe or a regular file;
 * -EBADF for a bad descriptor; -EFAULT. */
SYSCALL_DEFINE3(ioctl, int, fd, unsigned, request, u64, arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (request) {
	case FIOCLEX:
	case FIONCLEX:
		set_cloexec(current, fd, request == FIOCLEX);
		return 0;
	case FIONBIO: {
		int on;
		if (copy_from_user(&on, arg, sizeof on))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(u32)O_NONBLOCK;
		return 0;
	}
	}
	return f->ops->ioctl ? f->ops->ioctl(f, request, arg) : -ENOTTY;
}
