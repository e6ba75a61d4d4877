/* kernel/fs/readdir.c: the open directory and getdents64 (Linux getdents64(2), the call under readdir(3)). An open
 * directory's offset is an entry index: 0 is ".", 1 is "..", 2 + k the k-th entry (newest first, as Linux's tmpfs
 * lists them). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
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

/* An open RAM filesystem directory lists ".", "..", then its entries newest first (Linux's dcache_readdir). Its
 * offset counts what was listed; its cursor (a dentry without inode, f->priv) sits in the directory's list
 * before the next entry to list, so that entries made or removed meanwhile neither shift nor repeat the rest.
 * At the end the cursor leaves the list: the listing stays over, unless nothing but the dots was listed (offset
 * 2), when a later call looks again from the first entry. */

/* next_entry: the first entry after p in dir's list that names something (cursors passed over), or NULL. */
static struct dentry *next_entry(struct inode *dir, struct list_head *p)
{
	for (p = p->next; p != &dir->entries; p = p->next)
		if (list_entry(p, struct dentry, link)->inode)
			return list_entry(p, struct dentry, link);
	return NULL;
}

/* place_cursor: f's cursor after the first f->pos - 2 entries, out of the list when there are not that many
 * (Linux's dcache_dir_lseek). fs_lock held. */
static void place_cursor(struct file *f)
{
	struct dentry *cursor = f->priv, *to = NULL;
	struct list_head *p = &f->inode->entries;
	for (u64 n = f->pos > 2 ? f->pos - 2 : 0; n && (to = next_entry(f->inode, p)); n--)
		p = &to->link;
	list_del(&cursor->link);
	if (to)
		list_add(&cursor->link, &to->link);
}

/* ramfs_readdir: the entries from f->pos on. -ENOENT once the directory was removed. fs_lock held. */
static int ramfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	struct dentry *cursor = f->priv;
	if (!dir->nlink)
		return -ENOENT;
	if (f->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->ino, dir->mode, 1))
			return 0;
		f->pos = 1;
	}
	if (f->pos == 1) {
		struct inode *up = dir->parent ? dir->parent : dir;
		if (!dir_emit(ctx, "..", 2, up->ino, up->mode, 2))
			return 0;
		f->pos = 2;
	}
	struct list_head *p;
	if (f->pos == 2)
		p = &dir->entries;
	else if (!list_empty(&cursor->link))
		p = &cursor->link;
	else
		return 0; /* listed to the end */
	struct dentry *next;
	while ((next = next_entry(dir, p))) {
		if (!dir_emit(ctx, next->name, next->len, next->inode->ino, next->inode->mode, f->pos + 1))
			break;
		f->pos++;
		p = &next->link;
	}
	list_del(&cursor->link);
	if (next)
		list_add_tail(&cursor->link, &next->link); /* just before it */
	return 0;
}

/* dir_read_at: read(2) and pread64(2) of a directory are EISDIR (getdents64 lists it). */
static ssize_t dir_read_at(struct file *f, u64 ubuf, size_t n, u64 *pos) { return -EISDIR; }

/* dir_llseek: to an entry index from the start or the current one, the cursor with it; no SEEK_END (Linux's
 * dcache_dir_lseek). */
static s64 dir_llseek(struct file *f, s64 off, int whence)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	s64 r = generic_llseek(f, off, whence, -1);
	if (r >= 0)
		place_cursor(f);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* dir_release: the cursor goes with the open directory. */
static void dir_release(struct file *f)
{
	struct dentry *cursor = f->priv;
	u64 fl = spin_lock_irqsave(&fs_lock);
	list_del(&cursor->link); /* harmless when it is out */
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(cursor);
}

struct file *ramfs_dir_open(struct inode *dir, u32 flags)
{
	struct dentry *cursor = d_alloc("", 0);
	struct file *f = cursor ? file_alloc(&ramfs_dir_ops, flags, cursor) : NULL;
	if (!f) {
		kfree(cursor);
		return NULL;
	}
	cursor->inode = NULL;
	list_init(&cursor->link); /* out of the list until a listing places it */
	return f;
}

/* dir_poll: always ready, as a regular file. */
static u32 dir_poll(struct file *f, struct poll_table *pt) { return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; }

const struct file_ops ramfs_dir_ops = { .read_at = dir_read_at, .llseek = dir_llseek, .readdir = ramfs_readdir,
	.release = dir_release, .poll = dir_poll, .kind = "dir" };

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
	/* Linux keeps the count in an int: one past INT_MAX fits no entry (EINVAL). */
	struct dir_context ctx = { .ubuf = dirp, .count = (int)count < 0 ? 0 : count };
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = f->ops->readdir(f, &ctx);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		return r;
	return ctx.done ? (long)ctx.done : ctx.err;
}
