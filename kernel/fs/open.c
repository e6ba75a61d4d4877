/* kernel/fs/open.c: opening names (openat: POSIX open(), Linux open(2)), faccessat, and the file lookup execve
 * does. FIFOs are opened by ipc/fifo.c; the open regular file is ramfs_file.c's, the open directory readdir.c's. */
#include "ipc/fifo.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/tty.h"
#include "kernel/fs/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"


struct file *file_from_inode(struct inode *ino, u32 flags, int *err)
{
	struct file *f;
	*err = -ENOMEM;
	if (ino->pde) {
		if (!(f = proc_open(ino, flags, err)))
			return NULL;
	} else if (S_ISCHR(ino->mode)) {
		if (!(f = chrdev_open(ino, flags, err)))
			return NULL;
	} else if (S_ISREG(ino->mode) && ino->sb->type->open) {
		if (!(f = ino->sb->type->open(ino, flags, err)))
			return NULL;
	} else if (S_ISREG(ino->mode)) {
		f = file_alloc(&ramfs_file_ops, flags, NULL);
	} else if (S_ISDIR(ino->mode)) {
		f = ramfs_dir_open(ino, flags);
	} else {
		*err = -ENXIO; /* a socket or block device node: no driver */
		return NULL;
	}
	if (f) {
		u64 fl = spin_lock_irqsave(&fs_lock);
		f->inode = inode_get(ino);
		spin_unlock_irqrestore(&fs_lock, fl);
	}
	return f;
}

/* open_mask: the access an open with flags asks of ino: read, write or both by O_ACCMODE, and write for O_TRUNC
 * of a regular file (Linux fs/open.c build_open_flags; a FIFO's or a device's O_TRUNC is ignored). */
static int open_mask(const struct inode *ino, u32 flags)
{
	u32 acc = flags & O_ACCMODE;
	int mask = (acc != O_WRONLY ? MAY_READ : 0) | (acc != O_RDONLY ? MAY_WRITE : 0);
	if ((flags & O_TRUNC) && S_ISREG(ino->mode))
		mask |= MAY_WRITE;
	return mask;
}

/* open_checks: the checks of Linux's do_open/may_open on an existing inode: its type against the flags, -EACCES
 * for a device on a MS_NODEV mount, -EROFS for writing a file of a read-only mount, then -EACCES when the
 * caller's permission bits do not allow the access asked (open_mask). */
static int open_checks(struct inode *ino, const struct nameidata *nd, u32 flags)
{
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (S_ISDIR(ino->mode)) {
		if ((flags & O_CREAT) || (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
			return -EISDIR;
		return generic_permission(ino, MAY_READ);
	}
	if (nd->trailing || (flags & O_DIRECTORY))
		return -ENOTDIR;
	if (S_ISCHR(ino->mode) && (ino->sb->flags & MS_NODEV))
		return -EACCES;
	if (S_ISREG(ino->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))) {
		int r = mnt_want_write(ino);
		if (r)
			return r;
	}
	return generic_permission(ino, open_mask(ino, flags));
}

/* open_last: the inode to open for nd's last component, following a link there unless O_NOFOLLOW (or O_CREAT |
 * O_EXCL, which never follows), created (mode & ~umask) with O_CREAT when absent; a reference in *out. -ELOOP for
 * a link with O_NOFOLLOW, and open_checks' errors. fs_lock held. */
static int open_last(struct nameidata *nd, u32 flags, u32 mode, struct inode **out)
{
	bool excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	struct inode *ino;
	int r = walk_last(nd, !(flags & O_NOFOLLOW) && !excl, flags & O_CREAT, &ino);
	if (r)
		return r;
	if (ino) {
		r = open_checks(ino, nd, flags);
		if (!r && S_ISLNK(ino->mode))
			r = -ELOOP;
	} else if (!(flags & O_CREAT)) {
		r = -ENOENT;
	} else if (!is_ramfs(nd->dir)) {
		r = -ENOENT; /* /proc: looking up a name that is not there fails */
	} else if (!(r = mnt_want_write(nd->dir))) {
		r = make_node(nd, S_IFREG | (mode & 07777 & ~current->fs->umask), &ino);
		if (!r)
			inode_get(ino);
	}
	if (!r && S_ISREG(ino->mode) && (flags & O_TRUNC) && ino->size)
		r = ramfs_truncate(ino, 0);
	if (r && ino)
		inode_put(ino);
	if (!r)
		*out = ino;
	return r;
}

/* openat(dirfd, path, flags, mode): open (and with O_CREAT create, mode & ~umask) the file at path; returns the
 * lowest free descriptor (FD_CLOEXEC with O_CLOEXEC). Errors: -ENOENT (missing, no O_CREAT), -EEXIST (O_CREAT |
 * O_EXCL and it exists), -EISDIR (a directory for writing or O_TRUNC or O_CREAT; O_CREAT with a trailing '/'),
 * -ENOTDIR (O_DIRECTORY on a non-directory, or a component not a directory), -ENXIO (a device without driver; a
 * FIFO opened O_WRONLY|O_NONBLOCK with no reader), -EMFILE, -EFAULT, -ENAMETOOLONG, -EBADF (dirfd), and first of
 * all -EINVAL for O_CREAT|O_DIRECTORY. A FIFO open
 * may block until the other end opens (ipc/fifo.c). O_TRUNC empties a regular file. */
SYSCALL_DEFINE4(openat, int, dirfd, u64, pathname, int, flags, u32, mode)
{
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL; /* before the path (Linux build_open_flags, since 6.4 and in 6.1 stable) */
	struct nameidata nd;
	int r = user_path_parent(dirfd, pathname, &nd);
	if (r)
		return r;
	struct inode *ino = NULL;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = open_last(&nd, (u32)flags, mode, &ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r) {
		path_parent_put(&nd);
		return r;
	}
	u32 fflags = (u32)flags & ~(u32)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	struct file *f;
	if (S_ISFIFO(ino->mode))
		r = fifo_open(ino, fflags, nd.name, &f);
	else if (!(f = file_from_inode(ino, fflags | (S_ISCHR(ino->mode) ? (u32)flags & O_NOCTTY : 0), &r)))
		;
	else
		r = 0;
	inode_put_unlocked(ino);
	path_parent_put(&nd);
	if (r)
		return r;
	int fd = fd_install(current, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* faccessat(dirfd, path, mode): 0 when the file exists and the caller's REAL user and group ids may access it as
 * mode asks (R_OK 4, W_OK 2, X_OK 1; F_OK 0: exists): the check a set-user-ID program makes for its user
 * (access(2)); the path is walked with the real ids too. -EINVAL for other mode bits, -EACCES, -EROFS for W_OK on
 * a read-only mount, lookup errors. */
SYSCALL_DEFINE3(faccessat, int, dirfd, u64, pathname, int, mode)
{
	if (mode & ~7)
		return -EINVAL;
	struct cred *c = &current->cred, saved = *c; /* Linux's access_override_creds */
	c->fsuid = c->uid;
	c->fsgid = c->gid;
	if (c->uid != 0)
		c->euid = c->uid; /* fs_capable looks at the effective id too: a real root keeps its override */
	struct inode *ino;
	int r = user_path_at(dirfd, pathname, LOOKUP_FOLLOW, &ino);
	if (!r) {
		u64 fl = spin_lock_irqsave(&fs_lock);
		if ((mode & 2) && !S_ISCHR(ino->mode) && !S_ISFIFO(ino->mode)) /* not a "special file" */
			r = mnt_want_write(ino);
		if (!r)
			r = generic_permission(ino, mode);
		spin_unlock_irqrestore(&fs_lock, fl);
		inode_put_unlocked(ino);
	}
	*c = saved;
	return r;
}

int fs_open_exec(const char *path, struct exec_image *img)
{
	struct inode *ino;
	int r = kern_path(path, LOOKUP_FOLLOW, &ino);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (!S_ISREG(ino->mode) || (ino->sb->flags & MS_NOEXEC) || generic_permission(ino, MAY_EXEC))
		r = -EACCES;
	if (!r)
		r = ramfs_image(ino, &img->data, &img->copy_pages);
	if (!r) {
		img->inode = ino;
		img->size = ino->size;
	} else {
		inode_put(ino);
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
