/* kernel/fs/d_path.c: the name of an inode as an absolute path (Linux's fs/d_path.c), for getcwd and /proc's
 * links and mount table. A directory knows its parent, so its path is built from it up to the root, each name
 * found among the parent's entries, crossing each mounted filesystem's root back to the directory it covers. A
 * file other than a directory does not know where its names are: the tree is searched for one. */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"

#define SEARCH_DEPTH 64 /* directories deep the search for a file's name goes */

/* prepend: put "/" and name (len bytes) before *p, which stays at or after buf. false when it does not fit. */
static bool prepend(char **p, char *buf, const char *name, size_t len)
{
	if ((size_t)(*p - buf) < len + 1)
		return false;
	*p -= len;
	memcpy(*p, name, len);
	*--*p = '/';
	return true;
}

/* entry_of: the entry of dir that names ino, or NULL. */
static struct dentry *entry_of(struct inode *dir, struct inode *ino)
{
	struct list_head *pos;
	list_for_each(pos, &dir->entries) {
		struct dentry *d = list_entry(pos, struct dentry, link);
		if (d->inode == ino)
			return d;
	}
	return NULL;
}

/* find_name: an entry naming ino anywhere in the RAM filesystems reachable from the root (depth first, down
 * through mounts, at most SEARCH_DEPTH directories deep), and the directory holding it; NULL when none. */
static struct dentry *find_name(struct inode *ino, struct inode **dir)
{
	struct frame {
		struct inode *dir;
		struct list_head *pos;
	} *stack = kmalloc(SEARCH_DEPTH * sizeof *stack);
	if (!stack)
		return NULL;
	int depth = 0;
	stack[0] = (struct frame){ fs_root, fs_root->entries.next };
	struct dentry *found = NULL;
	while (depth >= 0 && !found) {
		struct frame *f = &stack[depth];
		if (f->pos == &f->dir->entries) {
			depth--;
			continue;
		}
		struct dentry *d = list_entry(f->pos, struct dentry, link);
		f->pos = f->pos->next;
		struct inode *sub = d->inode;
		if (!sub) /* a cursor */
			continue;
		if (sub == ino) {
			*dir = f->dir;
			found = d;
		} else if (S_ISDIR(sub->mode) && depth + 1 < SEARCH_DEPTH) {
			while (sub->mounted)
				sub = sub->mounted->root;
			if (is_ramfs(sub)) {
				depth++;
				stack[depth] = (struct frame){ sub, sub->entries.next };
			}
		}
	}
	kfree(stack);
	return found;
}

/* name_in_parent: the name dir has in its parent: an entry, or what /proc calls it. false when it has none. */
static bool name_in_parent(struct inode *dir, struct inode *parent, char *num, const char **name, size_t *len)
{
	if (dir->pde) {
		*name = dir->pde->name;
		if (!*name) { /* a process's directory: its pid */
			k_snprintf(num, 16, "%d", dir->pid);
			*name = num;
		}
		*len = strlen(*name);
		return true;
	}
	struct dentry *d = entry_of(parent, dir);
	if (!d)
		return false;
	*name = d->name;
	*len = d->len;
	return true;
}

char *d_path(struct inode *ino, char *buf, size_t size)
{
	char *p = buf + size - 1, num[16];
	*p = 0;
	struct inode *dir = ino;
	if (!S_ISDIR(ino->mode) && !ino->pde) {
		struct dentry *d = find_name(ino, &dir);
		if (!d)
			return ERR_PTR(-ENOENT);
		if (!prepend(&p, buf, d->name, d->len))
			return ERR_PTR(-ENAMETOOLONG);
	}
	while (dir != fs_root) {
		if (dir == dir->sb->root) {
			if (!dir->sb->mountpoint)
				return ERR_PTR(-ENOENT);
			dir = dir->sb->mountpoint;
			continue;
		}
		struct inode *parent = dir->parent;
		const char *name;
		size_t len;
		if (!parent || !name_in_parent(dir, parent, num, &name, &len))
			return ERR_PTR(-ENOENT); /* removed */
		if (!prepend(&p, buf, name, len))
			return ERR_PTR(-ENAMETOOLONG);
		dir = parent;
	}
	if (!*p && !prepend(&p, buf, "", 0))
		return ERR_PTR(-ENAMETOOLONG);
	return p;
}
