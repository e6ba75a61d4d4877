/* kernel/fs/namespace.c: mounting (Linux's fs/namespace.c): the list of mounted filesystems, mount(2) of a new
 * tmpfs or proc instance on a directory, umount2(2), and the /proc/mounts table. A path walk that reaches a
 * directory something is mounted on goes on at the mounted filesystem's root, and ".." from that root goes
 * back to the covered directory's parent (namei.c). There is one mount namespace, and no bind, move or remount. */
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define MS_MGC_VAL 0xC0ED0000UL /* old mount(8)'s magic in the top half of the flags, ignored */
#define MS_MGC_MSK 0xffff0000UL
#define MS_REMOUNT 32
#define MS_SILENT 32768
/* The per-mount flags mount(2) takes here; the others (remount, bind, move, propagation) give EINVAL. */
#define MS_SUPPORTED (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | \
		      MS_STRICTATIME | MS_SILENT)
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
#define FSTYPE_MAX 64

static struct list_head mount_list = LIST_HEAD_INIT(mount_list);
static u32 next_anon_dev = 20; /* 0:20 up, as Linux numbers its anonymous devices (here from 20) */

/* The filesystems mount(2) knows. */
static const struct file_system_type *const fs_types[] = { &tmpfs_fs_type, &proc_fs_type };

/* new_super: a new instance of type (fill_super with the options in data; st_dev dev), on the mount list,
 * holding its root: not yet on a directory. -EINVAL for options the type refuses, -ENOMEM. fs_lock held. */
static int new_super(const struct file_system_type *type, const char *source, unsigned long flags, char *data,
		     u32 dev, struct super_block **out)
{
	struct super_block *sb = kmalloc(sizeof *sb);
	char *src = kmalloc(strlen(source) + 1);
	if (!sb || !src) {
		kfree(sb);
		kfree(src);
		return -ENOMEM;
	}
	strlcpy(src, source, strlen(source) + 1);
	sb->type = type;
	sb->source = src;
	sb->flags = flags;
	sb->dev = dev;
	int r = type->fill_super(sb, data);
	if (r) {
		kfree(src);
		kfree(sb);
		return r;
	}
	inode_get(sb->root); /* the mount's reference */
	list_add_tail(&sb->mounts, &mount_list);
	*out = sb;
	return 0;
}

/* kill_super: take down sb (nothing of it in use but its root, which the mount holds): off its directory and
 * the mount list, everything in it freed. fs_lock held. */
static void kill_super(struct super_block *sb)
{
	if (sb->mountpoint) {
		sb->mountpoint->mounted = NULL;
		inode_put(sb->mountpoint);
	}
	list_del(&sb->mounts);
	sb->root->refs--;
	sb->refs--;
	sb->type->kill_sb(sb);
	kfree(sb->source);
	kfree(sb);
}

struct inode *mount_root(void)
{
	struct super_block *sb;
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = new_super(&rootfs_fs_type, "rootfs", 0, NULL, 2 /* 0:2, as Linux's rootfs */, &sb);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		panic("cannot mount the root filesystem: error %d", r);
	return sb->root;
}

int mnt_want_write(const struct inode *ino)
{
	return ino->sb->flags & MS_RDONLY ? -EROFS : 0;
}

/* copy_mount_string: a string argument of mount(2) (NULL stays NULL), at most max bytes. 0, -EFAULT, -ENOMEM. */
static int copy_mount_string(u64 ustr, size_t max, char **out)
{
	*out = NULL;
	if (!ustr)
		return 0;
	char *s = kmalloc(max);
	if (!s)
		return -ENOMEM;
	long n = strncpy_from_user(s, ustr, max);
	if (n < 0 && n != -ENAMETOOLONG) {
		kfree(s);
		return (int)n;
	}
	*out = s;
	return 0;
}

/* copy_mount_options: mount(2)'s data: up to a page, as much as is readable (Linux's copy_mount_options), made a
 * string. NULL stays NULL. 0, -EFAULT when not even its first byte is readable, -ENOMEM. */
static int copy_mount_options(u64 udata, char **out)
{
	*out = NULL;
	if (!udata)
		return 0;
	char *page = page_alloc();
	if (!page)
		return -ENOMEM;
	size_t n = 0;
	while (n < PAGE_SIZE - 1) {
		size_t k = MIN(PAGE_SIZE - 1 - n, PAGE_SIZE - ((udata + n) & (PAGE_SIZE - 1)));
		if (copy_from_user(page + n, udata + n, k))
			break;
		n += k;
	}
	if (n == 0) {
		page_free(page);
		return -EFAULT;
	}
	*out = page;
	return 0;
}

/* mount(source, target, filesystemtype, mountflags, data): mount a new instance of "tmpfs" or "proc" on the
 * directory target (a link followed), which it covers until umount2; source is only shown by /proc/mounts; data
 * holds the type's options ("size=1m,mode=1777"). mountflags: MS_RDONLY (every change gives EROFS), MS_NOEXEC
 * (execve gives EACCES), MS_NODEV (opening a device gives EACCES), MS_NOSUID, and the atime flags. Errors in
 * Linux's order: -EFAULT, lookup errors, -EPERM for an unprivileged caller, -EINVAL for another flag or no type,
 * -ENODEV for an unknown type, -EINVAL for an option the type refuses, -ENOTDIR when target is not a
 * directory, -ENOMEM. A directory of /proc cannot be a mount point here (-EINVAL; Linux allows it): its inodes
 * are made anew at each lookup, so no later walk would find the mount. */
SYSCALL_DEFINE5(mount, u64, source, u64, target, u64, filesystemtype, unsigned long, mountflags, u64, data)
{
	char *type = NULL, *src = NULL, *opts = NULL;
	struct inode *mp = NULL;
	int r = copy_mount_string(filesystemtype, FSTYPE_MAX, &type);
	if (!r)
		r = copy_mount_string(source, PATH_MAX, &src);
	if (!r)
		r = copy_mount_options(data, &opts);
	if (!r)
		r = user_path_at(AT_FDCWD, target, LOOKUP_FOLLOW | LOOKUP_MOUNTPOINT, &mp);
	if (r)
		goto out;
	if ((mountflags & MS_MGC_MSK) == MS_MGC_VAL)
		mountflags &= ~MS_MGC_MSK;
	const struct file_system_type *fst = NULL;
	if (!cred_capable())
		r = -EPERM;
	else if ((mountflags & ~(unsigned long)MS_SUPPORTED) || !type)
		r = -EINVAL;
	for (size_t i = 0; !r && i < ARRAY_SIZE(fs_types); i++)
		if (strcmp(fs_types[i]->name, type) == 0)
			fst = fs_types[i];
	if (!r && !fst)
		r = -ENODEV;
	if (r)
		goto out;
	if (!(mountflags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME)))
		mountflags |= MS_RELATIME; /* Linux's default */
	mountflags &= ~(unsigned long)(MS_STRICTATIME | MS_SILENT);
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct super_block *sb;
	r = new_super(fst, src ? src : "none", mountflags, opts, next_anon_dev++, &sb);
	if (!r && (!S_ISDIR(mp->mode) || !is_ramfs(mp))) { /* Linux reads the options first: bad ones win */
		kill_super(sb);
		r = S_ISDIR(mp->mode) ? -EINVAL : -ENOTDIR;
	} else if (!r) {
		sb->mountpoint = mp; /* the mount keeps the lookup's reference */
		mp->mounted = sb;
		mp = NULL;
	}
	spin_unlock_irqrestore(&fs_lock, fl);
out:
	if (mp)
		inode_put_unlocked(mp);
	kfree(type);
	kfree(src);
	if (opts)
		page_free(opts);
	return r;
}

/* mounted_below: some filesystem is mounted on a directory of sb. fs_lock held. */
static bool mounted_below(const struct super_block *sb)
{
	struct list_head *pos;
	list_for_each(pos, &mount_list) {
		struct super_block *m = list_entry(pos, struct super_block, mounts);
		if (m->mountpoint && m->mountpoint->sb == sb)
			return true;
	}
	return false;
}

/* umount2(target, flags): take down the filesystem mounted at target (a link followed unless UMOUNT_NOFOLLOW):
 * the covered directory shows again. -EINVAL for other flags, -EPERM for an unprivileged caller, lookup errors,
 * -EINVAL when target is no mount point (or is the root filesystem), -EBUSY while a file, a cwd or a mount inside
 * uses it. MNT_EXPIRE: the first call marks it and gives -EAGAIN, a second one takes it down if it was not used
 * in between (-EINVAL with MNT_FORCE or MNT_DETACH). MNT_FORCE changes nothing for a RAM filesystem. MNT_DETACH
 * is not lazy here: a busy filesystem gives -EBUSY (Linux detaches it and frees it when the last user goes). */
SYSCALL_DEFINE2(umount2, u64, target, int, flags)
{
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!cred_capable())
		return -EPERM;
	struct inode *root;
	int r = user_path_at(AT_FDCWD, target, LOOKUP_MOUNTPOINT | (flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW), &root);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct super_block *sb = root->sb;
	inode_put(root);
	if (root != sb->root || !sb->mountpoint)
		r = -EINVAL;
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		r = -EINVAL;
	else if (sb->refs > 1 || mounted_below(sb)) /* only the mount's own reference may be left */
		r = (sb->expired = false, -EBUSY);
	else if ((flags & MNT_EXPIRE) && !sb->expired)
		r = (sb->expired = true, -EAGAIN);
	if (!r)
		kill_super(sb);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

u64 ramfs_pages(void)
{
	u64 n = 0;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct list_head *pos;
	list_for_each(pos, &mount_list)
		n += list_entry(pos, struct super_block, mounts)->pages;
	spin_unlock_irqrestore(&fs_lock, fl);
	return n;
}

/* seq_escape: s into m with space, tab, newline and backslash as octal escapes (Linux's mangle, so that each
 * /proc/mounts line splits at its spaces). */
static void seq_escape(struct seq_buf *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_printf(m, "%c", *s);
	}
}

void show_mounts(struct seq_buf *m)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct list_head *pos;
	list_for_each(pos, &mount_list) {
		struct super_block *sb = list_entry(pos, struct super_block, mounts);
		const char *path = sb->mountpoint ? d_path(sb->mountpoint, buf, PATH_MAX) : "/";
		seq_escape(m, sb->source);
		seq_printf(m, " ");
		seq_escape(m, IS_ERR(path) ? "?" : path);
		seq_printf(m, " %s %s", sb->type->name, sb->flags & MS_RDONLY ? "ro" : "rw");
		static const struct { unsigned long flag; const char *name; } opts[] = {
			{ MS_NOSUID, "nosuid" }, { MS_NODEV, "nodev" }, { MS_NOEXEC, "noexec" }, { MS_NOATIME, "noatime" },
			{ MS_NODIRATIME, "nodiratime" }, { MS_RELATIME, "relatime" } };
		for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
			if (sb->flags & opts[i].flag)
				seq_printf(m, ",%s", opts[i].name);
		if (sb->type->show_options)
			sb->type->show_options(m, sb);
		seq_printf(m, " 0 0\n");
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(buf);
}
