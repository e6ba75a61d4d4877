/* kernel/mmap.c: brk(2), mmap(2) (anonymous: private, or shared with the children forked afterwards through a
 * struct shmem, kernel/shmem.c; of a regular file: shared, the file's own pages, or private, a copy made at
 * first touch), munmap(2), mprotect(2), msync(2), madvise(2), the mlock(2) family. Pages are allocated or
 * looked up on first touch (kernel/vm.c). */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/shmem.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/vm.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03 /* MAP_SHARED whose other flags must all be known (mmap(2)) */
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

#define DEV_ZERO ((1u << 8) | 5) /* /dev/zero's device number, 1:5 */

/* mmap_file_check: may file f be mapped with type (MAP_SHARED or MAP_PRIVATE) and prot? Sets *maxprot, the
 * protections mprotect may give the mapping later. 0; -EACCES when f is not open for reading, or for a writable
 * shared mapping when not open for writing or open for appending; -ENODEV for a file that cannot be mapped (a
 * FIFO, a directory, a device other than /dev/zero) (mmap(2) ERRORS; Linux mm/mmap.c do_mmap). */
static int mmap_file_check(struct file *f, u32 type, u64 prot, u32 *maxprot)
{
	u32 acc = f->flags & O_ACCMODE;
	*maxprot = VM_READ | VM_WRITE | VM_EXEC;
	if (type == MAP_SHARED) {
		if (acc != O_RDWR || (f->flags & O_APPEND))
			*maxprot &= ~VM_WRITE;
		if ((prot & PROT_WRITE) && !(*maxprot & VM_WRITE) && acc != O_WRONLY)
			return -EACCES;
	}
	if (acc == O_WRONLY)
		return -EACCES;
	return f->ops == &ramfs_file_ops ? 0 : -ENODEV; /* the access checks come first (Linux do_mmap) */
}

/* get_unmapped_area: where a new mapping of len bytes goes without MAP_FIXED: the first free range at or above the
 * hint, else the first from USER_MMAP_BASE (a hint of 0: from there at once); 0 when there is no room (Linux
 * mm/mmap.c get_unmapped_area, bottom-up). */
static u64 get_unmapped_area(struct mm *mm, u64 hint, u64 len)
{
	u64 addr = vm_free_range(mm, hint ? hint : USER_MMAP_BASE, len);
	return addr ? addr : vm_free_range(mm, USER_MMAP_BASE, len);
}

/* mmap(addr, len, prot, flags, fd, off): map len bytes: anonymous memory (MAP_ANONYMOUS, or /dev/zero), or a
 * regular file from byte off (a multiple of the page size) on. In Linux's order: -EINVAL for an unaligned off,
 * -EBADF, -EINVAL for len 0, -ENOMEM for a length past user space, -EOVERFLOW when the page count wraps,
 * -EINVAL for an unaligned addr with MAP_FIXED, -EPERM for one below the lowest mappable address (but for root),
 * -EOVERFLOW when off + len passes a file's largest offset, -EINVAL for a type other than MAP_PRIVATE / MAP_SHARED
 * (MAP_SHARED_VALIDATE for a file), -EACCES, -ENODEV for the file (mmap_file_check); -EEXIST for
 * MAP_FIXED_NOREPLACE over a mapping; -ENOMEM when no room is left, or for private writable or shared anonymous
 * memory larger than RAM (after MAP_FIXED has unmapped the range, as Linux 6.1). A touch of a file mapping past
 * the end of its file is SIGBUS. */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	struct mm *mm = current->mm;
	u32 type = flags & MAP_TYPE;
	/* Linux's order: arm64's sys_mmap (the offset), ksys_mmap_pgoff (the descriptor), do_mmap (the length),
	 * get_unmapped_area (room, a fixed address), file_mmap_ok (the offset's end), then the type and the file,
	 * mmap_region (MAP_FIXED's unmapping, then the memory's accounting). */
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	struct file *f = NULL;
	if (!(flags & MAP_ANONYMOUS) && !(f = fd_file((int)fd)))
		return -EBADF;
	if (!len)
		return -EINVAL;
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if (size < len)
		return -ENOMEM; /* rounds up past the top */
	if (off / PAGE_SIZE + size / PAGE_SIZE < off / PAGE_SIZE)
		return -EOVERFLOW;
	if (size > USER_TOP)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr + size > USER_TOP || addr + size < addr)
			return -ENOMEM;
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr < USER_MIN_ADDR && !cred_capable())
			return -EPERM; /* below mmap_min_addr: CAP_SYS_RAWIO only (Linux commoncap.c cap_mmap_addr) */
	}
	bool devzero = f && f->inode && S_ISCHR(f->inode->mode) && f->inode->rdev == DEV_ZERO;
	if (f && type == MAP_SHARED_VALIDATE)
		type = MAP_SHARED; /* no flag here needs validating */
	/* Linux file_mmap_ok (file_mmap_size_max): a regular file's and a socket's offsets end at MAX_LFS_FILESIZE,
	 * other files' only where they wrap */
	bool lfs = (f && f->inode && S_ISREG(f->inode->mode)) || sock_from_file(f);
	if (f && !devzero && (off + size < off || (lfs && off + size > MAX_LFS_FILESIZE)))
		return -EOVERFLOW;
	if (type != MAP_PRIVATE && type != MAP_SHARED)
		return -EINVAL;
	struct inode *ino = NULL;
	u32 maxprot = VM_READ | VM_WRITE | VM_EXEC;
	if (devzero) {
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		/* /dev/zero maps as anonymous memory (Linux: shmem for MAP_SHARED) */
	} else if (f) {
		int r = mmap_file_check(f, type, prot, &maxprot);
		if (r)
			return r;
		ino = f->inode;
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (flags & MAP_FIXED_NOREPLACE) {
			for (u64 a = addr; a < addr + size; a += PAGE_SIZE)
				if (vma_find(mm, a))
					return -EEXIST;
		} else if (vm_unmap(mm, addr, addr + size)) {
			return -ENOMEM;
		}
	} else if (!(addr = get_unmapped_area(mm, addr, size))) {
		return -ENOMEM;
	}
	/* Memory that may need a page of its own for every page (private writable, or shared anonymous) is refused
	 * when one mapping needs more than there is (Linux's overcommit heuristic, __vm_enough_memory), and only
	 * after MAP_FIXED has removed what was there (Linux 6.1's mmap_region: what was mapped stays unmapped). */
	if (((type == MAP_PRIVATE && (prot & PROT_WRITE)) || (!f && type == MAP_SHARED)) &&
	    size / PAGE_SIZE > pages_total())
		return -ENOMEM;
	struct shmem *shared = NULL;
	if (!ino && type == MAP_SHARED && !(shared = shmem_create(size / PAGE_SIZE)))
		return -ENOMEM;
	u32 kind = ino ? (type == MAP_SHARED ? VMA_FILE : VMA_FILE_PRIVATE) : shared ? VMA_SHARED : VMA_ANON;
	int r = vma_insert(mm, addr, addr + size, prot_to_vm(prot), kind);
	if (r) {
		if (shared)
			shmem_put(shared);
		return r == -EINVAL ? -ENOMEM : r;
	}
	if (shared)
		vma_find(mm, addr)->shmem = shared;
	if (ino)
		vma_set_file(mm, addr, ino, off / PAGE_SIZE, maxprot);
	trace_map_create(mm, vma_find(mm, addr), addr, addr + size, "mmap");
	return (long)addr;
}

/* munmap(addr, len): -EINVAL for an unaligned addr, a range past the top of user space, or len 0; unmapping
 * nothing is fine (Linux mm/mmap.c do_vmi_munmap). */
SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	if ((addr & (PAGE_SIZE - 1)) || addr > USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if (!size)
		return -EINVAL;
	return vm_unmap(current->mm, addr, addr + size);
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

/* mremap_check: Linux's vma_to_resize: the vma holding addr, where [addr, addr + old_len) may become new_len
 * bytes. -EFAULT for no mapping at addr, one that [addr, addr + old_len) leaves, or growth of the vDSO (a special
 * mapping: VM_DONTEXPAND); -EINVAL for old_len 0 of a private mapping (a "duplicate" only makes sense shared), for
 * MREMAP_DONTUNMAP of the vDSO, or an offset that would wrap. */
static long mremap_check(struct mm *mm, u64 addr, u64 old_len, u64 new_len, u64 flags, struct vma **vp)
{
	struct vma *v = vma_find(mm, addr);
	if (!v)
		return -EFAULT;
	bool shared = v->kind == VMA_SHARED || v->kind == VMA_FILE || v->kind == VMA_SHM;
	if (!old_len && !shared)
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && v->kind == VMA_VDSO)
		return -EINVAL;
	if (old_len > v->end - addr)
		return -EFAULT; /* across vmas */
	*vp = v;
	if (new_len == old_len)
		return 0;
	u64 pgoff = v->pgoff + (addr - v->start) / PAGE_SIZE;
	if (pgoff + new_len / PAGE_SIZE < pgoff)
		return -EINVAL;
	if (v->kind == VMA_VDSO)
		return -EFAULT;
	return 0;
}

/* mremap(addr, old_len, new_len, flags, new_addr): resize the mapping at addr from old_len to new_len bytes (both
 * rounded up to pages), in place when it can; with MREMAP_MAYMOVE, elsewhere when it cannot; with MREMAP_FIXED,
 * at new_addr (what was mapped there is unmapped first); with MREMAP_DONTUNMAP, moved to a new place (same size)
 * while the old range stays mapped, empty. The pages move with their contents. Returns the mapping's address.
 * Errors in Linux's order (mm/mremap.c): -EINVAL for unknown flags, MREMAP_FIXED or MREMAP_DONTUNMAP without
 * MREMAP_MAYMOVE, MREMAP_DONTUNMAP with another size, an unaligned addr, new_len 0; -EFAULT, -EINVAL from
 * mremap_check; with MREMAP_FIXED: -EINVAL for an unaligned new_addr, a range past user space or one overlapping
 * the old; -ENOMEM when the mapping can neither grow in place nor move (no MREMAP_MAYMOVE, or no room). A shared
 * mapping made longer than its memory gives SIGBUS past the end, as mmap does for a file. */
SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len, unsigned long, flags,
		unsigned long, new_addr)
{
	struct mm *mm = current->mm;
	if (flags & ~(u64)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!new_len)
		return -EINVAL;
	struct vma *v;
	if (!vma_find(mm, addr))
		return -EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) { /* Linux's mremap_to */
		if (flags & MREMAP_FIXED) {
			if (new_addr & (PAGE_SIZE - 1))
				return -EINVAL;
			if (new_len > USER_TOP || new_addr > USER_TOP - new_len)
				return -EINVAL;
			if (addr + old_len > new_addr && new_addr + new_len > addr)
				return -EINVAL; /* the two ranges overlap */
			if (vm_unmap(mm, new_addr, new_addr + new_len))
				return -ENOMEM;
		}
		if (old_len > new_len) {
			if (vm_unmap(mm, addr + new_len, addr + old_len))
				return -ENOMEM;
			old_len = new_len;
		}
		long r = mremap_check(mm, addr, old_len, new_len, flags, &v);
		if (r)
			return r;
		if ((flags & MREMAP_FIXED) && new_addr < USER_MIN_ADDR && !cred_capable())
			return -EPERM; /* below mmap_min_addr, CAP_SYS_RAWIO only (get_unmapped_area's security_mmap_addr) */
		if (!(flags & MREMAP_FIXED) && !(new_addr = get_unmapped_area(mm, new_addr, new_len)))
			return -ENOMEM;
		r = vm_move(mm, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
		return r ? r : (long)new_addr;
	}
	if (old_len >= new_len) { /* shrinking always works: the end is unmapped */
		if (old_len > new_len && vm_unmap(mm, addr + new_len, addr + old_len))
			return -ENOMEM;
		return (long)addr;
	}
	long r = mremap_check(mm, addr, old_len, new_len, flags, &v);
	if (r)
		return r;
	if (old_len == v->end - addr && !vm_expand(mm, addr, old_len, new_len))
		return (long)addr;
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (!(new_addr = get_unmapped_area(mm, 0, new_len)))
		return -ENOMEM;
	r = vm_move(mm, addr, old_len, new_addr, new_len, false);
	return r ? r : (long)new_addr;
}

#define PROT_SEM 0x8 /* accepted and meaningless, as on every Linux architecture that allows it */
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000

/* mprotect(addr, len, prot), in Linux's order (mm/mprotect.c do_mprotect_pkey): -EINVAL for both PROT_GROWSDOWN
 * and PROT_GROWSUP (one of them is accepted and changes nothing here), for an unaligned addr;
 * len 0 is done; -ENOMEM for a range that wraps; -EINVAL for unknown prot bits; -ENOMEM when part of the range is
 * not mapped. */
SYSCALL_DEFINE3(mprotect, unsigned long, addr, size_t, len, unsigned long, prot)
{
	u64 grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL; /* not both, before anything else */
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if (addr + size <= addr)
		return -ENOMEM;
	if (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	if (addr + size > USER_TOP)
		return -ENOMEM;
	return vm_protect(current->mm, addr, addr + size, prot_to_vm(prot));
}

/* mapped_range: [start, end) is wholly mapped in mm. */
static bool mapped_range(struct mm *mm, u64 start, u64 end)
{
	for (u64 a = start; a < end;) {
		struct vma *v = vma_find(mm, a);
		if (!v)
			return false;
		a = v->end;
	}
	return true;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/* msync(addr, len, flags): write a file mapping's changes back to its file. A shared file mapping here is the
 * file's own pages, so there is nothing to write: the call checks its arguments. -EINVAL for an unaligned addr,
 * unknown flags, or MS_ASYNC with MS_SYNC; -ENOMEM when part of the range is not mapped (msync(2)). */
SYSCALL_DEFINE3(msync, unsigned long, addr, size_t, len, int, flags)
{
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	u64 size = ALIGN_UP(len, PAGE_SIZE); /* a length that rounds past the top is 0: done (Linux mm/msync.c) */
	if (addr + size < addr)
		return -ENOMEM;
	if (!size)
		return 0;
	if (addr + size > USER_TOP)
		return -ENOMEM;
	return mapped_range(current->mm, addr, addr + size) ? 0 : -ENOMEM;
}

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_MERGEABLE 12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17
#define MADV_COLD 20
#define MADV_PAGEOUT 21

/* madvise(addr, len, advice): MADV_DONTNEED drops the range's pages: the next touch of private memory finds zeros
 * (anonymous) or the file's bytes again (a private file mapping); shared memory keeps its contents. The other
 * advice Linux takes is accepted and changes nothing here (MADV_FREE may keep the contents, as Linux allows).
 * -EINVAL for unknown advice, an unaligned addr or a length that wraps; len 0 is done; -ENOMEM when part of the
 * range is not mapped (madvise(2)). */
SYSCALL_DEFINE3(madvise, unsigned long, addr, size_t, len, int, advice)
{
	/* Linux's order (mm/madvise.c do_madvise): the advice, the alignment, then the length */
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED: case MADV_DONTNEED:
	case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: /* page merging and huge pages are invisible to a program */
	case MADV_DONTDUMP: case MADV_DODUMP:       /* there are no core dumps */
	case MADV_COLD: case MADV_PAGEOUT:          /* nothing is paged out */
		break;
	default:
		return -EINVAL;
	}
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	u64 size = ALIGN_UP(len, PAGE_SIZE);
	if ((len && !size) || addr + size < addr)
		return -EINVAL; /* a length that rounds up past the top wraps to zero */
	if (!size)
		return 0;
	if (addr + size > USER_TOP)
		return -ENOMEM;
	if (!mapped_range(current->mm, addr, addr + size))
		return -ENOMEM;
	if (advice == MADV_DONTNEED)
		vm_zap(current->mm, addr, addr + size);
	return 0;
}

/* mlock(addr, len), munlock(addr, len), mlock2(addr, len, flags): keep pages in memory. Nothing is ever paged
 * out here, so they only check that the range is mapped: -ENOMEM when it is not (or, for mlock and mlock2
 * without MLOCK_ONFAULT, when part of it is PROT_NONE), -EINVAL for a range that wraps
 * or unknown mlock2
 * flags (mlock(2)); the range is widened to whole pages. mlockall(flags) / munlockall(): -EINVAL for flags
 * without MCL_CURRENT or MCL_FUTURE (or with unknown bits), else 0. */
static long mlock_range(u64 addr, size_t len, bool populate)
{
	/* Linux mm/mlock.c: the length with addr's offset, in whole pages; wrapping is -EINVAL, nothing is done */
	u64 start = ALIGN_DOWN(addr, PAGE_SIZE), end = start + ALIGN_UP(len + (addr - start), PAGE_SIZE);
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (end > USER_TOP)
		return -ENOMEM;
	/* every page mapped; mlock also brings the pages in, which a PROT_NONE page refuses (Linux __mm_populate:
	 * EFAULT, reported as ENOMEM) */
	for (u64 a = start; a < end;) {
		struct vma *v = vma_find(current->mm, a);
		if (!v || (populate && !(v->prot & VM_READ)))
			return -ENOMEM;
		a = v->end;
	}
	return 0;
}
SYSCALL_DEFINE2(mlock, unsigned long, addr, size_t, len) { return mlock_range(addr, len, true); }
SYSCALL_DEFINE2(munlock, unsigned long, addr, size_t, len) { return mlock_range(addr, len, false); }
#define MLOCK_ONFAULT 1
SYSCALL_DEFINE3(mlock2, unsigned long, addr, size_t, len, int, flags)
{
	return flags & ~MLOCK_ONFAULT ? -EINVAL : mlock_range(addr, len, !(flags & MLOCK_ONFAULT));
}
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4
SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!(flags & (MCL_CURRENT | MCL_FUTURE)) || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)))
		return -EINVAL;
	return 0;
}
SYSCALL_DEFINE0(munlockall) { return 0; }
