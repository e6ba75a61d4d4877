/* kernel/exit.c: exit_group(2), exit(2), wait4(2), and death by a fault. Wait statuses use Linux's encoding
 * (exit code << 8; or the signal number, | 0x80 for a core dump): POSIX wait(3p) WIFEXITED etc. */
#include "arch/aarch64/include/signal.h"
#include "arch/aarch64/platform.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/halt.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define WNOHANG 1
#define WUNTRACED 2
#define WEXITED 4
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

void do_exit(int status)
{
	struct proc *p = current;
	if (p->clear_child_tid) {
		int zero = 0;
		copy_to_user(p->clear_child_tid, &zero, sizeof zero);
	}
	fd_close_all(p);
	fs_drop_cwd(p); /* here, not when reaped: a lookup in /proc holds fs_lock, then proc_lock */
	exit_sem(p->pid); /* SEM_UNDO adjustments; shm attachments go with the address space below */
	vm_switch(NULL);
	mm_destroy(p->mm);
	p->mm = NULL;

	trace_proc_exit(p, status);

	u64 f = spin_lock_irqsave(&proc_lock);
	p->exit_status = status;
	/* Orphans go to init, which reaps them (Linux: reparent to the child subreaper or init). */
	bool zombie_orphan = false;
	while (p != init_proc && !list_empty(&p->children)) {
		struct proc *c = list_first_entry(&p->children, struct proc, sibling);
		list_del(&c->sibling);
		c->parent = init_proc;
		list_add_tail(&c->sibling, &init_proc->children);
		if (c->state == P_ZOMBIE)
			zombie_orphan = true;
	}
	if (p == init_proc) {
		spin_unlock_irqrestore(&proc_lock, f);
		kernel_halt_after_init(status);
	}
	if (zombie_orphan)
		wake_up(&init_proc->child_wait);
	if (signal_child_exit(p)) {
		/* The parent ignores SIGCHLD: no zombie is left for it (wait(2) NOTES); proc_alloc frees the slot. */
		list_del(&p->sibling);
		p->autoreap = true;
	}
	wake_up(&p->parent->child_wait);
	sched_exit(&proc_lock, f);
}

SYSCALL_DEFINE(exit_group) { do_exit(((int)a0 & 0xff) << 8); }
SYSCALL_DEFINE(exit) { do_exit(((int)a0 & 0xff) << 8); }

#define WSTOPPED WUNTRACED
#define WNOWAIT 0x01000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2

/* struct wait_result: what a wait found: the child's pid, its wait status (Linux encoding) and the matching
 * SIGCHLD si_code and si_status (for waitid). */
struct wait_result {
	int pid, status, code, si_status;
};

/* do_wait: the core of wait4 and waitid: wait for a child selected by (which, id) (P_ALL; P_PID id; P_PGID id)
 * that exited (WEXITED), stopped (WSTOPPED) or continued (WCONTINUED). Reaps an exited child unless WNOWAIT.
 * Returns the child's pid with *res filled, 0 with WNOHANG when none is ready, -ECHILD when there is no such
 * child, -ERESTARTSYS when a signal interrupts the wait. */
static long do_wait(int which, int id, u64 options, struct wait_result *res)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	for (;;) {
		bool found = false;
		struct list_head *pos;
		list_for_each(pos, &current->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);
			if ((which == P_PID && c->pid != id) || (which == P_PGID && c->pgid != id))
				continue;
			found = true;
			if (c->stop_report && c->state != P_ZOMBIE) {
				int rep = c->stop_report;
				bool cont = rep == 0xffff;
				if (!(options & (cont ? WCONTINUED : WSTOPPED)))
					continue;
				if (!(options & WNOWAIT))
					c->stop_report = 0;
				res->pid = c->pid;
				res->status = rep;
				res->code = cont ? CLD_CONTINUED : CLD_STOPPED;
				res->si_status = cont ? SIGCONT : (rep >> 8) & 0xff;
				spin_unlock_irqrestore(&proc_lock, f);
				return res->pid;
			}
			if (c->state != P_ZOMBIE || !(options & WEXITED))
				continue;
			int st = c->exit_status;
			res->pid = c->pid;
			res->status = st;
			res->code = (st & 0x7f) ? ((st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
			res->si_status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
			if (options & WNOWAIT) {
				spin_unlock_irqrestore(&proc_lock, f);
				return res->pid;
			}
			list_del(&c->sibling);
			trace_proc_reap(c, st);
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
		if (sleep_on(&current->child_wait, &proc_lock) == -ERESTARTSYS) {
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
SYSCALL_DEFINE(wait4)
{
	int pid = (int)a0;
	u64 ustatus = a1, options = a2, urusage = a3;
	if (options & ~(u64)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	int which = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
	int id = pid > 0 ? pid : pid == 0 ? current->pgid : -pid;
	if (pid == (int)0x80000000)
		return -ESRCH;
	struct wait_result res;
	long r = do_wait(which, id, options | WEXITED, &res);
	if (r <= 0)
		return r;
	static const char zero_rusage[144];
	if ((ustatus && copy_to_user(ustatus, &res.status, sizeof res.status)) ||
	    (urusage && copy_to_user(urusage, zero_rusage, sizeof zero_rusage)))
		return -EFAULT;
	return r;
}

/* waitid(idtype, id, infop, options, rusage): P_ALL, P_PID, P_PGID (0: the caller's group); options must ask
 * for at least one of WEXITED, WSTOPPED, WCONTINUED (else -EINVAL); WNOWAIT leaves the child waitable. Fills
 * infop's si_signo (SIGCHLD), si_code, si_pid, si_uid, si_status; with WNOHANG and nothing ready it returns 0
 * with infop zeroed (waitid(2)). */
SYSCALL_DEFINE(waitid)
{
	int which = (int)a0, id = (int)a1;
	u64 uinfo = a2, options = a3;
	if (options & ~(u64)(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (which == P_PGID && id == 0)
		id = current->pgid;
	if ((which != P_ALL && which != P_PID && which != P_PGID) || (which != P_ALL && id <= 0))
		return -EINVAL;
	struct wait_result res = { 0, 0, 0, 0 };
	long r = do_wait(which, id, options, &res);
	if (r < 0)
		return r;
	struct kernel_siginfo info = { 0 };
	if (r > 0)
		info = (struct kernel_siginfo){
			.si_signo = SIGCHLD, .si_code = res.code, .si_pid = res.pid, .si_status = res.si_status
		};
	if (uinfo && copy_siginfo_to_user(uinfo, &info))
		return -EFAULT;
	return 0;
}
