/* kernel/fs/stat.c: fstat and newfstatat (POSIX stat(), Linux stat(2)) with struct stat as Linux arm64 lays it
 * out (include/uapi/asm-generic/stat.h, 128 bytes). Files without an inode (pipes, sockets, the console) get
 * what Linux shows for them. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define RAMFS_DEV 0x16     /* st_dev of every ramfs inode (a tmpfs's anonymous device number) */
#define ANON_DEV 0xc       /* pipefs/sockfs */

/* struct stat_k: Linux arm64's struct stat. Times are seconds + nanoseconds. */
struct stat_k {
	u64 st_dev, st_ino;
	u32 st_mode, st_nlink, st_uid, st_gid;
	u64 st_rdev, pad1;
	s64 st_size;
	s32 st_blksize, pad2;
	s64 st_blocks;
	s64 st_atime;
	u64 st_atime_nsec;
	s64 st_mtime;
	u64 st_mtime_nsec;
	s64 st_ctime;
	u64 st_ctime_nsec;
	u32 unused4, unused5;
};
_Static_assert(sizeof(struct stat_k) == 128, "Linux arm64 struct stat is 128 bytes");

/* fill_inode: st from ino (fs_lock held). A regular file's st_blocks counts its 512-byte units in pages. */
static void fill_inode(struct stat_k *st, const struct inode *ino)
{
	st->st_dev = RAMFS_DEV;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_rdev = ino->rdev;
	st->st_size = S_ISREG(ino->mode) ? (s64)ino->size : S_ISDIR(ino->mode) ? 40 : 0;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = S_ISREG(ino->mode) ? (s64)(ALIGN_UP(ino->size, PAGE_SIZE) / 512) : 0;
	st->st_atime = ino->atime / 1000000000;
	st->st_atime_nsec = ino->atime % 1000000000;
	st->st_mtime = ino->mtime / 1000000000;
	st->st_mtime_nsec = ino->mtime % 1000000000;
	st->st_ctime = ino->ctime / 1000000000;
	st->st_ctime_nsec = ino->ctime % 1000000000;
}

/* fill_file: st for an open file: its inode, or for an anonymous object the kind's type. */
static void fill_file(struct stat_k *st, struct file *f)
{
	if (f->inode) {
		fill_inode(st, f->inode);
		return;
	}
	const char *k = f->ops->kind ? f->ops->kind : "";
	st->st_dev = ANON_DEV;
	st->st_ino = (u64)f->priv >> 4 & 0xffffff;
	st->st_nlink = 1;
	st->st_blksize = PAGE_SIZE;
	if (strcmp(k, "pipe") == 0) {
		st->st_mode = S_IFIFO | 0600;
	} else if (strcmp(k, "socket") == 0) {
		st->st_mode = S_IFSOCK | 0777;
	} else {
		st->st_mode = S_IFCHR | 0600; /* the console: /dev/console */
		st->st_rdev = 5 << 8 | 1;
		st->st_dev = 5;
	}
}

/* fstat(fd, buf): -EBADF, -EFAULT. */
SYSCALL_DEFINE2(fstat, unsigned int, fd, u64, statbuf)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	struct stat_k st;
	memset(&st, 0, sizeof st);
	u64 fl = spin_lock_irqsave(&fs_lock);
	fill_file(&st, f);
	spin_unlock_irqrestore(&fs_lock, fl);
	return copy_to_user(statbuf, &st, sizeof st) ? -EFAULT : 0;
}

/* newfstatat(dirfd, path, buf, flags): stat of path (no symbolic links exist, so AT_SYMLINK_NOFOLLOW changes
 * nothing); with AT_EMPTY_PATH and "" the file open as dirfd. -EINVAL for other flags, lookup errors, -EFAULT. */
SYSCALL_DEFINE4(newfstatat, int, dfd, u64, filename, u64, statbuf, int, flag)
{
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	char *path = NULL;
	int r = getname(filename, &path);
	struct stat_k st;
	memset(&st, 0, sizeof st);
	if (r == -ENOENT && (flag & AT_EMPTY_PATH)) {
		if (dfd == AT_FDCWD) {
			u64 fl = spin_lock_irqsave(&fs_lock);
			fill_inode(&st, cwd_inode());
			spin_unlock_irqrestore(&fs_lock, fl);
		} else {
			struct file *f = fd_file(dfd);
			if (!f)
				return -EBADF;
			u64 fl = spin_lock_irqsave(&fs_lock);
			fill_file(&st, f);
			spin_unlock_irqrestore(&fs_lock, fl);
		}
		return copy_to_user(statbuf, &st, sizeof st) ? -EFAULT : 0;
	}
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct inode *ino;
	r = path_lookup(dfd, path, &ino);
	if (!r)
		fill_inode(&st, ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(path);
	if (r)
		return r;
	return copy_to_user(statbuf, &st, sizeof st) ? -EFAULT : 0;
}
