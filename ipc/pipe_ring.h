/* ipc/pipe_ring.h: the byte ring of a pipe, kept in a ring of pages as Linux's pipe_inode_info keeps its
 * pipe_buffers (include/linux/pipe_fs_i.h), with free-running byte counters as xv6's pipe keeps nread/nwrite.
 *
 * head: bytes ever written; tail: bytes ever read. used = head - tail, free = cap - used.
 * Byte number i lives in page (i / PAGE_SIZE) % npages at offset i % PAGE_SIZE. cap = npages * PAGE_SIZE.
 * Plain arithmetic and copying only: no locking, no sleeping (ipc/pipe.c does that), so it is unit-tested on
 * the host (tests/unit/test_pipe_ring.c). */
#ifndef IPC_PIPE_RING_H
#define IPC_PIPE_RING_H
#include "kernel/types.h"

#define PIPE_RING_PAGE 4096u
#define PIPE_DEF_BUFFERS 16u /* default capacity: 16 pages = 65,536 bytes, as Linux */
#define PIPE_MAX_PAGES 256u  /* 1 MiB: Linux's default /proc/sys/fs/pipe-max-size */

/* pipe_copy_fn: copy n bytes from src to dst where one side is user memory.
 * Returns 0, or -EFAULT if the user range is bad (nothing is guaranteed copied then). ctx is passed through. */
typedef int (*pipe_copy_fn)(void *dst, const void *src, size_t n, void *ctx);

/* struct pipe_ring: pages[npages] each PIPE_RING_PAGE bytes (kernel addresses). */
struct pipe_ring {
	u64 head, tail;
	u32 npages;
	void **pages;
};

static inline size_t pipe_ring_cap(const struct pipe_ring *r) { return (size_t)r->npages * PIPE_RING_PAGE; }
static inline size_t pipe_ring_used(const struct pipe_ring *r) { return (size_t)(r->head - r->tail); }
static inline size_t pipe_ring_free(const struct pipe_ring *r) { return pipe_ring_cap(r) - pipe_ring_used(r); }
static inline bool pipe_ring_empty(const struct pipe_ring *r) { return r->head == r->tail; }
static inline bool pipe_ring_full(const struct pipe_ring *r) { return pipe_ring_used(r) == pipe_ring_cap(r); }

/* pipe_ring_write: copy up to n bytes from src (through copy, src side user memory) into the ring's free space.
 * Returns bytes copied (0 .. min(n, free)), or -EFAULT if the first chunk faulted (a later fault returns the
 * bytes copied before it). head advances by the bytes copied. */
long pipe_ring_write(struct pipe_ring *r, const void *src, size_t n, pipe_copy_fn copy, void *ctx);

/* pipe_ring_read: copy up to n bytes of the oldest data out to dst (through copy); tail advances.
 * Returns bytes copied or -EFAULT as pipe_ring_write. */
long pipe_ring_read(struct pipe_ring *r, void *dst, size_t n, pipe_copy_fn copy, void *ctx);

/* pipe_ring_peek: copy (with memcpy) up to n of the newest-written bytes ending at byte number `end`
 * (exclusive), starting at byte number `start`, into dst: used by the trace to show the bytes a write moved.
 * Returns bytes copied; bytes no longer in the ring are skipped. */
size_t pipe_ring_peek(const struct pipe_ring *r, u64 start, u64 end, void *dst, size_t n);

/* pipe_ring_resize: move the contents into new_pages[new_npages] (already allocated, new_npages a power of two
 * or not: any count >= 1), keeping byte numbers head/tail. Returns 0, or -EBUSY when used > the new capacity
 * (Linux F_SETPIPE_SZ gives EBUSY then). On success the caller frees the old pages array and pages. */
int pipe_ring_resize(struct pipe_ring *r, void **new_pages, u32 new_npages);
#endif
