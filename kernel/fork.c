/* kernel/fork.c: clone(2) as fork: a new process with a copy of the caller's address space, its descriptors,
 * signal mask and registers; the child returns 0, the parent the child's pid. Only the fork form musl uses
 * (flags = SIGCHLD, no stack) is supported: threads (CLONE_VM, CLONE_THREAD) give -EINVAL. */
#include "arch/aarch64/include/io.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define CSIGNAL 0xff
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000

/* clone(flags, stack, parent_tid, tls, child_tid): arm64 argument order (Linux's CONFIG_CLONE_BACKWARDS). */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, stack, u64, parent_tid, unsigned long, tls,
		u64, child_tid)
{
	if ((flags & ~(u64)(CSIGNAL | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)) || stack)
		return -EINVAL;
	struct proc *parent = current;
	struct proc *p = proc_alloc();
	if (!p)
		return -EAGAIN;
	p->mm = mm_copy(parent->mm);
	if (!p->mm) {
		proc_free(p);
		return -ENOMEM;
	}
	shm_fork(p->mm, p->pid); /* the copied shm attachments are the child's */
	*p->tf = *parent->tf;
	p->tf->regs[0] = 0;
	p->fp = parent->fp;
	fpsimd_save(&p->fp); /* the parent's live registers are the current ones */
	p->tpidr_el0 = read_sysreg(tpidr_el0);
	memcpy(p->name, parent->name, sizeof p->name);
	signal_fork(p, parent);
	p->pgid = parent->pgid;
	p->cred = parent->cred;
	fd_copy_table(p, parent);
	fs_fork_cwd(p, parent);
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = child_tid;
	if (flags & CLONE_CHILD_SETTID) {
		int pid = p->pid;
		copy_to_mm(p->mm, child_tid, &pid, sizeof pid);
	}

	u64 f = spin_lock_irqsave(&proc_lock);
	p->parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	spin_unlock_irqrestore(&proc_lock, f);

	trace_proc_fork(parent, p);
	int pid = p->pid;
	sched_add(p);
	return pid;
}
