/* kernel/time.h: time from the ARM generic timer (CNTVCT_EL0 at CNTFRQ_EL0 Hz: 62.5 MHz on QEMU virt). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "kernel/types.h"
extern u64 timer_hz;       /* CNTFRQ_EL0, Hz */
/* time_ns: nanoseconds since boot. */
u64 time_ns(void);
/* time_cycles: raw counter CNTVCT_EL0. */
u64 time_cycles(void);

/* cycles_to_ns_at: cycles of a counter at hz Hz in ns, exactly floor(cycles * 10^9 / hz), without overflow for
 * centuries and without a 128-bit division (the vDSO, arch/aarch64/vdso/, has no libgcc): whole seconds and the
 * remainder apart. The one conversion of the kernel and of the vDSO, which reads the counter at EL0: both give the
 * same nanosecond for the same cycle. */
static inline u64 cycles_to_ns_at(u64 cycles, u64 hz)
{
	return (cycles / hz) * 1000000000UL + ((cycles % hz) * 1000000000UL) / hz;
}
/* cycles_to_ns: a count of timer cycles in ns. */
static inline u64 cycles_to_ns(u64 c) { return cycles_to_ns_at(c, timer_hz); }

/* clock_base: how clock clk (a clockid_t) reads (kernel/sys_misc.c; clock_gettime(2)): 0 when it is the counter's
 * time_ns() + *base_ns (the vDSO's data page holds the same bases), 1 for a CPU-time clock (the caller's own
 * time, not the counter's), -EINVAL for a clock ipclab does not know. */
int clock_base(u64 clk, u64 *base_ns);
/* clock_res_ns: what clock_getres(2) reports for every clock: one counter tick, rounded up, ns. */
u64 clock_res_ns(void);

/* ktime_get_real_seconds: seconds since the epoch (CLOCK_REALTIME; QEMU's RTC read once at the first use), for
 * the System V otime and ctime fields and file times (Linux kernel/time/timekeeping.c). */
s64 ktime_get_real_seconds(void);
/* ktime_get_real_ns: CLOCK_REALTIME in ns since the epoch (file times). */
u64 ktime_get_real_ns(void);

#define NSEC_PER_SEC 1000000000L
#define KTIME_MAX ((s64)~((u64)1 << 63)) /* the largest time in ns; longer timeouts are "forever" */

/* struct timespec64: the user's struct timespec on arm64 (seconds, nanoseconds). */
struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};
/* timespec64_valid: tv_sec >= 0 and 0 <= tv_nsec < 10^9, what every call taking a timeout demands (EINVAL
 * otherwise; Linux include/linux/time64.h). */
static inline bool timespec64_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}
/* timespec64_to_ns: a valid ts in ns, KTIME_MAX when that would overflow. */
static inline u64 timespec64_to_ns(const struct timespec64 *ts)
{
	if (ts->tv_sec >= KTIME_MAX / NSEC_PER_SEC)
		return (u64)KTIME_MAX;
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}
/* ns_to_timespec64: ns as a timespec. */
static inline struct timespec64 ns_to_timespec64(u64 ns)
{
	return (struct timespec64){ .tv_sec = (s64)(ns / NSEC_PER_SEC), .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}
#endif
