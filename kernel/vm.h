/* kernel/vm.h: user address spaces (kernel/vm.c, kernel/mmap.c).
 * Each process has its own translation table in TTBR0 (39-bit VA, 4 KiB pages, 3 levels); its TLB entries are tagged
 * with ASID 0, shared by the address spaces that map few pages, or with an ASID of its own (kernel/vm.c says why).
 * A struct vma describes each mapped range; pages are allocated when first touched (a fault at EL0, or a
 * copy_to_user/copy_from_user walk), so a large stack or heap costs only what is used. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H
#include "kernel/types.h"

#define USER_TOP 0x8000000000UL        /* 512 GiB: end of TTBR0's range */
#define USER_STACK_TOP 0x7ffffff000UL
#define USER_STACK_SIZE (8UL << 20)    /* RLIMIT_STACK 8 MiB */
#define USER_MMAP_BASE 0x1000000000UL  /* first address mmap hands out */
#define USER_MIN_ADDR 0x1000UL         /* mmap_min_addr: 4096 on Debian 12's arm64 kernel (/proc/sys/vm/mmap_min_addr there) */

#define VM_READ 1u
#define VM_WRITE 2u
#define VM_EXEC 4u
/* vma kinds (for /proc-style dumps and the trace) */
#define VMA_ANON 0
#define VMA_ELF 1
#define VMA_STACK 2
#define VMA_BRK 3
#define VMA_SHM 4 /* a System V shared memory attachment: its pages are the segment's (ipc/shm.c) */
#define VMA_VDSO 5 /* the vDSO's image or data page: the kernel's pages, shared by all (arch/aarch64/vdso.c) */
#define VMA_SHARED 6 /* mmap(MAP_SHARED | MAP_ANONYMOUS): its pages are a struct shmem's (kernel/shmem.c) */
#define VMA_FILE 7 /* mmap(MAP_SHARED) of a regular file: its pages are the file's own (kernel/fs/ramfs_file.c) */
#define VMA_FILE_PRIVATE 8 /* mmap(MAP_PRIVATE) of a regular file: its own pages, a copy of the file's at first touch */

/* struct vma: [start, end) page-aligned, prot VM_*, kind VMA_*. Sorted by start in mm->vmas.
 * shm: for VMA_SHM, the attachment (ipc/shm.c's struct shm_attach); the vma's pages are never freed with it:
 * vm_page maps the segment's pages, and removing the vma (munmap, exit, exec) detaches instead. */
struct vma {
	u64 start, end;
	u32 prot, kind;
	struct vma *next;
	void *shm;
	struct shmem *shmem; /* VMA_SHARED: the shared memory it maps (one reference), from page pgoff on */
	struct inode *file;  /* VMA_FILE, VMA_FILE_PRIVATE: the file it maps (one reference), from page pgoff on */
	u64 pgoff;
	u32 maxprot;         /* the VM_* bits mprotect may give it: VM_WRITE only when the file was opened for
			      * writing, for a shared file mapping (mmap(2) EACCES); all for the others */
};

/* struct mm: an address space. pgd: level-1 table (kernel address); brk_start..brk: the heap (bytes);
 * arg_start..arg_end and env_start..env_end: where execve put the argument and environment strings, start_stack
 * the initial stack pointer (/proc/PID/cmdline and stat). */
/* MM_TLB_PAGES: how many user pages an address space may map and still share ASID 0 with the other small ones
 * (kernel/vm.c, "Address space identifiers"). */
#define MM_TLB_PAGES 48

struct mm {
	u64 *pgd;
	u64 asid, asid_gen; /* its own ASID and that ASID's generation, once it maps more than MM_TLB_PAGES pages */
	u32 tlb_nr;         /* how many of tlb_va are used; MM_TLB_PAGES + 1 once there were too many to list */
	u64 tlb_va[MM_TLB_PAGES]; /* every user page (its address) given an entry since the mm was made, while few */
	struct vma *vmas;
	u64 brk_start, brk;
	u64 arg_start, arg_end, env_start, env_end, start_stack;
	size_t pages; /* user pages allocated (not counting tables) */
	u64 vdso_base; /* where the vDSO image is mapped (AT_SYSINFO_EHDR, arch/aarch64/vdso.c); 0: none */
	int users;    /* processes using it (Linux's mm_users): more than one after clone(CLONE_VM), e.g. vfork */
	struct inode *exe_file; /* the program execve loaded into it (a reference; /proc/PID/exe), NULL for none */
	int tgid;     /* the process it is the address space of (fork, execve): the trace names its mappings by it */
};

/* mm_create: an empty address space; NULL when out of memory. */
struct mm *mm_create(void);
/* mm_destroy: free every page, table and vma of mm. It must not be the active TTBR0 (switch first). */
void mm_destroy(struct mm *mm);
/* mm_get: one more user of mm (clone with CLONE_VM); returns mm. mm_put: one user less; the last destroys it
 * (it must not be the active TTBR0 then: switch first). */
struct mm *mm_get(struct mm *mm);
void mm_put(struct mm *mm);
/* mm_copy: a copy of src for fork, the address space of process tgid: same vmas; every present page of its own is
 * shared copy-on-write (read-only in both until one writes it: vm_page, vm_user_fault). NULL when out of memory. */
struct mm *mm_copy(struct mm *src, int tgid);
/* vm_switch: make mm the TTBR0 address space (NULL: none). */
void vm_switch(struct mm *mm);

/* vma_insert: map [start, end) with prot/kind (no overlap allowed). Returns 0, -EINVAL, -ENOMEM. */
int vma_insert(struct mm *mm, u64 start, u64 end, u32 prot, u32 kind);
/* vma_find: the vma containing addr, or NULL. */
struct vma *vma_find(struct mm *mm, u64 addr);
/* vm_unmap: remove [start, end) from mm (splitting vmas, freeing pages). Returns 0 or -ENOMEM. */
int vm_unmap(struct mm *mm, u64 start, u64 end);
/* vm_expand: mremap's growth in place: the vma ending at addr + old_len (and containing addr) ends at
 * addr + new_len instead; the new pages are mapped on first touch. 0, or -ENOMEM when something else is mapped
 * there (Linux mm/mremap.c vma_expandable). */
int vm_expand(struct mm *mm, u64 addr, u64 old_len, u64 new_len);
/* vm_move: mremap's move: the pages of [old, old + old_len), which lies in one vma, go to [new, new + new_len)
 * (free: the caller made it so), new_len >= old_len, in a vma like the old one (same kind, protection, and file or
 * memory from the same offset); the rest of it is mapped on first touch. keep_old (MREMAP_DONTUNMAP): the old range
 * stays mapped, empty: its next touch maps zeros (anonymous memory), or the file's or shared memory's pages again.
 * Returns 0, or -ENOMEM with nothing changed (Linux mm/mremap.c move_vma). */
int vm_move(struct mm *mm, u64 old, u64 old_len, u64 new, u64 new_len, bool keep_old);
/* vm_zap: drop the pages mapped in [start, end) (madvise MADV_DONTNEED): a vma's own pages are freed (the next
 * touch gives zeros, or a private file mapping's bytes again), others' (shared memory, a file's) only unmapped. */
void vm_zap(struct mm *mm, u64 start, u64 end);
/* vm_protect: change the protection of [start, end), which must be fully mapped: 0, -ENOMEM (Linux), or
 * -EACCES to make the vDSO's pages writable (they are every process's: Linux refuses its data page the same way). */
int vm_protect(struct mm *mm, u64 start, u64 end, u32 prot);
/* vm_free_range: lowest address >= hint of a free, page-aligned gap of len bytes below the stack; 0 if none. */
u64 vm_free_range(struct mm *mm, u64 hint, u64 len);

/* vm_page: the kernel address of the page holding user address va in mm, allocating it when va lies in a
 * vma that allows the access. access: VM_READ, VM_WRITE or VM_EXEC. NULL when the access is not allowed
 * (no vma, wrong protection) or memory ran out. */
void *vm_page(struct mm *mm, u64 va, u32 access);
/* enum vm_fault: what a fault at EL0 comes to: fixed (the page is mapped now), SIGSEGV (no mapping there, or one
 * that forbids the access), SIGBUS (a file mapping past the end of its file, or its filesystem full: mmap(2)
 * "SIGBUS"), OOM (an access the mapping allows, but no free page: kernel/oom_kill.c, then try again). */
enum vm_fault { VM_FAULT_OK, VM_FAULT_SIGSEGV, VM_FAULT_SIGBUS, VM_FAULT_OOM };
/* vm_user_fault: a translation or permission fault at EL0 on far with access VM_READ, VM_WRITE or VM_EXEC. */
enum vm_fault vm_user_fault(struct mm *mm, u64 far, u32 access);
/* vma_set_file: make the new vma at start (just inserted) map file ino from page pgoff on, taking a reference;
 * maxprot as struct vma says. */
void vma_set_file(struct mm *mm, u64 start, struct inode *ino, u64 pgoff, u32 maxprot);
/* unmap_mapping_pages: remove every process's shared mapping of pages first.. of file ino (it is being truncated:
 * a later touch there is SIGBUS; Linux's unmap_mapping_pages). fs_lock held; takes proc_lock. */
void unmap_mapping_pages(struct inode *ino, u64 first);
/* vm_sync_icache: make instructions the kernel wrote at kernel address kva (len bytes) visible to instruction
 * fetch: clean the data cache to the point of unification, then invalidate the instruction cache. */
void vm_sync_icache(const void *kva, size_t len);
#endif
