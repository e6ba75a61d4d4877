/* kernel/spinlock.c: spinlocks with IRQ save/restore (ARM ARM B2.9 load-acquire/store-release exclusives). */
#include "arch/aarch64/include/io.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

/* Locks this CPU holds, for the schedule exploration's preemption points (kernel/preempt.h): a lock handed over
 * by a context switch (sched_lock) is counted once, taken by one process and released by the next. */
static int locks_held;
void (*spin_preempt_hook)(const spinlock_t *l, int held);

u64 spin_lock_irqsave(spinlock_t *l)
{
	if (unlikely(spin_preempt_hook))
		spin_preempt_hook(l, locks_held); /* before taking it: another process may get there first */
	u64 flags = read_sysreg(daif);
	if (!(flags & DAIF_MASKED))
		__asm__ volatile("msr daifset, #2" ::: "memory");
	if (l->locked && l->cpu == 0)
		panic("spinlock %s: taken twice by cpu 0", l->name);
	u32 tmp, one = 1;
	/* Try first; wait for an event (a release by another CPU) only when the lock is taken. */
	__asm__ volatile("1: ldaxr %w0, [%1]\n"
			 "cbz %w0, 2f\n"
			 "wfe\n"
			 "b 1b\n"
			 "2: stxr %w0, %w2, [%1]\n"
			 "cbnz %w0, 1b\n"
			 : "=&r"(tmp)
			 : "r"(&l->locked), "r"(one)
			 : "memory");
	l->cpu = 0;
	locks_held++;
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, u64 flags)
{
	l->cpu = -1;
	locks_held--;
	__asm__ volatile("stlr wzr, [%0]" ::"r"(&l->locked) : "memory");
	/* Kernel code runs with IRQs masked, so flags is almost always DAIF_MASKED: then there is nothing to
	 * restore. Skipping the write matters under QEMU, where every write of DAIF ends the translated block and
	 * goes back to its main loop to look at interrupts (about 0.3 us each). */
	if (!(flags & DAIF_MASKED))
		write_sysreg(daif, flags);
	if (unlikely(spin_preempt_hook))
		spin_preempt_hook(l, locks_held); /* just released: another process may run before this one goes on */
}

bool spin_holding(spinlock_t *l) { return l->locked && l->cpu == 0; }
