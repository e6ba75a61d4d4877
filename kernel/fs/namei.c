/* kernel/fs/namei.c: path lookup (path_resolution(7)) and the calls that change names: mkdirat, mknodat,
 * unlinkat (POSIX mkdir(), mknod(), unlink(), rmdir(); Linux fs/namei.c). No symbolic links; everyone is root,
 * so search permission is not checked. */
#include "ipc/fifo.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define UMASK 022 /* the process umask: Linux's default for init, no umask(2) yet */

int getname(u64 upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long r = strncpy_from_user(buf, upath, PATH_MAX);
	if (r == 0)
		r = -ENOENT;
	if (r < 0) {
		kfree(buf);
		return (int)r;
	}
	*out = buf;
	return 0;
}

struct inode *cwd_inode(void)
{
	return current->cwd ? current->cwd : fs_root;
}

/* start_dir: where a relative path starts: the cwd, or the directory open as dirfd. */
static int start_dir(int dirfd, struct inode **dir)
{
	if (dirfd == AT_FDCWD) {
		*dir = cwd_inode();
		return 0;
	}
	struct file *f = fd_file(dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*dir = f->inode;
	return 0;
}

/* step: the inode name (len bytes) names inside dir: ".", "..", or an entry; NULL when absent. */
static struct inode *step(struct inode *dir, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return dir;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dir->parent ? dir->parent : NULL;
	struct dentry *d = dir_find(dir, name, len);
	return d ? d->inode : NULL;
}

int path_parent(int dirfd, const char *path, struct nameidata *nd)
{
	if (!fs_root)
		return -ENOENT;
	struct inode *dir = fs_root;
	if (path[0] != '/') {
		int r = start_dir(dirfd, &dir);
		if (r)
			return r;
	}
	const char *s = path;
	for (;;) {
		while (*s == '/')
			s++;
		const char *end = s;
		while (*end && *end != '/')
			end++;
		size_t len = end - s;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		const char *rest = end;
		while (*rest == '/')
			rest++;
		if (!*rest) { /* s..end is the last component ("" for "/") */
			nd->dir = dir;
			nd->last = s;
			nd->len = len;
			nd->trailing = *end == '/';
			return 0;
		}
		struct inode *next = step(dir, s, len);
		if (!next)
			return -ENOENT;
		if (!S_ISDIR(next->mode))
			return -ENOTDIR;
		dir = next;
		s = rest;
	}
}

struct inode *path_last(struct nameidata *nd)
{
	if (nd->len == 0)
		return nd->dir;
	return step(nd->dir, nd->last, nd->len);
}

int path_lookup(int dirfd, const char *path, struct inode **out)
{
	struct nameidata nd;
	int r = path_parent(dirfd, path, &nd);
	if (r)
		return r;
	struct inode *ino = path_last(&nd);
	if (!ino)
		return -ENOENT;
	if (nd.trailing && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	*out = ino;
	return 0;
}

/* is_dot: the last component is "." or ".." (or empty: the root), which name no new entry. */
static bool is_dot(const struct nameidata *nd)
{
	return nd->len == 0 || (nd->len == 1 && nd->last[0] == '.') ||
	       (nd->len == 2 && nd->last[0] == '.' && nd->last[1] == '.');
}

/* make_node: the creation step shared by mkdirat, mknodat and openat's O_CREAT: a new inode of mode linked as
 * nd's last component. -EEXIST when the name exists, -ENOENT when the directory was removed, -ENOMEM. fs_lock
 * held. */
int make_node(struct nameidata *nd, u32 mode, struct inode **out)
{
	if (is_dot(nd) || dir_find(nd->dir, nd->last, nd->len))
		return -EEXIST;
	if (nd->dir->nlink == 0)
		return -ENOENT;
	struct inode *ino = inode_new(mode);
	if (!ino)
		return -ENOMEM;
	if (dir_link(nd->dir, nd->last, nd->len, ino)) {
		kfree(ino);
		return -ENOMEM;
	}
	*out = ino;
	return 0;
}

/* mkdirat(dirfd, path, mode): a new empty directory with mode & ~umask. -EEXIST when the name exists (also for
 * "/", "." and ".."), -ENOENT/-ENOTDIR/-ENAMETOOLONG/-EFAULT/-EBADF from the lookup. */
SYSCALL_DEFINE3(mkdirat, int, dfd, u64, pathname, umode_t, mode)
{
	char *path = NULL;
	int r = getname(pathname, &path);
	if (r)
		return r;
	u64 f = spin_lock_irqsave(&fs_lock);
	struct nameidata nd;
	struct inode *ino;
	r = path_parent(dfd, path, &nd);
	if (!r)
		r = make_node(&nd, S_IFDIR | (mode & 07777 & ~UMASK), &ino);
	spin_unlock_irqrestore(&fs_lock, f);
	kfree(path);
	return r;
}

/* mknodat(dirfd, path, mode, dev): a FIFO (S_IFIFO), an empty regular file (S_IFREG or type 0), or a character
 * device node (S_IFCHR: opening one with no driver gives ENXIO). -EPERM for S_IFDIR (mkdir's job), -EINVAL for
 * another type, -EEXIST when the name exists; a trailing '/' gives -ENOENT as Linux. */
SYSCALL_DEFINE4(mknodat, int, dfd, u64, filename, umode_t, mode, unsigned int, dev)
{
	u32 type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;
	if (type != S_IFREG && type != S_IFIFO && type != S_IFCHR && type != S_IFSOCK && type != S_IFBLK)
		return -EINVAL;
	char *path = NULL;
	int r = getname(filename, &path);
	if (r)
		return r;
	u64 f = spin_lock_irqsave(&fs_lock);
	struct nameidata nd;
	struct inode *ino;
	r = path_parent(dfd, path, &nd);
	if (!r && nd.trailing && !is_dot(&nd) && !dir_find(nd.dir, nd.last, nd.len))
		r = -ENOENT;
	if (!r)
		r = make_node(&nd, type | (mode & 07777 & ~UMASK), &ino);
	if (!r && (type == S_IFCHR || type == S_IFBLK))
		ino->rdev = (dev >> 8 & 0xfff) << 8 | (dev & 0xff);
	spin_unlock_irqrestore(&fs_lock, f);
	kfree(path);
	return r;
}

/* unlinkat(dirfd, path, flags): remove a name; with AT_REMOVEDIR, an empty directory (rmdir).
 * unlink: -EISDIR for a directory (and "/", ".", ".."), -ENOENT, -ENOTDIR for "file/".
 * rmdir: -ENOTDIR for a non-directory, -ENOTEMPTY when it has entries (and for ".."), -EINVAL for ".",
 * -EBUSY for "/". -EINVAL for other flags. An open file stays usable until closed (the inode lives on). */
SYSCALL_DEFINE3(unlinkat, int, dfd, u64, pathname, int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	bool rmdir = flag & AT_REMOVEDIR;
	char *path = NULL;
	int r = getname(pathname, &path);
	if (r)
		return r;
	u64 f = spin_lock_irqsave(&fs_lock);
	struct nameidata nd;
	r = path_parent(dfd, path, &nd);
	if (r)
		goto out;
	if (is_dot(&nd)) {
		if (!rmdir)
			r = -EISDIR;
		else
			r = nd.len == 0 ? -EBUSY : nd.len == 1 ? -EINVAL : -ENOTEMPTY;
		goto out;
	}
	struct dentry *d = dir_find(nd.dir, nd.last, nd.len);
	if (!d) {
		r = -ENOENT;
		goto out;
	}
	struct inode *ino = d->inode;
	if (rmdir) {
		if (!S_ISDIR(ino->mode))
			r = -ENOTDIR;
		else if (!list_empty(&ino->entries))
			r = -ENOTEMPTY;
	} else {
		if (S_ISDIR(ino->mode))
			r = -EISDIR;
		else if (nd.trailing)
			r = -ENOTDIR;
	}
	if (!r)
		dir_unlink(nd.dir, d);
out:
	spin_unlock_irqrestore(&fs_lock, f);
	kfree(path);
	return r;
}
