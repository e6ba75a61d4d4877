/* kernel/poll.c: ppoll (POSIX poll(), Linux ppoll(2); musl's poll and pause() call it) and pselect6 (POSIX
 * select() and pselect(), Linux select(2); musl's select and pselect call it). Each pass asks every
 * descriptor's poll op which of the wanted events are ready; the first pass also registers the process on the
 * objects' wait queues through a poll_table (kernel/sched.h), so one wake_up on any of them ends the sleep and
 * the next pass looks again, as Linux's do_poll and do_select do. The two calls share that loop (wait_passes). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

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

/* A pass of ppoll or pselect6 over its descriptors: how many are ready, or a negative errno. */
typedef long (*pass_fn)(void *ctx, struct poll_table *pt);

/* struct user_ts: the user's struct timespec (Linux's __kernel_timespec). */
struct user_ts {
	s64 sec, nsec;
};

/* get_timeout: the user's struct timespec at utmo into *ts: 0, -EFAULT, or -EINVAL for a negative or
 * out-of-range field (Linux poll_select_set_timeout). */
static long get_timeout(u64 utmo, struct user_ts *ts)
{
	if (copy_from_user(ts, utmo, sizeof *ts))
		return -EFAULT;
	return ts->sec < 0 || ts->nsec < 0 || ts->nsec >= 1000000000 ? -EINVAL : 0;
}

/* get_sigmask: the user's sigset_t at usigmask, of size bytes, into *mask: 0, -EINVAL for a size other than 8,
 * -EFAULT (Linux set_user_sigmask). */
static long get_sigmask(u64 usigmask, size_t size, u64 *mask)
{
	if (size != sizeof *mask)
		return -EINVAL;
	return copy_from_user(mask, usigmask, sizeof *mask) ? -EFAULT : 0;
}

/* wait_passes: the sleep of ppoll and pselect6. ts is the timeout the caller read from the user's utmo (NULL:
 * none; {0, 0}: look once), mask the blocked set while waiting (NULL: unchanged). Runs pass until it returns
 * non-zero, the timeout passes (returns 0) or a signal arrives: then the time left is written back to utmo, as
 * Linux does, and the result is -ERESTARTNOHAND (EINTR after a handler; restarted when none runs: signal(7)). */
static long wait_passes(pass_fn pass, void *ctx, u64 utmo, const struct user_ts *ts, const u64 *mask)
{
	u64 deadline = 0;
	bool timed_out = false;
	if (ts) {
		if (ts->sec == 0 && ts->nsec == 0)
			timed_out = true; /* look once */
		else if ((u64)ts->sec >= (UINT64_MAX - time_ns()) / 1000000000 - 1)
			deadline = 0; /* beyond any time we will see: as good as none */
		else
			deadline = time_ns() + (u64)ts->sec * 1000000000 + (u64)ts->nsec;
	}
	if (mask)
		sigmask_set_temporary(*mask);
	struct poll_table pt;
	poll_table_init(&pt);
	struct poll_table *register_on = timed_out ? NULL : &pt;
	long r;
	for (;;) {
		r = pass(ctx, register_on);
		register_on = NULL;
		if (r || timed_out)
			break;
		int s = poll_sleep(&pt, deadline);
		if (s == -ERESTARTSYS) {
			/* As Linux: the time left goes back into the timeout, and the call restarts when no handler
			 * runs (a stop and continue); after a handler it is EINTR. */
			if (utmo && deadline) {
				u64 now = time_ns(), left = deadline > now ? deadline - now : 0;
				struct user_ts rem = { (s64)(left / 1000000000), (s64)(left % 1000000000) };
				copy_to_user(utmo, &rem, sizeof rem);
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

struct ppoll_ctx {
	u64 ufds;
	unsigned int nfds;
};

static long ppoll_pass(void *ctx, struct poll_table *pt)
{
	struct ppoll_ctx *c = ctx;
	return poll_pass(c->ufds, c->nfds, pt);
}

/* ppoll(fds, nfds, tmo, sigmask, sigsetsize): wait until one of the descriptors has an event, the timeout
 * passes (NULL: no timeout; zero: look once) or a signal arrives. sigmask, when given, is the blocked set while
 * waiting (restored on the way out, after the handler when a signal came). Returns the number of descriptors
 * with revents != 0, 0 on timeout, -EINTR after a signal handler (never restarted: signal(7); a signal that runs
 * no handler restarts it with the time left), -EINVAL for nfds over
 * RLIMIT_NOFILE, a bad timeout or sigsetsize != 8, -EFAULT for a bad array, timeout or mask. */
SYSCALL_DEFINE5(ppoll, u64, fds, unsigned int, nfds, u64, tmo_p, u64, sigmask, size_t, sigsetsize)
{
	/* Linux's order (fs/select.c): the timeout, the mask, then the descriptors */
	struct user_ts ts;
	u64 mask;
	long r;
	if ((tmo_p && (r = get_timeout(tmo_p, &ts))) || (sigmask && (r = get_sigmask(sigmask, sigsetsize, &mask))))
		return r;
	if (nfds > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	struct ppoll_ctx c = { fds, nfds };
	return wait_passes(ppoll_pass, &c, tmo_p, tmo_p ? &ts : NULL, sigmask ? &mask : NULL);
}

/* select's sets as Linux reads them (fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET). */
#define SEL_IN (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SEL_OUT (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SEL_EX POLLPRI

/* pselect6's sets: what was asked ([0] read, [1] write, [2] except) and what is ready, words of 64 bits each
 * (one block after the struct: select_ctx_alloc). */
struct select_ctx {
	int nfds, words;
	u64 *in[3], *out[3];
};

/* select_ctx_alloc: the sets for nfds descriptors (as many as the table has: up to NR_OPEN bits each, so they are
 * sized to the call, as Linux's core_sys_select does), zeroed; NULL when out of memory. Free with kfree. */
static struct select_ctx *select_ctx_alloc(int nfds)
{
	int words = (nfds + 63) / 64;
	struct select_ctx *c = kmalloc(sizeof *c + 6 * (size_t)words * sizeof(u64));
	if (!c)
		return NULL;
	c->nfds = nfds;
	c->words = words;
	u64 *w = (u64 *)(c + 1);
	for (int k = 0; k < 3; k++) {
		c->in[k] = w + k * words;
		c->out[k] = w + (3 + k) * words;
	}
	return c;
}

/* select_pass: one look at every descriptor in any of the sets: ready ones go to out. Returns how many bits
 * are set in out (a descriptor ready for reading and writing counts twice, as in Linux), or -EBADF when a
 * descriptor in a set is not open. */
static long select_pass(void *ctx, struct poll_table *pt)
{
	struct select_ctx *c = ctx;
	long count = 0;
	for (int k = 0; k < 3; k++)
		memset(c->out[k], 0, (size_t)c->words * sizeof(u64));
	for (int fd = 0; fd < c->nfds; fd++) {
		u64 bit = 1ULL << (fd % 64);
		int w = fd / 64;
		if (!((c->in[0][w] | c->in[1][w] | c->in[2][w]) & bit))
			continue;
		struct file *f = fd_file(fd);
		if (!f)
			return -EBADF;
		u32 m = f->ops->poll ? f->ops->poll(f, pt) : DEFAULT_POLLMASK;
		const u32 want[3] = { SEL_IN, SEL_OUT, SEL_EX };
		for (int k = 0; k < 3; k++) {
			if ((c->in[k][w] & bit) && (m & want[k])) {
				c->out[k][w] |= bit;
				count++;
			}
		}
	}
	return count;
}

/* pselect6(nfds, readfds, writefds, exceptfds, tmo, sigmask_arg): POSIX pselect() over fd_sets of nfds bits
 * (fds past the descriptor table's size, max_fds, are neither read nor written back, as Linux clamps nfds to its
 * table). sigmask_arg
 * points to { const sigset_t *mask; size_t size } (Linux's pselect6 ABI); a non-NULL mask is the blocked set
 * while waiting. On success the sets hold the ready descriptors and the result is how many bits are set (0 on
 * timeout); the time left is written back into tmo. Errors: -EINVAL for nfds < 0, a bad timeout or a mask
 * size != 8; -EBADF for a set naming a closed descriptor; -EFAULT for a bad set, timeout or argument;
 * -EINTR after a signal handler (the sets are then left as they were). */
SYSCALL_DEFINE6(pselect6, int, nfds, u64, readfds, u64, writefds, u64, exceptfds, u64, timeout, u64, sigmask)
{
	/* Linux's order (fs/select.c do_pselect): the mask's argument block, the timeout, the mask, then nfds */
	u64 usets[3] = { readfds, writefds, exceptfds };
	struct { u64 mask, size; } sm = { 0, 0 };
	if (sigmask && copy_from_user(&sm, sigmask, sizeof sm))
		return -EFAULT;
	struct user_ts ts;
	u64 mask;
	long chk;
	if ((timeout && (chk = get_timeout(timeout, &ts))) || (sm.mask && (chk = get_sigmask(sm.mask, sm.size, &mask))))
		return chk;
	if (nfds < 0)
		return -EINVAL;
	int max_fds = current->files->max_fds;
	struct select_ctx *c = select_ctx_alloc(nfds < max_fds ? nfds : max_fds);
	if (!c)
		return -ENOMEM;
	size_t kept = ((size_t)c->nfds + 7) / 8;
	long r = 0;
	for (int k = 0; k < 3 && !r; k++) {
		if (usets[k] && kept && copy_from_user(c->in[k], usets[k], kept))
			r = -EFAULT;
		else if (usets[k] && c->nfds % 8) /* bits past nfds in the last byte are not asked for */
			((u8 *)c->in[k])[kept - 1] &= (u8)((1u << (c->nfds % 8)) - 1);
	}
	if (!r)
		r = wait_passes(select_pass, c, timeout, timeout ? &ts : NULL, sm.mask ? &mask : NULL);
	for (int k = 0; k < 3 && r >= 0; k++) /* only the bits of the table's descriptors go back (Linux) */
		if (usets[k] && kept && copy_to_user(usets[k], c->out[k], kept))
			r = -EFAULT;
	kfree(c);
	return r;
}
