/* kernel/fork.c: clone(2) for new processes: fork (a copy of the caller's address space, its descriptors, signal
 * mask and registers; the child returns 0, the parent the child's pid) and vfork (CLONE_VM | CLONE_VFORK: the child
 * shares the parent's address space, and the parent sleeps until the child executes a program or exits, as
 * vfork(2) says; glibc's posix_spawn, popen and system and busybox's shell use it). Threads (CLONE_THREAD and
 * the flags that go with it) give -EINVAL. */
#include "arch/aarch64/include/io.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

static spinlock_t vfork_lock = SPINLOCK_INIT("vfork");

void vfork_done(struct proc *p)
{
	u64 f = spin_lock_irqsave(&vfork_lock);
	if (p->vfork_done) {
		complete(p->vfork_done, 0);
		p->vfork_done = NULL;
	}
	spin_unlock_irqrestore(&vfork_lock, f);
}

/* free_unborn: undo a clone that failed halfway: what p got so far goes back, then its slot. */
static void free_unborn(struct proc *p)
{
	exit_files(p);
	if (p->mm)
		mm_put(p->mm);
	p->mm = NULL;
	proc_free(p); /* and its fs_struct, sighand_struct, signal_struct */
}

/* clone(flags, newsp, parent_tid, tls, child_tid): arm64 argument order. flags: the exit signal (CSIGNAL, SIGCHLD
 * for fork), CLONE_VM (share the address space), CLONE_VFORK (sleep until the child execs or exits),
 * CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID; newsp: the child's stack pointer (0: the
 * parent's). -EINVAL for other flags (threads: not yet), -EAGAIN when the process table is full, -ENOMEM. */
SYSCALL_DEFINE5(clone, u64, flags, u64, newsp, u64, parent_tid, u64, tls, u64, child_tid)
{
	if (flags & ~(u64)(CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |
			   CLONE_CHILD_SETTID))
		return -EINVAL;
	struct proc *parent = current;
	if (!cred_capable() && (u64)procs_of_user(parent->cred.uid) >= rlimit(RLIMIT_NPROC))
		return -EAGAIN; /* RLIMIT_NPROC: processes of the caller's real user (fork(2)) */
	struct proc *p = proc_alloc();
	if (!p)
		return -EAGAIN;
	int pid = p->pid;
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user(parent_tid, &pid, sizeof pid)) {
		proc_free(p);
		return -EFAULT;
	}
	p->mm = (flags & CLONE_VM) ? mm_get(parent->mm) : mm_copy(parent->mm);
	if (!p->mm || copy_files(flags, p) || copy_fs(flags, p) || copy_sighand(flags, p) || copy_signal(flags, p)) {
		free_unborn(p);
		return -ENOMEM;
	}
	if (!(flags & CLONE_VM))
		shm_fork(p->mm, p->pid); /* the copied shm attachments are the child's */
	*p->tf = *parent->tf;
	p->tf->regs[0] = 0;
	if (newsp)
		p->tf->sp = newsp;
	p->fp = parent->fp;
	fpsimd_save(&p->fp); /* the parent's live registers are the current ones */
	p->tpidr_el0 = read_sysreg(tpidr_el0);
	memcpy(p->name, parent->name, sizeof p->name);
	signal_fork(p, parent);
	p->cred = parent->cred;
	p->nice = parent->nice;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = child_tid;
	if (flags & CLONE_CHILD_SETTID)
		copy_to_mm(p->mm, child_tid, &pid, sizeof pid);
	struct completion vfork;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork, &wchan_vfork, NULL);
		p->vfork_done = &vfork;
	}

	u64 f = spin_lock_irqsave(&proc_lock);
	p->parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	spin_unlock_irqrestore(&proc_lock, f);

	trace_proc_fork(parent, p);
	sched_add(p);
	if (flags & CLONE_VFORK) {
		/* Not interruptible: the child borrows our address space and stack until it execs or exits. */
		u64 f = spin_lock_irqsave(&vfork_lock);
		while (!vfork.done)
			sleep_on_uninterruptible(&vfork.wait, &vfork_lock);
		spin_unlock_irqrestore(&vfork_lock, f);
	}
	return pid;
}
