/* kernel/sys.c: resource limits and use, and small process settings, after Linux's kernel/sys.c:
 * prlimit64/getrlimit/setrlimit (getrlimit(2)), getrusage(2), times(2), sysinfo(2), prctl(2) (PR_SET_NAME,
 * PR_GET_NAME, PR_SET_PDEATHSIG, PR_GET_PDEATHSIG), getpriority/setpriority(2), set_robust_list/get_robust_list
 * (get_robust_list(2)). */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"


void rlimit_init(struct proc *p)
{
	/* Linux's INIT_RLIMITS (include/asm-generic/resource.h) with what this kernel can hold: NPROC is half of
	 * max_threads (memory-based, as Linux's fork_init sets it), NOFILE Linux's 1024 soft and 4096 hard; SIGPENDING is Linux's max_threads / 2
	 * for this much memory (kernel/fork.c set_max_threads: RAM / (8 * THREAD_SIZE), THREAD_SIZE 16 KiB). */
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->signal->rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	p->signal->rlim[RLIMIT_STACK].rlim_cur = 8 << 20;
	p->signal->rlim[RLIMIT_CORE].rlim_cur = 0;
	u64 nproc = (u64)max_threads() / 2; /* Linux's fork_init */
	p->signal->rlim[RLIMIT_NPROC] = (struct rlimit){ nproc, nproc };
	u64 sigpending = pages_total() * PAGE_SIZE / (8 * 16384) / 2;
	p->signal->rlim[RLIMIT_SIGPENDING] = (struct rlimit){ sigpending, sigpending };
	p->signal->rlim[RLIMIT_NOFILE] = (struct rlimit){ NOFILE_CUR, NOFILE };
	p->signal->rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8 << 20, 8 << 20 };
	p->signal->rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
	p->signal->rlim[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	p->signal->rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

u64 rlimit(int resource) { return current->signal->rlim[resource].rlim_cur; }

/* do_prlimit: read (old) and/or set (new) resource of process p (Linux do_prlimit): -EINVAL for an unknown
 * resource or cur > max, -EPERM for raising the hard limit without privilege (CAP_SYS_RESOURCE), or NOFILE above
 * the most a descriptor table grows to (NR_OPEN, Linux's fs.nr_open: 1,048,576). */
static long do_prlimit(struct proc *p, unsigned resource, const struct rlimit *new, struct rlimit *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	struct rlimit *r = &p->signal->rlim[resource];
	if (new && new->rlim_max > r->rlim_max && !cred_capable())
		return -EPERM;
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
		return -EPERM; /* Linux: above fs.nr_open */
	if (old)
		*old = *r;
	if (new)
		*r = *new;
	return 0;
}

/* proc_or_self: the process with this pid (0: the caller), NULL when there is none. */
static struct proc *proc_or_self(int pid)
{
	if (!pid)
		return current;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	spin_unlock_irqrestore(&proc_lock, f);
	return p;
}

/* prlimit64(pid, resource, new_limit, old_limit): pid 0 is the caller; another process only with the caller's
 * ids matching its real, effective and saved ones, or privilege (-EPERM); -ESRCH, -EFAULT. */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, resource, u64, new_limit, u64, old_limit)
{
	struct rlimit nr, or;
	if (new_limit && copy_from_user(&nr, new_limit, sizeof nr))
		return -EFAULT;
	struct proc *p = proc_or_self(pid);
	if (!p)
		return -ESRCH;
	const struct cred *c = &current->cred, *t = &p->cred;
	if (p != current && !cred_capable() &&
	    !(c->uid == t->uid && c->uid == t->euid && c->uid == t->suid && c->gid == t->gid && c->gid == t->egid &&
	      c->gid == t->sgid))
		return -EPERM;
	long r = do_prlimit(p, resource, new_limit ? &nr : NULL, old_limit ? &or : NULL);
	if (!r && old_limit && copy_to_user(old_limit, &or, sizeof or))
		return -EFAULT;
	return r;
}

/* getrlimit / setrlimit(resource, rlim): of the caller (arm64's generic calls 163 and 164). */
SYSCALL_DEFINE2(getrlimit, unsigned, resource, u64, rlim)
{
	struct rlimit r;
	long e = do_prlimit(current, resource, NULL, &r);
	return e ? e : copy_to_user(rlim, &r, sizeof r) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned, resource, u64, rlim)
{
	struct rlimit r;
	if (copy_from_user(&r, rlim, sizeof r))
		return -EFAULT;
	return do_prlimit(current, resource, &r, NULL);
}

/* ---- resource use ---- */

struct timeval64 {
	s64 tv_sec, tv_usec;
};

/* struct rusage: getrusage's answer (Linux include/uapi/linux/resource.h), 144 bytes. */
struct rusage {
	struct timeval64 ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock, ru_msgsnd,
		ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

static struct timeval64 ns_to_timeval(u64 ns) { return (struct timeval64){ (s64)(ns / 1000000000), (s64)(ns % 1000000000 / 1000) }; }

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

void fill_rusage(const struct proc *p, int which, void *out)
{
	bool children = which == RUSAGE_CHILDREN_OF;
	struct rusage *ru = out;
	*ru = (struct rusage){ 0 };
	u64 u, s;
	if (children) {
		child_cputime_ns(p, &u, &s);
		ru->ru_minflt = (long)p->signal->cmin_flt;
		ru->ru_maxrss = (long)(p->signal->cmaxrss * (PAGE_SIZE / 1024));
	} else if (which == RUSAGE_THREAD_OF) {
		task_cputime_ns(p, &u, &s);
		ru->ru_minflt = (long)p->min_flt;
		u64 pages = p->mm ? MAX(p->maxrss, (u64)p->mm->pages) : p->maxrss;
		ru->ru_maxrss = (long)(pages * (PAGE_SIZE / 1024));
		ru->ru_nvcsw = (long)p->nvcsw;
		ru->ru_nivcsw = (long)p->nivcsw;
	} else {
		struct group_usage g;
		thread_group_usage(p, &g);
		u = g.utime_ns;
		s = g.stime_ns;
		ru->ru_minflt = (long)g.min_flt;
		u64 pages = p->mm ? MAX(g.maxrss, (u64)p->mm->pages) : g.maxrss;
		ru->ru_maxrss = (long)(pages * (PAGE_SIZE / 1024));
		ru->ru_nvcsw = (long)g.nvcsw;
		ru->ru_nivcsw = (long)g.nivcsw;
	}
	ru->ru_utime = ns_to_timeval(u);
	ru->ru_stime = ns_to_timeval(s);
}

/* getrusage(who, usage): RUSAGE_SELF (every thread of the process), RUSAGE_THREAD (the caller), RUSAGE_CHILDREN
 * (the reaped ones and theirs): CPU times, maxrss (KiB), page faults, context switches; -EINVAL for another who, -EFAULT. */
SYSCALL_DEFINE2(getrusage, int, who, u64, usage)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct rusage ru;
	fill_rusage(current, who == RUSAGE_CHILDREN ? RUSAGE_CHILDREN_OF : who == RUSAGE_THREAD ? RUSAGE_THREAD_OF : RUSAGE_SELF_OF,
		    &ru);
	return copy_to_user(usage, &ru, sizeof ru) ? -EFAULT : 0;
}

#define USER_HZ 100 /* the clock ticks of times(2) (sysconf(_SC_CLK_TCK)) */

static s64 ns_to_clock_t(u64 ns) { return (s64)(ns / (1000000000 / USER_HZ)); }

/* times(buf): the caller's and its reaped children's user and system time, in clock ticks (USER_HZ); returns
 * the ticks since boot (Linux: since an arbitrary point). -EFAULT for a bad buf (which may be NULL). */
SYSCALL_DEFINE1(times, u64, buf)
{
	struct proc *p = current;
	u64 u, s;
	thread_group_cputime_ns(p, &u, &s);
	u64 cu, cs;
	child_cputime_ns(p, &cu, &cs);
	s64 t[4] = { ns_to_clock_t(u), ns_to_clock_t(s), ns_to_clock_t(cu), ns_to_clock_t(cs) };
	if (buf && copy_to_user(buf, t, sizeof t))
		return -EFAULT;
	return ns_to_clock_t(time_ns());
}

/* struct sysinfo: sysinfo(2)'s answer (Linux include/uapi/linux/sysinfo.h, 112 bytes on arm64). */
struct sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char _f[0];
};

/* sysinfo(info): uptime (s), memory in pages of mem_unit bytes, the number of processes; load averages 0 (not
 * computed here). -EFAULT. */
SYSCALL_DEFINE1(sysinfo, u64, info)
{
	struct sysinfo si = { 0 };
	si.uptime = (s64)(time_ns() / 1000000000);
	si.totalram = pages_total();
	si.freeram = pages_total() - pages_in_use();
	si.procs = (u16)procs_live();
	si.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &si, sizeof si) ? -EFAULT : 0;
}

/* ---- prctl ---- */

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_SET_NAME 15
#define PR_GET_NAME 16

/* prctl(option, arg2, ...): PR_SET_NAME/PR_GET_NAME (the 16-byte command name, comm), PR_SET_PDEATHSIG/
 * PR_GET_PDEATHSIG (the signal sent when the parent exits). -EINVAL for another option or a bad signal, -EFAULT. */
SYSCALL_DEFINE5(prctl, int, option, u64, arg2, u64, arg3, u64, arg4, u64, arg5)
{
	struct proc *p = current;
	switch (option) {
	case PR_SET_NAME: {
		char name[PROC_NAME_MAX];
		if (strncpy_from_user(name, arg2, sizeof name) == -EFAULT) /* a longer name is cut to 15 bytes */
			return -EFAULT;
		name[sizeof name - 1] = 0;
		memcpy(p->name, name, sizeof name);
		return 0;
	}
	case PR_GET_NAME:
		return copy_to_user(arg2, p->name, PROC_NAME_MAX) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > _NSIG)
			return -EINVAL;
		p->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG: {
		int s = p->pdeath_signal;
		return copy_to_user(arg2, &s, sizeof s) ? -EFAULT : 0;
	}
	default:
		return -EINVAL;
	}
}

/* ---- priority ---- */

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

/* getpriority(which, who) / setpriority(which, who, prio): the nice value of processes (PRIO_PROCESS: who, or
 * the caller for 0), a group (PRIO_PGRP) or a user's (PRIO_USER). getpriority returns 20 - nice (the raw system
 * call's convention) of the highest priority found. setpriority clamps to -20..19; lowering nice (raising the
 * priority) needs privilege (-EACCES), changing another user's process too (-EPERM). -ESRCH when none matches,
 * -EINVAL for another which. Nothing here schedules by it. */
static long priority(int which, int who, bool set, int niceval)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	struct proc *self = current;
	if (!who)
		who = which == PRIO_PROCESS ? self->pid : which == PRIO_PGRP ? self->signal->pgid : (int)self->cred.uid;
	niceval = CLAMP(niceval, -20, 19);
	long best = -ESRCH, err = 0;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (p->state == P_ZOMBIE)
			continue;
		bool match = which == PRIO_PROCESS ? p->pid == who : which == PRIO_PGRP ? p->signal->pgid == who
												: p->cred.uid == (u32)who;
		if (!match)
			continue;
		if (!set) {
			best = MAX(best, 20L - p->nice);
			continue;
		}
		if (best == -ESRCH)
			best = 0;
		if (p->cred.uid != self->cred.euid && p->cred.euid != self->cred.euid && !cred_capable())
			err = -EPERM;
		else if (niceval < p->nice && !cred_capable())
			err = -EACCES;
		else
			p->nice = niceval;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	return best < 0 ? best : set ? err : best;
}

SYSCALL_DEFINE2(getpriority, int, which, int, who) { return priority(which, who, false, 0); }
SYSCALL_DEFINE3(setpriority, int, which, int, who, int, niceval) { return priority(which, who, true, niceval); }

/* ---- robust futex lists ---- */

#define ROBUST_LIST_HEAD_SIZE 24 /* sizeof(struct robust_list_head) on arm64 */

/* set_robust_list(head, len): remember the caller's robust futex list (glibc and musl set one at start-up);
 * -EINVAL when len is not the size of struct robust_list_head. The thread's exit walks it (kernel/futex.c). */
SYSCALL_DEFINE2(set_robust_list, u64, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_len = len;
	return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): the list head of pid (0: the caller); -ESRCH, -EPERM (another user's
 * without privilege), -EFAULT. */
SYSCALL_DEFINE3(get_robust_list, int, pid, u64, head_ptr, u64, len_ptr)
{
	struct proc *p = proc_or_self(pid);
	if (!p)
		return -ESRCH;
	if (p != current && p->cred.uid != current->cred.euid && !cred_capable())
		return -EPERM;
	u64 head = p->robust_list, len = ROBUST_LIST_HEAD_SIZE;
	if (copy_to_user(len_ptr, &len, sizeof len) || copy_to_user(head_ptr, &head, sizeof head))
		return -EFAULT;
	return 0;
}
