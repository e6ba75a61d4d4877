/* tests/unit/test_pipe_ring.c: ipc/pipe_ring.c. Fill, drain, wrap-around at page and ring ends, resize (and
 * EBUSY), peek, a fault in the copy callback, and random operations checked against a plain byte-array model.
 * Every page is its own malloc'd block, so ASan catches a copy that runs past a page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/pipe_ring.h"
#include "kernel/errno.h"

#define PG PIPE_RING_PAGE

static void **alloc_pages(uint32_t n)
{
	void **p = malloc(n * sizeof *p);
	for (uint32_t i = 0; i < n; i++) {
		p[i] = malloc(PG);
		memset(p[i], 0xa5, PG);
	}
	return p;
}

static void free_pages(void **p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		free(p[i]);
	free(p);
}

/* A ring starting at byte number `start` (the counters are free-running: any start must work). */
static struct pipe_ring make(uint32_t npages, uint64_t start)
{
	struct pipe_ring r = { .head = start, .tail = start, .npages = npages, .pages = alloc_pages(npages) };
	return r;
}

static void destroy(struct pipe_ring *r) { free_pages(r->pages, r->npages); }

/* The copy callback: memcpy, counting calls; fails (-EFAULT) on call number fail_at (1-based), never when 0. */
struct copy_ctx {
	int calls, fail_at;
	size_t bytes;
};

static int copy(void *dst, const void *src, size_t n, void *ctx)
{
	struct copy_ctx *c = ctx;
	c->calls++;
	if (c->fail_at && c->calls == c->fail_at)
		return -EFAULT;
	memcpy(dst, src, n);
	c->bytes += n;
	return 0;
}

static void pattern(unsigned char *p, size_t n, uint64_t first)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)((first + i) * 131 >> 3);
}

static void test_fill_drain(void **state)
{
	(void)state;
	struct pipe_ring r = make(PIPE_DEF_BUFFERS, 0);
	size_t cap = pipe_ring_cap(&r);
	assert_int_equal(cap, 65536);
	assert_true(pipe_ring_empty(&r));
	unsigned char *in = malloc(cap + 100), *out = malloc(cap + 100);
	pattern(in, cap + 100, 0);
	struct copy_ctx c = { 0 };
	assert_int_equal(pipe_ring_write(&r, in, cap + 100, copy, &c), (long)cap); /* only what fits */
	assert_true(pipe_ring_full(&r));
	assert_int_equal(pipe_ring_free(&r), 0);
	assert_int_equal(c.calls, PIPE_DEF_BUFFERS); /* one copy per page */
	assert_int_equal(pipe_ring_write(&r, in, 1, copy, &c), 0);
	assert_int_equal(pipe_ring_read(&r, out, cap + 100, copy, &c), (long)cap);
	assert_memory_equal(in, out, cap);
	assert_true(pipe_ring_empty(&r));
	assert_int_equal(pipe_ring_read(&r, out, 10, copy, &c), 0);
	assert_int_equal(pipe_ring_write(&r, in, 0, copy, &c), 0);
	assert_int_equal(r.head, cap);
	assert_int_equal(r.tail, cap);
	free(in);
	free(out);
	destroy(&r);
}

/* Data crossing page boundaries and the end of the ring, for many starting byte numbers. */
static void test_wraparound(void **state)
{
	(void)state;
	uint64_t starts[] = { 0, 1, PG - 1, 3 * PG - 7, 0xffffffffull - 100, 0xfffffffffffff000ull };
	for (size_t s = 0; s < sizeof starts / sizeof *starts; s++) {
		struct pipe_ring r = make(3, starts[s]);
		unsigned char in[3 * PG], out[3 * PG];
		uint64_t written = starts[s], readn = starts[s];
		struct copy_ctx c = { 0 };
		for (int round = 0; round < 40; round++) {
			size_t n = (size_t)(round * 997 % (3 * PG)) + 1;
			pattern(in, n, written);
			long w = pipe_ring_write(&r, in, n, copy, &c);
			assert_true(w >= 0 && (size_t)w <= n);
			written += (uint64_t)w;
			size_t m = (size_t)(round * 1499 % (3 * PG)) + 1;
			long got = pipe_ring_read(&r, out, m, copy, &c);
			assert_true(got >= 0);
			unsigned char want[3 * PG];
			pattern(want, (size_t)got, readn);
			assert_memory_equal(out, want, (size_t)got);
			readn += (uint64_t)got;
			assert_int_equal(r.head, written);
			assert_int_equal(r.tail, readn);
		}
		destroy(&r);
	}
}

static void test_fault(void **state)
{
	(void)state;
	struct pipe_ring r = make(4, PG - 10); /* a write of 100 copies 10 bytes, then 90 */
	unsigned char in[200], out[200];
	pattern(in, sizeof in, 0);
	struct copy_ctx c = { .fail_at = 1 };
	assert_int_equal(pipe_ring_write(&r, in, 100, copy, &c), -EFAULT); /* first chunk: nothing moved */
	assert_int_equal(r.head, PG - 10);
	c = (struct copy_ctx){ .fail_at = 2 };
	assert_int_equal(pipe_ring_write(&r, in, 100, copy, &c), 10); /* second chunk: the bytes before it */
	assert_int_equal(pipe_ring_used(&r), 10);
	c = (struct copy_ctx){ 0 };
	assert_int_equal(pipe_ring_write(&r, in + 10, 90, copy, &c), 90);
	c = (struct copy_ctx){ .fail_at = 1 };
	assert_int_equal(pipe_ring_read(&r, out, 100, copy, &c), -EFAULT);
	assert_int_equal(pipe_ring_used(&r), 100);
	c = (struct copy_ctx){ .fail_at = 2 };
	assert_int_equal(pipe_ring_read(&r, out, 100, copy, &c), 10);
	c = (struct copy_ctx){ 0 };
	assert_int_equal(pipe_ring_read(&r, out + 10, 100, copy, &c), 90);
	assert_memory_equal(out, in, 100);
	destroy(&r);
}

static void test_peek(void **state)
{
	(void)state;
	struct pipe_ring r = make(2, 2 * PG - 30);
	unsigned char in[100], out[100];
	pattern(in, sizeof in, 0);
	struct copy_ctx c = { 0 };
	uint64_t start = r.head;
	assert_int_equal(pipe_ring_write(&r, in, 100, copy, &c), 100); /* wraps from the last page to the first */
	memset(out, 0, sizeof out);
	assert_int_equal(pipe_ring_peek(&r, start, r.head, out, 64), 64); /* at most n */
	assert_memory_equal(out, in, 64);
	assert_int_equal(pipe_ring_peek(&r, start, r.head, out, 200), 100);
	assert_memory_equal(out, in, 100);
	assert_int_equal(pipe_ring_peek(&r, start + 20, start + 50, out, 200), 30);
	assert_memory_equal(out, in + 20, 30);
	assert_int_equal(pipe_ring_peek(&r, start, start + 500, out, 200), 100); /* end past head: cut */
	assert_int_equal(pipe_ring_peek(&r, start, start, out, 200), 0);
	assert_int_equal(pipe_ring_peek(&r, start + 50, start + 10, out, 200), 0);
	assert_int_equal(pipe_ring_peek(&r, start, r.head, out, 0), 0);
	/* bytes already read stay until overwritten: a read is traced after it happened */
	assert_int_equal(pipe_ring_read(&r, out, 40, copy, &c), 40);
	memset(out, 0, sizeof out);
	assert_int_equal(pipe_ring_peek(&r, start, start + 40, out, 200), 40);
	assert_memory_equal(out, in, 40);
	assert_int_equal(pipe_ring_read(&r, out, 100, copy, &c), 60);
	/* a full ring's worth of new bytes overwrites them: skipped */
	unsigned char big[2 * PG];
	pattern(big, sizeof big, 1000);
	assert_int_equal(pipe_ring_write(&r, big, sizeof big, copy, &c), 2 * PG);
	assert_int_equal(pipe_ring_peek(&r, start, start + 100, out, 200), 0);
	assert_int_equal(pipe_ring_peek(&r, start + 50, start + 150, out, 200), 50); /* from start + 100 on */
	assert_memory_equal(out, big, 50);
	assert_int_equal(pipe_ring_peek(&r, 0, start + 10, out, 200), 0);
	destroy(&r);
}

static void test_resize(void **state)
{
	(void)state;
	struct pipe_ring r = make(4, 3 * PG + 100); /* data will wrap around the 4-page ring */
	unsigned char in[3 * PG], out[3 * PG];
	pattern(in, sizeof in, 7);
	struct copy_ctx c = { 0 };
	assert_int_equal(pipe_ring_write(&r, in, 2 * PG + 5, copy, &c), 2 * PG + 5);
	uint64_t head = r.head, tail = r.tail;

	void **small = alloc_pages(2);
	assert_int_equal(pipe_ring_resize(&r, small, 2), -EBUSY); /* 2 pages cannot hold 2 pages + 5 */
	assert_ptr_not_equal(r.pages, small);
	free_pages(small, 2);
	assert_int_equal(pipe_ring_resize(&r, NULL, 0), -EINVAL);

	uint32_t sizes[] = { 3, 7, 5, 16, 3 }; /* not only powers of two; shrink to exactly fit works */
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		void **old = r.pages;
		uint32_t oldn = r.npages;
		void **np = alloc_pages(sizes[i]);
		assert_int_equal(pipe_ring_resize(&r, np, sizes[i]), 0);
		free_pages(old, oldn);
		assert_int_equal(r.npages, sizes[i]);
		assert_int_equal(pipe_ring_cap(&r), sizes[i] * PG);
		assert_int_equal(r.head, head); /* byte numbers are kept */
		assert_int_equal(r.tail, tail);
		memset(out, 0, sizeof out);
		assert_int_equal(pipe_ring_peek(&r, tail, head, out, sizeof out), 2 * PG + 5);
		assert_memory_equal(out, in, 2 * PG + 5);
	}
	assert_int_equal(pipe_ring_read(&r, out, sizeof out, copy, &c), 2 * PG + 5);
	assert_memory_equal(out, in, 2 * PG + 5);

	/* an empty ring shrinks to one page */
	void **old = r.pages;
	uint32_t oldn = r.npages;
	void **one = alloc_pages(1);
	assert_int_equal(pipe_ring_resize(&r, one, 1), 0);
	free_pages(old, oldn);
	assert_int_equal(pipe_ring_write(&r, in, 3 * PG, copy, &c), PG);
	destroy(&r);
}

/* Random writes, reads, peeks, resizes and faults against a model: byte number i always holds pattern(i), so
 * the model is just the two counters. */
static void test_random_against_model(void **state)
{
	(void)state;
	unsigned char *src = malloc(20 * PG), *buf = malloc(20 * PG), *want = malloc(20 * PG);
	uint64_t start = 5 * PG + 17;
	struct pipe_ring r = make(PIPE_DEF_BUFFERS, start);
	uint64_t mhead = start, mtail = start; /* the model */
	uint64_t valid = start;                /* bytes [valid, mhead) hold what was written */
	int ops[4] = { 0 };
	srand(2024);
	for (int op = 0; op < 20000; op++) {
		int kind = rand() % 10;
		size_t n = (size_t)rand() % (rand() % 4 ? 2 * PG : 20 * PG);
		struct copy_ctx c = { .fail_at = rand() % 20 == 0 ? 1 + rand() % 3 : 0 };
		size_t cap = (size_t)r.npages * PG;
		if (kind < 4) {
			pattern(src, n, mhead);
			long w = pipe_ring_write(&r, src, n, copy, &c);
			size_t fit = n < cap - (mhead - mtail) ? n : cap - (mhead - mtail);
			if (c.fail_at && c.fail_at <= c.calls)
				assert_true(w == -EFAULT || (w >= 0 && (size_t)w < fit));
			else
				assert_int_equal(w, (long)fit);
			if (w > 0)
				mhead += (uint64_t)w;
			if (mhead - valid > cap)
				valid = mhead - cap;
			ops[0]++;
		} else if (kind < 8) {
			long got = pipe_ring_read(&r, buf, n, copy, &c);
			size_t avail = n < mhead - mtail ? n : (size_t)(mhead - mtail);
			if (c.fail_at && c.fail_at <= c.calls)
				assert_true(got == -EFAULT || (got >= 0 && (size_t)got < avail));
			else
				assert_int_equal(got, (long)avail);
			if (got > 0) {
				pattern(want, (size_t)got, mtail);
				assert_memory_equal(buf, want, (size_t)got);
				mtail += (uint64_t)got;
			}
			ops[1]++;
		} else if (kind == 8) {
			/* what pipe.c peeks: bytes just read (before tail) and bytes just written (before head) */
			uint64_t back = (uint64_t)(rand() % (cap + 100));
			uint64_t a = (rand() % 2 ? mtail : mhead) - back, b = a + (uint64_t)(rand() % (cap + 200));
			size_t got = pipe_ring_peek(&r, a, b, buf, n);
			uint64_t oldest = mhead - (mhead < cap ? mhead : cap);
			uint64_t lo = a > oldest ? a : oldest, hi = b < mhead ? b : mhead;
			size_t exp = lo >= hi ? 0 : (size_t)(hi - lo) < n ? (size_t)(hi - lo) : n;
			assert_int_equal(got, exp);
			if (got > 0 && lo + got > valid) { /* the bytes from `valid` on must be right */
				size_t skip = lo >= valid ? 0 : (size_t)(valid - lo);
				pattern(want, got - skip, lo + skip);
				assert_memory_equal(buf + skip, want, got - skip);
			}
			ops[2]++;
		} else {
			uint32_t np = 1 + (uint32_t)(rand() % 40);
			void **pages = alloc_pages(np), **old = r.pages;
			uint32_t oldn = r.npages;
			int res = pipe_ring_resize(&r, pages, np);
			if (mhead - mtail > (uint64_t)np * PG) {
				assert_int_equal(res, -EBUSY);
				free_pages(pages, np);
			} else {
				assert_int_equal(res, 0);
				free_pages(old, oldn);
				uint64_t keep = (uint64_t)(oldn < np ? oldn : np) * PG; /* the last min(caps) bytes move */
				if (mhead - valid > keep)
					valid = mhead - keep;
			}
			ops[3]++;
		}
		assert_int_equal(r.head, mhead);
		assert_int_equal(r.tail, mtail);
		assert_true(pipe_ring_used(&r) <= pipe_ring_cap(&r));
	}
	assert_true(mhead - start > 16 << 20); /* it moved a good amount through every kind of operation */
	assert_true(ops[0] > 1000 && ops[1] > 1000 && ops[2] > 1000 && ops[3] > 1000);
	destroy(&r);
	free(src);
	free(buf);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_drain), cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_fault),	   cmocka_unit_test(test_peek),
		cmocka_unit_test(test_resize),	   cmocka_unit_test(test_random_against_model),
	};
	return cmocka_run_group_tests_name("pipe_ring", tests, NULL, NULL);
}
