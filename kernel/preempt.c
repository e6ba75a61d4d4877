/* kernel/preempt.c: schedule exploration, the preempt=SEED kernel option (kernel/preempt.h). */
#include "kernel/lib/string.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"

bool preempt_explore;
u64 preempt_points, preemptions;
static u64 prng; /* xorshift64* state, never 0 */

void preempt_explore_init(u64 seed)
{
	if (!seed)
		return;
	/* Spread small seeds over the state (splitmix64's finaliser), so seeds 1, 2, 3 give unrelated sequences. */
	u64 z = seed + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	prng = (z ^ (z >> 31)) | 1;
	preempt_explore = true;
	spin_preempt_hook = preempt_point;
	printk("preempt=%lu: schedule exploration on: IPC lock operations may yield the CPU\n", (unsigned long)seed);
}

/* next_draw: the next number of the seeded sequence (xorshift64*, Vigna 2016). */
static u64 next_draw(void)
{
	prng ^= prng >> 12;
	prng ^= prng << 25;
	prng ^= prng >> 27;
	return prng * 0x2545f4914f6cdd1dull;
}

/* ipc_lock: is l the lock of an IPC object, the only locks whose operations are preemption points? (Those are
 * never taken from an interrupt handler, and no code holding them sleeps except through sleep_on.) */
static bool ipc_lock(const spinlock_t *l)
{
	const char *n = l->name;
	return n && (!strcmp(n, "pipe") || !strcmp(n, "sem") || !strcmp(n, "msg") || !strcmp(n, "shm"));
}

void preempt_point(const spinlock_t *l, int held)
{
	if (held || !ipc_lock(l) || current == idle_proc || !current)
		return;
	preempt_points++;
	/* Give the CPU away at one point in two: often enough that a two-step race window is hit within a few
	 * round trips, seldom enough that a process also runs several steps alone. */
	if (next_draw() >> 63) {
		preemptions++;
		yield();
	}
}
