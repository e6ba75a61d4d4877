/* kernel/exit.c: exit_group(2), exit(2), wait4(2), and death by a fault. Wait statuses use Linux's encoding
 * (exit code << 8; or the signal number, | 0x80 for a core dump): POSIX wait(3p) WIFEXITED etc. */
#include "arch/aarch64/include/signal.h"
#include "arch/aarch64/platform.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/futex.h"
#include "kernel/halt.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define WNOHANG 1
#define WUNTRACED 2
#define WEXITED 4
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* exit_notify: the current thread, which has let go of everything, leaves its process; when it was the last,
 * the process is dead: its children go to init and its parent is told (Linux's exit_notify). Takes proc_lock and
 * does not return: the thread switches away for the last time. A thread other than the leader is freed after
 * that switch (no one waits for it); the leader stays a zombie until its parent reaps the process. */
static void __attribute__((noreturn)) exit_notify(struct proc *p, bool group_dead)
{
	struct proc *leader = p->group_leader;
	struct signal_struct *sig = p->signal;
	u64 f = spin_lock_irqsave(&proc_lock);
	if (!thread_group_leader(p)) {
		signal_thread_del(p); /* its times go to the process's exited-thread totals */
		p->autoreap = true;
		trace_proc_release(p, p->pid);
	}
	if (sig->group_exec_task)
		wake_up(&sig->group_exit_wait); /* an execve in another thread waits for this one to be gone */
	if (!group_dead)
		sched_exit(&proc_lock, f); /* the process goes on: nobody is told */

	/* The process is dead. Its status: the group exit's (exit_group, a fatal signal) or the leader's own exit. */
	if (sig->group_exit)
		leader->exit_status = sig->group_exit_code;
	/* Orphans go to init, which reaps them (Linux: reparent to the child subreaper or init). */
	bool zombie_orphan = false;
	int norphans = 0;
	while (leader != init_proc && !list_empty(&leader->children)) {
		struct proc *c = list_first_entry(&leader->children, struct proc, sibling);
		list_del(&c->sibling);
		c->parent = init_proc;
		list_add_tail(&c->sibling, &init_proc->children);
		if (c->state == P_ZOMBIE)
			zombie_orphan = true;
		else if (c->pdeath_signal) {
			c->pdeath_pending = true; /* prctl(PR_SET_PDEATHSIG): told below */
			norphans++;
		}
	}
	if (leader == init_proc) {
		spin_unlock_irqrestore(&proc_lock, f);
		kernel_halt_after_init(leader->exit_status);
	}
	if (zombie_orphan)
		wake_up(&init_proc->child_wait);
	if (norphans) { /* prctl(PR_SET_PDEATHSIG): the orphans that asked for it, now init's children */
		struct list_head *pos;
		list_for_each(pos, &init_proc->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);
			if (c->pdeath_pending) {
				c->pdeath_pending = false;
				send_signal(c, c->pdeath_signal, 0);
			}
		}
	}
	if (signal_child_exit(leader)) {
		/* The parent ignores SIGCHLD: no zombie is left for it (wait(2) NOTES). */
		list_del(&leader->sibling);
		trace_proc_release(leader, leader->pid);
		if (leader == p) {
			p->autoreap = true; /* freed after its last switch */
		} else {
			signal_thread_del(leader); /* the leader exited before: its stack is free already */
			proc_free(leader);
		}
	}
	wake_up(&leader->parent->child_wait);
	sched_exit(&proc_lock, f);
}

void do_exit(int status)
{
	struct proc *p = current;
	struct signal_struct *sig = p->signal;
	if (p->clear_child_tid) { /* pthread_join's wake-up (set_tid_address(2)) */
		int zero = 0;
		if (!copy_to_user(p->clear_child_tid, &zero, sizeof zero))
			futex_wake(p->clear_child_tid, false, 1, ~0u);
	}
	exit_robust_list(p);
	exit_pi_state(p);
	fd_release_held(p);
	exit_files(p);
	exit_fs(p); /* here, not when reaped: a lookup in /proc holds fs_lock, then proc_lock */
	u64 f = spin_lock_irqsave(&proc_lock);
	bool group_dead = --sig->nr_threads == 0;
	spin_unlock_irqrestore(&proc_lock, f);
	if (group_dead) {
		tty_exit_session(p); /* a session leader's terminal: SIGHUP to its foreground group */
		exit_sem(p->tgid);   /* SEM_UNDO adjustments; shm attachments go with the address space below */
	}
	signal_exit(p);
	vm_switch(NULL);
	mm_put(p->mm);
	p->mm = NULL;
	vfork_done(p);
	p->exit_status = status;
	trace_proc_exit(p, status);
	exit_notify(p, group_dead);
}

void do_group_exit(int status)
{
	do_exit(zap_other_threads(status));
}

/* exit_group(status): end every thread of the process with exit code status & 0xff. exit(status): end the
 * calling thread only; the process ends with its last thread (exit(2), exit_group(2)). */
SYSCALL_DEFINE1(exit_group, int, error_code) { do_group_exit((error_code & 0xff) << 8); }
SYSCALL_DEFINE1(exit, int, error_code) { do_exit((error_code & 0xff) << 8); }

#define WSTOPPED WUNTRACED
#define WNOWAIT 0x01000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3 /* id is a pidfd (pidfd_open(2)); ipclab has none */

/* struct wait_result: what a wait found: the child's pid, its wait status (Linux encoding) and the matching
 * SIGCHLD si_code and si_status (for waitid). */
struct wait_result {
	int pid, uid, status, code, si_status; /* uid: the child's real user id (waitid's si_uid) */
	char rusage[144]; /* the reaped child's resource use, its children's included (struct rusage) */
};

/* do_wait: the core of wait4 and waitid: wait for a child selected by (which, id) (P_ALL; P_PID id; P_PGID id)
 * that exited (WEXITED), stopped (WSTOPPED) or continued (WCONTINUED). Reaps an exited child unless WNOWAIT.
 * Returns the child's pid with *res filled, 0 with WNOHANG when none is ready, -ECHILD when there is no such
 * child, -ERESTARTSYS when a signal interrupts the wait. */
static long do_wait(int which, int id, unsigned int options, struct wait_result *res)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	for (;;) {
		bool found = false;
		struct list_head *pos;
		list_for_each(pos, &current->group_leader->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);
			if ((which == P_PID && c->pid != id) || (which == P_PGID && c->signal->pgid != id))
				continue;
			/* A "clone" child (exit signal other than SIGCHLD) is waited for with __WCLONE only, any with
			 * __WALL (wait(2) "Linux notes"). */
			if (!(options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(options & __WCLONE)))
				continue;
			found = true;
			if (c->signal->stop_report && c->state != P_ZOMBIE) {
				int rep = c->signal->stop_report;
				bool cont = rep == 0xffff;
				if (!(options & (cont ? WCONTINUED : WSTOPPED)))
					continue;
				if (!(options & WNOWAIT))
					c->signal->stop_report = 0;
				res->pid = c->pid;
				res->uid = (int)c->cred.uid;
				res->status = rep;
				res->code = cont ? CLD_CONTINUED : CLD_STOPPED;
				res->si_status = cont ? SIGCONT : (rep >> 8) & 0xff;
				spin_unlock_irqrestore(&proc_lock, f);
				return res->pid;
			}
			if (c->state != P_ZOMBIE || c->signal->nr_threads || !(options & WEXITED))
				continue; /* a leader that exited before its other threads waits for them */
			int st = c->exit_status;
			res->pid = c->pid;
			res->uid = (int)c->cred.uid;
			res->status = st;
			res->code = (st & 0x7f) ? ((st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
			res->si_status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
			if (options & WNOWAIT) {
				spin_unlock_irqrestore(&proc_lock, f);
				return res->pid;
			}
			list_del(&c->sibling);
			trace_proc_reap(c, st);
			/* Its times, faults and size count as its parent's children's now (Linux's __exit_signal and
			 * wait_task_zombie), and wait4 reports them. */
			signal_thread_del(c); /* the leader's own use joins its exited threads' */
			struct signal_struct *cs = c->signal;
			cs->cruntime += cs->runtime;
			cs->cutime_ticks += cs->utime_ticks;
			cs->cstime_ticks += cs->stime_ticks;
			cs->cmin_flt += cs->min_flt;
			cs->cmaxrss = MAX(cs->cmaxrss, cs->maxrss);
			fill_rusage(c, RUSAGE_CHILDREN_OF, res->rusage);
			current->signal->cruntime += c->signal->cruntime;
			current->signal->cutime_ticks += c->signal->cutime_ticks;
			current->signal->cstime_ticks += c->signal->cstime_ticks;
			current->signal->cmin_flt += c->signal->cmin_flt;
			current->signal->cmaxrss = MAX(current->signal->cmaxrss, c->signal->cmaxrss);
			/* The child switched away for the last time under sched_lock: once we can take it, its
			 * kernel stack is no longer in use. */
			u64 g = spin_lock_irqsave(&sched_lock);
			spin_unlock_irqrestore(&sched_lock, g);
			proc_free(c);
			spin_unlock_irqrestore(&proc_lock, f);
			return res->pid;
		}
		if (!found) {
			spin_unlock_irqrestore(&proc_lock, f);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock_irqrestore(&proc_lock, f);
			return 0;
		}
		if (sleep_on(&current->group_leader->child_wait, &proc_lock) == -ERESTARTSYS) {
			spin_unlock_irqrestore(&proc_lock, f);
			return -ERESTARTSYS;
		}
	}
}

/* wait4(pid, wstatus, options, rusage): pid > 0 that child; -1 any child; 0 any child in the caller's process
 * group; < -1 any child in process group -pid (wait(2)). -ECHILD when there is no such child, 0 with WNOHANG
 * when none is ready, -EINVAL for unknown options, -EFAULT for a bad wstatus or rusage (the child is reaped
 * all the same, as Linux does). WUNTRACED / WCONTINUED also report a child stopped (status sig << 8 | 0x7f)
 * or continued (0xffff). A signal handler interrupts the wait (restarted with SA_RESTART). */
SYSCALL_DEFINE4(wait4, pid_t, pid, u64, wstatus, int, options, u64, rusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	int which = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
	int id = pid > 0 ? pid : pid == 0 ? current->signal->pgid : -pid;
	if (pid == INT32_MIN)
		return -ESRCH;
	struct wait_result res;
	long r = do_wait(which, id, options | WEXITED, &res);
	if (r <= 0)
		return r;
	if ((wstatus && copy_to_user(wstatus, &res.status, sizeof res.status)) ||
	    (rusage && copy_to_user(rusage, res.rusage, sizeof res.rusage)))
		return -EFAULT;
	return r;
}

/* waitid(idtype, id, infop, options, rusage): P_ALL, P_PID, P_PGID (0: the caller's group); P_PIDFD finds no
 * pidfd here (-EBADF; -EINVAL for a negative id); options must ask
 * for at least one of WEXITED, WSTOPPED, WCONTINUED (else -EINVAL); WNOWAIT leaves the child waitable. Fills
 * infop's si_signo (SIGCHLD), si_code, si_pid, si_uid, si_status; with WNOHANG and nothing ready it returns 0
 * with infop zeroed (waitid(2)). As Linux's waitid, infop is written (zeroed) when the call fails too
 * (-EINVAL, -ECHILD, a signal). */
SYSCALL_DEFINE5(waitid, int, idtype, pid_t, id, u64, infop, int, options, u64, rusage)
{
	struct wait_result res = { 0 };
	long r;
	if (idtype == P_PGID && id == 0)
		id = current->signal->pgid;
	if (options & ~(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE))
		r = -EINVAL;
	else if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		r = -EINVAL;
	else if (idtype == P_PIDFD) /* Linux kernel_waitid: -EINVAL for a negative id; pidfd_get_pid: -EBADF for a
				      * descriptor that is not open, and pidfd_pid for one that is not a pidfd (all here) */
		r = id < 0 ? -EINVAL : -EBADF;
	else if ((idtype != P_ALL && idtype != P_PID && idtype != P_PGID) || (idtype != P_ALL && id <= 0))
		r = -EINVAL;
	else
		r = do_wait(idtype, id, options, &res);
	struct kernel_siginfo info = { 0 };
	if (r > 0)
		info = (struct kernel_siginfo){
			.si_signo = SIGCHLD, .si_code = res.code, .si_pid = res.pid, .si_uid = res.uid,
			.si_status = res.si_status
		};
	if (infop && copy_siginfo_to_user(infop, &info))
		return -EFAULT;
	if (r >= 0 && rusage && copy_to_user(rusage, res.rusage, sizeof res.rusage))
		return -EFAULT;
	return r < 0 ? r : 0;
}
