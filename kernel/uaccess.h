/* kernel/uaccess.h: the only way the kernel touches user memory (kernel/uaccess.c). Every call checks the range
 * against the current process's mappings by walking its page tables (allocating pages of its vmas on first
 * touch), so a bad pointer gives -EFAULT and never a kernel fault. */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H
#include "kernel/types.h"

struct mm;
/* copy_from_user: n bytes from user address usrc to kernel dst. 0 or -EFAULT (then dst is partly written). */
int copy_from_user(void *dst, u64 usrc, size_t n);
/* copy_to_user: n bytes from kernel src to user address udst (must be writable). 0 or -EFAULT. */
int copy_to_user(u64 udst, const void *src, size_t n);
/* copy_to_user_partial: as copy_to_user, but the bytes before the first unwritable page are copied: returns how
 * many were (n when all were). For the short-count rule of partial transfers (a read whose buffer runs into an
 * unmapped page returns what fit; Linux's copy_to_user returns the bytes it could not copy, read(2)). */
size_t copy_to_user_partial(u64 udst, const void *src, size_t n);
/* copy_from_user_partial: as copy_from_user, but the bytes before the first unreadable page are copied:
 * returns how many were (n when all were); the short-count rule of write(2). */
size_t copy_from_user_partial(void *dst, u64 usrc, size_t n);
/* clear_user: zero n bytes at udst. 0 or -EFAULT. */
int clear_user(u64 udst, size_t n);
/* strncpy_from_user: a NUL-terminated string at usrc into dst (size bytes). Returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL is within size - 1 bytes. */
long strncpy_from_user(char *dst, u64 usrc, size_t size);
/* copy_to_mm / copy_from_mm: the same for a given address space (execve builds the new stack with it). */
int copy_to_mm(struct mm *mm, u64 udst, const void *src, size_t n);
int copy_from_mm(struct mm *mm, void *dst, u64 usrc, size_t n);

/* Adapters for ipc/pipe_ring.h: copy with one side in the current process's memory.
 * ctx is unused. dst/src user side is a user address passed as a pointer. */
int pipe_copy_from_user(void *dst, const void *usrc, size_t n, void *ctx);
int pipe_copy_to_user(void *udst, const void *src, size_t n, void *ctx);
#endif
