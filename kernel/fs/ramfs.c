/* kernel/fs/ramfs.c: the RAM filesystem's inodes and directories (kernel/fs/fs.h), and its mount over the
 * initramfs at boot (a regular file's data is ramfs_file.c's). */
#include "ipc/fifo.h"
#include "kernel/cpio.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

spinlock_t fs_lock = SPINLOCK_INIT("fs");
struct inode *fs_root;
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
	sb->inodes++;
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
	ino->sb->refs++;
	return ino;
}

void inode_maybe_free(struct inode *ino)
{
	/* A /proc inode lives while it is used; a RAM filesystem's while it has a name too. */
	if (ino->refs || (ino->nlink && !ino->pde))
		return;
	ramfs_free_data(ino);
	kfree(ino->link);
	kfree(ino->deleted_path);
	if (ino->fifo)
		fifo_free(ino->fifo);
	if (ino->jump)
		inode_put(ino->jump);
	if (ino->pde && ino->parent)
		inode_put(ino->parent);
	ino->sb->inodes--;
	kfree(ino);
}

void inode_put(struct inode *ino)
{
	ino->refs--;
	ino->sb->refs--;
	inode_maybe_free(ino);
}

void inode_put_unlocked(struct inode *ino)
{
	u64 f = spin_lock_irqsave(&fs_lock);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, f);
}

bool dir_empty(const struct inode *dir)
{
	struct list_head *pos;
	list_for_each(pos, &dir->entries)
		if (list_entry(pos, struct dentry, link)->inode)
			return false;
	return true;
}

struct dentry *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct list_head *pos;
	list_for_each(pos, &dir->entries) {
		struct dentry *d = list_entry(pos, struct dentry, link);
		if (d->inode && d->len == len && memcmp(d->name, name, len) == 0)
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

/* remember_deleted: the last name of a file still open goes: keep its path for /proc's fd links (best effort:
 * without memory, the link shows only its inode). fs_lock held. */
static void remember_deleted(struct inode *dir, struct dentry *d)
{
	char *buf = kmalloc(PATH_MAX);
	char *path = buf ? d_path(dir, buf, PATH_MAX) : ERR_PTR(-ENOMEM);
	size_t len = IS_ERR(path) ? 0 : strlen(path);
	char *keep = IS_ERR(path) ? NULL : kmalloc(len + 1 + d->len + 1);
	if (keep) {
		memcpy(keep, path, len);
		if (len > 1)
			keep[len++] = '/';
		memcpy(keep + len, d->name, d->len + 1);
		kfree(d->inode->deleted_path);
		d->inode->deleted_path = keep;
	}
	kfree(buf);
}

void dir_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *ino = d->inode;
	if (!S_ISDIR(ino->mode) && ino->nlink == 1 && ino->refs)
		remember_deleted(dir, d);
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

bool is_ramfs(const struct inode *ino) { return ino->sb->type->lookup == NULL; }

/* parse_number: a number at *s as Linux's memparse reads one (decimal, 0x hex or 0 octal, then an optional
 * k, m, g, t, p or e, either case, multiplying by 1024 as often); *s moves past it. false when no digit. */
static bool parse_number(const char **s, u64 *v)
{
	const char *p = *s;
	u64 base = 10, x = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0')
		base = 8;
	const char *start = p;
	for (;; p++) {
		u64 d = *p >= '0' && *p <= '9' ? (u64)(*p - '0') : *p >= 'a' && *p <= 'f' ? (u64)(*p - 'a' + 10) :
			*p >= 'A' && *p <= 'F' ? (u64)(*p - 'A' + 10) : 99;
		if (d >= base)
			break;
		x = x * base + d;
	}
	if (p == start && base != 8)
		return false;
	static const char units[] = "kmgtpe";
	for (int i = 0; units[i]; i++)
		if (*p == units[i] || *p == units[i] - 32) {
			x <<= 10 * (i + 1);
			p++;
			break;
		}
	*s = p;
	*v = x;
	return true;
}

/* parse_octal: the octal digits at s. */
static u32 parse_octal(const char *s)
{
	u32 v = 0;
	for (; *s >= '0' && *s <= '7'; s++)
		v = v * 8 + (u32)(*s - '0');
	return v;
}

/* ramfs_fill_super: a new RAM filesystem: tmpfs's options from data, comma-separated: size=BYTES (a memparse
 * number or a percentage of RAM; 0: no limit), nr_inodes=N, mode=OCTAL, uid=N, gid=N for the root, inode64 and
 * inode32 (accepted). -EINVAL for anything else (Linux mm/shmem.c shmem_parse_one), -ENOMEM. */
static int ramfs_fill_super(struct super_block *sb, char *data)
{
	sb->max_pages = sb->max_inodes = pages_total() / 2; /* tmpfs's defaults: half of RAM, as many inodes */
	sb->root_mode = 01777;
	for (char *opt = data; opt && *opt;) {
		char *end = strchr(opt, ',');
		if (end)
			*end = 0;
		char *val = strchr(opt, '=');
		if (val)
			*val++ = 0;
		const char *rest = val;
		u64 v = 0;
		bool num = val && parse_number(&rest, &v);
		if (num && strcmp(opt, "mode") == 0) /* octal, with or without its 0 (fsparam_u32oct) */
			for (rest = val; *rest >= '0' && *rest <= '7'; rest++)
				;
		if (num && strcmp(opt, "size") == 0 && *rest == '%')
			v = (v * pages_total() / 100) << PAGE_SHIFT, rest++;
		if (strcmp(opt, "inode64") == 0 || strcmp(opt, "inode32") == 0)
			;
		else if (!num || *rest)
			return -EINVAL;
		else if (strcmp(opt, "size") == 0)
			sb->max_pages = ALIGN_UP(v, PAGE_SIZE) / PAGE_SIZE;
		else if (strcmp(opt, "nr_inodes") == 0)
			sb->max_inodes = v;
		else if (strcmp(opt, "mode") == 0)
			sb->root_mode = parse_octal(val) & 07777;
		else if (strcmp(opt, "uid") == 0 && v <= 0xffffffffUL)
			sb->root_uid = (u32)v;
		else if (strcmp(opt, "gid") == 0 && v <= 0xffffffffUL)
			sb->root_gid = (u32)v;
		else
			return -EINVAL;
		opt = end ? end + 1 : NULL;
	}
	struct inode *root = inode_new(sb, S_IFDIR | sb->root_mode);
	if (!root)
		return -ENOMEM;
	root->uid = sb->root_uid;
	root->gid = sb->root_gid;
	root->nlink = 2;
	root->size = 2 * BOGO_DIRENT_SIZE;
	root->parent = root;
	sb->root = root;
	return 0;
}

/* ramfs_kill_sb: free every file of sb, the deepest first, then its root. fs_lock held. */
static void ramfs_kill_sb(struct super_block *sb)
{
	struct inode *dir = sb->root;
	for (;;) {
		if (!list_empty(&dir->entries)) { /* no cursor: nothing in it is open */
			struct dentry *d = list_first_entry(&dir->entries, struct dentry, link);
			if (S_ISDIR(d->inode->mode) && !list_empty(&d->inode->entries))
				dir = d->inode;
			else
				dir_unlink(dir, d);
			continue;
		}
		if (dir == sb->root)
			break;
		dir = dir->parent;
	}
	dir->nlink = 0;
	inode_maybe_free(dir);
}

/* show_size: tmpfs's options as /proc/mounts shows them: those not at their defaults (all of them for the root
 * filesystem, as Linux's rootfs shows its size), then inode64. */
static void show_size(struct seq_buf *m, const struct super_block *sb, bool always)
{
	u64 dflt = pages_total() / 2;
	if (always || sb->max_pages != dflt)
		seq_printf(m, ",size=%luk", sb->max_pages << (PAGE_SHIFT - 10));
	if (always || sb->max_inodes != dflt)
		seq_printf(m, ",nr_inodes=%lu", sb->max_inodes);
	if (sb->root_mode != 01777)
		seq_printf(m, ",mode=%03o", sb->root_mode);
	if (sb->root_uid)
		seq_printf(m, ",uid=%u", sb->root_uid);
	if (sb->root_gid)
		seq_printf(m, ",gid=%u", sb->root_gid);
	seq_printf(m, ",inode64");
}

static void tmpfs_show_options(struct seq_buf *m, const struct super_block *sb) { show_size(m, sb, false); }
static void rootfs_show_options(struct seq_buf *m, const struct super_block *sb) { show_size(m, sb, true); }

#define TMPFS_MAGIC 0x01021994
const struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs", .magic = TMPFS_MAGIC, .fill_super = ramfs_fill_super, .kill_sb = ramfs_kill_sb, .show_options = tmpfs_show_options };
const struct file_system_type rootfs_fs_type = {
	.name = "rootfs", .magic = TMPFS_MAGIC, .fill_super = ramfs_fill_super, .kill_sb = ramfs_kill_sb, .show_options = rootfs_show_options };

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
	struct inode *ino = inode_new(fs_root->sb, type);
	if (!ino)
		return NULL;
	if (type == S_IFREG) {
		ino->size = e->size;
		ino->ro_data = e->size ? e->data : NULL;
	} else if (type == S_IFLNK) {
		if (!(ino->link = kmalloc(e->size + 1))) {
			inode_maybe_free(ino);
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
			struct inode *sub = inode_new(fs_root->sb, S_IFDIR | 0755);
			if (!sub || dir_link(dir, s, len, sub)) {
				if (sub)
					inode_maybe_free(sub);
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
	fs_root = mount_root();
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
