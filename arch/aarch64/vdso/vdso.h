/* arch/aarch64/vdso/vdso.h: the vDSO (virtual dynamic shared object), shared by the kernel (arch/aarch64/vdso.c)
 * and the vDSO's own code (arch/aarch64/vdso/: vgettimeofday.c, sigreturn.S, built as a shared object that runs at EL0).
 *
 * Every process gets two mappings at exec, as on Linux arm64 (arch/arm64/kernel/vdso.c, vdso(7)):
 *   [vvar]   one read-only data page, struct vdso_data: what the vDSO needs to tell the time without the kernel
 *   [vdso]   the vDSO image, read-only and executable: an ELF shared object whose address is AT_SYSINFO_EHDR in
 *            the aux vector. It exports, with symbol version LINUX_2.6.39 as Linux arm64 does:
 *              __kernel_rt_sigreturn   where a signal handler installed without SA_RESTORER returns (glibc)
 *              __kernel_clock_gettime, __kernel_gettimeofday, __kernel_clock_getres
 *                                      the time from the generic timer's counter (CNTVCT_EL0), read at EL0
 * The data page lies immediately below the image, so the vDSO finds it PC-relative (_vdso_data in vdso.lds).
 * The pages are the kernel's, shared by every process; no process may write them. */
#ifndef ARCH_VDSO_H
#define ARCH_VDSO_H
#include "kernel/time.h"
#include "kernel/types.h"

#define VDSO_CLOCKS 8 /* clock ids 0 (CLOCK_REALTIME) to 7 (CLOCK_BOOTTIME) */

/* struct vdso_data: the data page. The kernel changes it between two increments of seq (a sequence lock, as
 * Linux's struct vdso_data): a reader that saw an odd seq, or a different seq after reading, reads again.
 *   clock_mask     bit N set: the vDSO answers clock N from the counter; any other clock goes to the system call
 *   cntfrq         the counter's frequency, Hz (CNTFRQ_EL0)
 *   clock_base_ns  clock N reads cycles_to_ns_at(CNTVCT_EL0, cntfrq) + clock_base_ns[N] nanoseconds, exactly as
 *                  the system call computes it (kernel/time.h: cycles_to_ns_at, clock_base)
 *   res_ns         what clock_getres reports for those clocks, ns (clock_res_ns) */
struct vdso_data {
	u32 seq;
	u32 clock_mask;
	u64 cntfrq;
	u64 clock_base_ns[VDSO_CLOCKS];
	u64 res_ns;
};

#ifndef VDSO_BUILD /* the kernel's side (arch/aarch64/vdso.c) */
struct mm;
/* vdso_init: fill the data page from the timer (after timer_init) and let EL0 read the virtual counter
 * (CNTKCTL_EL1.EL0VCTEN). */
void vdso_init(void);
/* vdso_update_clocks: rewrite the data page's clock bases (under its sequence lock) after a clock was set. */
void vdso_update_clocks(void);
/* vdso_map: map [vvar] and [vdso] into mm (at exec); returns the image's address (AT_SYSINFO_EHDR), or a
 * negative errno (-ENOMEM) when the vmas cannot be made. Records it in mm->vdso_base. */
long vdso_map(struct mm *mm);
/* vdso_page: the kernel address of the page behind user address va of mm's vDSO mappings (the data page or
 * one of the image's), or NULL when va is not in them. */
void *vdso_page(struct mm *mm, u64 va);
/* vdso_sigreturn: the user address of __kernel_rt_sigreturn in mm (where a handler without SA_RESTORER returns,
 * Linux arm64's setup_return); 0 when mm has no vDSO. */
u64 vdso_sigreturn(struct mm *mm);
#endif
#endif
