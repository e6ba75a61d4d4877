/* ipc/pipe_ring.c: the page ring behind a pipe (ipc/pipe_ring.h). Byte number i is at offset i % PIPE_RING_PAGE
 * of page (i / PIPE_RING_PAGE) % npages; a copy therefore goes in chunks that end at a page boundary. The
 * counters head and tail only grow, so used = head - tail needs no wrap-around flag (xv6 kernel/pipe.c). */
#include "ipc/pipe_ring.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

/* at: the kernel address of byte number i, and in *chunk how many bytes follow it in the same page. */
static u8 *at(void *const *pages, u32 npages, u64 i, size_t *chunk)
{
	size_t off = (size_t)(i % PIPE_RING_PAGE);
	*chunk = PIPE_RING_PAGE - off;
	return (u8 *)pages[(i / PIPE_RING_PAGE) % npages] + off;
}

/* pipe_ring_write: see ipc/pipe_ring.h. Returns bytes copied (head advanced by that) or -EFAULT. */
long pipe_ring_write(struct pipe_ring *r, const void *src, size_t n, pipe_copy_fn copy, void *ctx)
{
	size_t want = MIN(n, pipe_ring_free(r)), done = 0;
	while (done < want) {
		size_t chunk;
		u8 *dst = at(r->pages, r->npages, r->head, &chunk);
		chunk = MIN(chunk, want - done);
		if (copy(dst, (const u8 *)src + done, chunk, ctx) != 0)
			return done ? (long)done : -EFAULT;
		r->head += chunk;
		done += chunk;
	}
	return (long)done;
}

/* pipe_ring_read: see ipc/pipe_ring.h. Returns bytes copied (tail advanced by that) or -EFAULT. */
long pipe_ring_read(struct pipe_ring *r, void *dst, size_t n, pipe_copy_fn copy, void *ctx)
{
	size_t want = MIN(n, pipe_ring_used(r)), done = 0;
	while (done < want) {
		size_t chunk;
		const u8 *src = at(r->pages, r->npages, r->tail, &chunk);
		chunk = MIN(chunk, want - done);
		if (copy((u8 *)dst + done, src, chunk, ctx) != 0)
			return done ? (long)done : -EFAULT;
		r->tail += chunk;
		done += chunk;
	}
	return (long)done;
}

/* kept: how many of the newest bytes, [head - kept, head), are still in the pages. Reading does not erase a
 * byte; only a write cap bytes later overwrites it. */
static u64 kept(const struct pipe_ring *r) { return MIN((u64)pipe_ring_cap(r), r->head); }

/* pipe_ring_peek: see ipc/pipe_ring.h. Any byte in [head - cap, head) can be peeked, including bytes already
 * read: the trace shows what a read took right after it (kernel/trace_events.c). Older bytes are skipped (the copy starts
 * at the first byte still kept). After a resize only the bytes pipe_ring_resize kept are meaningful. Returns
 * the bytes copied into dst. */
size_t pipe_ring_peek(const struct pipe_ring *r, u64 start, u64 end, void *dst, size_t n)
{
	u64 oldest = r->head - kept(r);
	if (start < oldest)
		start = oldest;
	if (end > r->head)
		end = r->head;
	if (start >= end)
		return 0;
	size_t want = (size_t)MIN((u64)n, end - start), done = 0;
	while (done < want) {
		size_t chunk;
		const u8 *src = at(r->pages, r->npages, start + done, &chunk);
		chunk = MIN(chunk, want - done);
		memcpy((u8 *)dst + done, src, chunk);
		done += chunk;
	}
	return done;
}

/* pipe_ring_resize: see ipc/pipe_ring.h. Returns 0, -EBUSY (the data does not fit), or -EINVAL for
 * new_npages 0. Moves the last min(old cap, new cap) bytes, not only the unread ones, so bytes just read can
 * still be peeked. The caller keeps the old r->pages (read it before the call) to free it on success. */
int pipe_ring_resize(struct pipe_ring *r, void **new_pages, u32 new_npages)
{
	if (new_npages == 0)
		return -EINVAL;
	if (pipe_ring_used(r) > (size_t)new_npages * PIPE_RING_PAGE)
		return -EBUSY;
	/* A byte keeps its offset in its page in both layouts; only the page it is in changes. */
	u64 from = r->head - MIN(kept(r), (u64)new_npages * PIPE_RING_PAGE); /* <= tail: all unread bytes move */
	for (u64 i = from; i < r->head;) {
		size_t chunk;
		const u8 *src = at(r->pages, r->npages, i, &chunk);
		u8 *dst = at(new_pages, new_npages, i, &chunk);
		chunk = (size_t)MIN((u64)chunk, r->head - i);
		memcpy(dst, src, chunk);
		i += chunk;
	}
	r->pages = new_pages;
	r->npages = new_npages;
	return 0;
}
