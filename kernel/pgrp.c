/* kernel/pgrp.c: process groups, setpgid(2) and getpgid(2) (POSIX setpgid(), getpgid(); Linux's kernel/sys.c).
 * A process group is the set of processes with the same pgid; its id is the pid of the process that made it
 * (setpgid(0, 0)). fork puts the child in its parent's group; init is the first group (kernel/main.c). Groups are
 * what kill(0, sig), kill(-pgid, sig) and wait4(0 or -pgid) select by (kernel/signal.c, kernel/exit.c). setpgid
 * changes a pgid under proc_lock, which they hold while they select. A session (setsid(2), credentials(7)) is
 * a set of groups with one controlling terminal at most (kernel/tty.c); its id is its leader's pid. A process
 * may only join a group of its own session. */
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"

/* setpgid(pid, pgid): move process pid (0: the caller) into group pgid (0: a group of its own, pgid = pid).
 * -EINVAL for pgid < 0, -ESRCH when no process pid is the caller or its child, -EPERM when pid is a session
 * leader, is a child in another session, or pgid is neither pid itself nor a group of the caller's session
 * (Linux kernel/sys.c). */
SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct proc *self = current->group_leader;
	if (!pid)
		pid = self->pid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0) /* after pgid 0 became pid (Linux kernel/sys.c) */
		return -EINVAL;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	if (!p || (p != self && p->parent != self)) {
		spin_unlock_irqrestore(&proc_lock, f);
		return !p || p->group_leader != self ? -ESRCH : -EINVAL; /* another thread of ours: not a process */
	}
	int want = pgid ? pgid : p->pid;
	bool exists = want == p->pid;
	for (struct proc *q = proc_next(NULL); q && !exists; q = proc_next(q))
		exists = q->signal->pgid == want && q->signal->sid == current->signal->sid; /* a zombie still holds its group, as on Linux */
	if (!exists || p->signal->sid == p->pid || p->signal->sid != current->signal->sid) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -EPERM;
	}
	p->signal->pgid = want;
	spin_unlock_irqrestore(&proc_lock, f);
	trace_proc_pgrp(p->pid, p->signal->pgid, p->signal->sid);
	return 0;
}

/* setsid(): the caller leads a new session and a new group, both with its pid, without a controlling terminal.
 * Returns the session id; -EPERM when the caller already leads a group (setsid(2)). */
SYSCALL_DEFINE0(setsid)
{
	struct proc *p = current->group_leader;
	u64 f = spin_lock_irqsave(&proc_lock);
	bool leader = false;
	for (struct proc *q = proc_next(NULL); q && !leader; q = proc_next(q))
		leader = q->signal->pgid == p->pid && q->signal->nr_threads;
	if (leader) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -EPERM;
	}
	p->signal->sid = p->signal->pgid = p->pid;
	p->signal->tty = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	trace_proc_pgrp(p->pid, p->signal->pgid, p->signal->sid);
	return p->signal->sid;
}

/* getsid(pid): the session of pid (0: the caller), -ESRCH when there is no such process. */
SYSCALL_DEFINE1(getsid, int, pid)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid ? proc_find(pid) : current;
	int r = p ? p->signal->sid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, f);
	return r;
}

/* getpgid(pid): the process group of pid (0: the caller), or -ESRCH when there is no such process. */
SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	if (!pid)
		pid = current->tgid;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	int r = p ? p->signal->pgid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, f);
	return r;
}
