/* ipc/pipe.h: pipes (ipc/pipe.c), shared with FIFOs later. */
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
};

/* pipes_live: pipes that exist (for the leak report at halt). */
int pipes_live(void);
#endif
