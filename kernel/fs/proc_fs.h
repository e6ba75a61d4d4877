/* kernel/fs/proc_fs.h: the /proc filesystem's pieces (kernel/fs/proc_base.c, proc_array.c, proc_misc.c), as
 * Linux's fs/proc/internal.h: a /proc file's text is made by a show function into a seq_buf when the file is
 * opened (and again at a read from offset 0, as Linux's seq_file does). */
#ifndef KERNEL_FS_PROC_FS_H
#define KERNEL_FS_PROC_FS_H
#include "kernel/types.h"

struct proc;
struct inode;
struct file_system_type;

/* struct seq_buf: the text of a /proc file, in one page (a longer text is cut). */
struct seq_buf {
	char *buf;
	size_t size, len;
};
/* seq_printf: append formatted text to m (kernel/lib/printf.h's formats), cut at its size. */
void seq_printf(struct seq_buf *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* struct ctl_table: a tunable of /proc/sys, an int (Linux's struct ctl_table with proc_dointvec_minmax): it reads
 * as its decimal value and a newline, from offset 0 only; a write of a number (C's bases) in [min, max] sets it
 * (-EINVAL otherwise; proc_base.c's proc_dointvec_minmax has Linux's parsing), by whoever the file's mode lets
 * write it (root: its mode is 0644): -EACCES at open(2) for others, -EPERM at write(2) through a descriptor
 * someone else opened (Linux's proc_sys_permission and proc_sys_call_handler). */
struct ctl_table {
	int *data;
	int min, max;
};

/* struct proc_entry: a name /proc shows (Linux's struct pid_entry and proc_dir_entry): a directory (dir set, with
 * its entries: the fixed ones, then a process's or its descriptors), a file (show makes its text for process p,
 * NULL for the files of /proc itself; or a tunable of /proc/sys: ctl) or a link (link makes its body). */
struct proc_entry {
	const char *name;
	u32 mode;
	const struct proc_entry *dir;   /* a directory's fixed entries, ending with a nameless one */
	int (*show)(struct seq_buf *m, struct proc *p);
	int (*link)(char *buf, size_t size, struct inode *ino);
	const struct ctl_table *ctl;
};

/* The tunables of /proc/sys/fs/mqueue (ipc/mqueue.c; mq_overview(7)), in name order as Linux lists them. */
extern const struct proc_entry mq_sysctl_entries[];

/* The /proc filesystem type (proc_base.c). */
extern const struct file_system_type proc_fs_type;

/* The files: proc_array.c (a process's stat, status, statm) and proc_misc.c (the system's). Each returns 0 or
 * -ESRCH when the process is gone. p is held by proc_lock. */
int proc_pid_stat(struct seq_buf *m, struct proc *p);
int proc_pid_status(struct seq_buf *m, struct proc *p);
int proc_pid_cmdline(struct seq_buf *m, struct proc *p);
int proc_pid_comm(struct seq_buf *m, struct proc *p);
int proc_pid_mounts(struct seq_buf *m, struct proc *p);
int proc_meminfo(struct seq_buf *m, struct proc *p);
int proc_uptime(struct seq_buf *m, struct proc *p);
int proc_loadavg(struct seq_buf *m, struct proc *p);
int proc_stat(struct seq_buf *m, struct proc *p);
/* /proc/net/unix: every AF_UNIX socket (ipc/af_unix.c). */
int unix_seq_show(struct seq_buf *m, struct proc *p);
#endif
