/* kernel/fs/names.c: the calls that make, remove and move names: mknodat, mkdirat, unlinkat, symlinkat,
 * linkat, renameat2 (POSIX mknod(), mkdir(), unlink(), rmdir(), symlink(), link(), rename(); Linux fs/namei.c,
 * whose order of checks, and so of errors, each follows). The directory entries themselves are ramfs.c's. */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#define WHITEOUT_DEV 0 /* a whiteout is a character device 0:0 of mode 0 (Linux include/linux/fs.h) */

/* synthetic_mode: what nd's last component names in a directory that is not a RAM filesystem's (/proc, where
 * the calls here change nothing): its type and mode, 0 when absent. fs_lock held. */
static u32 synthetic_mode(const struct nameidata *nd)
{
	struct inode *ino;
	if (lookup_one(nd->dir, nd->last, nd->len, &ino))
		return 0;
	u32 mode = ino->mode;
	inode_put(ino);
	return mode;
}

/* filename_create: may nd's last component be made? (Linux's filename_create): -EEXIST when it exists or is
 * "/", "." or ".."; -ENOENT when it is absent but a '/' follows it and no directory is wanted, or absent in /proc
 * (where looking up a name that is not there fails); -EROFS on a read-only mount. fs_lock held. */
static int filename_create(const struct nameidata *nd, bool want_dir)
{
	if (is_dot_or_root(nd) || (is_ramfs(nd->dir) ? dir_find(nd->dir, nd->last, nd->len) != NULL : synthetic_mode(nd)))
		return -EEXIST;
	if (!is_ramfs(nd->dir))
		return -ENOENT;
	if (nd->trailing && !want_dir)
		return -ENOENT;
	return mnt_want_write(nd->dir);
}

/* do_mknodat: create path (relative to dirfd) as a new inode of mode (type | permissions, the umask applied
 * here) with device number dev (Linux's do_mknodat and do_mkdirat). Errors of filename_create, make_node and
 * the lookup. */
static int do_mknodat(int dirfd, u64 pathname, u32 mode, u32 dev)
{
	struct nameidata nd;
	int r = user_path_parent(dirfd, pathname, &nd);
	if (r)
		return r;
	struct inode *ino;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = filename_create(&nd, S_ISDIR(mode));
	/* a device node needs CAP_MKNOD, checked after the directory's permission (Linux vfs_mknod); a whiteout (a
	 * character device 0:0) does not */
	bool device = S_ISCHR(mode) || (mode & S_IFMT) == S_IFBLK;
	if (!r && device && !(S_ISCHR(mode) && dev == 0) && !cred_capable() && !(r = may_create(nd.dir)))
		r = -EPERM;
	if (!r)
		r = make_node(&nd, (mode & S_IFMT) | (mode & 07777 & ~current->fs->umask), &ino);
	if (!r && device)
		ino->rdev = (dev >> 8 & 0xfff) << 8 | (dev & 0xff);
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}

int kern_mknod(const char *path, u32 mode, bool probe, struct inode **out)
{
	struct nameidata nd;
	int r = kern_path_parent(path, &nd);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = filename_create(&nd, false);
	if (!r && !probe && !(r = make_node(&nd, (mode & S_IFMT) | (mode & 07777 & ~current->fs->umask), out)))
		inode_get(*out);
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}

/* mkdirat(dirfd, path, mode): a new empty directory with mode & ~umask. -EEXIST when the name exists (also for
 * "/", "." and ".."), -ENOENT/-ENOTDIR/-ENAMETOOLONG/-ELOOP/-EFAULT/-EBADF from the lookup. */
SYSCALL_DEFINE3(mkdirat, int, dirfd, u64, pathname, u32, mode)
{
	return do_mknodat(dirfd, pathname, S_IFDIR | (mode & 07777), 0);
}

/* mknodat(dirfd, path, mode, dev): a FIFO (S_IFIFO), an empty regular file (S_IFREG or type 0), or a character
 * device node (S_IFCHR: opening one with no driver gives ENXIO). -EPERM for S_IFDIR (mkdir's job), -EINVAL for
 * another type, -EEXIST when the name exists, -EACCES, then -EPERM for a device node without privilege (a
 * whiteout, 0:0, excepted); a trailing '/' gives -ENOENT as Linux. */
SYSCALL_DEFINE4(mknodat, int, dirfd, u64, pathname, u32, mode, u32, dev)
{
	u32 type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;
	if (type != S_IFREG && type != S_IFIFO && type != S_IFCHR && type != S_IFSOCK && type != S_IFBLK)
		return -EINVAL;
	return do_mknodat(dirfd, pathname, type | (mode & 07777), dev);
}

/* symlinkat(target, newdirfd, linkpath): a symbolic link at linkpath whose body is the string target (not
 * looked at: it may name nothing), mode 0777 whatever the umask. -EFAULT, -ENOENT for an empty target,
 * -ENAMETOOLONG for a target of PATH_MAX bytes or more, then the errors of mknodat. */
SYSCALL_DEFINE3(symlinkat, u64, target, int, newdirfd, u64, linkpath)
{
	char *body;
	int r = getname(target, &body);
	if (r)
		return r;
	struct nameidata nd;
	r = user_path_parent(newdirfd, linkpath, &nd);
	if (r) {
		kfree(body);
		return r;
	}
	struct inode *ino;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = filename_create(&nd, false);
	if (!r)
		r = make_node(&nd, S_IFLNK | 0777, &ino);
	if (!r) {
		ino->size = strlen(body);
		ino->link = body;
		body = NULL;
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	kfree(body);
	return r;
}

/* unlinkat(dirfd, path, flags): remove a name; with AT_REMOVEDIR, an empty directory (rmdir). A link is removed,
 * not followed. unlink: -EISDIR for a directory (and "/", ".", ".."), -ENOENT, -ENOTDIR for "file/".
 * rmdir: -ENOTDIR for a non-directory, -ENOTEMPTY when it has entries (and for ".."), -EINVAL for ".",
 * -EBUSY for "/" and a mount point. -EROFS on a read-only mount, -EACCES without write and search permission on
 * the directory, -EPERM by its sticky bit (the caller owns neither the name's file nor the directory), -EPERM in
 * /proc, -EINVAL for other flags. An open file stays usable until closed (the inode lives on). */
SYSCALL_DEFINE3(unlinkat, int, dirfd, u64, pathname, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	bool rmdir = flags & AT_REMOVEDIR;
	struct nameidata nd;
	int r = user_path_parent(dirfd, pathname, &nd);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (is_dot_or_root(&nd)) {
		if (!rmdir)
			r = -EISDIR;
		else
			r = nd.len == 0 ? -EBUSY : nd.len == 1 ? -EINVAL : -ENOTEMPTY;
		goto out;
	}
	if ((r = mnt_want_write(nd.dir)))
		goto out;
	struct dentry *d = is_ramfs(nd.dir) ? dir_find(nd.dir, nd.last, nd.len) : NULL;
	u32 mode = d ? d->inode->mode : is_ramfs(nd.dir) ? 0 : synthetic_mode(&nd);
	if (!mode)
		r = -ENOENT;
	else if (!rmdir && nd.trailing && !S_ISDIR(mode))
		r = -ENOTDIR;
	else if ((r = d ? may_delete(nd.dir, d->inode) : generic_permission(nd.dir, MAY_WRITE | MAY_EXEC)))
		; /* -EACCES, or -EPERM by the sticky bit (Linux's may_delete, before the type checks) */
	else if (rmdir && !S_ISDIR(mode))
		r = -ENOTDIR;
	else if (!rmdir && S_ISDIR(mode))
		r = -EISDIR;
	else if (!d)
		r = -EPERM; /* /proc */
	else if (d->inode->mounted)
		r = -EBUSY;
	else if (rmdir && !dir_empty(d->inode))
		r = -ENOTEMPTY;
	if (!r)
		dir_unlink(nd.dir, d);
out:
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}

/* may_linkat: Linux's protected_hardlinks (on by default, Documentation/admin-guide/sysctl/fs.rst): an
 * unprivileged caller links only files it owns, or regular files it may read and write that are neither
 * set-user-ID nor executable set-group-ID; else -EPERM. fs_lock held. */
static int may_linkat(const struct inode *ino)
{
	if (current->cred.fsuid == ino->uid || fs_capable())
		return 0;
	if (!S_ISREG(ino->mode) || (ino->mode & S_ISUID) || (ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) ||
	    generic_permission(ino, MAY_READ | MAY_WRITE))
		return -EPERM;
	return 0;
}

/* linkat(olddirfd, oldpath, newdirfd, newpath, flags): a new name for an existing file (a hard link: one inode,
 * nlink + 1). The old path's last link is followed only with AT_SYMLINK_FOLLOW; AT_EMPTY_PATH links the file
 * open as olddirfd. -EINVAL for other flags, the old path's lookup errors, then the new path's as mknodat
 * (-EEXIST...), -EXDEV across filesystems, -EPERM for another user's file the caller may not read and write
 * (may_linkat), -EACCES without write and search permission on the new directory, -EPERM for a directory (or in
 * /proc, or in a regular_only filesystem: mqueue), -ENOENT for a file no name refers to any more. */
SYSCALL_DEFINE5(linkat, int, olddirfd, u64, oldpath, int, newdirfd, u64, newpath, int, flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *old;
	int r = user_path_at(olddirfd, oldpath, (flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
					(flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &old);
	if (r || !old)
		return r ? r : -EXDEV; /* "" and a pipe or a socket: its inode is in pipefs or sockfs */
	struct nameidata nd;
	r = user_path_parent(newdirfd, newpath, &nd);
	if (r) {
		inode_put_unlocked(old);
		return r;
	}
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = filename_create(&nd, false);
	if (!r && old->sb != nd.dir->sb)
		r = -EXDEV;
	if (!r)
		r = may_linkat(old);
	if (!r && nd.dir->nlink == 0)
		r = -ENOENT;
	if (!r)
		r = may_create(nd.dir);
	if (!r && (S_ISDIR(old->mode) || nd.dir->sb->type->regular_only))
		r = -EPERM;
	if (!r && old->nlink == 0)
		r = -ENOENT;
	if (!r)
		r = dir_link(nd.dir, nd.last, nd.len, old);
	if (!r)
		old->ctime = fs_now();
	inode_put(old);
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}

/* rename_checks: Linux's do_renameat2 and vfs_rename checks, in their order, on the two looked-up parents:
 * -EXDEV across filesystems, -EBUSY for "/", "." or ".." (-EEXIST for the new one with RENAME_NOREPLACE),
 * -EROFS on a read-only mount, -EPERM in /proc, -ENAMETOOLONG for an old name over NAME_MAX, -ENOENT when it is
 * absent, -ENAMETOOLONG for a new name over NAME_MAX, -ENOENT for an absent new one with RENAME_EXCHANGE, -EEXIST for an existing new name with RENAME_NOREPLACE, -EPERM in a
 * regular_only filesystem (mqueue), -ENOTDIR
 * for a trailing '/' on a non-directory, -EINVAL for a directory moved below itself (or exchanged with its
 * ancestor), -ENOTEMPTY for a directory moved onto its own ancestor, -EACCES / -EPERM (sticky bit) without the
 * permission to remove the old name or make (or replace) the new one, then -ENOTDIR/-EISDIR when a directory
 * would replace a non-directory or the reverse, -EBUSY for a mount point, -ENOTEMPTY when the directory replaced
 * has entries. *od and *nw:
 * the two entries (*nw NULL when the new name is free). fs_lock held. */
static int rename_checks(struct nameidata *o, struct nameidata *n, u32 flags, struct dentry **od, struct dentry **nw)
{
	if (o->dir->sb != n->dir->sb)
		return -EXDEV;
	if (is_dot_or_root(o))
		return -EBUSY;
	if (is_dot_or_root(n))
		return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	int r = mnt_want_write(o->dir);
	if (r)
		return r;
	if (!is_ramfs(o->dir)) /* /proc: a missing name is ENOENT, as its lookup fails; the rest cannot move */
		return !synthetic_mode(o) || !synthetic_mode(n) ? -ENOENT : -EPERM;
	if (o->len > NAME_MAX)
		return -ENAMETOOLONG;
	*od = dir_find(o->dir, o->last, o->len);
	if (!*od)
		return -ENOENT;
	if (n->len > NAME_MAX)
		return -ENAMETOOLONG; /* the new name's lookup comes after the old one's (Linux do_renameat2) */
	*nw = dir_find(n->dir, n->last, n->len);
	if ((flags & RENAME_NOREPLACE) && *nw)
		return -EEXIST;
	if (o->dir->sb->type->regular_only)
		return -EPERM;
	if (flags & RENAME_EXCHANGE) {
		if (!*nw)
			return -ENOENT;
		if (!S_ISDIR((*nw)->inode->mode) && n->trailing)
			return -ENOTDIR;
	}
	struct inode *src = (*od)->inode, *dst = *nw ? (*nw)->inode : NULL;
	if (!S_ISDIR(src->mode) && (o->trailing || (!(flags & RENAME_EXCHANGE) && n->trailing)))
		return -ENOTDIR;
	if (S_ISDIR(src->mode) && is_ancestor(src, n->dir))
		return -EINVAL; /* the source is an ancestor of the target's directory */
	if (dst && S_ISDIR(dst->mode) && is_ancestor(dst, o->dir))
		return flags & RENAME_EXCHANGE ? -EINVAL : -ENOTEMPTY;
	if (src == dst)
		return 0;
	/* Permission (Linux's vfs_rename): to take the old name away, to put the new one there (replacing or not), and,
	 * for a directory that changes parent, to write its ".." (write permission on it). */
	if ((r = may_delete(o->dir, src)))
		return r;
	if (dst ? (r = may_delete(n->dir, dst)) : n->dir->nlink == 0 ? (r = -ENOENT) : (r = may_create(n->dir)))
		return r;
	if (o->dir != n->dir && S_ISDIR(src->mode) && (r = generic_permission(src, MAY_WRITE)))
		return r;
	if (o->dir != n->dir && (flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode) && (r = generic_permission(dst, MAY_WRITE)))
		return r;
	if (!dst)
		return n->dir->nlink == 0 ? -ENOENT : src->mounted ? -EBUSY : 0;
	if (!(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
			return -EISDIR;
	}
	if (src->mounted || dst->mounted)
		return -EBUSY;
	if (!(flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode) && !dir_empty(dst))
		return -ENOTEMPTY;
	return 0;
}

/* renameat2(olddirfd, oldpath, newdirfd, newpath, flags): the old name becomes the new one, replacing what the
 * new one named (a file by a file, an empty directory by a directory), atomically; links are not followed; two
 * names of one file: nothing happens. RENAME_NOREPLACE: never replace (-EEXIST); RENAME_EXCHANGE: swap the two
 * names' files; RENAME_WHITEOUT: leave a whiteout at the old name. -EINVAL for another flag or EXCHANGE with
 * either other, -EPERM for WHITEOUT unprivileged, the lookups' errors, then rename_checks'. The moved inode and
 * both directories get a new ctime (and the directories a new mtime), as tmpfs does. */
SYSCALL_DEFINE5(renameat2, int, olddirfd, u64, oldpath, int, newdirfd, u64, newpath, u32, flags)
{
	if (flags & ~(u32)(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_WHITEOUT) && !cred_capable())
		return -EPERM;
	struct nameidata o, n;
	/* Linux's order (fs/namei.c do_renameat2): the old name's parent walk, the new one's, then the lookups of the
	 * old name and the new (where a name over NAME_MAX is refused) */
	int r = getname(oldpath, &o.name);
	if (r || (r = filename_parentat(olddirfd, &o, true)))
		return r;
	if ((r = getname(newpath, &n.name)) || (r = filename_parentat(newdirfd, &n, true))) {
		path_parent_put(&o);
		return r;
	}
	struct dentry *od, *nw, *target = NULL, *wd = NULL;
	struct inode *white = NULL;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = rename_checks(&o, &n, flags, &od, &nw);
	if (r || od->inode == (nw ? nw->inode : NULL))
		goto out;
	/* Everything that can fail first, so that running out of memory changes nothing. */
	if (!(flags & RENAME_EXCHANGE) && !(target = d_alloc(n.last, n.len)))
		r = -ENOMEM;
	if (!r && (flags & RENAME_WHITEOUT) &&
	    (!(white = inode_new(o.dir->sb, S_IFCHR | 0)) || !(wd = d_alloc(o.last, o.len))))
		r = -ENOMEM;
	if (r)
		goto out;
	struct timespec64 now = fs_now();
	if (flags & RENAME_EXCHANGE) {
		d_exchange(o.dir, od, n.dir, nw);
		nw->inode->ctime = now;
	} else {
		if (nw)
			dir_unlink(n.dir, nw);
		d_move(o.dir, od, n.dir, target);
		od = target;
		target = NULL;
		if (white) {
			white->rdev = WHITEOUT_DEV;
			d_add(o.dir, wd, white);
			white = NULL;
			wd = NULL;
		}
	}
	od->inode->ctime = now;
out:
	kfree(target);
	kfree(wd);
	if (white)
		inode_maybe_free(white);
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&n);
	path_parent_put(&o);
	return r;
}

/* renameat(olddirfd, oldpath, newdirfd, newpath): renameat2 without flags (arm64 has both). */
SYSCALL_DEFINE4(renameat, int, olddirfd, u64, oldpath, int, newdirfd, u64, newpath)
{
	return sys_renameat2((u64)olddirfd, oldpath, (u64)newdirfd, newpath, 0, 0);
}
