/* kernel/itimer.c: interval timers, setitimer(2) and getitimer(2) (POSIX getitimer(); Linux's
 * kernel/time/itimer.c). Only ITIMER_REAL, the timer alarm(3) uses (musl's alarm is setitimer(ITIMER_REAL)): it
 * counts real time and sends SIGALRM when it expires, then re-arms itself with its interval if it has one.
 * ITIMER_VIRTUAL and ITIMER_PROF count CPU time, which ipclab does not account: setitimer refuses them (-EINVAL)
 * and getitimer reads them as disarmed. A process's timer is its itimer_deadline and itimer_interval (struct proc);
 * the timer interrupt calls itimer_expire, and setitimer makes the hardware timer fire by the new deadline. */
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

/* itimer_get: p's ITIMER_REAL as getitimer reports it: the time left rounded up to a microsecond (a timer that is
 * due but not yet expired reads 1 us, so it does not look disarmed), the interval rounded down. */
static void itimer_get(struct proc *p, struct itimerval *v)
{
	u64 now = time_ns();
	u64 left = p->signal->itimer_deadline > now ? p->signal->itimer_deadline - now : (p->signal->itimer_deadline ? 1000 : 0);
	v->it_interval.tv_sec = (s64)(p->signal->itimer_interval / 1000000000UL);
	v->it_interval.tv_usec = (s64)(p->signal->itimer_interval % 1000000000UL / 1000);
	v->it_value.tv_sec = (s64)(left / 1000000000UL);
	v->it_value.tv_usec = (s64)((left % 1000000000UL + 999) / 1000);
	if (v->it_value.tv_usec == 1000000) {
		v->it_value.tv_sec++;
		v->it_value.tv_usec = 0;
	}
}

/* setitimer(which, new_value, old_value): arm (it_value > 0) or disarm ITIMER_REAL; old_value (if not NULL) gets
 * what it was. -EINVAL for another timer, negative seconds or microseconds outside 0..999999; -EFAULT for bad
 * pointers (a bad old_value after the timer is set leaves it set, as Linux). */
SYSCALL_DEFINE3(setitimer, int, which, u64, new_value, u64, old_value)
{
	if (which != ITIMER_REAL)
		return -EINVAL;
	struct proc *p = current;
	struct itimerval nv, ov;
	if (new_value && copy_from_user(&nv, new_value, sizeof nv))
		return -EFAULT;
	if (new_value && (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec > 999999 || nv.it_interval.tv_usec < 0 ||
		   nv.it_interval.tv_usec > 999999 || nv.it_value.tv_sec < 0 || nv.it_interval.tv_sec < 0))
		return -EINVAL;
	itimer_get(p, &ov);
	if (new_value) {
		u64 value = (u64)nv.it_value.tv_sec * 1000000000UL + (u64)nv.it_value.tv_usec * 1000;
		p->signal->itimer_interval = (u64)nv.it_interval.tv_sec * 1000000000UL + (u64)nv.it_interval.tv_usec * 1000;
		p->signal->itimer_deadline = value ? time_ns() + value : 0;
		if (value)
			timer_set_deadline(p->signal->itimer_deadline);
	}
	if (old_value && copy_to_user(old_value, &ov, sizeof ov))
		return -EFAULT;
	return 0;
}

/* getitimer(which, curr_value): the timer's interval and time left. -EINVAL for which outside ITIMER_REAL ..
 * ITIMER_PROF, -EFAULT for a bad pointer. ITIMER_VIRTUAL and ITIMER_PROF read as zero. */
SYSCALL_DEFINE2(getitimer, int, which, u64, curr_value)
{
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct itimerval v = { 0 };
	if (which == ITIMER_REAL)
		itimer_get(current, &v);
	return copy_to_user(curr_value, &v, sizeof v) ? -EFAULT : 0;
}

u64 itimer_expire(u64 now)
{
	u64 next = UINT64_MAX;
	struct proc *due[NPROC];
	int n = 0;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (!p->signal->itimer_deadline || p->state == P_ZOMBIE)
			continue;
		if (p->signal->itimer_deadline <= now) {
			due[n++] = p;
			p->signal->itimer_deadline = p->signal->itimer_interval ? now + p->signal->itimer_interval : 0;
		}
		if (p->signal->itimer_deadline && p->signal->itimer_deadline < next)
			next = p->signal->itimer_deadline;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	for (int i = 0; i < n; i++)
		send_signal(due[i], SIGALRM, 0);
	return next;
}
