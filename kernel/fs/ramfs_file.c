/* kernel/fs/ramfs_file.c: a regular file's data in the RAM filesystem, and the open regular file (Linux's
 * mm/shmem.c, which keeps a tmpfs file's pages in the page cache).
 *
 * The pages are found through a radix tree shaped like a page table: ino->pages is a node of 512 pointers, each
 * to a data page when the tree has one level, else to a node one level down. The tree grows a level on top
 * whenever a page beyond its reach is written (1 level covers 2 MiB, 2 levels 1 GiB, 3 levels 512 GiB, ...), so a
 * file may be as large as memory allows, and a page never written is a hole that reads as zeros. A file from the
 * initramfs that was never changed has no pages: its bytes are read from the archive itself (ro_data) until its
 * first change copies them. Every data page counts against the filesystem's size (sb->max_pages: ENOSPC). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/resource.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define RADIX_SHIFT 9
#define RADIX_SLOTS (1u << RADIX_SHIFT) /* pointers in a node: one page of them */
#define RADIX_MAX_HEIGHT 6              /* 512^6 pages: every offset below MAX_LFS_FILESIZE */

static const char zero_page[PAGE_SIZE] __attribute__((aligned(16)));

u64 rlimit_fsize(void) { return rlimit(RLIMIT_FSIZE); }

/* page_slot: where the pointer to data page `index` of ino lives. With alloc, the tree grows and the nodes on the
 * way are made (NULL when out of memory); without, NULL when the page lies in a hole. */
static void **page_slot(struct inode *ino, u64 index, bool alloc)
{
	while (ino->height == 0 || (ino->height < RADIX_MAX_HEIGHT && index >> (RADIX_SHIFT * ino->height))) {
		void **node;
		if (!alloc || !(node = page_alloc()))
			return NULL;
		node[0] = ino->pages; /* the old tree is the first slot of the new root */
		ino->pages = node;
		ino->height++;
	}
	void **slot = (void **)&ino->pages;
	for (int level = (int)ino->height - 1; level >= 0; level--) {
		void **node = *slot;
		if (!node && (!alloc || !(node = *slot = page_alloc())))
			return NULL;
		slot = &node[(index >> (RADIX_SHIFT * level)) & (RADIX_SLOTS - 1)];
	}
	return slot;
}

/* data_page: the data page `index` of ino, or NULL in a hole. */
static char *data_page(struct inode *ino, u64 index)
{
	void **slot = page_slot(ino, index, false);
	return slot ? *slot : NULL;
}

/* data_page_alloc: the data page `index` of ino, made (zeroed) if it is in a hole. -ENOSPC when the filesystem is
 * full, -ENOMEM. */
static int data_page_alloc(struct inode *ino, u64 index, char **page)
{
	void **slot = page_slot(ino, index, true);
	if (!slot)
		return -ENOMEM;
	if (!*slot) {
		if (ino->sb->max_pages && ino->sb->pages >= ino->sb->max_pages)
			return -ENOSPC;
		if (!(*slot = page_alloc()))
			return -ENOMEM;
		ino->sb->pages++;
		ino->nrpages++;
	}
	*page = *slot;
	return 0;
}

/* truncate_node: free the data pages of index >= first below node (at `level`, its first index base), and the
 * nodes left empty; returns true when node itself is left empty. */
static bool truncate_node(struct inode *ino, void **node, int level, u64 base, u64 first)
{
	u64 span = 1UL << (RADIX_SHIFT * level); /* indices per slot */
	bool empty = true;
	for (u64 i = 0; i < RADIX_SLOTS; i++) {
		u64 start = base + i * span;
		if (!node[i])
			continue;
		if (start + span <= first) {
			empty = false;
		} else if (level == 0) {
			page_free(node[i]);
			ino->sb->pages--;
			ino->nrpages--;
			node[i] = NULL;
		} else if (truncate_node(ino, node[i], level - 1, start, first)) {
			page_free(node[i]);
			node[i] = NULL;
		} else {
			empty = false;
		}
	}
	return empty;
}

/* free_pages_from: free the data pages from index first on. */
static void free_pages_from(struct inode *ino, u64 first)
{
	if (ino->pages && truncate_node(ino, ino->pages, (int)ino->height - 1, 0, first)) {
		page_free(ino->pages);
		ino->pages = NULL;
		ino->height = 0;
	}
}

void ramfs_free_data(struct inode *ino) { free_pages_from(ino, 0); }

/* materialize: give a file from the initramfs its own pages for its first upto bytes, and leave the archive
 * (before the first change; a truncation needs no more than what it keeps). 0, -ENOSPC, -ENOMEM (then the pages
 * made so far stay, and ro_data is still whole). */
static int materialize(struct inode *ino, u64 upto)
{
	if (!ino->ro_data)
		return 0;
	upto = MIN(upto, ino->size);
	for (u64 at = 0; at < upto; at += PAGE_SIZE) {
		char *page;
		int r = data_page_alloc(ino, at / PAGE_SIZE, &page);
		if (r)
			return r;
		memcpy(page, (const char *)ino->ro_data + at, MIN(PAGE_SIZE, ino->size - at));
	}
	ino->ro_data = NULL;
	return 0;
}

long ramfs_read(struct inode *ino, u64 pos, u64 ubuf, size_t n)
{
	if (pos >= ino->size || n == 0)
		return 0;
	n = MIN(n, ino->size - pos);
	size_t done = 0;
	while (done < n) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE, k = MIN(n - done, PAGE_SIZE - off);
		const char *src;
		if (ino->ro_data) {
			src = (const char *)ino->ro_data + at;
		} else {
			const char *page = data_page(ino, at / PAGE_SIZE);
			src = (page ? page : zero_page) + off;
		}
		size_t c = copy_to_user_partial(ubuf + done, src, k);
		done += c;
		if (c < k) /* the short count of what fit before the fault (read(2)) */
			return done ? (long)done : -EFAULT;
	}
	file_accessed(ino);
	return (long)done;
}

/* write_check_limits: cut a write of *n bytes at pos to the file size limits (Linux mm/filemap.c
 * generic_write_check_limits): -EFBIG, with SIGXFSZ, at or past rlimit_fsize; -EFBIG at MAX_LFS_FILESIZE. */
static int write_check_limits(u64 pos, size_t *n)
{
	u64 limit = rlimit_fsize();
	if (limit != RLIM_INFINITY) {
		if (pos >= limit) {
			send_signal(current, SIGXFSZ, 0);
			return -EFBIG;
		}
		*n = MIN(*n, limit - pos);
	}
	if (pos >= MAX_LFS_FILESIZE)
		return -EFBIG;
	*n = MIN(*n, MAX_LFS_FILESIZE - pos);
	return 0;
}

/* file_remove_privs: a write by an unprivileged caller drops S_ISUID and, when group-executable, S_ISGID (Linux
 * fs/inode.c should_remove_suid). */
static void file_remove_privs(struct inode *ino)
{
	u32 kill = ino->mode & S_ISUID;
	if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= S_ISGID;
	if (kill && !fs_capable()) {
		ino->mode &= ~kill;
		ino->ctime = fs_now();
	}
}

long ramfs_write(struct inode *ino, u64 pos, u64 ubuf, size_t n)
{
	int r = write_check_limits(pos, &n);
	if (r || n == 0)
		return r;
	if ((r = materialize(ino, ino->size)))
		return r;
	size_t done = 0;
	while (done < n) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE, k = MIN(n - done, PAGE_SIZE - off);
		char *page;
		if ((r = data_page_alloc(ino, at / PAGE_SIZE, &page)))
			break;
		size_t c = copy_from_user_partial(page + off, ubuf + done, k);
		done += c;
		if (c < k) { /* what came before the fault is written: the short count (write(2)) */
			r = -EFAULT;
			break;
		}
	}
	if (!done)
		return r;
	ino->size = MAX(ino->size, pos + done);
	ino->mtime = ino->ctime = fs_now();
	file_remove_privs(ino);
	return (long)done;
}

int ramfs_truncate(struct inode *ino, u64 size)
{
	if (size > rlimit_fsize()) {
		send_signal(current, SIGXFSZ, 0);
		return -EFBIG;
	}
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	if (size == ino->size)
		return 0;
	int r = materialize(ino, size);
	if (r)
		return r;
	if (size < ino->size) {
		/* Mappings of the pages that go lose them first: a later touch there is SIGBUS (Linux's
		 * truncate_pagecache). */
		unmap_mapping_pages(ino, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
		free_pages_from(ino, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
		/* The tail of the last page must read as zeros should the file grow again. */
		char *last = size % PAGE_SIZE ? data_page(ino, size / PAGE_SIZE) : NULL;
		if (last)
			memset(last + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
	ino->size = size;
	ino->mtime = ino->ctime = fs_now();
	return 0;
}

int ramfs_map_page(struct inode *ino, u64 index, char **page)
{
	if (index >= ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE)
		return -EFAULT; /* past the end of the file: SIGBUS */
	int r = materialize(ino, ino->size); /* a mapping shares the file's own pages: they must exist */
	if (!r)
		r = data_page_alloc(ino, index, page);
	return r;
}

int ramfs_copy_page(struct inode *ino, u64 index, char *page)
{
	u64 at = index * PAGE_SIZE;
	if (at >= ino->size)
		return -EFAULT;
	size_t k = MIN(PAGE_SIZE, ino->size - at);
	const char *src = ino->ro_data ? (const char *)ino->ro_data + at : data_page(ino, index);
	if (src)
		memcpy(page, src, k); /* a hole, and the tail after the end, stay zero */
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
	for (size_t i = 0; i < np; i++) {
		const char *page = data_page(ino, i);
		if (page)
			memcpy(buf + i * PAGE_SIZE, page, PAGE_SIZE);
	}
	*data = buf;
	*copy_pages = np;
	return 0;
}

/* reg_read_at / reg_write_at: read(2), write(2), pread64(2), pwrite64(2) of an open regular file at *pos, which
 * moves past the bytes moved; an O_APPEND write goes to the end whatever *pos says (Linux does so for pwrite
 * too: pwrite(2) BUGS). */
static ssize_t reg_read_at(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	long r = ramfs_read(f->inode, *pos, ubuf, n);
	if (r > 0)
		*pos += r;
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

static ssize_t reg_write_at(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (f->flags & O_APPEND)
		*pos = f->inode->size;
	long r = ramfs_write(f->inode, *pos, ubuf, n);
	if (r > 0)
		*pos += r;
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* reg_poll: a regular file is always ready (POSIX poll()). */
static u32 reg_poll(struct file *f, struct poll_table *pt) { return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; }

/* reg_llseek: lseek(2) on a regular file: SEEK_END from its size (Linux's generic_file_llseek). */
static s64 reg_llseek(struct file *f, s64 off, int whence)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	s64 r = generic_llseek(f, off, whence, (s64)f->inode->size);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

const struct file_ops ramfs_file_ops = {
	.read_at = reg_read_at, .write_at = reg_write_at, .llseek = reg_llseek, .poll = reg_poll, .kind = "file" };
