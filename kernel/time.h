/* kernel/time.h: time from the ARM generic timer (CNTVCT_EL0 at CNTFRQ_EL0 Hz: 62.5 MHz on QEMU virt). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "kernel/types.h"
extern u64 timer_hz;       /* CNTFRQ_EL0, Hz */
/* time_ns: nanoseconds since boot. */
u64 time_ns(void);
/* time_cycles: raw counter CNTVCT_EL0. */
u64 time_cycles(void);
#endif
