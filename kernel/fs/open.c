/* kernel/fs/open.c: opening names (openat: POSIX open(), Linux open(2)), the open regular file and directory,
 * lseek, faccessat, and the file lookup execve does. FIFOs are opened by ipc/fifo.c. */
#include "ipc/fifo.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/tty.h"
#include "kernel/fs/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"

#define UMASK 022

/* reg_read / reg_write: at the file offset, which moves past the bytes moved; O_APPEND writes at the end. */
static ssize_t reg_read(struct file *f, u64 ubuf, size_t n)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	long r = ramfs_read(f->inode, f->pos, ubuf, n);
	if (r > 0)
		f->pos += r;
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

static ssize_t reg_write(struct file *f, u64 ubuf, size_t n)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (f->flags & O_APPEND)
		f->pos = f->inode->size;
	long r = ramfs_write(f->inode, f->pos, ubuf, n);
	if (r > 0)
		f->pos += r;
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* dir_read: read(2) of a directory is EISDIR (getdents64 lists it). */
static ssize_t dir_read(struct file *f, u64 ubuf, size_t n) { return -EISDIR; }

static void inode_file_release(struct file *f) { inode_put_unlocked(f->inode); }

/* reg_poll: a regular file is always ready (POSIX poll()). */
static u32 reg_poll(struct file *f, struct poll_table *pt) { return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; }

const struct file_ops ramfs_file_ops = {
	.read = reg_read, .write = reg_write, .release = inode_file_release, .poll = reg_poll, .kind = "file" };
const struct file_ops ramfs_dir_ops = {
	.read = dir_read, .release = inode_file_release, .poll = reg_poll, .kind = "dir" };

struct file *file_from_inode(struct inode *ino, u32 flags, int *err)
{
	struct file *f;
	*err = -ENOMEM;
	if (S_ISCHR(ino->mode)) {
		return tty_dev_open(ino->rdev, flags, err);
	}
	if (S_ISREG(ino->mode))
		f = file_alloc(&ramfs_file_ops, flags, NULL);
	else if (S_ISDIR(ino->mode))
		f = file_alloc(&ramfs_dir_ops, flags, NULL);
	else {
		*err = -ENXIO; /* a socket or block device node: no driver */
		return NULL;
	}
	if (f)
		f->inode = inode_get(ino);
	return f;
}

/* open_checks: the type checks of Linux's do_open/may_open on an existing inode. */
static int open_checks(struct inode *ino, const struct nameidata *nd, u32 flags)
{
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (S_ISDIR(ino->mode)) {
		if ((flags & O_CREAT) || (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
			return -EISDIR;
		return 0;
	}
	if (nd->trailing || (flags & O_DIRECTORY))
		return -ENOTDIR;
	return 0;
}

/* openat(dirfd, path, flags, mode): open (and with O_CREAT create, mode & ~umask) the file at path; returns the
 * lowest free descriptor (FD_CLOEXEC with O_CLOEXEC). Errors: -ENOENT (missing, no O_CREAT), -EEXIST (O_CREAT |
 * O_EXCL and it exists), -EISDIR (a directory for writing or O_TRUNC or O_CREAT; O_CREAT with a trailing '/'),
 * -ENOTDIR (O_DIRECTORY on a non-directory, or a component not a directory), -ENXIO (a device without driver; a
 * FIFO opened O_WRONLY|O_NONBLOCK with no reader), -EMFILE, -EFAULT, -ENAMETOOLONG, -EBADF (dirfd). A FIFO open
 * may block until the other end opens (ipc/fifo.c). O_TRUNC empties a regular file. */
SYSCALL_DEFINE(openat)
{
	u32 flags = (u32)a2;
	char *path = NULL;
	int r = getname(a1, &path);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct nameidata nd;
	struct inode *ino = NULL;
	r = path_parent((int)a0, path, &nd);
	if (!r) {
		ino = path_last(&nd);
		if (ino)
			r = open_checks(ino, &nd, flags);
		else if (!(flags & O_CREAT))
			r = -ENOENT;
		else if (nd.trailing)
			r = -EISDIR;
		else
			r = make_node(&nd, S_IFREG | ((u32)a3 & 07777 & ~UMASK), &ino);
	}
	if (!r && S_ISREG(ino->mode) && (flags & O_TRUNC) && ino->size)
		r = ramfs_truncate(ino, 0);
	if (r) {
		spin_unlock_irqrestore(&fs_lock, fl);
		kfree(path);
		return r;
	}
	u32 fflags = flags & ~(u32)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	struct file *f;
	inode_get(ino); /* held while the fs lock is dropped */
	spin_unlock_irqrestore(&fs_lock, fl);
	if (S_ISFIFO(ino->mode))
		r = fifo_open(ino, fflags, path, &f);
	else if (!(f = file_from_inode(ino, fflags, &r)))
		;
	else
		r = 0;
	inode_put_unlocked(ino);
	kfree(path);
	if (r)
		return r;
	int fd = fd_install(current, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* lseek(fd, offset, whence): the new offset. -EBADF, -ESPIPE for a pipe, FIFO, socket or the console,
 * -EINVAL for a bad whence or a negative result (SEEK_END on a directory too). Past the end is allowed: a write
 * there leaves a hole of zeros. */
SYSCALL_DEFINE(lseek)
{
	struct file *f = fd_file((int)a0);
	if (!f)
		return -EBADF;
	if (f->ops != &ramfs_file_ops && f->ops != &ramfs_dir_ops)
		return -ESPIPE;
	s64 off = (s64)a1, base;
	u64 fl = spin_lock_irqsave(&fs_lock);
	switch (a2) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (s64)f->pos; break;
	case SEEK_END: base = f->ops == &ramfs_file_ops ? (s64)f->inode->size : -1; break;
	default: base = -1;
	}
	long r;
	if (base < 0 || (off < 0 && base + off < 0) || (off > 0 && base + off < base))
		r = -EINVAL;
	else
		r = (long)(f->pos = (u64)(base + off));
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* faccessat(dirfd, path, mode): 0 when the file exists and, for X_OK (1), has an execute bit (everyone is root,
 * who may read and write anything). -EINVAL for mode bits other than R_OK|W_OK|X_OK, -EACCES, lookup errors. */
SYSCALL_DEFINE(faccessat)
{
	if (a2 & ~7UL)
		return -EINVAL;
	char *path = NULL;
	int r = getname(a1, &path);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct inode *ino;
	r = path_lookup((int)a0, path, &ino);
	if (!r && (a2 & 1) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
		r = -EACCES;
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(path);
	return r;
}

int fs_open_exec(const char *path, struct exec_image *img)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct inode *ino;
	int r = path_lookup(AT_FDCWD, path, &ino);
	if (!r && (!S_ISREG(ino->mode) || !(ino->mode & 0111)))
		r = -EACCES;
	if (!r)
		r = ramfs_image(ino, &img->data, &img->copy_pages);
	if (!r) {
		img->inode = inode_get(ino);
		img->size = ino->size;
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

void fs_exec_done(struct exec_image *img)
{
	if (img->copy_pages)
		page_free_contig((void *)img->data, img->copy_pages);
	inode_put_unlocked(img->inode);
}
