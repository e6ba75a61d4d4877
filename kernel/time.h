/* kernel/time.h: time from the ARM generic timer (CNTVCT_EL0 at CNTFRQ_EL0 Hz: 62.5 MHz on QEMU virt). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "kernel/types.h"
extern u64 timer_hz;       /* CNTFRQ_EL0, Hz */
/* time_ns: nanoseconds since boot. */
u64 time_ns(void);
/* time_cycles: raw counter CNTVCT_EL0. */
u64 time_cycles(void);
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
