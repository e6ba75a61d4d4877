/* kernel/fs/attr.c: changing what a file is: its permission bits (fchmodat, fchmod), owner and group (fchownat,
 * fchown), times (utimensat) and size (truncate, ftruncate), each with Linux's rules for who may (POSIX chmod(),
 * chown(), utimensat(), truncate(); Linux fs/attr.c setattr_prepare and notify_change, fs/open.c, fs/utimes.c).
 * Every change is to the inode, so it sets its ctime. */
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define NO_ID ((u32)-1)
#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* fd_inode_get: the inode of the file open as fd, a reference taken (drop with inode_put); NULL for a pipe or a
 * socket, which keep no attributes here (Linux changes those of its pipefs or sockfs inode, which nothing else
 * reads): the calls on it then do nothing and return 0. -EBADF. */
static int fd_inode_get(int fd, struct inode **ino)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	u64 fl = spin_lock_irqsave(&fs_lock);
	*ino = f->inode ? inode_get(f->inode) : NULL;
	spin_unlock_irqrestore(&fs_lock, fl);
	return 0;
}

/* inode_owner_or_capable: the caller's fs uid owns ino, or it may act as owner (Linux fs/inode.c): who may
 * change its mode or set its times. */
static bool inode_owner_or_capable(const struct inode *ino)
{
	return current->cred.fsuid == ino->uid || fs_capable();
}

int generic_permission(const struct inode *ino, int mask)
{
	const struct cred *c = &current->cred;
	u32 mode = ino->mode;
	if (c->fsuid == ino->uid)
		mode >>= 6;
	else if (in_group_p(ino->gid))
		mode >>= 3;
	if (!(mask & ~mode & (MAY_READ | MAY_WRITE | MAY_EXEC)))
		return 0;
	/* CAP_DAC_OVERRIDE: anything but executing a file no one may execute */
	if (fs_capable() && (!(mask & MAY_EXEC) || S_ISDIR(ino->mode) || (ino->mode & 0111)))
		return 0;
	return -EACCES;
}

bool check_sticky(const struct inode *dir, const struct inode *ino)
{
	u32 fsuid = current->cred.fsuid;
	return (dir->mode & S_ISVTX) && fsuid != ino->uid && fsuid != dir->uid && !fs_capable();
}

/* may_write: the caller may write ino by its permission bits: what utimensat's "now" asks of a caller that does
 * not own the file. */
static bool may_write(const struct inode *ino) { return generic_permission(ino, MAY_WRITE) == 0; }

/* setattr_ok: may ino's attributes change at all? -EROFS on a read-only mount; -EPERM in /proc, whose inodes
 * keep nothing. */
static int setattr_ok(const struct inode *ino)
{
	int r = mnt_want_write(ino);
	return r ? r : is_ramfs(ino) ? 0 : -EPERM;
}

/* chmod_common: ino's permission bits become mode & 07777; S_ISGID is dropped when the caller is neither in the
 * file's group nor privileged. -EROFS/-EPERM as setattr_ok, -EPERM unless inode_owner_or_capable. fs_lock held. */
static int chmod_common(struct inode *ino, u32 mode)
{
	int r = setattr_ok(ino);
	if (r)
		return r;
	if (!inode_owner_or_capable(ino))
		return -EPERM;
	mode &= 07777;
	if (!in_group_p(ino->gid) && !fs_capable())
		mode &= ~S_ISGID;
	ino->mode = (ino->mode & S_IFMT) | mode;
	ino->ctime = fs_now();
	return 0;
}

/* do_fchmodat: chmod(2) of path, a symbolic link followed, or with by_fd of the file open as dirfd (a pipe or
 * socket then unchanged). Lookup errors, -EBADF, -EPERM. */
static int do_fchmodat(int dirfd, u64 pathname, bool by_fd, u32 mode)
{
	struct inode *ino;
	int r = by_fd ? fd_inode_get(dirfd, &ino) : user_path_at(dirfd, pathname, LOOKUP_FOLLOW, &ino);
	if (r || !ino)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = chmod_common(ino, mode);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* fchmodat(dirfd, path, mode) and fchmod(fd, mode): do_fchmodat. */
SYSCALL_DEFINE3(fchmodat, int, dirfd, u64, pathname, u32, mode) { return do_fchmodat(dirfd, pathname, false, mode); }
SYSCALL_DEFINE2(fchmod, int, fd, u32, mode) { return do_fchmodat(fd, 0, true, mode); }

/* chown_ok / chgrp_ok: Linux's fs/attr.c rules: the owner may "change" the owner to itself and the group to one
 * it is in; a privileged caller (CAP_CHOWN) anything. */
static bool chown_ok(const struct inode *ino, u32 uid)
{
	return (current->cred.fsuid == ino->uid && uid == ino->uid) || fs_capable();
}

static bool chgrp_ok(const struct inode *ino, u32 gid)
{
	return (current->cred.fsuid == ino->uid && (gid == ino->gid || in_group_p(gid))) || fs_capable();
}

/* chown_common: ino's owner becomes user and its group group (-1: unchanged). Of a non-directory, S_ISUID and a
 * group-executable S_ISGID are dropped, whoever asks (Linux's ATTR_KILL_SUID, ATTR_KILL_SGID in notify_change).
 * -EPERM when chown_ok or chgrp_ok refuses, or when bits must drop and the caller may not change the mode.
 * fs_lock held. */
static int chown_common(struct inode *ino, u32 user, u32 group)
{
	int r = setattr_ok(ino);
	if (r)
		return r;
	u32 mode = ino->mode;
	if (!S_ISDIR(mode)) {
		mode &= ~S_ISUID;
		if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			mode &= ~S_ISGID;
	}
	if (user != NO_ID && !chown_ok(ino, user))
		return -EPERM;
	if (group != NO_ID && !chgrp_ok(ino, group))
		return -EPERM;
	if (mode != ino->mode && !inode_owner_or_capable(ino))
		return -EPERM;
	if (user != NO_ID)
		ino->uid = user;
	if (group != NO_ID)
		ino->gid = group;
	ino->mode = mode;
	ino->ctime = fs_now();
	return 0;
}

/* do_fchownat: chown(2) of path; a symbolic link is followed unless AT_SYMLINK_NOFOLLOW (lchown); AT_EMPTY_PATH
 * with "" (or by_fd) changes the file open as dirfd. -EINVAL for other flags, lookup errors, -EBADF, -EPERM. */
static int do_fchownat(int dirfd, u64 pathname, bool by_fd, u32 owner, u32 group, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *ino;
	int r = by_fd ? fd_inode_get(dirfd, &ino)
		      : user_path_at(dirfd, pathname, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
							   (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &ino);
	if (r || !ino)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = chown_common(ino, owner, group);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* fchownat(dirfd, path, owner, group, flags) and fchown(fd, owner, group): do_fchownat. */
SYSCALL_DEFINE5(fchownat, int, dirfd, u64, pathname, u32, owner, u32, group, int, flags)
{
	return do_fchownat(dirfd, pathname, false, owner, group, flags);
}
SYSCALL_DEFINE3(fchown, int, fd, u32, owner, u32, group) { return do_fchownat(fd, 0, true, owner, group, 0); }

/* nsec_valid: a tv_nsec utimensat accepts. */
static bool nsec_valid(long nsec) { return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec < NSEC_PER_SEC); }

/* utimes_common: set ino's atime and mtime from t[0] and t[1] (t NULL: both now; UTIME_NOW: now; UTIME_OMIT:
 * unchanged); the ctime becomes now. Setting a given time needs inode_owner_or_capable (-EPERM); setting only
 * "now" needs that or write permission (-EACCES). fs_lock held. */
static int utimes_common(struct inode *ino, const struct timespec64 *t)
{
	if (t && t[0].tv_nsec == UTIME_NOW && t[1].tv_nsec == UTIME_NOW)
		t = NULL;
	int r = setattr_ok(ino);
	if (r)
		return r;
	if (t && !inode_owner_or_capable(ino))
		return -EPERM;
	if (!t && !inode_owner_or_capable(ino) && !may_write(ino))
		return -EACCES;
	struct timespec64 now = fs_now();
	if (!t || t[0].tv_nsec != UTIME_OMIT)
		ino->atime = !t || t[0].tv_nsec == UTIME_NOW ? now : t[0];
	if (!t || t[1].tv_nsec != UTIME_OMIT)
		ino->mtime = !t || t[1].tv_nsec == UTIME_NOW ? now : t[1];
	ino->ctime = now;
	return 0;
}

/* utimensat(dirfd, path, times, flags): set the last access and modification times of path (times[0], times[1];
 * NULL: both now), or with path NULL of the file open as dirfd (futimens). A link is followed unless
 * AT_SYMLINK_NOFOLLOW. Both UTIME_OMIT: 0 at once, the path not even looked up. -EFAULT for a bad times
 * pointer, -EINVAL for a tv_nsec out of range or other flags (any flag with a NULL path), -EBADF, lookup errors,
 * -EPERM/-EACCES as utimes_common (Linux fs/utimes.c). */
SYSCALL_DEFINE4(utimensat, int, dirfd, u64, pathname, u64, times, int, flags)
{
	struct timespec64 t[2];
	if (times) {
		if (copy_from_user(t, times, sizeof t))
			return -EFAULT;
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	struct inode *ino;
	int r;
	if (!pathname && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		r = fd_inode_get(dirfd, &ino);
	} else {
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		r = user_path_at(dirfd, pathname, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
						      (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &ino);
	}
	if (r || !ino)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (times && (!nsec_valid(t[0].tv_nsec) || !nsec_valid(t[1].tv_nsec)))
		r = -EINVAL;
	else
		r = utimes_common(ino, times ? t : NULL);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* truncate_common: give regular file ino length bytes (ramfs_truncate), dropping S_ISUID and a group-executable
 * S_ISGID for an unprivileged caller, as a write does. fs_lock held. */
static int truncate_common(struct inode *ino, u64 length)
{
	int r = ramfs_truncate(ino, length);
	u32 kill = ino->mode & S_ISUID;
	if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= S_ISGID;
	if (!r && kill && !fs_capable())
		ino->mode &= ~kill;
	return r;
}

/* truncate(path, length): path (a link followed) becomes length bytes long: cut, or grown with zeros. -EINVAL for
 * a negative length or a file that is not regular, lookup errors, -EISDIR for a directory, -EACCES without
 * write permission, -EFBIG (ramfs_truncate). */
SYSCALL_DEFINE2(truncate, u64, pathname, s64, length)
{
	if (length < 0)
		return -EINVAL;
	struct inode *ino;
	int r = user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW, &ino);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (S_ISDIR(ino->mode))
		r = -EISDIR;
	else if (!S_ISREG(ino->mode))
		r = -EINVAL;
	else if ((r = mnt_want_write(ino)))
		;
	else if (!may_write(ino))
		r = -EACCES;
	else
		r = truncate_common(ino, (u64)length);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* ftruncate(fd, length): truncate(2) of the file open as fd. -EINVAL for a negative length, -EBADF, -EINVAL for
 * a file that is not regular or not open for writing, -EFBIG. */
SYSCALL_DEFINE2(ftruncate, int, fd, s64, length)
{
	if (length < 0)
		return -EINVAL;
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISREG(f->inode->mode) || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = truncate_common(f->inode, (u64)length);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* fsync(fd), fdatasync(fd): the file's data and attributes reach its storage. For the RAM filesystem the page
 * cache is the storage, so a regular file or directory is already there: 0. -EBADF for a bad descriptor,
 * -EINVAL for a file that has no storage to reach (a pipe, FIFO, socket, device, /proc file: Linux's
 * vfs_fsync_range without f_op->fsync; fsync(2)). */
static long do_fsync(unsigned int fd)
{
	struct file *f = fd_file((int)fd);
	if (!f)
		return -EBADF;
	return f->ops == &ramfs_file_ops || f->ops == &ramfs_dir_ops ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd) { return do_fsync(fd); }
SYSCALL_DEFINE1(fdatasync, unsigned int, fd) { return do_fsync(fd); }

/* sync(): every filesystem's data reaches its storage: nothing to do in RAM (sync(2)); always 0. */
SYSCALL_DEFINE0(sync) { return 0; }

/* syncfs(fd): sync(2) for fd's filesystem: 0, or -EBADF for a bad descriptor. */
SYSCALL_DEFINE1(syncfs, int, fd) { return fd_file(fd) ? 0 : -EBADF; }
