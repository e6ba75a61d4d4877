/* kernel/sched.h: the scheduler, wait queues and sleeping (kernel/sched.c).
 * One idiom everywhere, as xv6: hold the object's lock, `while (!condition) sleep_on(&wq, &lock, ...)`,
 * and wake_up(&wq) after changing the state. All run queue and wait queue lists are under sched_lock. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include "kernel/list.h"
#include "kernel/spinlock.h"

struct proc;

/* struct wait_queue: processes sleeping until something changes, in the order they went to sleep (head), and
 * the poll entries of processes in ppoll watching it (pollers: struct poll_entry, see poll_wait below). */
struct wait_queue {
	struct list_head head;
	struct list_head pollers;
};
#define WAIT_QUEUE_INIT(name) { LIST_HEAD_INIT((name).head), LIST_HEAD_INIT((name).pollers) }
static inline void wait_queue_init(struct wait_queue *wq)
{
	list_init(&wq->head);
	list_init(&wq->pollers);
}

/* sleep_on: put the current process to sleep on wq. lk is held by the caller (IRQs masked); it is released
 * while asleep and held again on return. wchan says what for ("pipe 3 read"), for the trace and `ps`.
 * deadline_ns: 0 for none, else wake at time_ns() >= deadline_ns.
 * Returns 0 when woken by wake_up, -ETIMEDOUT when the deadline passed, -ERESTARTSYS when a signal is pending
 * (then it does not sleep at all; see kernel/signal.h for what the caller returns). */
int sleep_on(struct wait_queue *wq, spinlock_t *lk, const char *wchan, u64 deadline_ns);
/* sleep_on_uninterruptible: as sleep_on, but signals do not end it (a stopped process waiting for SIGCONT). */
int sleep_on_uninterruptible(struct wait_queue *wq, spinlock_t *lk, const char *wchan);
/* wake_up_process: if p sleeps (interruptibly, when only_interruptible), make it runnable now (a signal for it).
 * Caller holds sched_lock. */
void wake_up_process(struct proc *p, bool only_interruptible);

/* wake_up: make every process on wq runnable (in queue order). Records up to max of their pids in pids
 * (may be NULL) for the trace. Returns how many were woken. */
int wake_up(struct wait_queue *wq, int *pids, int max);

/* schedule: give up the CPU; the current process stays runnable if it was running. */
void yield(void);
/* sched_tick: the timer's 1/HZ tick: asks the running process to give up the CPU at its next return to EL0. */
void sched_tick(void);
/* sleep_next_deadline: the earliest deadline of a timed sleeper, ns, or UINT64_MAX. */
u64 sleep_next_deadline(void);
/* sleep_expire: wake timed sleepers whose deadline is <= now (ns). */
void sleep_expire(u64 now);
/* sched_init: make the boot thread the idle process of CPU 0. */
void sched_init(void);
/* sched_add: make a new process runnable. */
void sched_add(struct proc *p);
/* idle_loop: what the boot thread becomes: wait for interrupts, run whoever is runnable. */
void idle_loop(void) __attribute__((noreturn));
/* schedule_tail: the first thing a new process runs (ret_from_fork): finishes the switch. */
struct context;
void schedule_tail(struct context *from);
/* sched_exit: the current process, already ZOMBIE-ready, switches away for the last time. */
void sched_exit(spinlock_t *held, u64 flags) __attribute__((noreturn));

/* Waiting on several wait queues at once (ppoll, kernel/poll.c), as Linux's poll_table: each object's poll op
 * calls poll_wait(pt, &its_queue), which hangs a poll_entry of pt on the queue's pollers list. wake_up on any of
 * those queues marks pt triggered and wakes its process; poll_sleep sleeps until that happens (or the deadline,
 * or a signal); poll_table_release takes every entry off its queue. The usual sleep_on/wake_up are unchanged. */
struct poll_entry {
	struct list_head link;  /* (sched) on wq->pollers */
	struct wait_queue *wq;
	struct poll_table *pt;
};
struct poll_chunk;
/* struct poll_table: one ppoll call's registrations. triggered (sched): a watched queue was woken since the
 * last poll_sleep. error: -ENOMEM when an entry could not be had (the caller then polls without sleeping). */
struct poll_table {
	struct proc *proc;
	bool triggered;
	int error;
	struct wait_queue wq;   /* where proc sleeps in poll_sleep */
	struct poll_chunk *chunks;
};
/* poll_table_init: an empty table for the current process. */
void poll_table_init(struct poll_table *pt);
/* poll_wait: watch wq on behalf of pt (pt may be NULL: nothing to do). Caller holds the object's lock. */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);
/* poll_sleep: sleep until a watched queue is woken (0; at once when that already happened since the last
 * call), deadline_ns passes (-ETIMEDOUT; 0 = no deadline), or a signal is pending (-ERESTARTSYS).
 * The check of `triggered` and the sleep are one step because the kernel runs with IRQs masked on one CPU. */
int poll_sleep(struct poll_table *pt, u64 deadline_ns);
/* poll_table_release: unhook and free every entry of pt. */
void poll_table_release(struct poll_table *pt);

extern spinlock_t sched_lock;
extern bool need_resched;
#endif
