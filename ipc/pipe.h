/* ipc/pipe.h: pipes (ipc/pipe.c): the data path of anonymous pipes, FIFOs (ipc/fifo.c) and socketpairs
 * (ipc/socket.c). */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H
#include "ipc/pipe_ring.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define PIPE_BUF 4096 /* writes of at most PIPE_BUF bytes are atomic (POSIX write(2), limits.h) */

/* struct pipe: as Linux's pipe_inode_info: the ring, open read/write file descriptions, wait queues.
 * readers/writers count open files of each end (not descriptors: fork and dup share a file). */
struct pipe {
	spinlock_t lock;
	struct pipe_ring ring;
	int readers, writers;
	struct wait_queue rd_wait; /* readers waiting for data */
	struct wait_queue wr_wait; /* writers waiting for room */
	int id;
	char wchan_read[24], wchan_write[24];
	const char *fifo; /* a FIFO's path (owned by ipc/fifo.c, which owns the pipe then), or NULL */
	int sock;         /* the socketpair it is a direction of (ipc/socket.c), or 0 */
};

struct file;
struct jw;
struct poll_table;

/* pipes_live: pipes that exist (for the leak report at halt). */
int pipes_live(void);
/* pipe_alloc: a new pipe with the default capacity, one reader and one writer (set readers/writers otherwise
 * before anyone sees it). NULL when out of memory. pipe_free: free it (no file may refer to it any more). */
struct pipe *pipe_alloc(void);
void pipe_free(struct pipe *p);
/* pipe_do_read / pipe_do_write: read(2)/write(2) on p with the semantics at the top of ipc/pipe.c; flags is the
 * file's (O_NONBLOCK). Return bytes moved, 0 (end of file), -EAGAIN, -EPIPE (SIGPIPE sent too), -EFAULT,
 * -ERESTARTSYS (a signal while blocked). */
ssize_t pipe_do_read(struct pipe *p, u64 ubuf, size_t n, u32 flags);
ssize_t pipe_do_write(struct pipe *p, u64 ubuf, size_t n, u32 flags);
/* pipe_drop: one open reader and/or writer goes (close, shutdown): trace pipe.close, wake who must see EOF or
 * EPIPE. Returns true when nobody is left and the pipe is not a FIFO's: the caller frees it then. */
bool pipe_drop(struct pipe *p, bool reader, bool writer);
/* pipe_poll: the POLL* events of p for an opener that reads and/or writes (Linux pipe_poll): POLLIN with data,
 * POLLHUP with no writer left, POLLOUT with room for PIPE_BUF bytes (or an empty one-page pipe), POLLERR with
 * no reader left. Registers pt on the matching wait queues. */
u32 pipe_poll(struct pipe *p, bool reader, bool writer, struct poll_table *pt);
/* Trace helpers (traces/FORMAT.md "Pipes and FIFOs"), for the FIFO and socket code that drives a pipe itself:
 * pipe_trace_state: the fields every pipe event carries; pipe_trace_io: pipe.read/pipe.write of n bytes (data
 * peeked from the ring at byte number `from`), or a failure err (a positive errno); pipe_trace_simple: an event
 * with the state and an optional op; pipe_wake: wake a wait queue of p and trace pipe.wake (op "read"/"write").
 * Callers hold p->lock (except for pipe_trace_state's own event). */
void pipe_trace_state(struct jw *w, struct pipe *p);
void pipe_trace_io(const char *type, struct pipe *p, long n, u64 from, int err);
void pipe_trace_simple(const char *type, struct pipe *p, const char *op);
void pipe_wake(struct pipe *p, struct wait_queue *wq, const char *op);
#endif
