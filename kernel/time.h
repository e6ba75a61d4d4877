/* kernel/time.h: time from the ARM generic timer (CNTVCT_EL0 at CNTFRQ_EL0 Hz: 62.5 MHz on QEMU virt). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "kernel/types.h"
extern u64 timer_hz;       /* CNTFRQ_EL0, Hz */
/* time_ns: nanoseconds since boot. */
u64 time_ns(void);
/* time_cycles: raw counter CNTVCT_EL0. */
u64 time_cycles(void);

/* cycles_to_ns: counter cycles at hz Hz as nanoseconds, without overflow for centuries: whole seconds and the
 * remainder apart. The one conversion of the kernel (time_ns) and of the vDSO (arch/aarch64/vdso/), which reads
 * the counter at EL0: both give the same nanosecond for the same cycle. */
static inline u64 cycles_to_ns(u64 cycles, u64 hz)
{
	return (cycles / hz) * 1000000000UL + ((cycles % hz) * 1000000000UL) / hz;
}

/* clock_base: clock clk (a clockid_t) reads time_ns() + *base_ns: 0, or -EINVAL for a clock ipclab does not know
 * (kernel/sys_misc.c; clock_gettime(2)). The vDSO's data page holds the same bases. */
int clock_base(u64 clk, u64 *base_ns);
/* clock_res_ns: what clock_getres(2) reports for every clock: one counter tick, rounded up, ns. */
u64 clock_res_ns(void);
#endif
