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

/* inode_blocks: the 512-byte units ino occupies, as tmpfs counts them: a regular file's pages (holes take none;
 * a file still in the initramfs all of its pages, as Linux's page cache holds them), a page for a link body
 * longer than tmpfs keeps inline (SHORT_SYMLINK_LEN, 128 bytes, mm/shmem.c), nothing for the rest. */
static s64 inode_blocks(const struct inode *ino)
{
	if (S_ISREG(ino->mode) && ino->ro_data)
		return (s64)(ALIGN_UP(ino->size, PAGE_SIZE) / 512);
	if (S_ISREG(ino->mode))
		return (s64)(ino->nrpages * (PAGE_SIZE / 512));
	if (S_ISLNK(ino->mode) && ino->size >= 128)
		return PAGE_SIZE / 512;
	return 0;
}

/* fill_inode: st from ino (fs_lock held). */
static void fill_inode(struct stat_k *st, const struct inode *ino)
{
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = (s64)ino->size;
	st->st_blksize = ino->pde ? 1024 : PAGE_SIZE; /* /proc's files say 1024, as Linux's */
	st->st_blocks = inode_blocks(ino);
	st->st_atime = ino->atime.tv_sec;
	st->st_atime_nsec = (u64)ino->atime.tv_nsec;
	st->st_mtime = ino->mtime.tv_sec;
	st->st_mtime_nsec = (u64)ino->mtime.tv_nsec;
	st->st_ctime = ino->ctime.tv_sec;
	st->st_ctime_nsec = (u64)ino->ctime.tv_nsec;
}

u64 anon_inode_number(struct file *f) { return (u64)f->priv >> 4 & 0xffffff; }

/* fill_file: st for an open file: its inode, or for an anonymous object the kind's type. */
static void fill_file(struct stat_k *st, struct file *f)
{
	if (f->inode) {
		fill_inode(st, f->inode);
		return;
	}
	const char *k = f->ops->kind ? f->ops->kind : "";
	st->st_dev = ANON_DEV;
	st->st_ino = anon_inode_number(f);
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

/* vfs_fstat: st for the file open as fd. 0 or -EBADF. */
static int vfs_fstat(int fd, struct stat_k *st)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	u64 fl = spin_lock_irqsave(&fs_lock);
	fill_file(st, f);
	spin_unlock_irqrestore(&fs_lock, fl);
	return 0;
}

/* fstat(fd, buf): -EBADF, -EFAULT. */
SYSCALL_DEFINE2(fstat, int, fd, u64, statbuf)
{
	struct stat_k st;
	memset(&st, 0, sizeof st);
	int r = vfs_fstat(fd, &st);
	if (r)
		return r;
	return copy_to_user(statbuf, &st, sizeof st) ? -EFAULT : 0;
}

/* newfstatat(dirfd, path, buf, flags): stat of path, of a symbolic link itself with AT_SYMLINK_NOFOLLOW (lstat);
 * with AT_EMPTY_PATH and "" the file open as dirfd. -EINVAL for other flags, lookup errors, -EFAULT. */
SYSCALL_DEFINE4(newfstatat, int, dirfd, u64, pathname, u64, statbuf, int, flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	struct stat_k st;
	memset(&st, 0, sizeof st);
	struct inode *ino;
	int r = user_path_at(dirfd, pathname, (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0) |
						      (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW), &ino);
	if (!r && !ino) {
		r = vfs_fstat(dirfd, &st); /* "" and a pipe or a socket: what fstat says */
	} else if (!r) {
		u64 fl = spin_lock_irqsave(&fs_lock);
		fill_inode(&st, ino);
		inode_put(ino);
		spin_unlock_irqrestore(&fs_lock, fl);
	}
	if (r)
		return r;
	return copy_to_user(statbuf, &st, sizeof st) ? -EFAULT : 0;
}

/* readlinkat(dirfd, path, buf, bufsiz): copy the body of the symbolic link at path into buf, at most bufsiz
 * bytes and no NUL; returns the bytes copied. -EINVAL for bufsiz <= 0 or a path that is not a link, -ENOENT for
 * an empty path, lookup errors, -EFAULT (Linux fs/stat.c do_readlinkat). */
SYSCALL_DEFINE4(readlinkat, int, dirfd, u64, pathname, u64, buf, int, bufsiz)
{
	if (bufsiz <= 0)
		return -EINVAL;
	char c;
	bool empty = !copy_from_user(&c, pathname, 1) && !c;
	struct inode *ino;
	int r = user_path_at(dirfd, pathname, LOOKUP_EMPTY, &ino);
	if (r || !ino)
		return r ? r : -ENOENT; /* "" and a pipe or a socket: no link */
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (!S_ISLNK(ino->mode)) {
		r = empty ? -ENOENT : -EINVAL;
	} else {
		r = (int)MIN(strlen(ino->link), (size_t)bufsiz);
		if (copy_to_user(buf, ino->link, (size_t)r))
			r = -EFAULT;
	}
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

#define ST_RDONLY 1
#define ST_NOSUID 2
#define ST_NODEV 4
#define ST_NOEXEC 8
#define ST_NOATIME 1024
#define ST_NODIRATIME 2048
#define ST_RELATIME 4096
#define ST_VALID 0x20 /* f_flags is filled (Linux's ST_VALID) */
#define PIPEFS_MAGIC 0x50495045
#define SOCKFS_MAGIC 0x534F434B

/* struct statfs_k: Linux arm64's struct statfs (include/uapi/asm-generic/statfs.h, 64-bit words, 120 bytes). */
struct statfs_k {
	u64 f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	u64 f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs_k) == 120, "Linux arm64 struct statfs is 120 bytes");

/* fill_statfs: sb as statfs describes it: its type's magic, 4 KiB blocks, a RAM filesystem's size and inodes
 * (total, free; none when it has no limit) as tmpfs's shmem_statfs gives them, the mount flags. fs_lock held. */
static void fill_statfs(struct statfs_k *s, const struct super_block *sb)
{
	s->f_type = sb->type->magic;
	s->f_bsize = s->f_frsize = PAGE_SIZE;
	s->f_namelen = NAME_MAX;
	if (is_ramfs(sb->root) && sb->max_pages) {
		s->f_blocks = sb->max_pages;
		s->f_bfree = s->f_bavail = sb->max_pages - MIN(sb->pages, sb->max_pages);
	}
	if (is_ramfs(sb->root) && sb->max_inodes) {
		s->f_files = sb->max_inodes;
		s->f_ffree = sb->max_inodes - MIN(sb->inodes, sb->max_inodes);
	}
	s->f_fsid[0] = (s32)sb->dev;
	static const struct { unsigned long ms; u64 st; } flags[] = { { MS_RDONLY, ST_RDONLY }, { MS_NOSUID, ST_NOSUID },
		{ MS_NODEV, ST_NODEV }, { MS_NOEXEC, ST_NOEXEC }, { MS_NOATIME, ST_NOATIME },
		{ MS_NODIRATIME, ST_NODIRATIME }, { MS_RELATIME, ST_RELATIME } };
	s->f_flags = ST_VALID;
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (sb->flags & flags[i].ms)
			s->f_flags |= flags[i].st;
}

/* statfs(path, buf): the filesystem path (a link followed) lies on (Linux fs/statfs.c). Lookup errors, -EFAULT. */
SYSCALL_DEFINE2(statfs, u64, pathname, u64, buf)
{
	struct inode *ino;
	int r = user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW, &ino);
	if (r)
		return r;
	struct statfs_k s;
	memset(&s, 0, sizeof s);
	u64 fl = spin_lock_irqsave(&fs_lock);
	fill_statfs(&s, ino->sb);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return copy_to_user(buf, &s, sizeof s) ? -EFAULT : 0;
}

/* fstatfs(fd, buf): the same for the file open as fd; a pipe or socket is on pipefs or sockfs, the console on the
 * root filesystem (where Linux's /dev/console is). -EBADF, -EFAULT. */
SYSCALL_DEFINE2(fstatfs, int, fd, u64, buf)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	struct statfs_k s;
	memset(&s, 0, sizeof s);
	u64 fl = spin_lock_irqsave(&fs_lock);
	const char *kind = f->ops->kind ? f->ops->kind : "";
	if (f->inode) {
		fill_statfs(&s, f->inode->sb);
	} else if (strcmp(kind, "console") == 0) {
		fill_statfs(&s, fs_root->sb);
	} else {
		s.f_type = strcmp(kind, "socket") == 0 ? SOCKFS_MAGIC : PIPEFS_MAGIC;
		s.f_bsize = s.f_frsize = PAGE_SIZE;
		s.f_namelen = NAME_MAX;
		s.f_flags = ST_VALID;
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	return copy_to_user(buf, &s, sizeof s) ? -EFAULT : 0;
}
