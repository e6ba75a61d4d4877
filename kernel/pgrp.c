/* kernel/pgrp.c: process groups, setpgid(2) and getpgid(2) (POSIX setpgid(), getpgid(); Linux's kernel/sys.c).
 * A process group is the set of processes with the same pgid; its id is the pid of the process that made it
 * (setpgid(0, 0)). fork puts the child in its parent's group; init is the first group (kernel/main.c). Groups are
 * what kill(0, sig), kill(-pgid, sig) and wait4(0 or -pgid) select by (kernel/signal.c, kernel/exit.c). setpgid
 * changes a pgid under proc_lock, which they hold while they select. There are no sessions: setsid and getsid
 * return -ENOSYS. */
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"

/* setpgid(pid, pgid): move process pid (0: the caller) into group pgid (0: a group of its own, pgid = pid).
 * -EINVAL for pgid < 0, -ESRCH when no process pid is the caller or its child, -EPERM when pgid is neither pid
 * itself nor the group of a live process. */
SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	if (!pid)
		pid = current->pid;
	if (pgid < 0)
		return -EINVAL;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	if (!p || (p != current && p->parent != current)) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -ESRCH;
	}
	int want = pgid ? pgid : p->pid;
	bool exists = want == p->pid;
	for (struct proc *q = proc_next(NULL); q && !exists; q = proc_next(q))
		exists = q->pgid == want && q->state != P_ZOMBIE;
	if (!exists) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -EPERM;
	}
	p->pgid = want;
	spin_unlock_irqrestore(&proc_lock, f);
	return 0;
}

/* getpgid(pid): the process group of pid (0: the caller), or -ESRCH when there is no such process. */
SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	if (!pid)
		pid = current->pid;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	int r = p ? p->pgid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, f);
	return r;
}
