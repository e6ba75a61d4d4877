/* kernel/fs/ramfs.c: the RAM filesystem's inodes and directories (kernel/fs/fs.h), and its mount over the
 * initramfs at boot (a regular file's data is ramfs_file.c's). */
#include "ipc/fifo.h"
#include "kernel/cpio.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

spinlock_t fs_lock = SPINLOCK_INIT("fs");
struct inode *fs_root;
static struct super_block rootfs_sb = { .dev = 2 }; /* 0:2, what Linux's rootfs shows as st_dev */
static u64 next_ino = 1;

struct timespec64 fs_now(void) { return ns_to_timespec64(ktime_get_real_ns()); }

bool fs_capable(void) { return cred_capable() && current->cred.fsuid == 0; }

struct inode *inode_new(struct super_block *sb, u32 mode)
{
	struct inode *ino = kmalloc(sizeof *ino);
	if (!ino)
		return NULL;
	ino->ino = next_ino++;
	ino->sb = sb;
	ino->mode = mode;
	ino->uid = current->cred.fsuid;
	ino->gid = current->cred.fsgid;
	ino->atime = ino->mtime = ino->ctime = fs_now();
	list_init(&ino->entries);
	return ino;
}

void inode_init_owner(struct inode *ino, const struct inode *dir)
{
	if (dir->mode & S_ISGID) {
		ino->gid = dir->gid;
		if (S_ISDIR(ino->mode))
			ino->mode |= S_ISGID;
	}
	if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && !S_ISDIR(ino->mode) && !in_group_p(ino->gid) &&
	    !fs_capable())
		ino->mode &= ~S_ISGID;
}

/* timespec_le: a is not after b. */
static bool timespec_le(struct timespec64 a, struct timespec64 b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

void file_accessed(struct inode *ino)
{
	struct timespec64 now = fs_now();
	if (timespec_le(ino->atime, ino->mtime) || timespec_le(ino->atime, ino->ctime) ||
	    now.tv_sec - ino->atime.tv_sec >= 24 * 60 * 60)
		ino->atime = now;
}

struct inode *inode_get(struct inode *ino)
{
	ino->refs++;
	return ino;
}

void inode_maybe_free(struct inode *ino)
{
	if (ino->nlink || ino->refs)
		return;
	ramfs_free_data(ino);
	kfree(ino->link);
	if (ino->fifo)
		fifo_free(ino->fifo);
	kfree(ino);
}

void inode_put(struct inode *ino)
{
	ino->refs--;
	inode_maybe_free(ino);
}

void inode_put_unlocked(struct inode *ino)
{
	u64 f = spin_lock_irqsave(&fs_lock);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, f);
}

struct dentry *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct list_head *pos;
	list_for_each(pos, &dir->entries) {
		struct dentry *d = list_entry(pos, struct dentry, link);
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d;
	}
	return NULL;
}

struct dentry *d_alloc(const char *name, size_t len)
{
	struct dentry *d = kmalloc(sizeof *d + len + 1);
	if (!d)
		return NULL;
	memcpy(d->name, name, len);
	d->name[len] = 0;
	d->len = (u32)len;
	return d;
}

/* d_attach: put d (naming ino) in dir; a directory's ".." and nlinks follow. */
static void d_attach(struct inode *dir, struct dentry *d, struct inode *ino)
{
	d->inode = ino;
	list_add(&d->link, &dir->entries);
	if (S_ISDIR(ino->mode)) {
		ino->parent = dir;
		dir->nlink++;
	}
	dir->size += BOGO_DIRENT_SIZE;
	dir->mtime = dir->ctime = fs_now();
}

/* d_detach: take d out of dir (the inode's own nlink is the caller's). */
static void d_detach(struct inode *dir, struct dentry *d)
{
	list_del(&d->link);
	if (S_ISDIR(d->inode->mode))
		dir->nlink--;
	dir->size -= BOGO_DIRENT_SIZE;
	dir->mtime = dir->ctime = fs_now();
}

void d_add(struct inode *dir, struct dentry *d, struct inode *ino)
{
	d_attach(dir, d, ino);
	if (S_ISDIR(ino->mode)) {
		ino->nlink = 2;
		ino->size = 2 * BOGO_DIRENT_SIZE;
	} else {
		ino->nlink++;
	}
}

int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ino)
{
	struct dentry *d = d_alloc(name, len);
	if (!d)
		return -ENOMEM;
	d_add(dir, d, ino);
	return 0;
}

void dir_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *ino = d->inode;
	d_detach(dir, d);
	kfree(d);
	if (S_ISDIR(ino->mode)) {
		ino->nlink = 0;
		ino->parent = NULL;
	} else {
		ino->nlink--;
	}
	ino->ctime = fs_now();
	inode_maybe_free(ino);
}

void d_move(struct inode *olddir, struct dentry *d, struct inode *newdir, struct dentry *target)
{
	struct inode *ino = d->inode;
	d_detach(olddir, d);
	kfree(d);
	d_attach(newdir, target, ino);
}

void d_exchange(struct inode *dir1, struct dentry *d1, struct inode *dir2, struct dentry *d2)
{
	struct inode *i1 = d1->inode, *i2 = d2->inode;
	d_detach(dir1, d1);
	d_detach(dir2, d2);
	d_attach(dir1, d1, i2);
	d_attach(dir2, d2, i1);
}

/* member_attrs: ino takes the archive member's mode, owner and times (Linux's init/initramfs.c keeps them; a
 * directory's times are set again once its entries exist: restore_dir_times). */
static void member_attrs(struct inode *ino, const struct cpio_entry *e)
{
	ino->mode = (ino->mode & S_IFMT) | (e->mode & 07777);
	ino->uid = e->uid;
	ino->gid = e->gid;
	ino->atime = ino->mtime = (struct timespec64){ .tv_sec = e->mtime };
}

/* member_inode: a new inode for archive member e (not a directory, which mount_member makes); NULL when out of
 * memory. *err: -EINVAL for a link body symlinkat would refuse, 0 for a type not kept (sockets, block devices). */
static struct inode *member_inode(const struct cpio_entry *e, int *err)
{
	u32 type = e->mode & S_IFMT;
	*err = 0;
	if (type != S_IFREG && type != S_IFIFO && type != S_IFCHR && type != S_IFLNK)
		return NULL;
	if (type == S_IFLNK && (e->size == 0 || e->size >= PATH_MAX || strnlen(e->data, e->size) != e->size)) {
		*err = -EINVAL;
		return NULL;
	}
	*err = -ENOMEM;
	struct inode *ino = inode_new(&rootfs_sb, type);
	if (!ino)
		return NULL;
	if (type == S_IFREG) {
		ino->size = e->size;
		ino->ro_data = e->size ? e->data : NULL;
	} else if (type == S_IFLNK) {
		if (!(ino->link = kmalloc(e->size + 1))) {
			kfree(ino);
			return NULL;
		}
		memcpy(ino->link, e->data, e->size);
		ino->link[e->size] = 0;
		ino->size = e->size;
	} else if (type == S_IFCHR) {
		ino->rdev = e->rdev;
	}
	return ino;
}

/* mount_member: put one archive member at its path, making missing parent directories. */
static int mount_member(const struct cpio_entry *e)
{
	struct inode *dir = fs_root;
	size_t len;
	const char *s = path_component(e->name, &len);
	if (!len || (len == 1 && s[0] == '.' && !s[1])) { /* "." or the root itself */
		if (S_ISDIR(e->mode))
			member_attrs(fs_root, e);
		return 0;
	}
	for (;;) {
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		size_t next_len;
		const char *next = path_component(s + len, &next_len);
		bool last = !next_len;
		struct dentry *d = dir_find(dir, s, len);
		if (!d && (!last || S_ISDIR(e->mode))) {
			struct inode *sub = inode_new(&rootfs_sb, S_IFDIR | 0755);
			if (!sub || dir_link(dir, s, len, sub)) {
				kfree(sub);
				return -ENOMEM;
			}
			d = dir_find(dir, s, len);
		}
		if (last)
			break;
		if (!S_ISDIR(d->inode->mode))
			return -ENOTDIR;
		dir = d->inode;
		s = next;
		len = next_len;
	}
	struct dentry *d = dir_find(dir, s, len);
	if (d) { /* a directory: this entry, or one made for an entry listed before it */
		if (!S_ISDIR(d->inode->mode) || !S_ISDIR(e->mode))
			return -EEXIST;
		member_attrs(d->inode, e);
		return 0;
	}
	int r;
	struct inode *ino = member_inode(e, &r);
	if (!ino)
		return r;
	member_attrs(ino, e);
	if ((r = dir_link(dir, s, len, ino)))
		inode_maybe_free(ino);
	return r;
}

/* restore_dir_times: each directory of the archive takes its member's times again, now that adding its entries
 * is over (Linux's dir_utime). */
static void restore_dir_times(const void *base, size_t size)
{
	size_t off = 0;
	struct cpio_entry e;
	while (cpio_next(base, size, &off, &e) == 1) {
		struct inode *ino;
		if (!S_ISDIR(e.mode) || kern_path(e.name[0] ? e.name : ".", 0, &ino))
			continue;
		ino->atime = ino->mtime = (struct timespec64){ .tv_sec = e.mtime };
		inode_put_unlocked(ino);
	}
}

void ramfs_mount_initrd(const void *base, size_t size)
{
	fs_root = inode_new(&rootfs_sb, S_IFDIR | 01777); /* tmpfs's root mode, unless the archive has an entry for "." */
	if (!fs_root)
		panic("ramfs: no memory for the root");
	fs_root->nlink = 2;
	fs_root->size = 2 * BOGO_DIRENT_SIZE;
	fs_root->parent = fs_root;
	fs_root->refs = 1; /* the mount */
	rootfs_sb.max_pages = pages_total() / 2; /* tmpfs's default size: half of RAM */
	if (!base)
		return;
	size_t off = 0, files = 0;
	struct cpio_entry e;
	int r;
	while ((r = cpio_next(base, size, &off, &e)) == 1) {
		int err = mount_member(&e);
		if (err == -ENOMEM)
			panic("ramfs: out of memory mounting the initramfs");
		if (err)
			printk("ramfs: initramfs member %s skipped: error %d\n", e.name, -err);
		files++;
	}
	if (r < 0)
		printk("ramfs: initramfs malformed after %lu members\n", files);
	restore_dir_times(base, size);
}
