/* tests/unit/kshim.h: the kernel a lab core sees, on the host (tests/unit/kshim.c), so ipc/pipe.c,
 * ipc/sem_core.c, ipc/msg_core.c, kernel/signal_core.c and ipc/shm_core.c (or a student's version of them) run under
 * cmocka with ASan.
 *
 * What it stands for, and what it checks on the way:
 * - spinlocks record that they are held (l->locked): taking a held lock or releasing a free one fails the test;
 *   kshim.held counts the locks held now.
 * - sleep_on(wq, lk) fails the test unless lk is held; it releases lk, runs the test's on_sleep hook (what the
 *   other processes do while the caller sleeps: write to the pipe, close it, send a signal) and takes lk again.
 *   The hook returns 0 (woken: test the condition again) or -ERESTARTSYS (a signal is pending).
 * - spin_lock_irqsave runs the test's on_lock hook first (not for locks the hook takes itself): another process
 *   that got the lock just before the caller (so a test made before taking the lock is out of date once it is).
 * - wake_up(wq) and complete(c, result) record what they woke; complete fails the test when c is done already.
 * - send_signal records the signal and fails the test when a lock is held (the pipe's SIGPIPE is sent after
 *   unlocking).
 * - kmalloc, pages_alloc: malloc (ASan finds overruns and leaks); the user-copy functions: memcpy, except that
 *   a user range touching [kshim.bad_lo, kshim.bad_hi) gives -EFAULT (by default the first 64 KiB, so a small
 *   number used as a pointer is a bad one); kshim.unlocked_copies counts copies made holding no lock.
 * - sigqueue_alloc: calloc, counted in kshim.sigqueues (sigqueue_free uncounts), NULL once kshim.sigqueue_max are
 *   allocated (0: no limit) unless override_rlimit; records the last override_rlimit in kshim.sigqueue_override.
 * - trace_enabled is false; ktime_get_real_seconds returns kshim.now; current is a process with pid and tgid KSHIM_PID.
 * Every test's setup calls kshim_reset() first, and its teardown kshim_teardown(). A test that has not finished
 * within KSHIM_TEST_SECONDS of CPU time ends the program with a message (a loop that neither sleeps nor ends). */
#ifndef TESTS_UNIT_KSHIM_H
#define TESTS_UNIT_KSHIM_H
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

#define KSHIM_PID 42 /* current->pid */
#define KSHIM_NOW 1700000000 /* ktime_get_real_seconds() unless a test sets kshim.now */
#define KSHIM_MAX_WAKES 256 /* wake_up calls recorded */
#define KSHIM_TEST_SECONDS 3 /* the watchdog, in CPU seconds: no test takes more than a fraction of one */
#define KSHIM_CPU_WORDS "3 s of CPU time"

/* expect: fail the running test with a printf-style message when cond is false. */
#define expect(cond, ...)                                                                                              \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			fail_msg(__VA_ARGS__);                                                                         \
	} while (0)

struct kshim {
	/* Set by the test. */
	int (*on_sleep)(struct wait_queue *wq, void *arg); /* NULL: a sleep fails the test (nobody would wake it) */
	void (*on_lock)(spinlock_t *l, void *arg); /* NULL: nobody else takes locks */
	void *arg; /* passed to both */
	u64 bad_lo, bad_hi; /* user addresses that fault */
	s64 now;
	/* Recorded. */
	int held; /* locks held now */
	int sleeps; /* sleep_on calls */
	int unlocked_copies; /* user copies made with no lock held */
	int nwakes; /* wake_up calls, the first KSHIM_MAX_WAKES of them in wakes[] */
	const struct wait_queue *wakes[KSHIM_MAX_WAKES];
	int completions; /* complete calls */
	int signals; /* send_signal calls: the last one's target, signal and sender */
	struct proc *sig_to;
	int sig, sig_sender;
	int sig_held; /* locks held at the last send_signal */
	int sigqueue_max; /* sigqueue_alloc fails past this many live ones (0: no limit), unless override_rlimit */
	int sigqueues; /* sigqueues allocated and not freed */
	int sigqueue_allocs; /* sigqueue_alloc calls */
	bool sigqueue_override; /* the last sigqueue_alloc's override_rlimit */
};
extern struct kshim kshim;

/* kshim_reset: everything back to its start: no hooks, nothing recorded, the default bad range and clock; arms
 * the watchdog. kshim_teardown: disarms it (a cmocka teardown: returns 0). */
void kshim_reset(void);
int kshim_teardown(void **state);
/* kshim_woken: how many times wake_up(wq) was called since the reset. */
int kshim_woken(const struct wait_queue *wq);
/* kshim_result: a function's result as the kernel names it, "100" or "-EAGAIN" (four rotating buffers, so one
 * message can show several). */
const char *kshim_result(long r);
#endif
