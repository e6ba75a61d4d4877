/* tests/unit/kshim.c: the kernel functions the lab cores call, on the host, for their unit tests
 * (tests/unit/kshim.h says what each stands for and checks). A check that fails ends the running cmocka test
 * with a message in the words of kernel/sched.h's blocking idiom. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"
#include "tests/unit/kshim.h"

struct kshim kshim;
bool trace_enabled = false;
static struct proc current_proc = { .pid = KSHIM_PID, .tgid = KSHIM_PID, .name = "test" };
struct proc *cpu_current[1] = { &current_proc };
static bool in_lock_hook;

/* The host's signal() and setitimer(), declared here: <signal.h> and <sys/time.h> would clash with the kernel's
 * names (kernel/signal.h, kernel/itimer.h). The watchdog counts CPU time (ITIMER_PROF, SIGPROF: setitimer(2)), not
 * wall-clock time: a busy loop burns CPU and is caught all the same, while a test on a loaded machine (a class
 * graded many at a time) is not stopped for waiting its turn. */
void (*signal(int sig, void (*handler)(int)))(int);
struct host_timeval { long tv_sec, tv_usec; };
struct host_itimerval { struct host_timeval it_interval, it_value; };
int setitimer(int which, const struct host_itimerval *value, struct host_itimerval *old);
long write(int fd, const void *buf, size_t n);
void _exit(int status) __attribute__((noreturn));
#define HOST_SIGPROF 27
#define HOST_ITIMER_PROF 2

/* watchdog: stop the test after seconds of CPU time (0: no limit). */
static void watchdog(long seconds)
{
	struct host_itimerval t = { { 0, 0 }, { seconds, 0 } };
	setitimer(HOST_ITIMER_PROF, &t, 0);
}

static void on_alarm(int sig)
{
	static const char m[] =
		"\nERROR: the test did not finish within its time (" KSHIM_CPU_WORDS "): a loop that neither sleeps (sleep_on) nor ends, "
		"such as testing the condition again and again without sleeping (a busy wait)\n";
	(void)sig;
	if (write(2, m, sizeof m - 1) < 0)
		_exit(2);
	_exit(1);
}

void kshim_reset(void)
{
	kshim = (struct kshim){ .bad_lo = 0, .bad_hi = 0x10000, .now = KSHIM_NOW };
	in_lock_hook = false;
	signal(HOST_SIGPROF, on_alarm);
	watchdog(KSHIM_TEST_SECONDS);
}

int kshim_woken(const struct wait_queue *wq)
{
	int n = 0;
	for (int i = 0; i < kshim.nwakes && i < KSHIM_MAX_WAKES; i++)
		n += kshim.wakes[i] == wq;
	return n;
}

const char *kshim_result(long r)
{
	static char bufs[4][32];
	static int next;
	char *b = bufs[next++ % 4];
	if (r < 0)
		snprintf(b, sizeof bufs[0], "-%s", errno_name((int)-r));
	else
		snprintf(b, sizeof bufs[0], "%ld", r);
	return b;
}

int kshim_teardown(void **state)
{
	(void)state;
	watchdog(0);
	return 0;
}

/* ---- locks ---- */

u64 spin_lock_irqsave(spinlock_t *l)
{
	if (kshim.on_lock && !in_lock_hook) {
		in_lock_hook = true;
		kshim.on_lock(l, kshim.arg);
		in_lock_hook = false;
	}
	if (l->locked)
		fail_msg("spin_lock_irqsave(%s) on a lock that is already held: on one CPU that waits for ever (a "
			 "deadlock). Take the lock once, and release it on every path out.",
			 l->name ? l->name : "?");
	l->locked = 1;
	kshim.held++;
	return 0;
}

void spin_unlock_irqrestore(spinlock_t *l, u64 flags)
{
	(void)flags;
	if (!l->locked)
		fail_msg("spin_unlock_irqrestore(%s) on a lock that is not held (released twice, or never taken)",
			 l->name ? l->name : "?");
	l->locked = 0;
	kshim.held--;
}

bool spin_holding(spinlock_t *l) { return l->locked; }

/* ---- sleeping and waking ---- */

/* wq_name: how a message names wq: by its wait channel ("pipe read"), or "a wait queue". */
static const char *wq_name(const struct wait_queue *wq, char *buf, size_t len)
{
	if (wq->chan && wq->chan->name)
		snprintf(buf, len, "the %s%s%s wait queue", wq->chan->name, wq->chan->op ? " " : "",
			 wq->chan->op ? wq->chan->op : "");
	else
		snprintf(buf, len, "a wait queue");
	return buf;
}

int sleep_on(struct wait_queue *wq, spinlock_t *lk)
{
	char name[64];
	if (!lk || !lk->locked)
		fail_msg("sleep_on(%s) was called without holding the lock it is given: the condition was tested "
			 "without the lock, so a wake-up between that test and the sleep is lost. Hold the object's "
			 "lock from the test to the sleep (kernel/sched.h, above sleep_on).",
			 wq_name(wq, name, sizeof name));
	kshim.sleeps++;
	if (!kshim.on_sleep)
		fail_msg("the caller went to sleep on %s, but in this test nothing would ever wake it: it must not "
			 "wait here",
			 wq_name(wq, name, sizeof name));
	lk->locked = 0;
	kshim.held--;
	int r = kshim.on_sleep(wq, kshim.arg);
	lk->locked = 1;
	kshim.held++;
	return r;
}

void wake_up(struct wait_queue *wq)
{
	if (kshim.nwakes < KSHIM_MAX_WAKES)
		kshim.wakes[kshim.nwakes] = wq;
	kshim.nwakes++;
}

void complete(struct completion *c, long result)
{
	if (c->done)
		fail_msg("complete() on a completion that is done already (result %ld, now %ld): a waiter is finished "
			 "once, and must leave its list when it is",
			 c->result, result);
	c->done = true;
	c->result = result;
	kshim.completions++;
}

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	(void)pt;
	(void)wq;
}

/* ---- signals ---- */

int send_signal(struct proc *p, int sig, int sender)
{
	kshim.signals++;
	kshim.sig_to = p;
	kshim.sig = sig;
	kshim.sig_sender = sender;
	kshim.sig_held = kshim.held;
	if (kshim.held)
		fail_msg("send_signal(%d) was called holding a lock: send_signal takes the scheduler's locks and may "
			 "wake processes; release the object's lock first",
			 sig);
	return 0;
}

/* sigqueue_alloc, sigqueue_free: kernel/signal.c's, with a limit the test sets (kshim.sigqueue_max). */
struct sigqueue *sigqueue_alloc(struct proc *t, bool override_rlimit)
{
	(void)t;
	kshim.sigqueue_allocs++;
	kshim.sigqueue_override = override_rlimit;
	if (!override_rlimit && kshim.sigqueue_max && kshim.sigqueues >= kshim.sigqueue_max)
		return NULL;
	struct sigqueue *q = calloc(1, sizeof *q);
	if (q)
		kshim.sigqueues++;
	return q;
}

void sigqueue_free(struct sigqueue *q)
{
	list_del(&q->list);
	kshim.sigqueues--;
	free(q);
}

/* ---- memory ---- */

void *kmalloc(size_t size) { return calloc(1, size); }
void kfree(void *p) { free(p); }

void **pages_alloc(u32 n)
{
	void **pages = calloc(n, sizeof *pages);
	for (u32 i = 0; pages && i < n; i++)
		pages[i] = calloc(1, PAGE_SIZE);
	return pages;
}

void pages_free(void **pages, u32 n)
{
	for (u32 i = 0; pages && i < n; i++)
		free(pages[i]);
	free(pages);
}

/* user_ok: the user range [u, u + n) misses the bad range; counts copies made holding no lock. */
static bool user_ok(u64 u, size_t n)
{
	if (!kshim.held)
		kshim.unlocked_copies++;
	return n == 0 || u + n <= kshim.bad_lo || u >= kshim.bad_hi;
}

int copy_from_user(void *dst, u64 usrc, size_t n)
{
	if (!user_ok(usrc, n))
		return -EFAULT;
	memcpy(dst, (const void *)usrc, n);
	return 0;
}

int copy_to_user(u64 udst, const void *src, size_t n)
{
	if (!user_ok(udst, n))
		return -EFAULT;
	memcpy((void *)udst, src, n);
	return 0;
}

int pipe_copy_from_user(void *dst, const void *usrc, size_t n, void *ctx)
{
	(void)ctx;
	return copy_from_user(dst, (u64)usrc, n);
}

int pipe_copy_to_user(void *udst, const void *src, size_t n, void *ctx)
{
	(void)ctx;
	return copy_to_user((u64)udst, src, n);
}

/* ---- time, messages ---- */

s64 ktime_get_real_seconds(void) { return kshim.now; }

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fail_msg("panic: %s", buf);
	abort(); /* not reached: fail_msg leaves the test */
}
