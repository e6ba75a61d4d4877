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

struct fs_struct *fs_alloc_init(void)
{
	struct fs_struct *fs = kmalloc(sizeof *fs);
	if (fs)
		*fs = (struct fs_struct){ .count = 1, .cwd = NULL, .umask = 022 };
	return fs;
}

int copy_fs(u64 clone_flags, struct proc *child)
{
	struct fs_struct *old = current->fs;
	if (clone_flags & CLONE_FS) {
		old->count++;
		child->fs = old;
		return 0;
	}
	struct fs_struct *fs = kmalloc(sizeof *fs);
	if (!fs)
		return -ENOMEM;
	u64 fl = spin_lock_irqsave(&fs_lock);
	*fs = (struct fs_struct){ .count = 1, .cwd = old->cwd ? inode_get(old->cwd) : NULL, .umask = old->umask };
	spin_unlock_irqrestore(&fs_lock, fl);
	child->fs = fs;
	return 0;
}

void exit_fs(struct proc *p)
{
	struct fs_struct *fs = p->fs;
	if (!fs)
		return;
	p->fs = NULL;
	if (--fs->count)
		return;
	if (fs->cwd)
		inode_put_unlocked(fs->cwd);
	kfree(fs);
}

/* set_cwd: the current process's cwd becomes dir (fs_lock held). -ENOTDIR when it is not a directory, -EACCES
 * without search permission on it (chdir(2)). */
static int set_cwd(struct inode *dir)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	int r = generic_permission(dir, MAY_EXEC);
	if (r)
		return r;
	struct inode *old = current->fs->cwd;
	current->fs->cwd = dir == fs_root ? NULL : inode_get(dir);
	if (old)
		inode_put(old);
	return 0;
}

/* umask(mask): the permission bits every later create leaves out become mask & 0777; returns the old mask. Never
 * fails. */
SYSCALL_DEFINE1(umask, int, mask)
{
	u32 old = current->fs->umask;
	current->fs->umask = (u32)mask & 0777;
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

/* getcwd(buf, size): the absolute path of the cwd with its NUL (d_path); returns its length with the NUL.
 * -ERANGE when size is too small, -ENOENT when the cwd was removed, -ENAMETOOLONG, -EFAULT. */
SYSCALL_DEFINE2(getcwd, u64, buf, size_t, size)
{
	char *kbuf = kmalloc(PATH_MAX);
	if (!kbuf)
		return -ENOMEM;
	u64 fl = spin_lock_irqsave(&fs_lock);
	char *path = d_path(cwd_inode(), kbuf, PATH_MAX);
	spin_unlock_irqrestore(&fs_lock, fl);
	long r = IS_ERR(path) ? PTR_ERR(path) : (long)strlen(path) + 1;
	if (r > 0 && size < (size_t)r)
		r = -ERANGE;
	if (r > 0 && copy_to_user(buf, path, (size_t)r))
		r = -EFAULT;
	kfree(kbuf);
	return r;
}
