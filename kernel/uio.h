/* kernel/uio.h: a list of user buffers that a call reads or fills in turn (kernel/iov_iter.c; Linux's
 * include/linux/uio.h and lib/iov_iter.c): the iovec array of readv, writev, sendmsg and recvmsg, or the one
 * buffer of read, write, send and recv. The array stays in user memory: import_iovec checks all of it once, as
 * Linux's does, and each segment is read again when the copy reaches it, so no call needs a kernel copy of up to
 * UIO_MAXIOV entries. */
#ifndef KERNEL_UIO_H
#define KERNEL_UIO_H
#include "kernel/types.h"

#define UIO_MAXIOV 1024           /* segments one call may pass (Linux include/uapi/linux/uio.h) */
#define MAX_RW_COUNT 0x7ffff000UL /* Linux: INT_MAX & PAGE_MASK; a larger total is cut to it */

/* struct iovec_k: struct iovec as the user lays it out: base address and length in bytes. */
struct iovec_k {
	u64 iov_base, iov_len;
};

/* struct iov_iter: where a copy is in the user's buffers. seg: what is left of the current segment; next: the
 * user address of the following iovec entries (nr_segs of them, not counting seg); count: bytes left in all,
 * MAX_RW_COUNT at most. A copy of the struct is a bookmark: copying from it again reads the same bytes. */
struct iov_iter {
	struct iovec_k seg;
	u64 next;
	u32 nr_segs;
	size_t count;
};

/* import_iovec: i iterates over the nr_segs iovecs at user address uvec (Linux's import_iovec): -EINVAL for more
 * than UIO_MAXIOV segments or a length above SSIZE_MAX, -EFAULT when the array cannot be read or a segment lies
 * outside user space. The total is cut to MAX_RW_COUNT. */
int import_iovec(u64 uvec, u64 nr_segs, struct iov_iter *i);
/* import_single_range: i covers the one buffer [buf, buf + len) (len cut to MAX_RW_COUNT): -EFAULT when it lies
 * outside user space (Linux's access_ok). */
int import_single_range(u64 buf, size_t len, struct iov_iter *i);
/* iov_iter_count: bytes left. */
static inline size_t iov_iter_count(const struct iov_iter *i) { return i->count; }
/* copy_from_iter / copy_to_iter: move n bytes (at most what is left) between kernel memory and the user's
 * buffers, advancing i. Return the bytes moved: fewer than asked when a user page faults (Linux's). */
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
#endif
