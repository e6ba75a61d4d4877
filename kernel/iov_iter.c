/* kernel/iov_iter.c: copying through a list of user buffers (kernel/uio.h; Linux lib/iov_iter.c). */
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "kernel/uio.h"
#include "kernel/vm.h"

/* user_range_ok: Linux's access_ok: [a, a + n) lies below the top of user space. */
static bool user_range_ok(u64 a, u64 n) { return a + n >= a && a + n <= USER_TOP; }

int import_iovec(u64 uvec, u64 nr_segs, struct iov_iter *i)
{
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	size_t total = 0;
	for (u64 k = 0; k < nr_segs; k++) {
		struct iovec_k v;
		if (copy_from_user(&v, uvec + k * sizeof v, sizeof v))
			return -EFAULT;
		if ((s64)v.iov_len < 0)
			return -EINVAL;
		if (!user_range_ok(v.iov_base, v.iov_len))
			return -EFAULT;
		total += MIN(v.iov_len, MAX_RW_COUNT - total);
	}
	*i = (struct iov_iter){ .next = uvec, .nr_segs = (u32)nr_segs, .count = total };
	return 0;
}

int import_single_range(u64 buf, size_t len, struct iov_iter *i)
{
	len = MIN(len, MAX_RW_COUNT);
	if (!user_range_ok(buf, len))
		return -EFAULT;
	*i = (struct iov_iter){ .seg = { buf, len }, .count = len };
	return 0;
}

/* next_segment: make seg a segment with bytes left (reading the following iovec entries from user memory);
 * false when none is left or the array can no longer be read. */
static bool next_segment(struct iov_iter *i)
{
	while (i->seg.iov_len == 0) {
		if (i->nr_segs == 0 || copy_from_user(&i->seg, i->next, sizeof i->seg))
			return false;
		i->next += sizeof i->seg;
		i->nr_segs--;
	}
	return true;
}

/* iterate: n bytes between kernel buf and the user's buffers, one segment piece at a time. */
static size_t iterate(void *buf, size_t n, struct iov_iter *i, bool to_user)
{
	size_t done = 0;
	n = MIN(n, i->count);
	while (done < n && next_segment(i)) {
		size_t k = MIN(n - done, i->seg.iov_len);
		char *p = (char *)buf + done;
		if (to_user ? copy_to_user(i->seg.iov_base, p, k) : copy_from_user(p, i->seg.iov_base, k))
			break;
		i->seg.iov_base += k;
		i->seg.iov_len -= k;
		i->count -= k;
		done += k;
	}
	return done;
}

size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i) { return iterate(dst, n, i, false); }
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i) { return iterate((void *)src, n, i, true); }
