/* kernel/fs/cwd.c: the working directory of a process: chdir, fchdir, getcwd (POSIX chdir(), getcwd();
 * Linux getcwd(2): the system call returns the length including the NUL). A process holds a reference on its
 * cwd; NULL means the root. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

void fs_fork_cwd(struct proc *child, struct proc *parent)
{
	u64 fl = spin_lock_irqsave(&fs_lock);
	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	spin_unlock_irqrestore(&fs_lock, fl);
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

/* chdir(path): -ENOENT, -ENOTDIR, -EFAULT, -ENAMETOOLONG. */
SYSCALL_DEFINE1(chdir, u64, filename)
{
	char *path = NULL;
	int r = getname(filename, &path);
	if (r)
		return r;
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct inode *ino;
	r = path_lookup(AT_FDCWD, path, &ino);
	if (!r)
		r = set_cwd(ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(path);
	return r;
}

/* fchdir(fd): -EBADF, -ENOTDIR. */
SYSCALL_DEFINE1(fchdir, unsigned int, fd)
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
