/* kernel/exit.c: exit_group(2), exit(2), wait4(2), and death by a fault. Wait statuses use Linux's encoding
 * (exit code << 8; or the signal number, | 0x80 for a core dump): POSIX wait(3p) WIFEXITED etc. */
#include "arch/aarch64/platform.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/halt.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
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
	exit_sem(p->pid); /* SEM_UNDO adjustments; shm attachments go with the address space below */
	vm_switch(NULL);
	mm_destroy(p->mm);
	p->mm = NULL;

	struct jw *w = trace_begin("proc.exit", p->pid);
	if (w) {
		jw_str(w, "name", p->name);
		jw_int(w, "ppid", p->parent ? p->parent->pid : 0);
		jw_int(w, "status", status);
		if ((status & 0x7f) == 0)
			jw_int(w, "code", (status >> 8) & 0xff);
		else
			jw_int(w, "signal", status & 0x7f);
		trace_end(w);
	}

	u64 f = spin_lock_irqsave(&proc_lock);
	p->exit_status = status;
	/* Orphans go to init, which reaps them (Linux: reparent to the child subreaper or init). */
	bool zombie_orphan = false;
	while (!list_empty(&p->children)) {
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
		wake_up(&init_proc->child_wait, NULL, 0);
	if (signal_child_exit(p)) {
		/* The parent ignores SIGCHLD: no zombie is left for it (wait(2) NOTES); proc_alloc frees the slot. */
		list_del(&p->sibling);
		p->autoreap = true;
	}
	wake_up(&p->parent->child_wait, NULL, 0);
	sched_exit(&proc_lock, f);
}

SYSCALL_DEFINE(exit_group) { do_exit(((int)a0 & 0xff) << 8); }
SYSCALL_DEFINE(exit) { do_exit(((int)a0 & 0xff) << 8); }

/* wait4(pid, wstatus, options, rusage): pid -1 (or 0, < -1: every child, as process groups are not kept
 * apart yet) or one child. -ECHILD when there is no such child, 0 with WNOHANG when none has exited,
 * -EINVAL for unknown options, -EFAULT for a bad wstatus or rusage (the child is reaped all the same, as
 * Linux does). WUNTRACED / WCONTINUED also report a child stopped (status sig << 8 | 0x7f) or continued
 * (0xffff). A signal handler interrupts the wait (restarted with SA_RESTART). */
SYSCALL_DEFINE(wait4)
{
	int pid = (int)a0;
	u64 ustatus = a1, options = a2, urusage = a3;
	if (options & ~(u64)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (;;) {
		bool found = false;
		struct list_head *pos;
		list_for_each(pos, &current->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);
			if (pid > 0 && c->pid != pid)
				continue;
			found = true;
			if (c->stop_report && c->state != P_ZOMBIE) {
				int rep = c->stop_report;
				bool want = rep == 0xffff ? (options & WCONTINUED) : (options & WUNTRACED);
				if (!want)
					continue;
				c->stop_report = 0;
				int cpid = c->pid;
				spin_unlock_irqrestore(&proc_lock, f);
				if (ustatus && copy_to_user(ustatus, &rep, sizeof rep))
					return -EFAULT;
				return cpid;
			}
			if (c->state != P_ZOMBIE)
				continue;
			int status = c->exit_status, cpid = c->pid;
			list_del(&c->sibling);
			struct jw *w = trace_begin("proc.reap", current->pid);
			if (w) {
				jw_int(w, "child", cpid);
				jw_str(w, "name", c->name);
				jw_int(w, "status", status);
				trace_end(w);
			}
			/* The child switched away for the last time under sched_lock: once we can take it, its
			 * kernel stack is no longer in use. */
			u64 g = spin_lock_irqsave(&sched_lock);
			spin_unlock_irqrestore(&sched_lock, g);
			proc_free(c);
			spin_unlock_irqrestore(&proc_lock, f);
			static const char zero_rusage[144];
			if ((ustatus && copy_to_user(ustatus, &status, sizeof status)) ||
			    (urusage && copy_to_user(urusage, zero_rusage, sizeof zero_rusage)))
				return -EFAULT;
			return cpid;
		}
		if (!found) {
			spin_unlock_irqrestore(&proc_lock, f);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock_irqrestore(&proc_lock, f);
			return 0;
		}
		if (sleep_on(&current->child_wait, &proc_lock, "wait4", 0) == -ERESTARTSYS) {
			spin_unlock_irqrestore(&proc_lock, f);
			return -ERESTARTSYS;
		}
	}
}
