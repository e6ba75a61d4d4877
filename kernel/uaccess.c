/* kernel/uaccess.c: user memory access by page-table walk (kernel/uaccess.h). Each page of the range is looked up
 * in the mm (vm_page), which checks the vma's protection, so the kernel never dereferences a user pointer. */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

/* xfer: copy n bytes between kernel buf and user address ua of mm; to_user selects the direction;
 * buf == NULL with to_user zeroes. */
static int xfer(struct mm *mm, u64 ua, void *buf, size_t n, bool to_user)
{
	if (!n)
		return 0; /* nothing to copy never faults, wherever ua points (Linux's copy_to_user of 0 bytes) */
	if (!mm || ua + n < ua || ua + n > USER_TOP)
		return -EFAULT;
	char *k = buf;
	while (n) {
		size_t off = ua & (PAGE_SIZE - 1);
		size_t chunk = MIN(n, PAGE_SIZE - off);
		char *page = vm_page(mm, ua - off, to_user ? VM_WRITE : VM_READ);
		if (!page)
			return -EFAULT;
		if (!to_user)
			memcpy(k, page + off, chunk);
		else if (k)
			memcpy(page + off, k, chunk);
		else
			memset(page + off, 0, chunk);
		if (k)
			k += chunk;
		ua += chunk;
		n -= chunk;
	}
	return 0;
}

size_t copy_to_user_partial(u64 udst, const void *src, size_t n)
{
	size_t done = 0;
	while (done < n) { /* page by page: what lies before the first bad page is copied */
		size_t k = MIN(n - done, PAGE_SIZE - ((udst + done) & (PAGE_SIZE - 1)));
		if (copy_to_user(udst + done, (const char *)src + done, k))
			break;
		done += k;
	}
	return done;
}

size_t copy_from_user_partial(void *dst, u64 usrc, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, PAGE_SIZE - ((usrc + done) & (PAGE_SIZE - 1)));
		if (copy_from_user((char *)dst + done, usrc + done, k))
			break;
		done += k;
	}
	return done;
}

int copy_from_user(void *dst, u64 usrc, size_t n) { return xfer(current->mm, usrc, dst, n, false); }
int copy_to_user(u64 udst, const void *src, size_t n) { return xfer(current->mm, udst, (void *)src, n, true); }
int clear_user(u64 udst, size_t n) { return xfer(current->mm, udst, NULL, n, true); }
int copy_to_mm(struct mm *mm, u64 udst, const void *src, size_t n) { return xfer(mm, udst, (void *)src, n, true); }
int copy_from_mm(struct mm *mm, void *dst, u64 usrc, size_t n) { return xfer(mm, usrc, dst, n, false); }

long strncpy_from_user(char *dst, u64 usrc, size_t size)
{
	struct mm *mm = current->mm;
	size_t i = 0;
	while (i < size) {
		u64 ua = usrc + i;
		if (ua < usrc || ua >= USER_TOP)
			return -EFAULT;
		size_t off = ua & (PAGE_SIZE - 1);
		const char *page = vm_page(mm, ua - off, VM_READ);
		if (!page)
			return -EFAULT;
		for (; off < PAGE_SIZE && i < size; off++, i++) {
			dst[i] = page[off];
			if (!dst[i])
				return (long)i;
		}
	}
	if (size)
		dst[size - 1] = 0;
	return -ENAMETOOLONG;
}

int pipe_copy_from_user(void *dst, const void *usrc, size_t n, void *ctx) { return copy_from_user(dst, (u64)usrc, n); }
int pipe_copy_to_user(void *udst, const void *src, size_t n, void *ctx) { return copy_to_user((u64)udst, src, n); }
