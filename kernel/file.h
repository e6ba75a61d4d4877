/* kernel/file.h: open file descriptions and file descriptor tables (kernel/file.c).
 * A struct file is shared by every descriptor that refers to it (dup, fork), as Linux's struct file; its
 * refcount counts them. The object behind it (console, pipe end) is reached through ops and priv. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H
#include "kernel/types.h"

struct file;
struct proc;
struct inode;
struct poll_table;
struct dir_context;
struct iov_iter;

/* struct file_ops: read/write move up to n bytes between the object and user buffer ubuf and return the count
 * or a negative errno (a stream: pipes, sockets, the console). A file with a position (regular files, devices,
 * /proc files) has read_at/write_at instead, which do the same at byte offset *pos and move *pos past the bytes
 * moved: read(2) passes &f->pos, pread64(2) its own offset (Linux's read(file, buf, count, &pos)). Neither:
 * -EINVAL. llseek: lseek(2), the new offset or -EINVAL (generic_llseek does the arithmetic); NULL: -ESPIPE.
 * ioctl handles the object's requests (a terminal's, kernel/tty.c), -ENOTTY for others.
 * read_iter/write_iter (a socket): the same through a list of user buffers (kernel/uio.h), so that readv and
 * writev are one operation, as a datagram must be (Linux's read_iter/write_iter); NULL: readv and writev call
 * read/write once per buffer.
 * readdir (a directory): getdents64's entries from f->pos with dir_emit (kernel/fs/fs.h), 0 or a negative errno;
 * NULL: -ENOTDIR. release is called when the last reference goes (file_put then drops f->inode itself).
 * poll returns the POLL* events ready now (kernel/poll.h) and, when pt is not NULL, registers the caller on the
 * object's wait queues with poll_wait; NULL poll: always readable and writable (Linux's DEFAULT_POLLMASK). */
struct file_ops {
	ssize_t (*read)(struct file *f, u64 ubuf, size_t n);
	ssize_t (*write)(struct file *f, u64 ubuf, size_t n);
	ssize_t (*read_at)(struct file *f, u64 ubuf, size_t n, u64 *pos);
	ssize_t (*write_at)(struct file *f, u64 ubuf, size_t n, u64 *pos);
	ssize_t (*read_iter)(struct file *f, struct iov_iter *to);
	ssize_t (*write_iter)(struct file *f, struct iov_iter *from);
	s64 (*llseek)(struct file *f, s64 off, int whence);
	int (*readdir)(struct file *f, struct dir_context *ctx);
	void (*release)(struct file *f);
	u32 (*poll)(struct file *f, struct poll_table *pt);
	long (*ioctl)(struct file *f, unsigned cmd, u64 arg); /* NULL: every request is -ENOTTY */
	/* flush: a descriptor of f is being closed by the current process (close, dup3 over it, exit, exec's
	 * close-on-exec), whether or not it is the last (Linux's f_op->flush: mq_notify's registration ends there) */
	void (*flush)(struct file *f);
	const char *kind;
};

/* struct file: flags holds O_ACCMODE and O_NONBLOCK/O_APPEND (F_GETFL/F_SETFL). pos: the file offset (bytes
 * for a regular file, the entry index for a directory: lseek, Linux's f_pos). inode: the filesystem node it was
 * opened from (kernel/fs/fs.h), NULL for anonymous objects (pipes, sockets, the boot console); file_put drops
 * its reference after the ops' release. */
struct file {
	const struct file_ops *ops;
	int refcount;
	u32 flags;
	void *priv;
	u64 pos;
	struct inode *inode;
};

#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_ACCMODE 3
#define O_NONBLOCK 04000
#define O_APPEND 02000
#define O_CLOEXEC 02000000
#define FD_CLOEXEC 1
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* file_alloc: a new file with refcount 1; NULL when out of memory. */
struct file *file_alloc(const struct file_ops *ops, u32 flags, void *priv);
/* file_get / file_put: take / drop a reference; the last put calls ops->release, drops the inode and frees the
 * file. */
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* generic_llseek: lseek(2)'s arithmetic (Linux fs/read_write.c generic_file_llseek_size): the offset whence
 * (SEEK_SET, SEEK_CUR, SEEK_END from size; a negative size refuses SEEK_END) plus off becomes f->pos and is
 * returned; -EINVAL for another whence or a result below 0 or past MAX_LFS_FILESIZE. */
s64 generic_llseek(struct file *f, s64 off, int whence, s64 size);
/* noop_llseek: lseek(2) of a device whose bytes have no position: the offset stays (0) and is returned. */
s64 noop_llseek(struct file *f, s64 off, int whence);

#define NR_OPEN (1024 * 1024) /* most descriptors a table may grow to, and the highest RLIMIT_NOFILE: fs.nr_open's
			       * default (Linux's sysctl_nr_open, fs/file.c) */
#define NOFILE 4096 /* RLIMIT_NOFILE's hard limit by default (Linux's INR_OPEN_MAX) */
#define NOFILE_CUR 1024 /* RLIMIT_NOFILE's soft limit by default (Linux's INR_OPEN_CUR) */
#define NR_OPEN_DEFAULT 64 /* slots a new table starts with (Linux: BITS_PER_LONG) */

/* struct files_struct: a descriptor table (Linux's struct files_struct and fdtable, include/linux/fdtable.h): fd[n]
 * is the open file behind descriptor n (n < max_fds), or NULL; bit n of cloexec is its FD_CLOEXEC flag. The table
 * starts with NR_OPEN_DEFAULT slots and doubles when a descriptor beyond them is installed, up to RLIMIT_NOFILE
 * (expand_files). Threads share one (clone CLONE_FILES); count says how many point at it, and the last to let it
 * go closes what is left. There is no lock: the kernel runs on one CPU and is not preempted, and no change to a
 * table sleeps halfway. */
struct files_struct {
	int count;
	int max_fds;
	struct file **fd;
	u64 *cloexec;
};

/* files_alloc: an empty table with count 1 (init's); NULL when out of memory. */
struct files_struct *files_alloc(void);
/* copy_files: clone(2): with CLONE_FILES (in clone_flags) child shares the current thread's table; otherwise it
 * gets a copy with a reference on every file (fork). Returns 0 or -ENOMEM. */
int copy_files(u64 clone_flags, struct proc *child);
/* unshare_files: execve(2) of a thread whose table another process shares (CLONE_FILES without CLONE_THREAD):
 * it gets its own copy first, so closing the close-on-exec descriptors leaves the others' alone (Linux's
 * unshare_files). Returns 0 or -ENOMEM. */
int unshare_files(struct proc *p);
/* exit_files: p lets go of its table (exit); the last one out closes every descriptor. */
void exit_files(struct proc *p);

/* get_unused_fd: the lowest free descriptor of p, or -EMFILE (RLIMIT_NOFILE): what fd_install would take next, for
 * a call that must say EMFILE before it does anything else (Linux's get_unused_fd_flags). */
int get_unused_fd(struct proc *p);

/* fd_install: the lowest free descriptor >= minfd of p now refers to f (the reference is the caller's).
 * Returns the descriptor, or -EMFILE when the table is full. */
int fd_install(struct proc *p, struct file *f, int minfd, bool cloexec);
/* fd_file: the file behind descriptor fd of the current thread, or NULL (EBADF). Valid until the system call
 * returns, even if another thread closes fd meanwhile: when the table is shared, fd_file takes a reference that
 * fd_release_held drops at the end of the system call (Linux's fdget/fdput). */
struct file *fd_file(int fd);
/* fd_release_held: drop the references fd_file took for the current system call (the dispatcher, and exit). */
void fd_release_held(struct proc *p);
/* fd_close: close descriptor fd of p: 0 or -EBADF. */
int fd_close(struct proc *p, int fd);
/* fd_close_on_exec: execve closes the descriptors marked FD_CLOEXEC. */
void fd_close_on_exec(struct proc *p);
#endif
