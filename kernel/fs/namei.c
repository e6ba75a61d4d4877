/* kernel/fs/namei.c: path lookup (path_resolution(7); Linux fs/namei.c): a path is walked component by component
 * from the root, the cwd or a directory descriptor; a symbolic link met on the way is followed by walking its
 * body from the directory that holds it (from the root for an absolute body) and then the rest of the path.
 * File permission bits are not checked yet: any process may search any directory, whatever its credentials
 * (Linux checks search permission here: fs/namei.c may_lookup). The calls that change names are in names.c. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"

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
	const struct fs_struct *fs = current->fs; /* none for the boot thread that loads /init */
	return fs && fs->cwd ? fs->cwd : fs_root;
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

/* follow_mounts: while a filesystem is mounted on *ino, go on at its root (Linux's traverse_mounts). */
static void follow_mounts(struct inode **ino)
{
	while ((*ino)->mounted) {
		struct inode *root = inode_get((*ino)->mounted->root);
		inode_put(*ino);
		*ino = root;
	}
}

/* dotdot: the parent of dir; from the root of a mounted filesystem, the parent of the directory it covers
 * (Linux's follow_dotdot); the root's parent is the root; NULL once dir was removed. */
static struct inode *dotdot(struct inode *dir)
{
	while (dir == dir->sb->root && dir->sb->mountpoint)
		dir = dir->sb->mountpoint;
	return dir->parent;
}

int lookup_one(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (len == 0) {
		*out = inode_get(dir);
		return 0;
	}
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR; /* after a jump to a file: "/proc/self/fd/3/x" */
	if (len == 1 && name[0] == '.') {
		*out = inode_get(dir);
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG; /* Linux: the filesystem's lookup (simple_lookup) */
	struct inode *ino;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (!(ino = dotdot(dir)))
			return -ENOENT;
		ino = inode_get(ino);
	} else if (dir->sb->type->lookup) {
		int r = dir->sb->type->lookup(dir, name, len, &ino);
		if (r)
			return r;
	} else {
		struct dentry *d = dir_find(dir, name, len);
		if (!d)
			return -ENOENT;
		ino = inode_get(d->inode);
	}
	follow_mounts(&ino);
	*out = ino;
	return 0;
}

/* set_dir: the walk moves to dir, whose reference it now holds. */
static void set_dir(struct nameidata *nd, struct inode *dir)
{
	inode_put(nd->dir);
	nd->dir = dir;
}

/* path_init: start a walk of path: at the root for an absolute path, else at dirfd. fs_lock held. */
static int path_init(struct nameidata *nd, int dirfd, const char *path)
{
	nd->depth = nd->total_links = 0;
	nd->dir = NULL;
	struct inode *start = fs_root;
	if (!start)
		return -ENOENT;
	if (path[0] != '/') {
		int r = dirfd_inode(dirfd, &start);
		if (r)
			return r;
		if (!S_ISDIR(start->mode))
			return -ENOTDIR;
	}
	nd->dir = inode_get(start);
	return 0;
}

/* path_cleanup: drop what the walk holds: its directory and the links on its stack. fs_lock held. */
static void path_cleanup(struct nameidata *nd)
{
	while (nd->depth > 0)
		inode_put(nd->stack[--nd->depth].link);
	if (nd->dir)
		inode_put(nd->dir);
	nd->dir = NULL;
}

/* push_link: follow symbolic link `link` (whose reference passes to the walk): rest is what comes after it in
 * the string that named it. Returns the body to walk next, or NULL with *err: -ELOOP past MAXSYMLINKS links,
 * -ENOENT for an empty body. An absolute body starts again at the root; a /proc fd link goes to its file. */
static const char *push_link(struct nameidata *nd, struct inode *link, const char *rest, int *err)
{
	if (++nd->total_links > MAXSYMLINKS || nd->depth == MAXSYMLINKS || (!link->link[0] && !link->jump)) {
		*err = nd->total_links > MAXSYMLINKS || nd->depth == MAXSYMLINKS ? -ELOOP : -ENOENT;
		inode_put(link);
		return NULL;
	}
	nd->stack[nd->depth].rest = rest;
	nd->stack[nd->depth].link = link;
	nd->depth++;
	if (link->jump) { /* a /proc fd link: straight to its file, with nothing to walk */
		set_dir(nd, inode_get(link->jump));
		return "";
	}
	if (link->link[0] == '/')
		set_dir(nd, inode_get(fs_root));
	return link->link;
}

/* more_components: a component follows s, in s itself or in a string waiting on the stack. */
static bool more_components(const struct nameidata *nd, const char *s)
{
	size_t len;
	path_component(s, &len);
	for (int i = nd->depth - 1; i >= 0 && !len; i--)
		path_component(nd->stack[i].rest, &len);
	return len != 0;
}

/* slash_follows: a '/' follows s, in s or in a string waiting on the stack (which then holds only slashes). */
static bool slash_follows(const struct nameidata *nd, const char *s)
{
	bool slash = *s == '/';
	for (int i = nd->depth - 1; i >= 0; i--)
		slash = slash || nd->stack[i].rest[0] == '/';
	return slash;
}

/* link_path_walk: walk s from nd->dir through every component but the last of the whole path (Linux's
 * link_path_walk), following the links met; nd->last, len and trailing name the last one. Errors as
 * user_path_parent. fs_lock held. */
static int link_path_walk(struct nameidata *nd, const char *s)
{
	for (;;) {
		size_t len;
		const char *c = path_component(s, &len);
		const char *after = c + len;
		/* may_lookup: a name is looked up in a directory only with search (x) permission on it, the last
		 * name's included (Linux's link_path_walk); the name's length is the lookup's to refuse, after
		 * (Linux: the filesystem's ->lookup, simple_lookup's ENAMETOOLONG): below for a directory on the way,
		 * in path_parentat (or the caller, with defer_len) for the last. */
		if (len > 0) {
			int r = generic_permission(nd->dir, MAY_EXEC);
			if (r)
				return r;
		}
		if (!more_components(nd, after)) { /* the last name's length: path_parentat's, or the caller's */
			nd->last = c;
			nd->len = len;
			nd->trailing = slash_follows(nd, after);
			return 0;
		}
		if (len == 0) { /* a link's body is done: go on after the link */
			nd->depth--;
			s = nd->stack[nd->depth].rest;
			inode_put(nd->stack[nd->depth].link);
			continue;
		}
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		struct inode *next;
		int r = lookup_one(nd->dir, c, len, &next);
		if (r)
			return r;
		if (S_ISLNK(next->mode)) {
			if (!(s = push_link(nd, next, after, &r)))
				return r;
			continue;
		}
		if (!S_ISDIR(next->mode)) {
			inode_put(next);
			return -ENOTDIR;
		}
		set_dir(nd, next);
		s = after;
	}
}

int walk_last(struct nameidata *nd, bool follow, bool create, struct inode **out)
{
	for (;;) {
		struct inode *ino;
		if (create && nd->trailing)
			return -EISDIR;
		int r = lookup_one(nd->dir, nd->last, nd->len, &ino);
		if (r == -ENOENT) {
			*out = NULL;
			return 0;
		}
		if (r)
			return r; /* -ENOTDIR, -ENAMETOOLONG, or the filesystem's own */
		if (!S_ISLNK(ino->mode) || !(follow || nd->trailing)) {
			*out = ino;
			return 0;
		}
		const char *body = push_link(nd, ino, nd->last + nd->len, &r);
		if (!body || (r = link_path_walk(nd, body)))
			return r;
	}
}

/* path_lookupat: the inode path names, with a reference taken (Linux's path_lookupat). Errors as user_path_at.
 * Takes fs_lock. */
static int path_lookupat(int dirfd, const char *path, unsigned flags, struct inode **out)
{
	struct nameidata nd;
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = path_init(&nd, dirfd, path);
	if (!r)
		r = link_path_walk(&nd, path);
	if (!r)
		r = walk_last(&nd, flags & LOOKUP_FOLLOW, false, out);
	if (!r && !*out)
		r = -ENOENT;
	if (!r && (nd.trailing || (flags & LOOKUP_DIRECTORY)) && !S_ISDIR((*out)->mode)) {
		inode_put(*out);
		r = -ENOTDIR;
	}
	if (!r && (flags & LOOKUP_MOUNTPOINT))
		follow_mounts(out);
	if (r)
		*out = NULL;
	path_cleanup(&nd);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

int kern_path(const char *path, unsigned flags, struct inode **out)
{
	return path_lookupat(AT_FDCWD, path, flags, out);
}

int user_path_at(int dirfd, u64 upath, unsigned flags, struct inode **out)
{
	char *name = NULL;
	int r = getname(upath, &name);
	if (r == -ENOENT && (flags & LOOKUP_EMPTY)) { /* an empty path names dirfd itself */
		struct file *f = dirfd == AT_FDCWD ? NULL : fd_file(dirfd);
		if (f && !f->inode) {
			*out = NULL; /* a pipe or a socket */
			return 0;
		}
		u64 fl = spin_lock_irqsave(&fs_lock);
		if (!(r = dirfd_inode(dirfd, out)))
			inode_get(*out);
		spin_unlock_irqrestore(&fs_lock, fl);
		return r;
	}
	if (r)
		return r;
	r = path_lookupat(dirfd, name, flags, out);
	kfree(name);
	return r;
}

/* path_parentat: name (kmalloc'd; nd owns it now) walked up to its last component, as user_path_parent. */
static int path_parentat(int dirfd, struct nameidata *nd)
{
	int r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = path_init(nd, dirfd, nd->name);
	if (!r)
		r = link_path_walk(nd, nd->name);
	if (!r && !nd->defer_len && nd->len > NAME_MAX)
		r = -ENAMETOOLONG;
	if (r)
		path_cleanup(nd);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		kfree(nd->name);
	return r;
}

int user_path_parent(int dirfd, u64 upath, struct nameidata *nd)
{
	nd->defer_len = false;
	int r = getname(upath, &nd->name);
	return r ? r : path_parentat(dirfd, nd);
}

int filename_parentat(int dirfd, struct nameidata *nd, bool defer_len)
{
	nd->defer_len = defer_len;
	return path_parentat(dirfd, nd);
}

int kern_path_parent(const char *path, struct nameidata *nd)
{
	size_t n = strlen(path);
	if (n == 0)
		return -ENOENT;
	if (n >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!(nd->name = kmalloc(n + 1)))
		return -ENOMEM;
	memcpy(nd->name, path, n + 1);
	nd->defer_len = false;
	return path_parentat(AT_FDCWD, nd);
}

void path_parent_put(struct nameidata *nd)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	path_cleanup(nd);
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(nd->name);
}

bool is_dot_or_root(const struct nameidata *nd)
{
	return nd->len == 0 || (nd->len == 1 && nd->last[0] == '.') ||
	       (nd->len == 2 && nd->last[0] == '.' && nd->last[1] == '.');
}

bool is_ancestor(struct inode *anc, struct inode *dir)
{
	for (; dir; dir = dir->parent) {
		if (dir == anc)
			return true;
		if (dir->parent == dir)
			break; /* the root */
	}
	return false;
}

int may_create(const struct inode *dir) { return generic_permission(dir, MAY_WRITE | MAY_EXEC); }

int may_delete(const struct inode *dir, const struct inode *victim)
{
	int r = generic_permission(dir, MAY_WRITE | MAY_EXEC);
	if (r)
		return r;
	return check_sticky(dir, victim) ? -EPERM : 0;
}

/* vfs_mkobj: the creation step shared by mknodat, mkdirat, symlinkat, openat's O_CREAT (make_node) and mq_open: a
 * new inode of mode linked as nd's last component, a regular file made its filesystem's object from arg. -EEXIST
 * when the name exists, -ENOENT when the directory was removed, -EACCES without write and search permission on it
 * (may_create), -EPERM, -ENOSPC, -ENOMEM, the create hook's error.
 * fs_lock held. */
int vfs_mkobj(struct nameidata *nd, u32 mode, const void *arg, struct inode **out)
{
	if (is_dot_or_root(nd) || dir_find(nd->dir, nd->last, nd->len))
		return -EEXIST;
	if (nd->dir->nlink == 0)
		return -ENOENT;
	int r = may_create(nd->dir);
	if (r)
		return r;
	struct super_block *sb = nd->dir->sb;
	if (sb->type->regular_only && !S_ISREG(mode))
		return -EPERM;
	if (sb->max_inodes && sb->inodes >= sb->max_inodes)
		return -ENOSPC;
	struct inode *ino = inode_new(sb, mode);
	if (!ino)
		return -ENOMEM;
	inode_init_owner(ino, nd->dir);
	r = S_ISREG(mode) && sb->type->create ? sb->type->create(nd->dir, nd->last, nd->len, ino, arg) : 0;
	if (!r && dir_link(nd->dir, nd->last, nd->len, ino))
		r = -ENOMEM;
	if (r) {
		inode_maybe_free(ino);
		return r;
	}
	*out = ino;
	return 0;
}

int make_node(struct nameidata *nd, u32 mode, struct inode **out) { return vfs_mkobj(nd, mode, NULL, out); }
