/* kernel/fs/readdir.c: the open directory and getdents64 (Linux getdents64(2), the call under readdir(3)). An open
 * directory's offset is an entry index: 0 is ".", 1 is "..", 2 + k the k-th entry (newest first, as Linux's tmpfs
 * lists them). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/syscall.h"
#include "kernel/poll.h"
#include "kernel/uaccess.h"

#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

/* struct linux_dirent64 header: d_ino, d_off (the offset of the next entry), d_reclen (bytes, 8-aligned),
 * d_type, then the NUL-terminated name. */
struct dirent64_k {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
} __attribute__((packed));
#define DIRENT_HDR 19

static u8 dtype(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return DT_FIFO;
	case S_IFCHR: return DT_CHR;
	case S_IFDIR: return DT_DIR;
	case S_IFBLK: return DT_BLK;
	case S_IFSOCK: return DT_SOCK;
	case S_IFLNK: return DT_LNK;
	default: return DT_REG;
	}
}

bool dir_emit(struct dir_context *ctx, const char *name, size_t len, u64 ino, u32 mode, u64 next)
{
	size_t reclen = ALIGN_UP(DIRENT_HDR + len + 1, 8);
	if (ctx->done + reclen > ctx->count) {
		if (!ctx->done)
			ctx->err = -EINVAL;
		return false;
	}
	char rec[DIRENT_HDR + NAME_MAX + 1 + 8];
	memset(rec, 0, reclen);
	struct dirent64_k h = { ino, (s64)next, (u16)reclen, dtype(mode) };
	memcpy(rec, &h, DIRENT_HDR);
	memcpy(rec + DIRENT_HDR, name, len);
	if (copy_to_user(ctx->ubuf + ctx->done, rec, reclen)) {
		ctx->err = -EFAULT;
		return false;
	}
	ctx->done += reclen;
	return true;
}

/* ramfs_readdir: the entries of an open RAM filesystem directory from f->pos (an index: ".", "..", then the
 * entries newest first). -ENOENT once the directory was removed. fs_lock held. */
static int ramfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	if (!dir->nlink)
		return -ENOENT;
	u64 idx = 0;
	struct list_head *pos = dir->entries.next;
	for (;; idx++) {
		const char *name;
		size_t len;
		struct inode *ino;
		if (idx == 0) {
			name = ".", len = 1, ino = dir;
		} else if (idx == 1) {
			name = "..", len = 2, ino = dir->parent ? dir->parent : dir;
		} else {
			if (pos == &dir->entries)
				break;
			struct dentry *d = list_entry(pos, struct dentry, link);
			pos = pos->next;
			name = d->name, len = d->len, ino = d->inode;
		}
		if (idx < f->pos)
			continue;
		if (!dir_emit(ctx, name, len, ino->ino, ino->mode, idx + 1))
			break;
		f->pos = idx + 1;
	}
	return 0;
}

/* dir_read_at: read(2) and pread64(2) of a directory are EISDIR (getdents64 lists it). */
static ssize_t dir_read_at(struct file *f, u64 ubuf, size_t n, u64 *pos) { return -EISDIR; }

/* dir_llseek: an entry index from the start or the current one; no SEEK_END (Linux's dcache_dir_lseek). */
static s64 dir_llseek(struct file *f, s64 off, int whence)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	s64 r = generic_llseek(f, off, whence, -1);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* dir_poll: always ready, as a regular file. */
static u32 dir_poll(struct file *f, struct poll_table *pt) { return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; }

const struct file_ops ramfs_dir_ops = {
	.read_at = dir_read_at, .llseek = dir_llseek, .readdir = ramfs_readdir, .poll = dir_poll, .kind = "dir" };

/* getdents64(fd, dirp, count): as many whole entries from the offset as fit in count bytes; returns the bytes
 * filled, 0 at the end. -EBADF, -ENOTDIR (not a directory), -EINVAL (count too small for the next entry),
 * -EFAULT, -ENOENT (the directory was removed, or the process a /proc directory shows is gone). */
SYSCALL_DEFINE3(getdents64, int, fd, u64, dirp, u32, count)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->ops->readdir)
		return -ENOTDIR;
	struct dir_context ctx = { .ubuf = dirp, .count = count };
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = f->ops->readdir(f, &ctx);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		return r;
	return ctx.done ? (long)ctx.done : ctx.err;
}
