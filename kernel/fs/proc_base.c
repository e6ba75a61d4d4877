/* kernel/fs/proc_base.c: the /proc filesystem (Linux's fs/proc/root.c, base.c, fd.c, self.c, generic.c), mounted
 * with mount("proc", "/proc", "proc", 0, NULL). Nothing in it is stored: an inode is made when a name is looked
 * up (and freed when no longer used), and a file's text is made by its show function when it is read from
 * offset 0 (as Linux's seq_file does), so it always shows the system as it is then:
 *
 *   /proc/self                  link to the reader's pid
 *   /proc/mounts                link to self/mounts
 *   /proc/meminfo, uptime, loadavg, stat     the system (proc_misc.c)
 *   /proc/PID/                  one directory per process, owned by its effective uid
 *   /proc/PID/stat, status, cmdline, comm    the process (proc_array.c)
 *   /proc/PID/mounts            the mount table (namespace.c)
 *   /proc/PID/exe, cwd          links to the program it runs and to its working directory
 *   /proc/PID/fd/N              a link per open descriptor: to the file's path ("... (deleted)" once its last
 *                               name went), "pipe:[ino]", "socket:[ino]"; following it lands on the file itself
 *   /proc/sys/fs/mqueue/NAME    the POSIX message queues' limits (struct ctl_table; ipc/mqueue.c)
 *
 * Lock order: fs_lock, then proc_lock (a lookup holds the first and asks the process table). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define PROC_BLOCK_SIZE 1024 /* st_blksize of every /proc file, as Linux's */
#define PROC_TEXT_MAX (1UL << 20) /* the largest text of a /proc file, bytes (Linux's seq_file has no fixed limit) */

void seq_printf(struct seq_buf *m, const char *fmt, ...)
{
	if (m->len + 1 >= m->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = k_vsnprintf(m->buf + m->len, m->size - m->len, fmt, ap);
	va_end(ap);
	m->len = MIN(m->len + (size_t)n, m->size - 1);
}

/* Link bodies. */
static int self_link(char *buf, size_t size, struct inode *ino)
{
	k_snprintf(buf, size, "%d", current->tgid);
	return 0;
}

static int mounts_link(char *buf, size_t size, struct inode *ino)
{
	strlcpy(buf, "self/mounts", size);
	return 0;
}

/* fd_link: what descriptor ino->fd of process ino->pid refers to, and (for a file with an inode) that file in
 * ino->jump; the link's mode tells how it is open. -ENOENT when it is not open. fs_lock and proc_lock held. */
static int fd_link(char *buf, size_t size, struct inode *ino)
{
	struct proc *p = proc_find(ino->pid);
	struct file *f = p && p->files && ino->fd < p->files->max_fds ? p->files->fd[ino->fd] : NULL;
	if (!f)
		return -ENOENT;
	/* r-x for reading, -wx for writing, as the descriptor was opened (Linux's tid_fd_update_inode) */
	u32 acc = f->flags & O_ACCMODE;
	ino->mode = S_IFLNK | (acc != O_WRONLY ? 0500 : 0) | (acc != O_RDONLY ? 0300 : 0);
	if (!f->inode) {
		const char *kind = f->ops->kind ? f->ops->kind : "";
		if (strcmp(kind, "console") == 0)
			strlcpy(buf, "/dev/console", size);
		else
			k_snprintf(buf, size, "%s:[%lu]", strcmp(kind, "socket") == 0 ? "socket" : "pipe",
				   anon_inode_number(f));
		return 0;
	}
	ino->jump = inode_get(f->inode);
	if (f->inode->nlink == 0 && !S_ISDIR(f->inode->mode) && f->inode->deleted_path) {
		k_snprintf(buf, size, "%s (deleted)", f->inode->deleted_path);
		return 0;
	}
	char *path = d_path(f->inode, buf, size);
	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	memmove(buf, path, strlen(path) + 1);
	return 0;
}

/* exe_link, cwd_link: the program process ino->pid runs (the file execve loaded: Linux's mm->exe_file) and its
 * working directory, as paths, and the file itself in ino->jump (following the link lands on it). -ENOENT for a
 * process without one (a zombie), -EACCES for another user's process unless the reader is root (Linux checks
 * ptrace_may_access, PTRACE_MODE_READ_FSCREDS: proc(5)). fs_lock and proc_lock held. */
static int target_link(char *buf, size_t size, struct inode *ino, struct inode *target, const struct proc *p)
{
	if (!target)
		return -ENOENT;
	if (current->cred.fsuid != 0 && current->cred.fsuid != p->cred.uid)
		return -EACCES;
	ino->jump = inode_get(target);
	if (target->nlink == 0 && target->deleted_path) {
		k_snprintf(buf, size, "%s (deleted)", target->deleted_path);
		return 0;
	}
	char *path = d_path(target, buf, size);
	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	memmove(buf, path, strlen(path) + 1);
	return 0;
}

static int exe_link(char *buf, size_t size, struct inode *ino)
{
	struct proc *p = proc_find(ino->pid);
	return p ? target_link(buf, size, ino, p->mm ? p->mm->exe_file : NULL, p) : -ENOENT;
}

static int cwd_link(char *buf, size_t size, struct inode *ino)
{
	struct proc *p = proc_find(ino->pid);
	/* a process that never called chdir has no cwd of its own: the root (namei.c's cwd_inode) */
	return p ? target_link(buf, size, ino, p->fs ? (p->fs->cwd ? p->fs->cwd : fs_root) : NULL, p) : -ENOENT;
}

/* The names each kind of directory has (Linux's tgid_base_stuff and proc_root's entries, a few of them), each
 * list ending with a nameless entry. A process's directory and a descriptor's link are named by number. */
static const struct proc_entry no_entries[] = { { NULL } };
static const struct proc_entry pid_entries[] = {
	{ "fd", S_IFDIR | 0500, .dir = no_entries },
	{ "stat", S_IFREG | 0444, .show = proc_pid_stat },
	{ "status", S_IFREG | 0444, .show = proc_pid_status },
	{ "cmdline", S_IFREG | 0444, .show = proc_pid_cmdline },
	{ "comm", S_IFREG | 0644, .show = proc_pid_comm },
	{ "mounts", S_IFREG | 0444, .show = proc_pid_mounts },
	{ "exe", S_IFLNK | 0777, .link = exe_link },
	{ "cwd", S_IFLNK | 0777, .link = cwd_link },
	{ NULL },
};
static const struct proc_entry *const fd_dir_entry = &pid_entries[0];
static const struct proc_entry sys_fs_entries[] = { { "mqueue", S_IFDIR | 0555, .dir = mq_sysctl_entries }, { NULL } };
static const struct proc_entry sys_entries[] = { { "fs", S_IFDIR | 0555, .dir = sys_fs_entries }, { NULL } };
static const struct proc_entry net_entries[] = { { "unix", S_IFREG | 0444, .show = unix_seq_show }, { NULL } };
static const struct proc_entry root_entries[] = {
	{ "self", S_IFLNK | 0777, .link = self_link },
	{ "mounts", S_IFLNK | 0777, .link = mounts_link },
	{ "meminfo", S_IFREG | 0444, .show = proc_meminfo },
	{ "uptime", S_IFREG | 0444, .show = proc_uptime },
	{ "loadavg", S_IFREG | 0444, .show = proc_loadavg },
	{ "stat", S_IFREG | 0444, .show = proc_stat },
	{ "sys", S_IFDIR | 0555, .dir = sys_entries },
	{ "net", S_IFDIR | 0555, .dir = net_entries },
	{ NULL },
};
static const struct proc_entry proc_root_entry = { NULL, S_IFDIR | 0555, .dir = root_entries };
static const struct proc_entry pid_dir_entry = { NULL, S_IFDIR | 0555, .dir = pid_entries };
static const struct proc_entry fd_link_entry = { NULL, S_IFLNK | 0700, .link = fd_link };

/* entries_in: the fixed entries a directory kind has (and its subdirectories among them). */
static size_t entries_in(const struct proc_entry *dir, size_t *subdirs)
{
	size_t n = 0;
	*subdirs = 0;
	for (; dir->dir && dir->dir[n].name; n++)
		if (S_ISDIR(dir->dir[n].mode))
			(*subdirs)++;
	return n;
}

/* proc_inode: a new inode in dir for pde, about process pid (and descriptor fd), a reference held: a process's
 * things belong to its effective uid and gid; a link's body is made now (as the reader sees it). NULL with *err
 * (-ENOMEM, or the link's error). fs_lock and proc_lock held. */
static struct inode *proc_inode(struct inode *dir, const struct proc_entry *pde, struct proc *p, int fd, int *err)
{
	*err = -ENOMEM;
	struct inode *ino = inode_new(dir->sb, pde->mode);
	if (!ino)
		return NULL;
	ino->pde = pde;
	ino->pid = p ? p->pid : 0;
	ino->fd = fd;
	ino->uid = p ? p->cred.euid : 0;
	ino->gid = p ? p->cred.egid : 0;
	ino->parent = inode_get(dir);
	size_t subdirs;
	entries_in(pde, &subdirs);
	ino->nlink = S_ISDIR(pde->mode) ? 2 + (u32)subdirs : 1;
	inode_get(ino);
	if (pde->link) { /* made in a path's room, kept in its own */
		char *body = kmalloc(PATH_MAX);
		*err = body ? pde->link(body, PATH_MAX, ino) : -ENOMEM;
		if (!*err && !(ino->link = kmalloc(strlen(body) + 1)))
			*err = -ENOMEM;
		if (!*err)
			strlcpy(ino->link, body, strlen(body) + 1);
		kfree(body);
		if (*err) {
			inode_put(ino);
			return NULL;
		}
		/* st_size as Linux shows it: 0 for self, 64 for a descriptor, the body's length for the rest */
		ino->size = pde == &fd_link_entry ? 64 : pde == &root_entries[0] || pde->link == exe_link || pde->link == cwd_link ? 0 : strlen(ino->link);
	}
	return ino;
}

/* name_to_int: the number name (len bytes) spells, without a leading 0; -1 when it spells none. */
static int name_to_int(const char *name, size_t len)
{
	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* proc_lookup: the file_system_type's lookup: a fixed entry of dir, a process's directory in the root, a
 * descriptor's link in a fd directory; -ENOENT, also for anything of a process that is gone. fs_lock held. */
static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int r = -ENOENT;
	u64 fl = spin_lock_irqsave(&proc_lock);
	struct proc *p = dir->pid ? proc_find(dir->pid) : NULL;
	if (dir->pid && !p)
		goto out;
	for (const struct proc_entry *e = dir->pde->dir; e && e->name; e++) {
		if (strlen(e->name) == len && memcmp(e->name, name, len) == 0) {
			*out = proc_inode(dir, e, p, 0, &r);
			r = *out ? 0 : r;
			goto out;
		}
	}
	int n = name_to_int(name, len);
	if (n < 0)
		goto out;
	if (dir->pde == &proc_root_entry && (p = proc_find(n))) {
		*out = proc_inode(dir, &pid_dir_entry, p, 0, &r);
		r = *out ? 0 : r;
	} else if (dir->pde == fd_dir_entry && p->files && n < p->files->max_fds && p->files->fd[n]) {
		*out = proc_inode(dir, &fd_link_entry, p, n, &r);
		r = *out ? 0 : r;
	}
out:
	spin_unlock_irqrestore(&proc_lock, fl);
	return r;
}

/* A directory's offsets: 0 ".", 1 "..", 2 + i its i-th fixed entry, then FIRST_NUMBERED + n for the process or
 * descriptor numbered n, listed in increasing order. */
#define FIRST_NUMBERED 64

/* next_numbered: the smallest pid (in the root) or open descriptor (in a fd directory) >= from, or -1. proc_lock
 * held. */
static int next_numbered(struct inode *dir, int from)
{
	if (dir->pde == &proc_root_entry) {
		int best = -1;
		for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
			if (p->pid >= from && (best < 0 || p->pid < best))
				best = p->pid;
		return best;
	}
	struct proc *p = proc_find(dir->pid);
	for (int fd = MAX(from, 0); p && p->files && dir->pde == fd_dir_entry && fd < p->files->max_fds; fd++)
		if (p->files->fd[fd])
			return fd;
	return -1;
}

/* proc_readdir: the open /proc directory's entries from f->pos (see FIRST_NUMBERED). fs_lock held. */
static int proc_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	size_t subdirs, nfixed = entries_in(dir->pde, &subdirs);
	u64 fl = spin_lock_irqsave(&proc_lock);
	if (dir->pid && !proc_find(dir->pid)) {
		spin_unlock_irqrestore(&proc_lock, fl);
		return -ENOENT;
	}
	for (;;) {
		u64 pos = f->pos;
		char num[16];
		const char *name;
		u32 mode;
		u64 ino = dir->ino * 4096 + pos;
		if (pos == 0 || pos == 1) {
			name = pos == 0 ? "." : "..";
			mode = S_IFDIR;
		} else if (pos < 2 + nfixed) {
			name = dir->pde->dir[pos - 2].name;
			mode = dir->pde->dir[pos - 2].mode;
		} else {
			int n = next_numbered(dir, pos < FIRST_NUMBERED ? 0 : (int)(pos - FIRST_NUMBERED));
			if (n < 0)
				break;
			k_snprintf(num, sizeof num, "%d", n);
			name = num;
			mode = dir->pde == &proc_root_entry ? S_IFDIR : S_IFLNK;
			pos = FIRST_NUMBERED + (u64)n;
			ino = (u64)n * 4096 + dir->ino;
		}
		if (!dir_emit(ctx, name, strlen(name), ino, mode, pos + 1))
			break;
		f->pos = pos + 1;
		if (f->pos == 2 + nfixed)
			f->pos = FIRST_NUMBERED;
	}
	spin_unlock_irqrestore(&proc_lock, fl);
	return 0;
}

/* struct proc_file: an open /proc file: its text, made at a read from offset 0. */
struct proc_file {
	struct seq_buf m;
};

/* proc_fill: make the text of f's file again: for a process, with proc_lock held while show looks at it
 * (-ESRCH when it is gone). */
static int proc_fill(struct file *f)
{
	struct proc_file *pf = f->priv;
	const struct proc_entry *pde = f->inode->pde;
	pf->m.len = 0;
	if (pde->ctl) {
		seq_printf(&pf->m, "%d\n", *pde->ctl->data);
		return 0;
	}
	if (!f->inode->pid)
		return pde->show(&pf->m, NULL);
	if (pde->show == proc_pid_mounts) { /* the mount table takes fs_lock, which comes before proc_lock */
		u64 fl = spin_lock_irqsave(&proc_lock);
		struct proc *p = proc_find(f->inode->pid);
		spin_unlock_irqrestore(&proc_lock, fl);
		return p ? pde->show(&pf->m, NULL) : -ESRCH;
	}
	u64 fl = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(f->inode->pid);
	int r = p ? pde->show(&pf->m, p) : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, fl);
	return r;
}

/* proc_file_read: the text from *pos, made again when reading from 0; a tunable's only from 0. */
static ssize_t proc_file_read(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	struct proc_file *pf = f->priv;
	if (f->inode->pde->ctl && *pos)
		return 0; /* a tunable reads whole from 0 or not at all (Linux's __do_proc_dointvec) */
	if (*pos == 0) {
		int r;
		/* The text did not fit (seq_printf cut it): make it again in a buffer twice as big, as Linux's seq_read
		 * does (fs/seq_file.c), up to PROC_TEXT_MAX (a status with 65536 supplementary groups is ~720 KiB). */
		while (!(r = proc_fill(f)) && pf->m.len + 1 >= pf->m.size && pf->m.size < PROC_TEXT_MAX) {
			char *bigger = page_alloc_contig(2 * pf->m.size / PAGE_SIZE);
			if (!bigger)
				return -ENOMEM;
			page_free_contig(pf->m.buf, pf->m.size / PAGE_SIZE);
			pf->m.buf = bigger;
			pf->m.size *= 2;
		}
		if (r)
			return r;
	}
	if (*pos >= pf->m.len)
		return 0;
	n = MIN(n, pf->m.len - *pos);
	if (copy_to_user(ubuf, pf->m.buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return (ssize_t)n;
}

static bool sysctl_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* proc_get_long: the number at *p (before end): a '-' allowed, then digits in C's bases (0x hex, 0 octal, decimal;
 * Linux's strtoul_lenient with base 0), followed by the end or a blank; *p moves past it. -EINVAL for anything
 * else, a value past 2^63, or 21 characters or more (Linux kernel/sysctl.c proc_get_long, TMPBUFLEN 22). */
static int proc_get_long(const char **p, const char *end, u64 *val, bool *neg)
{
	const char *s = *p;
	*neg = *s == '-' && end - s > 1;
	s += *neg;
	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	unsigned base = 10;
	if (*s == '0' && s + 1 < end && (s[1] | 0x20) == 'x' && s + 2 < end &&
	    ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'))) {
		base = 16;
		s += 2;
	} else if (*s == '0') {
		base = 8;
	}
	u64 v = 0;
	for (; s < end; s++) {
		char c = (char)(*s | 0x20);
		unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 99;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -EINVAL; /* strtoul's overflow */
		v = v * base + d;
	}
	if (s - *p >= 21 || (s < end && !(*s == ' ' || *s == '\t' || *s == '\n')))
		return -EINVAL;
	*val = v;
	*p = s;
	return 0;
}

/* proc_dointvec_minmax: a write of n bytes at ubuf to the tunable ctl at file offset *pos (Linux kernel/sysctl.c
 * __do_proc_dointvec with do_proc_dointvec_minmax_conv, sysctl_writes_strict): blanks, one number (proc_get_long)
 * within [ctl->min, ctl->max], blanks. Returns the bytes taken (what follows the number and its blanks is left,
 * as Linux leaves it): -EINVAL for no number, a bad one or one out of bounds, -EFAULT. A write at an offset past 0
 * is taken whole and changes nothing; either way *pos moves past what was taken. */
static ssize_t proc_dointvec_minmax(const struct ctl_table *ctl, u64 ubuf, size_t n, u64 *pos)
{
	if (n == 0)
		return 0;
	if (*pos) {
		*pos += n;
		return (ssize_t)n;
	}
	size_t len = MIN(n, PAGE_SIZE - 1); /* Linux parses at most a page */
	char *buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	ssize_t r = -EFAULT;
	if (copy_from_user(buf, ubuf, len))
		goto out;
	const char *p = buf, *end = buf + len;
	while (p < end && sysctl_space(*p))
		p++;
	u64 v;
	bool neg;
	r = -EINVAL;
	if (p == end || proc_get_long(&p, end, &v, &neg))
		goto out;
	if (neg ? v > 0x80000000ULL : v > 0x7fffffffULL)
		goto out;
	s64 val = neg ? -(s64)v : (s64)v;
	if (val < ctl->min || val > ctl->max)
		goto out;
	*ctl->data = (int)val;
	while (p < end && sysctl_space(*p))
		p++;
	r = p - buf;
	*pos += (u64)r;
out:
	kfree(buf);
	return r;
}

/* proc_file_write: a tunable of /proc/sys (proc_dointvec_minmax; -EPERM if the caller may not write it, through
 * a descriptor someone else opened), or a process's comm (its own: the bytes become
 * the name, cut to 15, a newline kept as Linux keeps it); the rest have no write (-EINVAL, as Linux for a file
 * without one). */
static ssize_t proc_file_write(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	if (f->inode->pde->ctl) {
		if (generic_permission(f->inode, MAY_WRITE))
			return -EPERM; /* Linux's proc_sys_call_handler checks the writer too (EPERM; EACCES at open) */
		return proc_dointvec_minmax(f->inode->pde->ctl, ubuf, n, pos);
	}
	if (f->inode->pde->show != proc_pid_comm || f->inode->pid != current->tgid)
		return -EINVAL;
	char name[PROC_NAME_MAX];
	size_t k = MIN(n, sizeof name - 1);
	if (copy_from_user(name, ubuf, k))
		return -EFAULT;
	name[k] = 0;
	memcpy(current->name, name, sizeof name);
	return (ssize_t)n;
}

static s64 proc_file_llseek(struct file *f, s64 off, int whence) { return generic_llseek(f, off, whence, -1); }

static void proc_file_release(struct file *f)
{
	struct proc_file *pf = f->priv;
	page_free_contig(pf->m.buf, pf->m.size / PAGE_SIZE);
	kfree(pf);
}

static const struct file_ops proc_file_ops = { .read_at = proc_file_read, .write_at = proc_file_write,
	.llseek = proc_file_llseek, .release = proc_file_release, .kind = "proc" };

/* proc_dir_read: read(2) of a directory. */
static ssize_t proc_dir_read(struct file *f, u64 ubuf, size_t n, u64 *pos) { return -EISDIR; }

static const struct file_ops proc_dir_ops = {
	.read_at = proc_dir_read, .llseek = proc_file_llseek, .readdir = proc_readdir, .kind = "dir" };

struct file *proc_open(struct inode *ino, u32 flags, int *err)
{
	*err = -ENOMEM;
	if (ino->pde->ctl && (flags & O_ACCMODE) != O_RDONLY && generic_permission(ino, MAY_WRITE)) {
		*err = -EACCES; /* Linux's proc_sys_permission: a tunable's mode says who may write it */
		return NULL;
	}
	if (S_ISDIR(ino->mode))
		return file_alloc(&proc_dir_ops, flags, NULL);
	struct proc_file *pf = kmalloc(sizeof *pf);
	char *buf = page_alloc();
	struct file *f = pf && buf ? file_alloc(&proc_file_ops, flags, pf) : NULL;
	if (!f) {
		kfree(pf);
		if (buf)
			page_free(buf);
		return NULL;
	}
	pf->m = (struct seq_buf){ .buf = buf, .size = PAGE_SIZE };
	return f;
}

/* proc_fill_super: a new /proc: its root. Takes no options (-EINVAL for any). */
static int proc_fill_super(struct super_block *sb, char *data)
{
	if (data && *data)
		return -EINVAL;
	struct inode *root = inode_new(sb, proc_root_entry.mode);
	if (!root)
		return -ENOMEM;
	root->pde = &proc_root_entry;
	root->nlink = 2;
	root->parent = root;
	sb->root = root;
	return 0;
}

/* proc_kill_sb: the root is all a /proc keeps. fs_lock held. */
static void proc_kill_sb(struct super_block *sb)
{
	struct inode *root = sb->root;
	root->parent = NULL; /* its own: not a reference */
	inode_maybe_free(root);
}

const struct file_system_type proc_fs_type = {
	.name = "proc", .magic = 0x9fa0 /* PROC_SUPER_MAGIC */, .fill_super = proc_fill_super, .kill_sb = proc_kill_sb, .lookup = proc_lookup };
