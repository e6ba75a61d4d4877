/* kernel/sys_misc.c: small system calls: identity (getpid ...), time (clock_gettime, nanosleep), uname,
 * set_tid_address, sched_yield, and ipclab's trace_mark (getcwd is in kernel/fs/cwd.c). (Linux man pages, section 2.) */
#include "arch/aarch64/include/io.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define PL031_PHYS 0x09010000UL /* QEMU virt's RTC: seconds since the epoch, the host's time */

/* getpid: the process's id, the same in all its threads; gettid: the calling thread's own (gettid(2)). */
SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
/* getppid: the id of the process that made the caller's (init's for an orphan, 0 for init). */
SYSCALL_DEFINE0(getppid)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *parent = current->group_leader->parent;
	int pid = parent ? parent->tgid : 0;
	spin_unlock_irqrestore(&proc_lock, f);
	return pid;
}
/* getuid and the other credentials: kernel/cred.c. */

/* set_tid_address(tidptr): at this thread's exit, 0 is stored at tidptr and a futex wake done there (what
 * pthread_join waits for); returns the thread's id (set_tid_address(2)). */
SYSCALL_DEFINE1(set_tid_address, u64, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

struct timespec_k {
	s64 tv_sec, tv_nsec;
};

static u64 realtime_base_ns(void)
{
	static u64 base;
	if (!base) {
		u64 secs = mmio_read32((volatile u8 *)phys_to_virt(PL031_PHYS));
		base = secs * 1000000000UL - time_ns();
	}
	return base;
}

s64 ktime_get_real_seconds(void)
{
	return (s64)((realtime_base_ns() + time_ns()) / NSEC_PER_SEC);
}

u64 ktime_get_real_ns(void)
{
	return realtime_base_ns() + time_ns();
}

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

int clock_base(u64 clk, u64 *base_ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*base_ns = realtime_base_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*base_ns = 0;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return 1; /* the caller's CPU time, not the counter */
	default:
		return -EINVAL;
	}
}

u64 clock_res_ns(void) { return 1000000000UL / timer_hz + 1; }

static int clock_now(u64 clk, u64 *ns)
{
	u64 base;
	int r = clock_base(clk, &base);
	if (r == 0) {
		*ns = base + time_ns();
	} else if (r > 0) { /* the process's CPU time (every thread) or the calling thread's */
		u64 u, s;
		if (clk == CLOCK_THREAD_CPUTIME_ID)
			task_cputime_ns(current, &u, &s);
		else
			thread_group_cputime_ns(current, &u, &s);
		*ns = u + s;
		r = 0;
	}
	return r;
}

/* clock_gettime(clockid, tp): -EINVAL for an unknown clock, -EFAULT for a bad tp. */
SYSCALL_DEFINE2(clock_gettime, clockid_t, clockid, u64, tp)
{
	u64 ns;
	int r = clock_now(clockid, &ns);
	if (r)
		return r;
	struct timespec_k ts = { (s64)(ns / 1000000000UL), (s64)(ns % 1000000000UL) };
	return copy_to_user(tp, &ts, sizeof ts) ? -EFAULT : 0;
}

/* clock_getres(clockid, res): the timer's resolution into res (if not NULL); -EINVAL, -EFAULT as clock_gettime. */
SYSCALL_DEFINE2(clock_getres, clockid_t, clockid, u64, res)
{
	u64 ns;
	int r = clock_now(clockid, &ns);
	if (r)
		return r;
	struct timespec_k ts = { 0, (s64)clock_res_ns() };
	if (res && copy_to_user(res, &ts, sizeof ts))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, u64, tv, u64, tz)
{
	u64 ns = realtime_base_ns() + time_ns();
	s64 now[2] = { (s64)(ns / 1000000000UL), (s64)(ns % 1000000000UL / 1000) };
	if (tv && copy_to_user(tv, now, sizeof now))
		return -EFAULT;
	if (tz && clear_user(tz, 2 * sizeof(s32))) /* struct timezone: Linux's sys_tz, zero until settimeofday */
		return -EFAULT;
	return 0;
}

/* sleep_until: sleep until time_ns() >= deadline (ns). Returns 0, or -EINTR when a signal came first
 * (nanosleep is never restarted after a handler: signal(7)). */
static int sleep_until(u64 deadline)
{
	return schedule_timeout(deadline, &wchan_nanosleep) ? -EINTR : 0;
}

/* write_rem: the time left until deadline into the user's timespec rem (if given). */
static void write_rem(u64 urem, u64 deadline)
{
	u64 now = time_ns(), left = deadline > now ? deadline - now : 0;
	struct timespec_k ts = { (s64)(left / 1000000000UL), (s64)(left % 1000000000UL) };
	if (urem)
		copy_to_user(urem, &ts, sizeof ts);
}

static int read_timespec(u64 uts, u64 *ns)
{
	struct timespec_k ts;
	if (copy_from_user(&ts, uts, sizeof ts))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	*ns = (u64)ts.tv_sec > UINT64_MAX / 2000000000UL ? UINT64_MAX / 2 : (u64)ts.tv_sec * 1000000000UL + (u64)ts.tv_nsec;
	return 0;
}

/* interrupted_sleep: a relative sleep until deadline was interrupted by a signal: the time left goes to urem,
 * and if no handler runs the sleep goes on through restart_syscall (Linux's restart_block). */
static long interrupted_sleep(u64 deadline, u64 urem)
{
	write_rem(urem, deadline);
	current->restart_deadline = deadline;
	current->restart_urem = urem;
	return -ERESTART_RESTARTBLOCK;
}

/* nanosleep(req, rem): -EFAULT, -EINVAL for tv_nsec outside 0..999999999 or a negative tv_sec, -EINTR when a
 * signal handler ran first (the time left goes to rem); a signal that runs no handler (a stop and continue)
 * does not end it. */
SYSCALL_DEFINE2(nanosleep, u64, req, u64, rem)
{
	u64 ns;
	int r = read_timespec(req, &ns);
	if (r)
		return r;
	u64 deadline = time_ns() + ns;
	return sleep_until(deadline) ? interrupted_sleep(deadline, rem) : 0;
}

/* restart_syscall(): continue an interrupted nanosleep until its deadline; -EINTR when there is nothing to
 * continue. */
SYSCALL_DEFINE0(restart_syscall)
{
	u64 deadline = current->restart_deadline, urem = current->restart_urem;
	current->restart_deadline = 0;
	if (!deadline)
		return -EINTR;
	return sleep_until(deadline) ? interrupted_sleep(deadline, urem) : 0;
}

#define TIMER_ABSTIME 1
#define CPU_SLEEP_STEP_NS 10000000ULL /* how often a CPU-time sleep looks at the clock again: 10 ms */

/* cpu_clock_sleep: clock_nanosleep on CLOCK_PROCESS_CPUTIME_ID: sleep until the process's CPU time (every
 * thread's; user time only with user_only, the VIRT clock) reaches target ns, looking every CPU_SLEEP_STEP_NS of real time. A process that has no other thread
 * using the CPU sleeps until a signal (Linux posix_cpu_nsleep). Interrupted: the CPU time left goes to urem for a
 * relative sleep, and -ERESTARTNOHAND (EINTR after a handler). */
static long cpu_clock_sleep(u64 target, bool relative, bool user_only, u64 urem)
{
	for (;;) {
		u64 u, s;
		thread_group_cputime_ns(current, &u, &s);
		u64 now = user_only ? u : u + s;
		if (now >= target)
			return 0;
		/* alone, the process uses no CPU while it sleeps: only a signal ends the wait (and looking at the clock
		 * every step would itself spend the time waited for) */
		u64 step = current->signal->nr_threads > 1 ? MIN(target - now, CPU_SLEEP_STEP_NS) : UINT64_MAX / 4;
		if (sleep_until(time_ns() + step)) {
			if (relative && urem) {
				u64 left = target - now;
				struct timespec_k ts = { (s64)(left / 1000000000UL), (s64)(left % 1000000000UL) };
				copy_to_user(urem, &ts, sizeof ts);
			}
			return -ERESTARTNOHAND;
		}
	}
}
/* clock_nanosleep(clockid, flags, request, remain): -EINVAL for an unknown clock (a CPU clock id of another
 * process or of a thread after the request's own errors), -EOPNOTSUPP for CLOCK_THREAD_CPUTIME_ID or a
 * descriptor's clock, then nanosleep's errors (the libc wrapper returns the error number itself). */
SYSCALL_DEFINE4(clock_nanosleep, clockid_t, clockid, int, flags, u64, request, u64, remain)
{
	u64 now, ns;
	if (clockid < 0) { /* Linux's clockid_to_kclock: a descriptor's clock (low bits 3) or a CPU clock */
		if ((clockid & 7) == 3)
			return -EOPNOTSUPP; /* descriptor clocks do not sleep */
		int r = read_timespec(request, &ns); /* the CPU clocks read the request first */
		if (r)
			return r;
		/* A CPU clock id (clock_getcpuclockid(3); glibc passes its own process's for
		 * CLOCK_PROCESS_CPUTIME_ID): ~pid << 3 | per-thread (4) | which (0 PROF, 1 VIRT, 2 SCHED). This
		 * kernel sleeps on its own process's clocks; a thread's clock cannot be slept on (EINVAL). */
		int pid = ~(clockid >> 3), which = clockid & 3;
		if ((clockid & 4) || which == 3 || (pid != 0 && pid != current->tgid))
			return -EINVAL;
		u64 u, st;
		thread_group_cputime_ns(current, &u, &st);
		u64 cur = which == 1 ? u : u + st;
		return cpu_clock_sleep(flags & TIMER_ABSTIME ? ns : cur + ns, !(flags & TIMER_ABSTIME), which == 1, remain);
	}
	int r = clock_now(clockid, &now);
	if (r)
		return r;
	if (clockid == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP; /* the thread clock has no sleep, before the request is read (Linux posix-timers.c) */
	r = read_timespec(request, &ns);
	if (r)
		return r;
	if (clockid == CLOCK_PROCESS_CPUTIME_ID)
		return cpu_clock_sleep(flags & TIMER_ABSTIME ? ns : now + ns, !(flags & TIMER_ABSTIME), false, remain);
	u64 mono = time_ns();
	u64 deadline = flags & TIMER_ABSTIME ? (ns > now ? mono + (ns - now) : mono) : mono + ns;
	r = sleep_until(deadline);
	if (r && !(flags & TIMER_ABSTIME))
		return interrupted_sleep(deadline, remain);
	return r ? -ERESTARTNOHAND : 0; /* absolute: the same call again waits for the same time */
}

/* struct utsname: six fields of 65 bytes (Linux's new_utsname). */
struct utsname_k {
	char f[6][65];
};

SYSCALL_DEFINE1(uname, u64, buf)
{
	struct utsname_k u;
	memset(&u, 0, sizeof u);
	strlcpy(u.f[0], "ipclab", 65);
	strlcpy(u.f[1], "ipclab", 65);
	strlcpy(u.f[2], "0.1.0", 65);
	strlcpy(u.f[3], "#1 " IPCLAB_REV, 65);
	strlcpy(u.f[4], "aarch64", 65);
	strlcpy(u.f[5], "(none)", 65);
	return copy_to_user(buf, &u, sizeof u) ? -EFAULT : 0;
}

/* trace_mark(text, len): ipclab's own call 1000: a trace.mark event with the text (cut to TRACE_DATA_MAX).
 * -EFAULT for a bad text; returns 0 (also when tracing is off). */
SYSCALL_DEFINE2(trace_mark, u64, text, size_t, len)
{
	char buf[TRACE_DATA_MAX];
	size_t n = MIN(len, sizeof buf);
	if (copy_from_user(buf, text, n))
		return -EFAULT;
	trace_trace_mark(buf, n);
	return 0;
}
