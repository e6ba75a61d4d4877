/* ipc/pipe.h: pipes (ipc/pipe.c): the data path of anonymous pipes (their descriptors: kernel/sys_pipe.c) and
 * FIFOs (ipc/fifo.c). */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H
#include "ipc/pipe_ring.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define PIPE_BUF 4096 /* writes of at most PIPE_BUF bytes are atomic (POSIX write(2), limits.h) */

/* struct pipe: as Linux's pipe_inode_info: the ring of bytes, how many open file descriptions read and write it
 * (readers/writers: not descriptors, since fork and dup share a description), and where readers wait for data
 * (rd_wait) and writers for room (wr_wait). All of it under lock. */
struct pipe {
	spinlock_t lock;
	struct pipe_ring ring;
	int readers, writers;
	struct wait_queue rd_wait;
	struct wait_queue wr_wait;
	int id;           /* unique while the system runs: the trace's and ps's name for it */
	const char *fifo; /* a FIFO's path (owned by ipc/fifo.c, which owns the pipe then), or NULL */
};

struct poll_table;

/* pipe_alloc: a new pipe with the default capacity (65,536 bytes), one reader and one writer (set
 * readers/writers otherwise before anyone sees it). NULL when out of memory. */
struct pipe *pipe_alloc(void);
/* pipe_free: free p (no file may refer to it any more). */
void pipe_free(struct pipe *p);
/* pipes_live: pipes that exist (for the leak report at halt). */
int pipes_live(void);
/* pipe_read / pipe_write: read(2)/write(2) of n bytes at user address ubuf on p, with the semantics at the top of
 * ipc/pipe.c; nonblock: the file has O_NONBLOCK. Return bytes moved, 0 (end of file), -EAGAIN, -EPIPE
 * (SIGPIPE sent too), -EFAULT, -ERESTARTSYS (a signal while blocked, nothing moved). */
ssize_t pipe_read(struct pipe *p, u64 ubuf, size_t n, bool nonblock);
ssize_t pipe_write(struct pipe *p, u64 ubuf, size_t n, bool nonblock);
/* pipe_close: one open reader and/or writer of p goes (close, shutdown): wake whoever must now see end of file
 * or EPIPE. Returns true when nobody is left and the pipe is not a FIFO's: the caller frees it then. */
bool pipe_close(struct pipe *p, bool reader, bool writer);
/* pipe_poll: the POLL* events of p for an opener that reads and/or writes (Linux pipe_poll): POLLIN with data,
 * POLLHUP with no writer left, POLLOUT with room for PIPE_BUF bytes (or an empty one-page pipe), POLLERR with
 * no reader left. Registers pt on the matching wait queues. */
u32 pipe_poll(struct pipe *p, bool reader, bool writer, struct poll_table *pt);

/* The descriptor side (kernel/sys_pipe.c). pipe_file_read / pipe_file_write: read(2)/write(2) of an open pipe,
 * or FIFO with file flags `flags` (O_NONBLOCK): pipe_read/pipe_write, and the operation's
 * trace event. pipe_fcntl: F_GETPIPE_SZ returns the capacity (bytes); F_SETPIPE_SZ rounds arg (an unsigned
 * long, as Linux 6.1 reads it) up to a power-of-two number of pages, at least one, and returns the new capacity:
 * -EBADF when f is not a pipe, -EINVAL when arg is above 2^31, -EPERM above PIPE_MAX_PAGES pages (1 MiB, Linux's
 * pipe-max-size) unless the caller has CAP_SYS_RESOURCE, -ENOMEM, -EBUSY when the data does not fit
 * (fcntl(2), Linux fs/pipe.c pipe_set_size). */
struct file;
ssize_t pipe_file_read(struct pipe *p, u64 ubuf, size_t n, u32 flags);
ssize_t pipe_file_write(struct pipe *p, u64 ubuf, size_t n, u32 flags);
long pipe_fcntl(struct file *f, int cmd, u64 arg);
/* pipe_ioctl: FIONREAD puts the bytes waiting in p (an int) at arg: 0 or -EFAULT; any other request -ENOTTY
 * (Linux fs/pipe.c pipe_ioctl). */
long pipe_ioctl(struct pipe *p, unsigned cmd, u64 arg);
#endif
