/* kernel/spinlock.h: spinlocks that save and mask interrupts, ready for SMP (ldaxr/stxr, acquire/release).
 * Usage: u64 f = spin_lock_irqsave(&l); ... spin_unlock_irqrestore(&l, f);
 * A lock held across sleep() is released and re-taken by sleep (kernel/sched.h). */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
#include "kernel/types.h"

/* spinlock_t: name is for debugging (shown by panic when a lock is re-taken by its holder). */
typedef struct {
	volatile u32 locked;
	int cpu;
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { 0, -1, n }
#define DAIF_MASKED 0x80UL /* DAIF with IRQs masked: what kernel code runs with */

/* spin_lock_irqsave: mask IRQs (DAIF.I), take the lock; returns the previous DAIF to restore. */
u64 spin_lock_irqsave(spinlock_t *l);
/* spin_unlock_irqrestore: release the lock, then restore DAIF as it was before spin_lock_irqsave. */
void spin_unlock_irqrestore(spinlock_t *l, u64 flags);
/* spin_holding: true when this CPU holds l. */
bool spin_holding(spinlock_t *l);
/* spin_preempt_hook: when set (schedule exploration, kernel/preempt.h), called just before a lock is taken and
 * just after one is released, with the number of locks this CPU then holds; NULL otherwise. */
extern void (*spin_preempt_hook)(const spinlock_t *l, int held);
#endif
