/* kernel/file.c: open file descriptions, descriptor tables, and the system calls that work on any descriptor:
 * close, dup, dup3, fcntl, ioctl (POSIX.1-2017 XSH; Linux man pages close(2) ...). Reading and writing are in
 * kernel/read_write.c. */
#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
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
		if (f->inode)
			inode_put_unlocked(f->inode);
		kfree(f);
	}
}

static void set_cloexec(struct proc *p, int fd, bool on)
{
	if (on)
		p->files->cloexec[fd / 64] |= 1UL << (fd % 64);
	else
		p->files->cloexec[fd / 64] &= ~(1UL << (fd % 64));
}

/* fd_limit: the descriptors p may have: RLIMIT_NOFILE, at most NR_OPEN. */
static int fd_limit(const struct proc *p) { return (int)MIN(p->signal->rlim[RLIMIT_NOFILE].rlim_cur, (u64)NR_OPEN); }

/* fdtable_alloc: n slots (a multiple of 64) of descriptors and their close-on-exec bits in one zeroed block
 * (files->fd; cloexec points into it). false when out of memory. */
static bool fdtable_alloc(struct files_struct *files, int n)
{
	struct file **fd = kmalloc((size_t)n * sizeof *fd + (size_t)n / 8);
	if (!fd)
		return false;
	files->fd = fd;
	files->cloexec = (u64 *)(fd + n);
	files->max_fds = n;
	return true;
}

/* expand_files: make files hold descriptor nr (< NR_OPEN): the table doubles until it does, keeping what it holds
 * (Linux fs/file.c expand_files). 0, or -EMFILE when out of memory (Linux reports EMFILE for a table it cannot
 * grow). */
static int expand_files(struct files_struct *files, int nr)
{
	if (nr < files->max_fds)
		return 0;
	int n = files->max_fds;
	while (n <= nr)
		n *= 2;
	struct files_struct bigger;
	if (!fdtable_alloc(&bigger, MIN(n, NR_OPEN)))
		return -EMFILE;
	memcpy(bigger.fd, files->fd, (size_t)files->max_fds * sizeof *files->fd);
	memcpy(bigger.cloexec, files->cloexec, (size_t)files->max_fds / 8);
	kfree(files->fd);
	files->fd = bigger.fd;
	files->cloexec = bigger.cloexec;
	files->max_fds = bigger.max_fds;
	return 0;
}

/* files_alloc_n: an empty table of n slots with count 1; NULL when out of memory. */
static struct files_struct *files_alloc_n(int n)
{
	struct files_struct *files = kmalloc(sizeof *files);
	if (files && !fdtable_alloc(files, n)) {
		kfree(files);
		files = NULL;
	}
	if (files)
		files->count = 1;
	return files;
}

struct files_struct *files_alloc(void) { return files_alloc_n(NR_OPEN_DEFAULT); }

int copy_files(u64 clone_flags, struct proc *child)
{
	struct files_struct *old = current->files;
	if (clone_flags & CLONE_FILES) {
		old->count++;
		child->files = old;
		return 0;
	}
	struct files_struct *files = files_alloc_n(old->max_fds);
	if (!files)
		return -ENOMEM;
	for (int fd = 0; fd < old->max_fds; fd++)
		if (old->fd[fd])
			files->fd[fd] = file_get(old->fd[fd]);
	memcpy(files->cloexec, old->cloexec, (size_t)old->max_fds / 8);
	child->files = files;
	return 0;
}

int unshare_files(struct proc *p)
{
	struct files_struct *old = p->files;
	if (old->count == 1)
		return 0;
	int r = copy_files(0, p);
	if (r == 0)
		old->count--;
	return r;
}

void exit_files(struct proc *p)
{
	struct files_struct *files = p->files;
	if (!files)
		return;
	if (--files->count == 0) {
		for (int fd = 0; fd < files->max_fds; fd++)
			if (files->fd[fd])
				fd_close(p, fd);
		kfree(files->fd);
		kfree(files);
	}
	p->files = NULL;
}

int get_unused_fd(struct proc *p)
{
	for (int fd = 0; fd < fd_limit(p); fd++)
		if (!p->files->fd[fd])
			return fd;
	return -EMFILE;
}

int fd_install(struct proc *p, struct file *f, int minfd, bool cloexec)
{
	for (int fd = minfd; fd < fd_limit(p); fd++) {
		if (fd >= p->files->max_fds && expand_files(p->files, fd))
			return -EMFILE;
		if (!p->files->fd[fd]) {
			p->files->fd[fd] = f;
			set_cloexec(p, fd, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

/* fd_hold: keep a reference on f for the rest of the current system call (fd_file of a shared table). */
static void fd_hold(struct proc *p, struct file *f)
{
	if (p->nr_fd_held == p->fd_held_cap) {
		int cap = p->fd_held_cap ? 2 * p->fd_held_cap : 8;
		struct file **held = kmalloc((size_t)cap * sizeof *held);
		if (!held)
			return; /* out of memory: the file stays unreferenced, as an unshared table's */
		memcpy(held, p->fd_held, (size_t)p->nr_fd_held * sizeof *held);
		kfree(p->fd_held);
		p->fd_held = held;
		p->fd_held_cap = cap;
	}
	p->fd_held[p->nr_fd_held++] = file_get(f);
}

struct file *fd_file(int fd)
{
	struct proc *p = current;
	if (fd < 0 || fd >= p->files->max_fds)
		return NULL;
	struct file *f = p->files->fd[fd];
	if (f && p->files->count > 1)
		fd_hold(p, f);
	return f;
}

void fd_release_held(struct proc *p)
{
	while (p->nr_fd_held)
		file_put(p->fd_held[--p->nr_fd_held]);
	if (p->fd_held_cap > 64) { /* a poll of many descriptors: do not keep the big array */
		kfree(p->fd_held);
		p->fd_held = NULL;
		p->fd_held_cap = 0;
	}
}

int fd_close(struct proc *p, int fd)
{
	if (fd < 0 || fd >= p->files->max_fds || !p->files->fd[fd])
		return -EBADF;
	struct file *f = p->files->fd[fd];
	p->files->fd[fd] = NULL;
	set_cloexec(p, fd, false);
	if (f->ops->flush)
		f->ops->flush(f);
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct proc *p)
{
	for (int fd = 0; fd < p->files->max_fds; fd++)
		if (p->files->fd[fd] && (p->files->cloexec[fd / 64] >> (fd % 64) & 1))
			fd_close(p, fd);
}

SYSCALL_DEFINE1(close, unsigned int, fd) { return fd_close(current, fd); }

SYSCALL_DEFINE1(dup, unsigned int, oldfd)
{
	struct file *f = fd_file(oldfd);
	if (!f)
		return -EBADF;
	int fd = fd_install(current, file_get(f), 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* dup3(2): -EINVAL when oldfd == newfd or flags other than O_CLOEXEC; -EBADF for a bad oldfd or newfd. */
SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	struct file *f = fd_file(oldfd);
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd) /* before the descriptors are looked at (Linux ksys_dup3) */
		return -EINVAL;
	if (!f || newfd >= (unsigned)fd_limit(current))
		return -EBADF;
	if (expand_files(current->files, (int)newfd))
		return -EMFILE;
	file_get(f);
	if (current->files->fd[newfd])
		fd_close(current, newfd);
	current->files->fd[newfd] = f;
	set_cloexec(current, newfd, flags & O_CLOEXEC);
	return newfd;
}

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define O_DIRECT 0200000  /* arm64's value (asm-generic/fcntl.h) */
#define O_NOATIME 01000000
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032


/* fcntl(2): F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL (O_NONBLOCK, O_APPEND), and the pipe
 * size commands. -EBADF, -EINVAL for an unknown command or a bad F_DUPFD argument. */
SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int from = (int)arg; /* an int (Linux 6.1 do_fcntl: argi) */
		if (from < 0 || from >= fd_limit(current))
			return -EINVAL;
		int n = fd_install(current, file_get(f), from, cmd == F_DUPFD_CLOEXEC);
		if (n < 0)
			file_put(f);
		return n;
	}
	case F_GETFD:
		return current->files->cloexec[fd / 64] >> (fd % 64) & 1;
	case F_SETFD:
		set_cloexec(current, fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		/* Linux setfl: -EPERM to set O_NOATIME on a file the caller does not own; -EINVAL for O_DIRECT, which no
		 * file here supports (as tmpfs, pipes and sockets on Linux 6.1: no direct_IO) */
		if ((arg & O_NOATIME) && !(f->flags & O_NOATIME) && f->inode && current->cred.fsuid != f->inode->uid &&
		    !fs_capable())
			return -EPERM;
		if (arg & O_DIRECT)
			return -EINVAL;
		f->flags = (f->flags & ~(u32)(O_NONBLOCK | O_APPEND)) | (arg & (O_NONBLOCK | O_APPEND));
		return 0;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);
	default:
		return -EINVAL;
	}
}

#define FIONBIO 0x5421
#define FIONREAD 0x541B
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450

/* ioctl(fd, request, arg) (ioctl(2)): FIONBIO, FIOCLEX and FIONCLEX for any file, FIONREAD for a regular file;
 * the object's own requests (a terminal's: kernel/tty.c); -ENOTTY for everything else;
 * -EBADF for a bad descriptor; -EFAULT. */
SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, request, unsigned long, arg)
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
	case FIONREAD: /* a regular file: the bytes from the offset to the end, as an int (Linux do_vfs_ioctl) */
		if (f->inode && S_ISREG(f->inode->mode)) {
			int n = (int)(f->inode->size - f->pos);
			return copy_to_user(arg, &n, sizeof n) ? -EFAULT : 0;
		}
		break; /* the others ask the file (a pipe, a socket, a terminal) */
	}
	return f->ops->ioctl ? f->ops->ioctl(f, request, arg) : -ENOTTY;
}
