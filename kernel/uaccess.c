/* kernel/uaccess.c: user memory access by page-table walk (kernel/uaccess.h). Each page of the range is looked up
 * in the mm (vm_page), which checks the vma's protection, so the kernel never dereferences a user pointer. */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

/* xfer: copy n bytes between kernel buf and user address ua of mm, page by page; to_user selects the direction;
 * buf == NULL with to_user zeroes. Returns how many bytes were copied before the first page that is not there, not
 * allowed or past user space (n: all of them). */
static size_t xfer(struct mm *mm, u64 ua, void *buf, size_t n, bool to_user)
{
	if (!mm || ua >= USER_TOP)
		return 0;
	size_t end = MIN(n, USER_TOP - ua); /* user space ends at USER_TOP */
	char *k = buf;
	size_t done = 0;
	while (done < end) {
		size_t off = ua & (PAGE_SIZE - 1);
		size_t chunk = MIN(end - done, PAGE_SIZE - off);
		char *page = vm_page(mm, ua - off, to_user ? VM_WRITE : VM_READ);
		if (!page)
			break;
		if (!to_user)
			memcpy(k, page + off, chunk);
		else if (k)
			memcpy(page + off, k, chunk);
		else
			memset(page + off, 0, chunk);
		if (k)
			k += chunk;
		ua += chunk;
		done += chunk;
	}
	return done;
}

/* xfer_all: xfer of all n bytes or -EFAULT; nothing to copy never faults, wherever ua points (Linux's
 * copy_to_user of 0 bytes). */
static int xfer_all(struct mm *mm, u64 ua, void *buf, size_t n, bool to_user)
{
	return !n || xfer(mm, ua, buf, n, to_user) == n ? 0 : -EFAULT;
}

size_t copy_to_user_partial(u64 udst, const void *src, size_t n) { return xfer(current->mm, udst, (void *)src, n, true); }
size_t copy_from_user_partial(void *dst, u64 usrc, size_t n) { return xfer(current->mm, usrc, dst, n, false); }

int copy_from_user(void *dst, u64 usrc, size_t n) { return xfer_all(current->mm, usrc, dst, n, false); }
int copy_to_user(u64 udst, const void *src, size_t n) { return xfer_all(current->mm, udst, (void *)src, n, true); }
int clear_user(u64 udst, size_t n) { return xfer_all(current->mm, udst, NULL, n, true); }
int copy_to_mm(struct mm *mm, u64 udst, const void *src, size_t n) { return xfer_all(mm, udst, (void *)src, n, true); }
int copy_from_mm(struct mm *mm, void *dst, u64 usrc, size_t n) { return xfer_all(mm, usrc, dst, n, false); }

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
