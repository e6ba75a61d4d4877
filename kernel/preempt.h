/* kernel/preempt.h: schedule exploration for the labs' graders (docs/LABS.md, "Schedule exploration").
 *
 * The kernel is not preemptible: a process in the kernel keeps the CPU until it sleeps or returns to EL0, so on
 * one CPU most interleavings of two processes' system calls never happen, and a lost wake-up or an `if` where a
 * `while` belongs can pass every test. The kernel command line word `preempt=SEED` (SEED > 0) turns on
 * preemption points in the lock primitives (kernel/spinlock.c): just before a process takes the lock of an IPC
 * object (a pipe, the System V sets, queues and segments: locks named "pipe", "sem", "msg", "shm") and just
 * after it lets one go, when it holds no other lock, the kernel may give the CPU to the next runnable process
 * (yield()), as a preemptible kernel with another CPU could. Whether it does is decided by a pseudo-random
 * sequence seeded with SEED (xorshift64*, one draw per point), so under QEMU -icount the same kernel, program
 * and SEED give the same interleaving every time: a failing seed is a replayable interleaving. Each preemption
 * shows in the trace as sched.switch with prev_state "running". Without the word (or with preempt=0) nothing
 * changes: the points cost one test of a pointer.
 *
 * The teaching files (ipc/pipe.c, ipc/sem_core.c, ipc/msg_core.c) contain no preemption code: the points are in
 * the mechanism every one of them already calls. */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H
#include "kernel/spinlock.h"
#include "kernel/types.h"

/* preempt_explore: true when preempt=SEED was given. */
extern bool preempt_explore;

/* preempt_explore_init: turn schedule exploration on with seed (0: leave it off): installs preempt_point as the
 * lock primitives' spin_preempt_hook. Called once from kmain, from the command line word preempt=SEED. */
void preempt_explore_init(u64 seed);

/* preempt_point: a preemption point at lock l (kernel/spinlock.c calls it before taking l and after releasing
 * it). Yields the CPU when l is an IPC object's lock, no other lock is held, a process (not the idle loop) runs,
 * and the seeded sequence says so. held: the locks this CPU holds now. */
void preempt_point(const spinlock_t *l, int held);

/* preempt_points, preemptions: how many points were passed and how many of them gave the CPU away (for the
 * kernel log at halt). */
extern u64 preempt_points, preemptions;
#endif
