/* kernel/mmap.c: brk(2), mmap(2) (anonymous: private, or shared with the children forked afterwards through a
 * struct shmem, kernel/shmem.c), munmap(2), mprotect(2). Pages are allocated on first touch (kernel/vm.c). */
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/shmem.h"
#include "kernel/syscall.h"
#include "kernel/vm.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000

static u32 prot_to_vm(u64 prot) { return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE | VM_READ : 0) | (prot & PROT_EXEC ? VM_EXEC | VM_READ : 0); }

/* brk(addr): move the end of the heap; returns the new end, or the old one when addr is 0, below the start,
 * or cannot be mapped (Linux's brk never fails with an errno: musl reads the result). */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm *mm = current->mm;
	u64 want = brk, old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end = ALIGN_UP(want, PAGE_SIZE);
	if (want < mm->brk_start || want >= USER_MMAP_BASE)
		return (long)mm->brk;
	if (new_end > old_end) {
		if (vma_insert(mm, old_end, new_end, VM_READ | VM_WRITE, VMA_BRK))
			return (long)mm->brk;
	} else if (new_end < old_end) {
		vm_unmap(mm, new_end, old_end);
	}
	mm->brk = want;
	return (long)want;
}

/* mmap(addr, len, prot, flags, fd, off): anonymous mappings only: -ENODEV for a file descriptor (there are
 * no mappable files yet), -EINVAL for len 0, an unaligned addr with MAP_FIXED or a missing MAP_PRIVATE /
 * MAP_SHARED, -ENOMEM when no room is left, -EEXIST for MAP_FIXED_NOREPLACE over a mapping. */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	struct mm *mm = current->mm;
	u32 type = flags & MAP_TYPE;
	if (!len || (type != MAP_PRIVATE && type != MAP_SHARED))
		return -EINVAL;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return (int)fd < 0 ? -EBADF : -ENODEV;
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if (size < len || size > USER_TOP)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr + size > USER_TOP || addr + size < addr || addr < USER_MIN_ADDR)
			return -ENOMEM;
		if (flags & MAP_FIXED_NOREPLACE) {
			for (u64 a = addr; a < addr + size; a += PAGE_SIZE)
				if (vma_find(mm, a))
					return -EEXIST;
		} else if (vm_unmap(mm, addr, addr + size)) {
			return -ENOMEM;
		}
	} else {
		addr = vm_free_range(mm, addr ? addr : USER_MMAP_BASE, size);
		if (!addr)
			addr = vm_free_range(mm, USER_MMAP_BASE, size);
		if (!addr)
			return -ENOMEM;
	}
	struct shmem *shared = NULL;
	if (type == MAP_SHARED && !(shared = shmem_create(size / PAGE_SIZE)))
		return -ENOMEM;
	int r = vma_insert(mm, addr, addr + size, prot_to_vm(prot), shared ? VMA_SHARED : VMA_ANON);
	if (r) {
		if (shared)
			shmem_put(shared);
		return r == -EINVAL ? -ENOMEM : r;
	}
	if (shared)
		vma_find(mm, addr)->shmem = shared;
	return (long)addr;
}

/* munmap(addr, len): -EINVAL for an unaligned addr or len 0; unmapping nothing is fine. */
SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if ((addr & (PAGE_SIZE - 1)) || !len || addr + size < addr || addr + size > USER_TOP)
		return -EINVAL;
	return vm_unmap(current->mm, addr, addr + size);
}

/* mprotect(addr, len, prot): -EINVAL for an unaligned addr or unknown prot bits, -ENOMEM when part of the
 * range is not mapped. */
SYSCALL_DEFINE3(mprotect, unsigned long, addr, size_t, len, unsigned long, prot)
{
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if ((addr & (PAGE_SIZE - 1)) || (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (addr + size < addr || addr + size > USER_TOP)
		return -ENOMEM;
	if (!size)
		return 0;
	return vm_protect(current->mm, addr, addr + size, prot_to_vm(prot));
}
