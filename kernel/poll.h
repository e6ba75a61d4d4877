/* kernel/poll.h: poll event bits (Linux include/uapi/asm-generic/poll.h) and ppoll (kernel/poll.c).
 * A file_ops poll returns the events ready now; ppoll waits through a struct poll_table (kernel/sched.h). */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H
#include "kernel/sched.h"

#define POLLIN 0x001     /* data to read (or end of file) */
#define POLLPRI 0x002
#define POLLOUT 0x004    /* room to write */
#define POLLERR 0x008    /* an error condition: a pipe's write end whose readers are gone */
#define POLLHUP 0x010    /* the other end hung up */
#define POLLNVAL 0x020   /* the descriptor is not open */
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLRDHUP 0x2000 /* a stream socket's peer shut down writing */
#endif
