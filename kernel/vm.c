/* kernel/vm.c: user page tables and vmas. VMSAv8-64, 4 KiB granule, T0SZ = 25: level 1 indexes VA[38:30],
 * level 2 VA[29:21], level 3 VA[20:12] (ARM ARM D8.2). User pages are non-global (nG), tagged with an ASID
 * (below); PXN always, so the kernel never executes user memory.
 * fork shares a process's own pages with its child copy-on-write (mm_copy): both map each page read-only with
 * PTE_COW set, and the first write by either, from EL0 or through the kernel's user copies (vm_page), gives the
 * writer a copy of its own (cow_break), or the page itself when nobody else maps it any more (Linux's do_wp_page). */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/include/sysregs.h"
#include "arch/aarch64/vdso/vdso.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/proc.h"
#include "kernel/shmem.h"
#include "kernel/trace_events.h"
#include "kernel/vm.h"

#define PT_ENTRIES 512
/* PTE_COW: a software bit (bits 58:55 of a page descriptor are ignored by the MMU: ARM ARM D8.3.2) marking a page
 * that fork made read-only because it is shared: a write copies it rather than failing. */
#define PTE_COW (UL(1) << 55)
#define ASID_MAX 256

/* Address space identifiers. A TLB entry for a user page is tagged with the ASID that was in TTBR0 when it was
 * made, so a switch between address spaces with different ASIDs needs no invalidation on real hardware (ARM ARM
 * D8.16). QEMU's TLB has no such tags: writing a new ASID into TTBR0 empties its whole TLB, the kernel's entries
 * and its cache of translated code included (target/arm/helper.c, vmsa_ttbr_write). After each such switch,
 * every kernel and user page touched is walked again: two processes passing a byte back and forth through a pipe
 * spend about two thirds of their time on it, where two threads of one process (one TTBR0) do not.
 *
 * So an address space that maps few pages (at most MM_TLB_PAGES: most small programs) shares ASID 0 with the
 * others like it, and lists the addresses of the pages it has mapped (mm->tlb_va). When another address space
 * takes TTBR0, the small one's entries are invalidated one page at a time (TLBI VAE1), which leaves the kernel's
 * entries alone. One that maps more gets an ASID of its own, allocated as Linux's arch/arm64/mm/context.c does
 * (a generation number; all ASIDs are invalidated when they run out).
 * Invariant: TLB entries tagged ASID 0 belong only to asid0_owner, the small address space last in TTBR0.
 * One CPU (scripts/qemu-ipclab runs -smp 1), so local invalidations (no IS) and dsb nsh suffice. */
#define ASID_SMALL 0
static spinlock_t asid_lock = SPINLOCK_INIT("asid");
static u64 asid_next = 1, asid_gen = 1;
static struct mm *asid0_owner;
/* empty_pgd: the level-1 table TTBR0 points at when no process's address space is in it: nothing is mapped. */
static u64 empty_pgd[512] __attribute__((aligned(4096)));

static inline unsigned idx(u64 va, int level) { return (va >> (39 - 9 * level)) & 511; }

/* walk: the level-3 entry for va, creating tables when alloc. NULL when absent (or out of memory). */
static u64 *walk(struct mm *mm, u64 va, bool alloc)
{
	u64 *table = mm->pgd;
	for (int level = 1; level < 3; level++) {
		u64 *e = &table[idx(va, level)];
		if (!(*e & PTE_VALID)) {
			if (!alloc)
				return NULL;
			void *t = page_alloc();
			if (!t)
				return NULL;
			*e = virt_to_phys(t) | PTE_TABLE | PTE_VALID;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[idx(va, 3)];
}

/* skip_unmapped: where a walk of page entries goes on after va, whose page table (level 3) does not exist: the
 * next 1 GiB when the level-2 table is missing too, else the next 2 MiB. So a walk costs what is mapped, not the
 * size of the range (an empty 64 GiB PROT_NONE reservation is 64 steps). */
static u64 skip_unmapped(struct mm *mm, u64 va)
{
	u64 span = (mm->pgd[idx(va, 1)] & PTE_VALID) ? 1UL << 21 : 1UL << 30;
	return ALIGN_DOWN(va, span) + span;
}

static u64 pte_bits(u32 prot)
{
	u64 b = PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | PTE_NG | PTE_PXN;
	if (prot & (VM_READ | VM_WRITE | VM_EXEC))
		b |= PTE_AP_EL0; /* PROT_NONE: the page stays, but EL0 may not touch it */
	if (!(prot & VM_WRITE))
		b |= PTE_AP_RO;
	if (!(prot & VM_EXEC))
		b |= PTE_UXN;
	return b;
}

/* mm_small: whether mm shares ASID 0 (it has listed every page it maps). */
static inline bool mm_small(const struct mm *mm) { return mm->tlb_nr <= MM_TLB_PAGES; }

/* tlbi_page: invalidate the entries of user address va tagged asid, walk caches included (TLBI VAE1). */
static inline void tlbi_page(u64 asid, u64 va)
{
	__asm__ volatile("tlbi vae1, %0" ::"r"((asid << 48) | ((va >> PAGE_SHIFT) & ((1UL << 44) - 1))));
}

/* tlbi_asid: invalidate every entry tagged asid (TLBI ASIDE1). */
static inline void tlbi_asid(u64 asid)
{
	__asm__ volatile("tlbi aside1, %0" ::"r"(asid << 48));
}

/* tlb_flush_asid: drop every entry tagged asid, and wait until they are gone. */
static void tlb_flush_asid(u64 asid)
{
	dsb(nshst);
	tlbi_asid(asid);
	dsb(nsh);
	isb();
}

/* tlb_flush_small: drop the ASID-0 entries of mm, the owner of ASID 0, one listed page at a time. */
static void tlb_flush_small(struct mm *mm)
{
	dsb(nshst);
	for (u32 i = 0; i < mm->tlb_nr; i++)
		tlbi_page(ASID_SMALL, mm->tlb_va[i]);
	dsb(nsh);
	isb();
}

/* tlb_flush_page: drop the TLB entry of user address va in mm (after an entry changed from read-only to writable:
 * ARM may keep the entry that caused a permission fault). */
static void tlb_flush_page(struct mm *mm, u64 va)
{
	u64 asid;
	if (mm_small(mm) ? mm != asid0_owner : mm->asid_gen != asid_gen)
		return; /* none of its entries can be in the TLB */
	asid = mm_small(mm) ? ASID_SMALL : mm->asid;
	dsb(nshst);
	tlbi_page(asid, va);
	dsb(nsh);
	isb();
}

/* tlb_flush_mm: drop every TLB entry of mm's user pages (after entries were removed or made read-only). */
static void tlb_flush_mm(struct mm *mm)
{
	if (mm_small(mm)) {
		if (mm == asid0_owner)
			tlb_flush_small(mm);
		return;
	}
	if (mm->asid_gen == asid_gen) /* else its ASID is stale: it has no entries */
		tlb_flush_asid(mm->asid);
}

/* mm_in_ttbr0: whether mm's table is the one in TTBR0 now. */
static bool mm_in_ttbr0(const struct mm *mm)
{
	return (read_sysreg(ttbr0_el1) & PTE_ADDR_MASK) == virt_to_phys(mm->pgd);
}

/* tlb_track: mm is getting an entry for the user page at va (page-aligned). A small mm lists it; one that would
 * list more than MM_TLB_PAGES gets an ASID of its own (at once, when its table is in TTBR0). */
static void tlb_track(struct mm *mm, u64 va)
{
	if (!mm_small(mm))
		return;
	for (u32 i = 0; i < mm->tlb_nr; i++)
		if (mm->tlb_va[i] == va)
			return;
	if (mm->tlb_nr < MM_TLB_PAGES) {
		mm->tlb_va[mm->tlb_nr++] = va;
		return;
	}
	mm->tlb_nr = MM_TLB_PAGES + 1;
	if (mm == asid0_owner) {
		if (mm_in_ttbr0(mm))
			vm_switch(mm); /* from now on its new entries are tagged with its own ASID */
		tlb_flush_asid(ASID_SMALL); /* and those it made as a small one go */
		asid0_owner = NULL;
	}
}

struct mm *mm_create(void)
{
	struct mm *mm = kmalloc(sizeof *mm);
	if (!mm)
		return NULL;
	mm->pgd = page_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->users = 1;
	return mm;
}

struct mm *mm_get(struct mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
	return mm;
}

void mm_put(struct mm *mm)
{
	if (mm && __atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) == 0)
		mm_destroy(mm);
}

/* vma_owns_pages: whether the pages of a vma of this kind are its own (allocated on touch, copied at fork, freed
 * with it), not a shared memory segment's (VMA_SHM: the segment frees them when it is destroyed) or the kernel's
 * (VMA_VDSO). */
static bool vma_owns_pages(u32 kind)
{
	return kind != VMA_SHM && kind != VMA_VDSO && kind != VMA_SHARED && kind != VMA_FILE;
}

/* vma_maps_file: whether a vma of this kind holds a reference on a file. */
static bool vma_maps_file(u32 kind) { return kind == VMA_FILE || kind == VMA_FILE_PRIVATE; }

/* fs_lock_for_fault: fs_lock for a file mapping's page, unless this CPU holds it already: a read(2) or write(2)
 * of a regular file copies to or from user memory under fs_lock, and that memory may be a file mapping not yet
 * touched. Returns whether it took the lock (pass to fs_unlock_for_fault with the flags in *f). */
static bool fs_lock_for_fault(u64 *f)
{
	if (spin_holding(&fs_lock))
		return false;
	*f = spin_lock_irqsave(&fs_lock);
	return true;
}

static void fs_unlock_for_fault(bool took, u64 f)
{
	if (took)
		spin_unlock_irqrestore(&fs_lock, f);
}

/* file_get: one more reference on a mapped file; returns ino. */
static struct inode *file_get(struct inode *ino)
{
	u64 f = 0;
	bool took = fs_lock_for_fault(&f);
	inode_get(ino);
	fs_unlock_for_fault(took, f);
	return ino;
}

/* file_page: page `index` of file ino for a mapping: with copy NULL, the file's own page (a shared mapping);
 * else the file's bytes copied into the page copy (a private one), which is returned. NULL past the end of the
 * file or when memory or the filesystem is full. */
static void *file_page(struct inode *ino, u64 index, void *copy)
{
	u64 f = 0;
	bool took = fs_lock_for_fault(&f);
	char *page = NULL;
	int r = copy ? ramfs_copy_page(ino, index, copy) : ramfs_map_page(ino, index, &page);
	fs_unlock_for_fault(took, f);
	return r ? NULL : copy ? copy : page;
}

/* file_past_end: whether page index lies wholly past the end of file ino (a touch there is SIGBUS). */
static bool file_past_end(struct inode *ino, u64 index)
{
	u64 f = 0;
	bool took = fs_lock_for_fault(&f);
	bool past = index >= ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE;
	fs_unlock_for_fault(took, f);
	return past;
}

/* vma_close: v goes (munmap, exit, exec): its hold on what it maps that is not its own. */
static void vma_close(struct vma *v)
{
	if (v->kind == VMA_SHM)
		shm_vma_close(v);
	else if (v->kind == VMA_SHARED)
		shmem_put(v->shmem);
	else if (vma_maps_file(v->kind))
		inode_put_unlocked(v->file);
}

/* free_pages_range: clear the entries mapped in [start, end) and free their pages if the vma owns them. */
static void free_pages_range(struct mm *mm, u64 start, u64 end, u32 kind)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 *l1 = &mm->pgd[idx(va, 1)];
		if (!(*l1 & PTE_VALID)) {
			va = ALIGN_DOWN(va, 1UL << 30) + (1UL << 30) - PAGE_SIZE;
			continue;
		}
		u64 *l2 = &((u64 *)phys_to_virt(*l1 & PTE_ADDR_MASK))[idx(va, 2)];
		if (!(*l2 & PTE_VALID)) {
			va = ALIGN_DOWN(va, 1UL << 21) + (1UL << 21) - PAGE_SIZE;
			continue;
		}
		u64 *pte = &((u64 *)phys_to_virt(*l2 & PTE_ADDR_MASK))[idx(va, 3)];
		if (*pte & PTE_VALID) {
			if (vma_owns_pages(kind)) {
				page_put(phys_to_virt(*pte & PTE_ADDR_MASK)); /* freed when no other mm shares it */
				mm->pages--;
			}
			*pte = 0;
		}
	}
}

void mm_destroy(struct mm *mm)
{
	if (!mm)
		return;
	struct vma *v = mm->vmas;
	while (v) {
		struct vma *n = v->next;
		free_pages_range(mm, v->start, v->end, v->kind);
		trace_map_remove(mm, v, "exit");
		vma_close(v);
		kfree(v);
		v = n;
	}
	for (int i = 0; i < PT_ENTRIES; i++) {
		if (!(mm->pgd[i] & PTE_VALID))
			continue;
		u64 *l2 = phys_to_virt(mm->pgd[i] & PTE_ADDR_MASK);
		for (int j = 0; j < PT_ENTRIES; j++)
			if (l2[j] & PTE_VALID)
				page_free(phys_to_virt(l2[j] & PTE_ADDR_MASK));
		page_free(l2);
	}
	tlb_flush_mm(mm);
	if (mm == asid0_owner)
		asid0_owner = NULL;
	page_free(mm->pgd);
	if (mm->exe_file)
		inode_put_unlocked(mm->exe_file);
	kfree(mm);
}

int vma_insert(struct mm *mm, u64 start, u64 end, u32 prot, u32 kind)
{
	if (start >= end || start & (PAGE_SIZE - 1) || end & (PAGE_SIZE - 1) || end > USER_TOP)
		return -EINVAL;
	struct vma **pp = &mm->vmas;
	while (*pp && (*pp)->end <= start)
		pp = &(*pp)->next;
	if (*pp && (*pp)->start < end)
		return -EINVAL;
	struct vma *v = kmalloc(sizeof *v);
	if (!v)
		return -ENOMEM;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->kind = kind;
	v->shm = NULL;
	v->shmem = NULL;
	v->file = NULL;
	v->pgoff = 0;
	v->maxprot = VM_READ | VM_WRITE | VM_EXEC;
	v->next = *pp;
	*pp = v;
	return 0;
}

struct vma *vma_find(struct mm *mm, u64 addr)
{
	for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return NULL;
}

struct mm *mm_copy(struct mm *src, int tgid)
{
	struct mm *mm = mm_create();
	if (!mm)
		return NULL;
	mm->tgid = tgid;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->vdso_base = src->vdso_base;
	mm->arg_start = src->arg_start;
	mm->arg_end = src->arg_end;
	mm->env_start = src->env_start;
	mm->env_end = src->env_end;
	mm->start_stack = src->start_stack;
	if (src->exe_file)
		mm->exe_file = file_get(src->exe_file);
	/* it maps (some of) the pages its parent does, at the same addresses: the parent's list covers every page
	 * copied below */
	mm->tlb_nr = src->tlb_nr;
	if (mm_small(src))
		memcpy(mm->tlb_va, src->tlb_va, src->tlb_nr * sizeof src->tlb_va[0]);
	bool shared = false;
	struct vma **tail = &mm->vmas;
	for (struct vma *v = src->vmas; v; v = v->next) {
		struct vma *c = kmalloc(sizeof *c);
		if (!c)
			goto bad;
		*c = *v;
		c->next = NULL;
		if (v->kind == VMA_SHM && shm_vma_dup(v, c, 0)) {
			kfree(c);
			goto bad;
		}
		if (v->kind == VMA_SHARED)
			shmem_get(v->shmem); /* the child maps the same pages: a store by either is seen by both */
		if (vma_maps_file(v->kind))
			file_get(v->file);
		*tail = c;
		tail = &c->next;
		if (!vma_owns_pages(v->kind))
			continue; /* the segment's or the vDSO's pages: the child maps them on first touch */
		for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
			u64 *spte = walk(src, va, false);
			if (!spte) {
				va = skip_unmapped(src, va) - PAGE_SIZE;
				continue;
			}
			if (!(*spte & PTE_VALID))
				continue;
			u64 *dpte = walk(mm, va, true);
			if (!dpte)
				goto bad;
			/* copy-on-write: both map the page read-only until one of them writes it */
			*spte |= PTE_COW | PTE_AP_RO;
			*dpte = *spte;
			page_get(phys_to_virt(*spte & PTE_ADDR_MASK));
			mm->pages++;
			shared = true;
		}
	}
	if (shared)
		tlb_flush_mm(src); /* its writable entries are read-only now */
	return mm;
bad:
	if (shared)
		tlb_flush_mm(src);
	mm_destroy(mm);
	return NULL;
}

void vm_switch(struct mm *mm)
{
	u64 ttbr;
	if (!mm) {
		ttbr = virt_to_phys(empty_pgd) | ((u64)ASID_SMALL << 48); /* asid0_owner's entries may stay */
	} else if (mm_small(mm)) {
		ttbr = virt_to_phys(mm->pgd) | ((u64)ASID_SMALL << 48);
	} else {
		u64 f = spin_lock_irqsave(&asid_lock);
		if (mm->asid_gen != asid_gen) {
			if (asid_next == ASID_MAX) {
				asid_gen++;
				asid_next = 1;
				__asm__ volatile("tlbi vmalle1");
				dsb(nsh);
			}
			mm->asid = asid_next++;
			mm->asid_gen = asid_gen;
		}
		spin_unlock_irqrestore(&asid_lock, f);
		ttbr = virt_to_phys(mm->pgd) | (mm->asid << 48);
	}
	if (read_sysreg(ttbr0_el1) != ttbr) { /* a write ends QEMU's translated block: skip an equal one */
		write_sysreg(ttbr0_el1, ttbr);
		isb();
	}
	if (mm && mm_small(mm) && asid0_owner != mm) {
		if (asid0_owner) /* its table has left TTBR0: no walk can bring its entries back */
			tlb_flush_small(asid0_owner);
		asid0_owner = mm;
	}
}

/* cow_break: a write to the copy-on-write page whose entry is *pte (user address va of mm, in vma v, which allows
 * writing): the writer gets a copy of its own, or the page itself when no other mm maps it any more; the entry
 * becomes writable. Returns the page's kernel address; NULL when no page is free (Linux mm/memory.c do_wp_page,
 * wp_page_copy). */
static void *cow_break(struct mm *mm, struct vma *v, u64 *pte, u64 va)
{
	void *page = phys_to_virt(*pte & PTE_ADDR_MASK);
	if (page_shared(page)) {
		void *copy = page_alloc();
		if (!copy)
			return NULL;
		memcpy(copy, page, PAGE_SIZE);
		if (v->prot & VM_EXEC)
			vm_sync_icache(copy, PAGE_SIZE);
		page_put(page);
		page = copy;
	}
	*pte = virt_to_phys(page) | pte_bits(v->prot);
	tlb_flush_page(mm, va);
	if (current && current->mm == mm) /* a fault served, as Linux counts it */
		current->min_flt++;
	return page;
}

void *vm_page(struct mm *mm, u64 va, u32 access)
{
	if (va >= USER_TOP)
		return NULL;
	u64 *pte = walk(mm, va, false);
	if (pte && (*pte & PTE_VALID)) {
		if (!(*pte & PTE_AP_EL0))
			return NULL;
		if ((access & VM_WRITE) && (*pte & PTE_AP_RO)) {
			struct vma *v = *pte & PTE_COW ? vma_find(mm, va) : NULL;
			return v && (v->prot & VM_WRITE) ? cow_break(mm, v, pte, va) : NULL;
		}
		return phys_to_virt(*pte & PTE_ADDR_MASK);
	}
	struct vma *v = vma_find(mm, va);
	if (!v || (access & ~v->prot))
		return NULL;
	bool own = vma_owns_pages(v->kind), made = false;
	u64 index = v->pgoff + (va - v->start) / PAGE_SIZE;
	void *page = own                     ? page_alloc()
		     : v->kind == VMA_SHM    ? shm_vma_page(v, va)
		     : v->kind == VMA_SHARED ? shmem_page(v->shmem, index, &made)
		     : v->kind == VMA_FILE   ? file_page(v->file, index, NULL)
					     : vdso_page(mm, va);
	if (!page)
		return NULL;
	if (v->kind == VMA_FILE_PRIVATE && !file_page(v->file, index, page)) {
		page_free(page); /* past the end of the file */
		return NULL;
	}
	pte = walk(mm, va, true);
	if (!pte) {
		if (own)
			page_free(page);
		return NULL;
	}
	tlb_track(mm, va);
	*pte = virt_to_phys(page) | pte_bits(v->prot);
	if (own)
		mm->pages++;
	trace_map_touch(mm, v, va, access, made);
	if (current && current->mm == mm) { /* a page fault served, for getrusage */
		current->min_flt++;
		current->maxrss = MAX(current->maxrss, (u64)mm->pages);
	}
	return page;
}

enum vm_fault vm_user_fault(struct mm *mm, u64 far, u32 access)
{
	u64 *pte = walk(mm, far, false);
	if (pte && (*pte & PTE_VALID)) {
		/* present, so this was a permission fault: a write to a copy-on-write page (an atomic's read-and-write
		 * may report itself as a read), or a real one */
		if (!(*pte & PTE_COW) || access == VM_EXEC || !(*pte & PTE_AP_EL0))
			return VM_FAULT_SIGSEGV;
		struct vma *v = vma_find(mm, far);
		if (!v || !(v->prot & VM_WRITE))
			return VM_FAULT_SIGSEGV;
		return cow_break(mm, v, pte, ALIGN_DOWN(far, PAGE_SIZE)) ? VM_FAULT_OK : VM_FAULT_OOM;
	}
	if (vm_page(mm, ALIGN_DOWN(far, PAGE_SIZE), access))
		return VM_FAULT_OK;
	struct vma *v = vma_find(mm, far);
	if (!v || (access & ~v->prot))
		return VM_FAULT_SIGSEGV;
	u64 index = v->pgoff + (far - v->start) / PAGE_SIZE;
	if (v->kind == VMA_FILE || (v->kind == VMA_FILE_PRIVATE && file_past_end(v->file, index)))
		return VM_FAULT_SIGBUS; /* past the end of the file, or no room left in its filesystem */
	if ((v->kind == VMA_SHARED && index >= v->shmem->npages) || (v->kind == VMA_SHM && shm_vma_past_end(v, far)))
		return VM_FAULT_SIGBUS; /* past the end of the memory (a mapping mremap made longer): as Linux's shmem */
	return VM_FAULT_OOM;
}

void vma_set_file(struct mm *mm, u64 start, struct inode *ino, u64 pgoff, u32 maxprot)
{
	struct vma *v = vma_find(mm, start);
	v->file = file_get(ino);
	v->pgoff = pgoff;
	v->maxprot = maxprot;
}

void unmap_mapping_pages(struct inode *ino, u64 first)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		struct mm *mm = p->mm;
		if (!mm)
			continue;
		bool any = false;
		for (struct vma *v = mm->vmas; v; v = v->next) {
			if (v->kind != VMA_FILE || v->file != ino || v->pgoff + (v->end - v->start) / PAGE_SIZE <= first)
				continue;
			u64 from = first > v->pgoff ? v->start + (first - v->pgoff) * PAGE_SIZE : v->start;
			free_pages_range(mm, from, v->end, v->kind); /* the file's pages: only the entries go */
			any = true;
		}
		if (any)
			tlb_flush_mm(mm);
	}
	spin_unlock_irqrestore(&proc_lock, f);
}

/* split: make a vma boundary at addr (inside a vma). 0 or -ENOMEM. */
static int split(struct mm *mm, u64 addr)
{
	struct vma *v = vma_find(mm, addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *n = kmalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = addr;
	if (v->kind == VMA_SHM && shm_vma_dup(v, n, -1)) { /* each piece is an attachment (Linux) */
		kfree(n);
		return -ENOMEM;
	}
	if (v->kind == VMA_SHARED) /* each piece maps its part of the same memory */
		shmem_get(n->shmem);
	if (vma_maps_file(v->kind)) /* and of the same file */
		file_get(n->file);
	n->pgoff = v->pgoff + (addr - v->start) / PAGE_SIZE;
	v->end = addr;
	v->next = n;
	return 0;
}

int vm_expand(struct mm *mm, u64 addr, u64 old_len, u64 new_len)
{
	struct vma *v = vma_find(mm, addr);
	if (!v || v->end != addr + old_len || addr + new_len > USER_TOP || (v->next && v->next->start < addr + new_len))
		return -ENOMEM;
	v->end = addr + new_len;
	trace_map_create(mm, v, addr + old_len, v->end, "mremap");
	return 0;
}

int vm_move(struct mm *mm, u64 old, u64 old_len, u64 new, u64 new_len, bool keep_old)
{
	if (split(mm, old) || split(mm, old + old_len))
		return -ENOMEM;
	struct vma *v = vma_find(mm, old), *n = kmalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = new;
	n->end = new + new_len;
	if (v->kind == VMA_SHM && shm_vma_move(v, n, new - old)) {
		kfree(n);
		return -ENOMEM;
	}
	if (v->kind == VMA_SHARED)
		shmem_get(n->shmem);
	if (vma_maps_file(v->kind))
		file_get(n->file);
	if (n->kind == VMA_BRK || n->kind == VMA_STACK)
		n->kind = VMA_ANON; /* no longer the heap or the stack: memory like any other */
	struct vma **pp = &mm->vmas;
	while (*pp && (*pp)->end <= new)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
	trace_map_create(mm, n, n->start, n->end, "mremap");
	/* Two passes: first the tables the new entries need (a failure leaves the old range as it was), then the
	 * entries themselves, pages and copy-on-write marks unchanged. */
	for (int pass = 0; pass < 2; pass++) {
		for (u64 off = 0; off < old_len; off += PAGE_SIZE) {
			u64 *opte = walk(mm, old + off, false);
			if (!opte) {
				off = skip_unmapped(mm, old + off) - old - PAGE_SIZE;
				continue;
			}
			if (!(*opte & PTE_VALID))
				continue;
			u64 *npte = walk(mm, new + off, true);
			if (!npte) {
				vm_unmap(mm, new, new + new_len); /* nothing moved yet: drops n */
				return -ENOMEM;
			}
			if (pass == 1) {
				tlb_track(mm, new + off);
				*npte = *opte;
				*opte = 0;
			}
		}
	}
	tlb_flush_mm(mm);
	return keep_old ? 0 : vm_unmap(mm, old, old + old_len); /* v's entries are gone: only v itself goes */
}

int vm_unmap(struct mm *mm, u64 start, u64 end)
{
	if (split(mm, start) || split(mm, end))
		return -ENOMEM;
	struct vma **pp = &mm->vmas;
	while (*pp) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			free_pages_range(mm, v->start, v->end, v->kind);
			*pp = v->next;
			trace_map_remove(mm, v, "unmap");
			vma_close(v);
			kfree(v);
		} else {
			pp = &v->next;
		}
	}
	tlb_flush_mm(mm);
	return 0;
}

void vm_zap(struct mm *mm, u64 start, u64 end)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->end > start && v->start < end)
			free_pages_range(mm, MAX(start, v->start), MIN(end, v->end), v->kind);
	tlb_flush_mm(mm);
}

int vm_protect(struct mm *mm, u64 start, u64 end, u32 prot)
{
	for (u64 a = start; a < end;) {
		struct vma *v = vma_find(mm, a);
		if (!v)
			return -ENOMEM;
		if ((v->kind == VMA_VDSO && (prot & VM_WRITE)) || (prot & ~v->maxprot))
			return -EACCES; /* the vDSO, or a shared mapping of a file not opened for writing */
		a = v->end;
	}
	if (split(mm, start) || split(mm, end))
		return -ENOMEM;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		if (v->start < start || v->end > end)
			continue;
		v->prot = prot;
		for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
			u64 *pte = walk(mm, va, false);
			if (!pte)
				va = skip_unmapped(mm, va) - PAGE_SIZE;
			else if (*pte & PTE_VALID) /* a copy-on-write page stays read-only until written */
				*pte = (*pte & (PTE_ADDR_MASK | PTE_COW)) | pte_bits(prot) | (*pte & PTE_COW ? PTE_AP_RO : 0);
		}
	}
	tlb_flush_mm(mm);
	return 0;
}

u64 vm_free_range(struct mm *mm, u64 hint, u64 len)
{
	u64 a = MAX(ALIGN_UP(hint, PAGE_SIZE), USER_MIN_ADDR);
	for (struct vma *v = mm->vmas; v; v = v->next) {
		if (v->end <= a)
			continue;
		if (v->start >= a + len)
			break;
		a = v->end;
	}
	if (a + len > USER_STACK_TOP - USER_STACK_SIZE || a + len < a)
		return 0;
	return a;
}

void vm_sync_icache(const void *kva, size_t len)
{
	u64 ctr = read_sysreg(ctr_el0);
	u64 line = 4UL << ((ctr >> 16) & 0xf); /* DminLine */
	for (u64 a = ALIGN_DOWN((u64)kva, line); a < (u64)kva + len; a += line)
		__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
	dsb(ish);
	__asm__ volatile("ic ialluis");
	dsb(ish);
	isb();
}
