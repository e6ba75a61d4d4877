/* kernel/fs/ramfs.c: the RAM filesystem's inodes, directories and file data (kernel/fs/fs.h), and its mount over
 * the initramfs at boot. A regular file's bytes live in pages (a table of RAMFS_MAX_PAGES slots, NULL for a
 * hole), or, for a file from the initramfs not yet changed, in the archive itself (ro_data), as Linux's tmpfs
 * keeps pages in the page cache. */
#include "ipc/fifo.h"
#include "kernel/cpio.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

spinlock_t fs_lock = SPINLOCK_INIT("fs");
struct inode *fs_root;
static u64 next_ino = 1;

u64 fs_now(void) { return time_ns(); }

struct inode *inode_new(u32 mode)
{
	struct inode *ino = kmalloc(sizeof *ino);
	if (!ino)
		return NULL;
	ino->ino = next_ino++;
	ino->mode = mode;
	ino->atime = ino->mtime = ino->ctime = fs_now();
	list_init(&ino->entries);
	return ino;
}

struct inode *inode_get(struct inode *ino)
{
	ino->refs++;
	return ino;
}

static void free_pages_from(struct inode *ino, u64 first)
{
	if (!ino->pages)
		return;
	for (u64 i = first; i < RAMFS_MAX_PAGES; i++) {
		if (ino->pages[i]) {
			page_free(ino->pages[i]);
			ino->pages[i] = NULL;
		}
	}
}

void inode_maybe_free(struct inode *ino)
{
	if (ino->nlink || ino->refs)
		return;
	free_pages_from(ino, 0);
	kfree(ino->pages);
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

/* materialize: give a file from the initramfs its own pages (before the first change). 0 or -ENOMEM. */
static int materialize(struct inode *ino)
{
	if (!ino->pages) {
		ino->pages = kmalloc(RAMFS_MAX_PAGES * sizeof(void *));
		if (!ino->pages)
			return -ENOMEM;
	}
	if (!ino->ro_data)
		return 0;
	u64 npages = ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE;
	if (npages > RAMFS_MAX_PAGES)
		return -EFBIG;
	for (u64 i = 0; i < npages; i++) {
		if (!ino->pages[i] && !(ino->pages[i] = page_alloc()))
			return -ENOMEM; /* the pages made so far stay; ro_data is still whole */
		memcpy(ino->pages[i], (const char *)ino->ro_data + i * PAGE_SIZE, MIN(PAGE_SIZE, ino->size - i * PAGE_SIZE));
	}
	ino->ro_data = NULL;
	return 0;
}

static const char zero_page[PAGE_SIZE] __attribute__((aligned(16)));

long ramfs_read(struct inode *ino, u64 pos, u64 ubuf, size_t n)
{
	if (pos >= ino->size)
		return 0;
	n = MIN(n, ino->size - pos);
	size_t done = 0;
	while (done < n) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE, k = MIN(n - done, PAGE_SIZE - off);
		const char *src;
		if (ino->ro_data)
			src = (const char *)ino->ro_data + at;
		else
			src = (ino->pages && ino->pages[at / PAGE_SIZE] ? (const char *)ino->pages[at / PAGE_SIZE] : zero_page) + off;
		if (copy_to_user(ubuf + done, src, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	ino->atime = fs_now();
	return (long)done;
}

long ramfs_write(struct inode *ino, u64 pos, u64 ubuf, size_t n)
{
	if (pos >= (u64)RAMFS_MAX_PAGES * PAGE_SIZE)
		return -EFBIG;
	n = MIN(n, (u64)RAMFS_MAX_PAGES * PAGE_SIZE - pos);
	int r = materialize(ino);
	if (r)
		return r;
	size_t done = 0;
	while (done < n) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE, k = MIN(n - done, PAGE_SIZE - off);
		void **slot = &ino->pages[at / PAGE_SIZE];
		if (!*slot && !(*slot = page_alloc())) {
			r = -ENOMEM;
			break;
		}
		if (copy_from_user((char *)*slot + off, ubuf + done, k)) {
			r = -EFAULT;
			break;
		}
		done += k;
	}
	if (done) {
		ino->size = MAX(ino->size, pos + done);
		ino->mtime = ino->ctime = fs_now();
		return (long)done;
	}
	return r;
}

int ramfs_truncate(struct inode *ino, u64 size)
{
	if (size > (u64)RAMFS_MAX_PAGES * PAGE_SIZE)
		return -EFBIG;
	int r = materialize(ino);
	if (r)
		return r;
	if (size < ino->size) {
		free_pages_from(ino, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
		/* The tail of the last page must read as zeros should the file grow again. */
		if (size % PAGE_SIZE && ino->pages[size / PAGE_SIZE])
			memset((char *)ino->pages[size / PAGE_SIZE] + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
	ino->size = size;
	ino->mtime = ino->ctime = fs_now();
	return 0;
}

int ramfs_image(struct inode *ino, const void **data, size_t *copy_pages)
{
	*copy_pages = 0;
	if (ino->ro_data || !ino->size) {
		*data = ino->ro_data ? ino->ro_data : zero_page;
		return 0;
	}
	size_t np = ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE;
	char *buf = page_alloc_contig(np);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < np; i++)
		if (ino->pages[i])
			memcpy(buf + i * PAGE_SIZE, ino->pages[i], PAGE_SIZE);
	*data = buf;
	*copy_pages = np;
	return 0;
}

/* mount_member: put one archive member at its path, making missing parent directories. */
static int mount_member(const struct cpio_entry *e)
{
	struct inode *dir = fs_root;
	size_t len;
	const char *s = path_component(e->name, &len);
	for (;;) {
		if (!len || (len == 1 && s[0] == '.')) { /* "." or the root itself: its mode */
			if (S_ISDIR(e->mode))
				fs_root->mode = S_IFDIR | (e->mode & 07777);
			return 0;
		}
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		size_t next_len;
		const char *next = path_component(s + len, &next_len);
		struct dentry *d = dir_find(dir, s, len);
		if (next_len) {
			if (!d) {
				struct inode *sub = inode_new(S_IFDIR | 0755);
				if (!sub || dir_link(dir, s, len, sub))
					return -ENOMEM;
				d = dir_find(dir, s, len);
			}
			if (!S_ISDIR(d->inode->mode))
				return -ENOTDIR;
			dir = d->inode;
			s = next;
			len = next_len;
			continue;
		}
		if (d) { /* a directory listed after a file made it: keep it, take the mode */
			d->inode->mode = (d->inode->mode & S_IFMT) | (e->mode & 07777);
			return 0;
		}
		u32 type = e->mode & S_IFMT;
		if (type != S_IFREG && type != S_IFDIR && type != S_IFIFO && type != S_IFCHR && type != S_IFLNK)
			return 0; /* sockets, block devices: not kept */
		if (type == S_IFLNK && (e->size == 0 || e->size >= PATH_MAX || strnlen(e->data, e->size) != e->size))
			return -EINVAL; /* a body symlinkat would refuse */
		struct inode *ino = inode_new(e->mode);
		if (!ino)
			return -ENOMEM;
		if (type == S_IFREG) {
			ino->size = e->size;
			ino->ro_data = e->size ? e->data : NULL;
		}
		if (type == S_IFLNK) {
			if (!(ino->link = kmalloc(e->size + 1))) {
				kfree(ino);
				return -ENOMEM;
			}
			memcpy(ino->link, e->data, e->size);
			ino->link[e->size] = 0;
			ino->size = e->size;
		}
		if (type == S_IFCHR)
			ino->rdev = e->rdev;
		int r = dir_link(dir, s, len, ino);
		if (r)
			inode_maybe_free(ino);
		return r;
	}
}

void ramfs_mount_initrd(const void *base, size_t size)
{
	fs_root = inode_new(S_IFDIR | 01777); /* tmpfs's root mode, unless the archive has an entry for "." */
	if (!fs_root)
		panic("ramfs: no memory for the root");
	fs_root->nlink = 2;
	fs_root->size = 2 * BOGO_DIRENT_SIZE;
	fs_root->parent = fs_root;
	fs_root->refs = 1; /* the mount */
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
}
