/* kernel/sched.h: the scheduler, wait queues and sleeping (kernel/sched.c).
 * One idiom everywhere, as xv6: hold the object's lock, `while (!condition) sleep_on(&wq, &lock)`, and
 * wake_up(&wq) after changing the state (spelled out below, at sleep_on). All run queue and wait queue lists
 * are under sched_lock. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include "kernel/list.h"
#include "kernel/spinlock.h"

struct proc;

/* struct wait_queue: processes sleeping until something changes, in the order they went to sleep (head), and
 * the poll entries of processes in ppoll watching it (pollers: struct poll_entry, see poll_wait below).
 * chan says what its sleepers wait for and obj for which object (see struct wait_chan). */
struct wait_chan;
struct wait_queue {
	struct list_head head;
	struct list_head pollers;
	const struct wait_chan *chan;
	const void *obj;
};
#define WAIT_QUEUE_INIT(name, chan_, obj_) { LIST_HEAD_INIT((name).head), LIST_HEAD_INIT((name).pollers), chan_, obj_ }
/* wait_queue_init: an empty queue whose sleepers wait on chan for obj (a struct pipe for the pipe channels...). */
static inline void wait_queue_init(struct wait_queue *wq, const struct wait_chan *chan, const void *obj)
{
	list_init(&wq->head);
	list_init(&wq->pollers);
	wq->chan = chan;
	wq->obj = obj;
}

/* struct wait_chan: a wait channel, what a sleeper waits for, as `ps`'s WCHAN column and the trace name it:
 * "pipe 3 read" is name "pipe", the object's id 3, op "read". Every channel is defined once, in
 * kernel/trace_events.c, together with the trace events that sleeping on it and waking it emit: so sleep_on and
 * wake_up trace every block and wake-up, and the mechanisms that call them write no trace code of their own
 * (as Linux's scheduler emits sched_switch and sched_wakeup for every wait queue). */
struct wait_chan {
	const char *name;                        /* "pipe", "semop", "wait4" */
	const char *op;                          /* "read", "write", or NULL */
	int (*id)(const void *obj);              /* the object's id ("pipe 3"), or NULL when it has none */
	void (*block)(const struct wait_queue *wq);  /* trace the current process blocking on wq, or NULL */
	/* trace the current process waking pids[0..n) (n <= WAKE_TRACE_MAX listed) from wq with result (0, or the
	 * -errno a completion hands over), or NULL */
	void (*wake)(const struct wait_queue *wq, const int *pids, int n, long result);
};
#define WAKE_TRACE_MAX 16 /* woken pids listed in one wake event */

/* Sleeping and waking up. The one blocking idiom of this kernel (xv6's sleep/wakeup with Linux's semantics):
 *
 *	lock(&obj->lock);
 *	while (!condition(obj)) {           // a named predicate: pipe_readable(p), pipe_writable(p, n)
 *		if (nonblocking) { unlock; return -EAGAIN; }
 *		if (sleep_on(&obj->wq, &obj->lock)) { unlock; return -ERESTARTSYS; }
 *	}
 *	... change obj ...
 *	wake_up(&obj->other_wq);            // after any change a sleeper waits for
 *	unlock(&obj->lock);
 *
 * Why no wake-up is lost: the sleeper tests the condition holding obj->lock, and sleep_on puts it on the queue
 * before it lets obj->lock go (both under sched_lock), so a waker, which must hold obj->lock to change the
 * condition, either ran before the test (the test sees its change) or runs after the sleeper is on the queue
 * (wake_up finds it). Why `while` and not `if`: a woken sleeper is only runnable; by the time it runs, another
 * process may have taken what it was woken for, or the wake-up may have been for a different change (a close
 * wakes readers too). It must test again. (xv6 book, chapter "Sleep and wakeup"; Linux include/linux/wait.h.) */

/* sleep_on: put the current process to sleep on wq. lk is held by the caller (IRQs masked); it is released
 * while asleep and held again on return. Returns 0 when woken by wake_up (test the condition again),
 * -ERESTARTSYS when a signal is pending (then it does not sleep at all; see kernel/signal.h for what the caller
 * returns). */
int sleep_on(struct wait_queue *wq, spinlock_t *lk);
/* sleep_on_timeout: sleep_on with a deadline: also returns -ETIMEDOUT once time_ns() >= deadline_ns
 * (0: no deadline). lk may be NULL for a sleep that waits for no object's condition (nanosleep, sigsuspend,
 * poll): the caller's IRQs stay masked from its test to the sleep, which on one CPU is enough. */
int sleep_on_timeout(struct wait_queue *wq, spinlock_t *lk, u64 deadline_ns);
/* schedule_timeout: sleep, waiting for no object, until time_ns() >= deadline_ns (0: no deadline) or a signal;
 * chan names the sleep ("nanosleep"). Returns 0 once the deadline passed, -ERESTARTSYS on a signal. (Linux's
 * schedule_timeout_interruptible, with an absolute deadline.) */
int schedule_timeout(u64 deadline_ns, const struct wait_chan *chan);
/* sleep_on_uninterruptible: as sleep_on, but signals do not end it (a stopped process waiting for SIGCONT). */
int sleep_on_uninterruptible(struct wait_queue *wq, spinlock_t *lk);
/* wake_up_process: if p sleeps (interruptibly, when only_interruptible), make it runnable now (a signal for it).
 * Caller holds sched_lock. */
void wake_up_process(struct proc *p, bool only_interruptible);
/* wake_up: make every process sleeping on wq, and every ppoll watching it, runnable (in queue order). */
void wake_up(struct wait_queue *wq);

/* struct completion: a hand-off (Linux kernel/sched/completion.c): one process sleeps in wait_for_completion
 * until another finishes something on its behalf and calls complete with the result (a semop done by whoever
 * made it possible, a message handed straight to a waiting receiver). done is set once, under the lock both
 * hold; result is 0 or a negative errno. */
struct completion {
	bool done;
	long result;
	struct wait_queue wait;
};
/* init_completion: not done; its sleeper waits on chan for obj (as wait_queue_init). */
static inline void init_completion(struct completion *c, const struct wait_chan *chan, const void *obj)
{
	c->done = false;
	c->result = 0;
	wait_queue_init(&c->wait, chan, obj);
}
/* complete: c is done with result; wakes its sleeper. Caller holds the lock the sleeper passes. */
void complete(struct completion *c, long result);
/* wait_for_completion: sleep (releasing lk, as sleep_on) until c is done, and return its result. When it is not
 * done: -ERESTARTSYS (a signal) or -ETIMEDOUT (deadline_ns passed; 0 = none): the caller then withdraws its
 * request, still holding lk, so it cannot be completed afterwards. A completed request wins over a signal. */
long wait_for_completion(struct completion *c, spinlock_t *lk, u64 deadline_ns);

/* CPU time as Linux accounts it by default (kernel/sched/cputime.c without VIRT_CPU_ACCOUNTING): the time a
 * process runs is exact, added up at every switch (its sum_exec_runtime); how much of it was user and how much
 * kernel time is sampled by the timer tick, which charges the interrupted side, and the exact total is split in
 * that proportion (cputime_adjust). Nothing is read on the system call path.
 * account_tick: the tick interrupted the current process in user mode (user) or in the kernel. */
void account_tick(bool user);
/* task_cputime_ns: p's user and kernel time so far (ns), the running process's up to now. */
void task_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns);
/* struct group_usage: a process's resource use, every thread's (the exited ones' totals in its signal_struct
 * and the live ones'): CPU time in timer cycles and the ticks that split it, minor faults, peak resident pages,
 * voluntary and involuntary context switches (getrusage(2) RUSAGE_SELF, Linux's thread_group_cputime); the CPU
 * time split into user and kernel time (ns). */
struct group_usage {
	u64 runtime, utime_ticks, stime_ticks, min_flt, maxrss, nvcsw, nivcsw;
	u64 utime_ns, stime_ns;
};
/* thread_group_usage: p's process's use into *g; takes sig_lock. */
void thread_group_usage(const struct proc *p, struct group_usage *g);
/* thread_group_cputime_ns: the user and kernel time (ns) of p's process, all its threads: CLOCK_PROCESS_CPUTIME_ID,
 * times(2), RUSAGE_SELF, /proc/PID/stat. task_cputime_ns is one thread's (CLOCK_THREAD_CPUTIME_ID, RUSAGE_THREAD). */
void thread_group_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns);
/* child_cputime_ns: the same for p's reaped children (and theirs). */
void child_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns);
extern bool irq_from_user; /* arch/aarch64/trap.c: the interrupt being handled came from EL0 */

/* wchan_format: what p sleeps on, as "pipe 3 read", into buf (len bytes); "" when it does not sleep. */
void wchan_format(const struct proc *p, char *buf, size_t len);

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
