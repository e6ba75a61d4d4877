/* arch/aarch64/vdso.c: the vDSO's kernel side (arch/aarch64/vdso/vdso.h says what the vDSO is): its data page,
 * mapping it and the image into each new address space, and where signal handlers return.
 * Layout in every process, below the stack's 8 MiB and a guard page (Linux puts them near the stack too):
 *   [vvar] one page, read-only                        the data page, struct vdso_data
 *   [vdso] the image's pages, read-only and executable  AT_SYSINFO_EHDR points at its ELF header
 * Both are vmas of kind VMA_VDSO: their pages are the kernel's, shared by every process, never copied at fork nor
 * freed at munmap or exit; kernel/vm.c maps them on first touch through vdso_page() and refuses to make them
 * writable. (Linux: arch/arm64/kernel/vdso.c; the data page's sequence lock as include/vdso/datapage.h.) */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/vdso/vdso.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/vm.h"
#include "vdso-offsets.h" /* generated from the image's symbols: vdso_offset_NAME for each __kernel_NAME */

#define CNTKCTL_EL0VCTEN (1UL << 1) /* EL0 may read CNTVCT_EL0 and CNTFRQ_EL0 (ARM ARM, CNTKCTL_EL1) */

extern const char vdso_image_start[], vdso_image_end[]; /* arch/aarch64/vdso/image.S */

/* The data page: page-aligned, its own page, mapped read-only into every process. */
static union {
	struct vdso_data data;
	u8 page[PAGE_SIZE];
} vdso_data_page __attribute__((aligned(PAGE_SIZE)));

/* vdso_size: the image's bytes, a whole number of pages. */
static u64 vdso_size(void) { return (u64)(vdso_image_end - vdso_image_start); }

void vdso_update_clocks(void)
{
	struct vdso_data *vd = &vdso_data_page.data;
	__atomic_store_n(&vd->seq, vd->seq + 1, __ATOMIC_RELAXED); /* odd: readers wait */
	dmb(ishst);
	vd->cntfrq = timer_hz;
	vd->res_ns = clock_res_ns();
	vd->clock_mask = 0;
	for (u32 clk = 0; clk < VDSO_CLOCKS; clk++) {
		u64 base;
		if (clock_base(clk, &base) != 0) /* the CPU-time clocks stay with the kernel, as with Linux's vDSO */
			continue;
		vd->clock_base_ns[clk] = base;
		vd->clock_mask |= 1u << clk;
	}
	dmb(ishst);
	__atomic_store_n(&vd->seq, vd->seq + 1, __ATOMIC_RELAXED); /* even again: consistent */
}

void vdso_init(void)
{
	/* Only that: no event stream, no EL0 access to the physical counter or to the timers themselves (the register
	 * resets to an unknown value, so every bit is written; Linux's arch_counter_set_user_access does the same). */
	write_sysreg(cntkctl_el1, CNTKCTL_EL0VCTEN);
	isb();
	vdso_update_clocks();
	/* QEMU loaded the image as data; make it visible to instruction fetch from the processes' mappings. */
	vm_sync_icache(vdso_image_start, vdso_size());
}

long vdso_map(struct mm *mm)
{
	u64 base = USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE - vdso_size();
	if (vma_insert(mm, base - PAGE_SIZE, base, VM_READ, VMA_VDSO) ||
	    vma_insert(mm, base, base + vdso_size(), VM_READ | VM_EXEC, VMA_VDSO))
		return -ENOMEM;
	mm->vdso_base = base;
	return (long)base;
}

void *vdso_page(struct mm *mm, u64 va)
{
	u64 base = mm->vdso_base;
	if (!base)
		return NULL;
	if (va >= base - PAGE_SIZE && va < base)
		return vdso_data_page.page;
	if (va >= base && va < base + vdso_size())
		return (void *)(vdso_image_start + ALIGN_DOWN(va - base, PAGE_SIZE));
	return NULL;
}

u64 vdso_sigreturn(struct mm *mm)
{
	return mm->vdso_base ? mm->vdso_base + vdso_offset_rt_sigreturn : 0;
}
