/* kernel/itimer.h: interval timers (kernel/itimer.c): setitimer/getitimer's ITIMER_REAL, which sends SIGALRM. */
#ifndef KERNEL_ITIMER_H
#define KERNEL_ITIMER_H
#include "kernel/types.h"

/* itimer_expire: from the timer interrupt, with now in ns since boot: SIGALRM (si_code SI_KERNEL) to every process
 * whose ITIMER_REAL is due, each re-armed by its interval or disarmed. Returns the next deadline (ns since boot),
 * UINT64_MAX when no timer is armed. Takes proc_lock: the caller must not hold it. */
u64 itimer_expire(u64 now);
#endif
