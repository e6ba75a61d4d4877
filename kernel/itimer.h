/* kernel/itimer.h: interval timers (kernel/itimer.c): setitimer/getitimer's ITIMER_REAL (SIGALRM), ITIMER_VIRTUAL
 * (SIGVTALRM) and ITIMER_PROF (SIGPROF). */
#ifndef KERNEL_ITIMER_H
#define KERNEL_ITIMER_H
#include "kernel/types.h"

/* itimer_expire: from the timer interrupt, with now in ns since boot: SIGALRM (si_code SI_KERNEL) to every process
 * whose ITIMER_REAL is due, each re-armed by its interval or disarmed. Returns the next deadline (ns since boot),
 * UINT64_MAX when no timer is armed. Takes proc_lock: the caller must not hold it. */
u64 itimer_expire(u64 now);
struct proc;
/* itimer_account_tick: the scheduler tick found p running for ns of CPU time, in user mode when user: charge it
 * to p's process's ITIMER_PROF, and to ITIMER_VIRTUAL when user; SIGPROF / SIGVTALRM (SI_KERNEL) to the process
 * when one expires. Takes sig_lock. */
void itimer_account_tick(struct proc *p, bool user, u64 ns);
#endif
