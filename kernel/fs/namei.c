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

const char *path_component(const char *s, size_t *len)
{
	while (*s == '/')
		s++;
	const char *end = s;
	while (*end && *end != '/')
		end++;
	*len = (size_t)(end - s);
	return s;
}

/* dirfd_inode: the inode a path relative to dirfd starts from: the cwd (AT_FDCWD) or the file open as dirfd
 * (no reference taken). -EBADF, -ENOTDIR for a file with no inode (a pipe, a socket). fs_lock held. */
static int dirfd_inode(int dirfd, struct inode **ino)
{
	if (dirfd == AT_FDCWD) {
		*ino = cwd_inode();
		return 0;
	}
	struct file *f = fd_file(dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode)
		return -ENOTDIR;
	*ino = f->inode;
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

/* path_parentat: walk every component of path but the last (Linux's link_path_walk), filling nd's dir (no
 * reference taken), last, len and trailing. Errors as user_path_parent. fs_lock held. */
static int path_parentat(int dirfd, const char *path, struct nameidata *nd)
{
	if (!fs_root)
		return -ENOENT;
	struct inode *dir = fs_root;
	if (path[0] != '/') {
		int r = dirfd_inode(dirfd, &dir);
		if (r)
			return r;
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
	}
	size_t len;
	const char *s = path_component(path, &len);
	for (;;) {
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		size_t next_len;
		const char *next = path_component(s + len, &next_len);
		if (!next_len) { /* s is the last component ("" for "/") */
			nd->dir = dir;
			nd->last = s;
			nd->len = len;
			nd->trailing = s[len] == '/';
			return 0;
		}
		struct inode *ino = step(dir, s, len);
		if (!ino)
			return -ENOENT;
		if (!S_ISDIR(ino->mode))
			return -ENOTDIR;
		dir = ino;
		s = next;
		len = next_len;
	}
}

struct inode *lookup_last(const struct nameidata *nd)
{
	if (nd->len == 0)
		return nd->dir;
	return step(nd->dir, nd->last, nd->len);
}

/* path_lookupat: the inode path names, with a reference taken. Errors as user_path_at. fs_lock held. */
static int path_lookupat(int dirfd, const char *path, unsigned flags, struct inode **out)
{
	struct nameidata nd;
	int r = path_parentat(dirfd, path, &nd);
	if (r)
		return r;
	struct inode *ino = lookup_last(&nd);
	if (!ino)
		return -ENOENT;
	if (nd.trailing && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	*out = inode_get(ino);
	return 0;
}

int kern_path(const char *path, unsigned flags, struct inode **out)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = path_lookupat(AT_FDCWD, path, flags, out);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

int user_path_at(int dirfd, u64 upath, unsigned flags, struct inode **out)
{
	char *name = NULL;
	int r = getname(upath, &name);
	if (r && !(r == -ENOENT && (flags & LOOKUP_EMPTY)))
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (r) { /* an empty path names dirfd itself */
		if (!(r = dirfd_inode(dirfd, out)))
			inode_get(*out);
	} else {
		r = path_lookupat(dirfd, name, flags, out);
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(name);
	return r;
}

int user_path_parent(int dirfd, u64 upath, struct nameidata *nd)
{
	int r = getname(upath, &nd->name);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = path_parentat(dirfd, nd->name, nd);
	if (!r)
		inode_get(nd->dir);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		kfree(nd->name);
	return r;
}

void path_parent_put(struct nameidata *nd)
{
	inode_put_unlocked(nd->dir);
	kfree(nd->name);
}

bool is_dot_or_root(const struct nameidata *nd)
{
	return nd->len == 0 || (nd->len == 1 && nd->last[0] == '.') ||
	       (nd->len == 2 && nd->last[0] == '.' && nd->last[1] == '.');
}

/* make_node: the creation step shared by mkdirat, mknodat and openat's O_CREAT: a new inode of mode linked as
 * nd's last component. -EEXIST when the name exists, -ENOENT when the directory was removed, -ENOMEM. fs_lock
 * held. */
int make_node(struct nameidata *nd, u32 mode, struct inode **out)
{
	if (is_dot_or_root(nd) || dir_find(nd->dir, nd->last, nd->len))
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

/* do_mknodat: create path (relative to dirfd) as a new inode of mode (type | permissions, the umask applied
 * here) with device number dev (Linux's do_mknodat and do_mkdirat). A trailing '/' is only for a directory: on
 * another type it gives -ENOENT when the name is absent (Linux's filename_create). Errors of make_node and of
 * the lookup. */
static int do_mknodat(int dirfd, u64 pathname, u32 mode, u32 dev)
{
	struct nameidata nd;
	int r = user_path_parent(dirfd, pathname, &nd);
	if (r)
		return r;
	struct inode *ino;
	u64 fl = spin_lock_irqsave(&fs_lock);
	if (nd.trailing && !S_ISDIR(mode) && !is_dot_or_root(&nd) && !dir_find(nd.dir, nd.last, nd.len))
		r = -ENOENT;
	if (!r)
		r = make_node(&nd, (mode & S_IFMT) | (mode & 07777 & ~UMASK), &ino);
	if (!r && (S_ISCHR(mode) || (mode & S_IFMT) == S_IFBLK))
		ino->rdev = (dev >> 8 & 0xfff) << 8 | (dev & 0xff);
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}

/* mkdirat(dirfd, path, mode): a new empty directory with mode & ~umask. -EEXIST when the name exists (also for
 * "/", "." and ".."), -ENOENT/-ENOTDIR/-ENAMETOOLONG/-EFAULT/-EBADF from the lookup. */
SYSCALL_DEFINE3(mkdirat, int, dirfd, u64, pathname, u32, mode)
{
	return do_mknodat(dirfd, pathname, S_IFDIR | (mode & 07777), 0);
}

/* mknodat(dirfd, path, mode, dev): a FIFO (S_IFIFO), an empty regular file (S_IFREG or type 0), or a character
 * device node (S_IFCHR: opening one with no driver gives ENXIO). -EPERM for S_IFDIR (mkdir's job), -EINVAL for
 * another type, -EEXIST when the name exists; a trailing '/' gives -ENOENT as Linux. */
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

/* unlinkat(dirfd, path, flags): remove a name; with AT_REMOVEDIR, an empty directory (rmdir).
 * unlink: -EISDIR for a directory (and "/", ".", ".."), -ENOENT, -ENOTDIR for "file/".
 * rmdir: -ENOTDIR for a non-directory, -ENOTEMPTY when it has entries (and for ".."), -EINVAL for ".",
 * -EBUSY for "/". -EINVAL for other flags. An open file stays usable until closed (the inode lives on). */
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
	spin_unlock_irqrestore(&fs_lock, fl);
	path_parent_put(&nd);
	return r;
}
