/* kernel/poll.c: ppoll (POSIX poll(), Linux ppoll(2); musl's poll and pause() call it). Each pass asks every
 * descriptor's poll op which of the wanted events are ready; the first pass also registers the process on the
 * objects' wait queues through a poll_table (kernel/sched.h), so one wake_up on any of them ends the sleep and
 * the next pass looks again, as Linux's do_poll does. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define POLL_MAX_FDS 1024 /* RLIMIT_NOFILE's default: more descriptors than that is EINVAL */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* struct pollfd_k: struct pollfd: fd (negative: ignored, revents 0), events wanted, revents returned. */
struct pollfd_k {
	s32 fd;
	int16_t events, revents;
};

/* poll_pass: one look at every descriptor: revents written back to the user's array. Returns how many have
 * revents != 0, or -EFAULT. POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not. */
static long poll_pass(u64 ufds, u64 nfds, struct poll_table *pt)
{
	long count = 0;
	for (u64 i = 0; i < nfds; i++) {
		struct pollfd_k pf;
		if (copy_from_user(&pf, ufds + i * sizeof pf, sizeof pf))
			return -EFAULT;
		u32 rev = 0;
		if (pf.fd >= 0) {
			struct file *f = fd_file(pf.fd);
			if (!f) {
				rev = POLLNVAL;
			} else {
				u32 m = f->ops->poll ? f->ops->poll(f, pt) : DEFAULT_POLLMASK;
				rev = m & ((u16)pf.events | POLLERR | POLLHUP);
			}
		}
		int16_t r16 = (int16_t)rev;
		if (copy_to_user(ufds + i * sizeof pf + offsetof(struct pollfd_k, revents), &r16, sizeof r16))
			return -EFAULT;
		if (rev)
			count++;
	}
	return count;
}

/* ppoll(fds, nfds, tmo, sigmask, sigsetsize): wait until one of the descriptors has an event, the timeout
 * passes (NULL: no timeout; zero: look once) or a signal arrives. sigmask, when given, is the blocked set while
 * waiting (restored on the way out, after the handler when a signal came). Returns the number of descriptors
 * with revents != 0, 0 on timeout, -EINTR after a signal handler (never restarted: signal(7); a signal that runs
 * no handler restarts it with the time left), -EINVAL for nfds over
 * RLIMIT_NOFILE, a bad timeout or sigsetsize != 8, -EFAULT for a bad array, timeout or mask. */
SYSCALL_DEFINE(ppoll)
{
	u64 ufds = a0, nfds = a1;
	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	u64 deadline = 0;
	bool timed_out = false;
	if (a2) {
		struct { s64 sec, nsec; } ts;
		if (copy_from_user(&ts, a2, sizeof ts))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
		if (ts.sec == 0 && ts.nsec == 0)
			timed_out = true; /* poll once */
		else if ((u64)ts.sec >= (UINT64_MAX - time_ns()) / 1000000000 - 1)
			deadline = 0; /* beyond any time we will see: as good as none */
		else
			deadline = time_ns() + (u64)ts.sec * 1000000000 + (u64)ts.nsec;
	}
	if (a3) {
		u64 mask;
		if (a4 != sizeof mask)
			return -EINVAL;
		if (copy_from_user(&mask, a3, sizeof mask))
			return -EFAULT;
		sigmask_set_temporary(mask);
	}
	struct poll_table pt;
	poll_table_init(&pt);
	struct poll_table *register_on = timed_out ? NULL : &pt;
	long r;
	for (;;) {
		r = poll_pass(ufds, nfds, register_on);
		register_on = NULL;
		if (r || timed_out)
			break;
		int s = poll_sleep(&pt, deadline);
		if (s == -ERESTARTSYS) {
			/* As Linux: the time left goes back into the timeout, and the call restarts when no handler
			 * runs (a stop and continue); after a handler it is EINTR. */
			if (a2 && deadline) {
				u64 now = time_ns(), left = deadline > now ? deadline - now : 0;
				struct { s64 sec, nsec; } ts = { (s64)(left / 1000000000), (s64)(left % 1000000000) };
				copy_to_user(a2, &ts, sizeof ts);
			}
			r = -ERESTARTNOHAND;
			break;
		}
		if (s == -ETIMEDOUT)
			timed_out = true;
	}
	poll_table_release(&pt);
	return r;
}
