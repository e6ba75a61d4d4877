/* kernel/itimer.c: interval timers, setitimer(2) and getitimer(2) (POSIX getitimer(); Linux's
 * kernel/time/itimer.c). ITIMER_REAL, the timer alarm(3) uses (musl's alarm is setitimer(ITIMER_REAL)), counts
 * real time and sends SIGALRM when it expires, then re-arms itself with its interval if it has one: it is the
 * process's itimer_deadline and itimer_interval (struct signal_struct); the timer interrupt calls itimer_expire,
 * and setitimer makes the hardware timer fire by the new deadline. ITIMER_VIRTUAL and ITIMER_PROF count the
 * process's CPU time (signal_struct's it_cpu), charged by the scheduler tick (itimer_account_tick). */
#include "arch/aarch64/platform.h"
#include "kernel/errno.h"
#include "kernel/itimer.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

/* struct itimerval: the user's layout (Linux's include/uapi/linux/time.h): the interval the timer re-arms with
 * (0: one-shot) and the time until it expires (0: disarmed), each in seconds and microseconds. */
struct timeval {
	s64 tv_sec, tv_usec;
};
struct itimerval {
	struct timeval it_interval, it_value;
};

/* to_timeval: ns as a struct timeval, the microseconds rounded up (round_up) or down. */
static struct timeval to_timeval(u64 ns, bool round_up)
{
	u64 us = round_up ? (ns + 999) / 1000 : ns / 1000;
	return (struct timeval){ (s64)(us / 1000000), (s64)(us % 1000000) };
}

/* itimer_get: p's timer `which` as getitimer reports it: the time left rounded up to a microsecond (a timer that
 * is due but not yet expired reads 1 us, so it does not look disarmed), the interval rounded down. */
static void itimer_get(struct proc *p, int which, struct itimerval *v)
{
	struct signal_struct *sig = p->signal;
	u64 left, interval;
	if (which == ITIMER_REAL) {
		u64 now = time_ns();
		left = sig->itimer_deadline > now ? sig->itimer_deadline - now : (sig->itimer_deadline ? 1000 : 0);
		interval = sig->itimer_interval;
	} else {
		left = sig->it_cpu[which - 1].left;
		interval = sig->it_cpu[which - 1].interval;
	}
	v->it_interval = to_timeval(interval, false);
	v->it_value = to_timeval(left, true);
}

/* setitimer(which, new_value, old_value): arm (it_value > 0) or disarm a timer: ITIMER_REAL counts real time and
 * sends SIGALRM, ITIMER_VIRTUAL the process's user CPU time (every thread's) and sends SIGVTALRM, ITIMER_PROF its
 * user and system CPU time and sends SIGPROF; each re-arms with its interval when it has one. old_value (if not
 * NULL) gets what it was. -EINVAL for another timer, negative seconds or microseconds outside 0..999999; -EFAULT
 * for bad pointers (a bad old_value after the timer is set leaves it set, as Linux). The CPU timers are charged
 * a tick (1/HZ s) at a time, as Linux's tick-based accounting does. */
SYSCALL_DEFINE3(setitimer, int, which, u64, new_value, u64, old_value)
{
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct proc *p = current;
	struct itimerval nv, ov;
	if (new_value && copy_from_user(&nv, new_value, sizeof nv))
		return -EFAULT;
	if (new_value && (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec > 999999 || nv.it_interval.tv_usec < 0 ||
		   nv.it_interval.tv_usec > 999999 || nv.it_value.tv_sec < 0 || nv.it_interval.tv_sec < 0))
		return -EINVAL;
	u64 f = spin_lock_irqsave(&sig_lock);
	itimer_get(p, which, &ov);
	if (new_value) {
		u64 value = (u64)nv.it_value.tv_sec * 1000000000UL + (u64)nv.it_value.tv_usec * 1000;
		u64 interval = (u64)nv.it_interval.tv_sec * 1000000000UL + (u64)nv.it_interval.tv_usec * 1000;
		if (which == ITIMER_REAL) {
			p->signal->itimer_interval = interval;
			p->signal->itimer_deadline = value ? time_ns() + value : 0;
			if (value)
				timer_set_deadline(p->signal->itimer_deadline);
		} else {
			p->signal->it_cpu[which - 1] = (struct cpu_itimer){ .left = value, .interval = value ? interval : 0 };
		}
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (old_value && copy_to_user(old_value, &ov, sizeof ov))
		return -EFAULT;
	return 0;
}

/* getitimer(which, curr_value): the timer's interval and time left. -EINVAL for which outside ITIMER_REAL ..
 * ITIMER_PROF, -EFAULT for a bad pointer. */
SYSCALL_DEFINE2(getitimer, int, which, u64, curr_value)
{
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct itimerval v;
	u64 f = spin_lock_irqsave(&sig_lock);
	itimer_get(current, which, &v);
	spin_unlock_irqrestore(&sig_lock, f);
	return copy_to_user(curr_value, &v, sizeof v) ? -EFAULT : 0;
}

/* cpu_itimer_charge: take ns of CPU time off t; returns true when it expired (then re-armed by its interval, the
 * overshoot carried over, or disarmed). */
static bool cpu_itimer_charge(struct cpu_itimer *t, u64 ns)
{
	if (!t->left)
		return false;
	if (t->left > ns) {
		t->left -= ns;
		return false;
	}
	u64 over = ns - t->left;
	t->left = t->interval ? (t->interval > over ? t->interval - over : 1) : 0;
	return true;
}

void itimer_account_tick(struct proc *p, bool user, u64 ns)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	struct signal_struct *sig = p->signal;
	bool vt = user && cpu_itimer_charge(&sig->it_cpu[ITIMER_VIRTUAL - 1], ns);
	bool prof = cpu_itimer_charge(&sig->it_cpu[ITIMER_PROF - 1], ns);
	spin_unlock_irqrestore(&sig_lock, f);
	if (vt)
		send_signal(p, SIGVTALRM, 0);
	if (prof)
		send_signal(p, SIGPROF, 0);
}

u64 itimer_expire(u64 now)
{
	u64 next = UINT64_MAX;
	/* one process at a time under proc_lock; its SIGALRM after (proc_next goes on from a process that exited
	 * meanwhile: its slot stays) */
	for (struct proc *p = NULL;;) {
		bool due = false;
		u64 f = spin_lock_irqsave(&proc_lock);
		p = proc_next(p);
		if (p && p->signal->itimer_deadline && p->signal->nr_threads) {
			if (p->signal->itimer_deadline <= now) {
				due = true;
				p->signal->itimer_deadline = p->signal->itimer_interval ? now + p->signal->itimer_interval : 0;
			}
			if (p->signal->itimer_deadline && p->signal->itimer_deadline < next)
				next = p->signal->itimer_deadline;
		}
		spin_unlock_irqrestore(&proc_lock, f);
		if (!p)
			return next;
		if (due)
			send_signal(p, SIGALRM, 0);
	}
}
