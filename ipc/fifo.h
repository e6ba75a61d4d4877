/* ipc/fifo.h: FIFOs (named pipes, ipc/fifo.c): a FIFO inode of the RAM filesystem owns a struct pipe, made at
 * its first open; every open of the FIFO shares it (POSIX open(), fifo(7), Linux fs/pipe.c fifo_open). */
#ifndef IPC_FIFO_H
#define IPC_FIFO_H
#include "kernel/types.h"

struct file;
struct inode;
struct fifo;

/* fifo_open: open FIFO inode ino with flags (O_ACCMODE, O_NONBLOCK...); path is for the trace. Sets *out to a
 * new file holding a reference on ino. Reading blocks until a writer has opened, writing until a reader has
 * (they wait for the other side's open, not for it to stay open); O_NONBLOCK for reading returns at once;
 * O_RDWR never blocks. Returns 0, -EINVAL for access mode 3 (neither reading nor writing), -ENXIO
 * (O_WRONLY|O_NONBLOCK and no reader), -ERESTARTSYS (a signal while waiting: SA_RESTART reopens), -ENOMEM. Caller holds a reference on ino and not fs_lock. */
int fifo_open(struct inode *ino, u32 flags, const char *path, struct file **out);
/* fifo_free: the FIFO inode is gone (no name, no open file): free its pipe. fs_lock held. */
void fifo_free(struct fifo *fifo);
#endif
