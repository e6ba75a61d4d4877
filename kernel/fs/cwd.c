/* kernel/fs/cwd.c: a process's filesystem context (Linux's struct fs_struct): its working directory, with chdir,
 * fchdir, getcwd (POSIX chdir(), getcwd(); Linux getcwd(2): the system call returns the length including the
 * NUL), and its umask (umask(2)). A process holds a reference on its cwd; NULL means the root. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

void copy_fs(struct proc *child, struct proc *parent)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	spin_unlock_irqrestore(&fs_lock, fl);
	child->umask = parent->umask;
}

void fs_drop_cwd(struct proc *p)
{
	if (p->cwd)
		inode_put_unlocked(p->cwd);
	p->cwd = NULL;
}

/* set_cwd: the current process's cwd becomes dir (fs_lock held). -ENOTDIR when it is not a directory. */
static int set_cwd(struct inode *dir)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	struct inode *old = current->cwd;
	current->cwd = dir == fs_root ? NULL : inode_get(dir);
	if (old)
		inode_put(old);
	return 0;
}

/* umask(mask): the permission bits every later create leaves out become mask & 0777; returns the old mask. Never
 * fails. */
SYSCALL_DEFINE1(umask, int, mask)
{
	u32 old = current->umask;
	current->umask = (u32)mask & 0777;
	return old;
}

/* chdir(path): -ENOENT, -ENOTDIR, -EFAULT, -ENAMETOOLONG. */
SYSCALL_DEFINE1(chdir, u64, pathname)
{
	struct inode *ino;
	int r = user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &ino);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = set_cwd(ino);
	inode_put(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* fchdir(fd): -EBADF, -ENOTDIR. */
SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->inode)
		return -ENOTDIR;
	u64 fl = spin_lock_irqsave(&fs_lock);
	int r = set_cwd(f->inode);
	spin_unlock_irqrestore(&fs_lock, fl);
	return r;
}

/* getcwd(buf, size): the absolute path of the cwd with its NUL; returns its length with the NUL. -ERANGE when
 * size is too small, -ENOENT when the cwd was removed, -EFAULT. The path is built from the leaf up, each name
 * found in its parent's entries. */
SYSCALL_DEFINE2(getcwd, u64, buf, unsigned long, size)
{
	char *kbuf = kmalloc(PATH_MAX);
	if (!kbuf)
		return -ENOMEM;
	size_t at = PATH_MAX - 1;
	kbuf[at] = 0;
	long r = 0;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct inode *dir = cwd_inode();
	while (dir != fs_root) {
		struct inode *parent = dir->parent;
		struct dentry *d = NULL;
		struct list_head *pos;
		if (parent)
			list_for_each(pos, &parent->entries) {
				if (list_entry(pos, struct dentry, link)->inode == dir) {
					d = list_entry(pos, struct dentry, link);
					break;
				}
			}
		if (!d) {
			r = -ENOENT;
			break;
		}
		if (d->len + 1 > at) {
			r = -ENAMETOOLONG;
			break;
		}
		at -= d->len;
		memcpy(kbuf + at, d->name, d->len);
		kbuf[--at] = '/';
		dir = parent;
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	if (!r && at == PATH_MAX - 1)
		kbuf[--at] = '/';
	size_t len = PATH_MAX - at;
	if (!r && size < len)
		r = -ERANGE;
	if (!r)
		r = copy_to_user(buf, kbuf + at, len) ? -EFAULT : (long)len;
	kfree(kbuf);
	return r;
}
