/* kernel/fork.c: clone(2) and clone3(2): new processes and threads (Linux's kernel/fork.c).
 * - fork: a copy of the caller's address space, descriptors, signal actions and mask, registers; the child
 *   returns 0, the parent the child's pid.
 * - vfork (CLONE_VM | CLONE_VFORK): the child shares the parent's address space, and the parent sleeps until the
 *   child executes a program or exits (vfork(2); glibc's posix_spawn, popen and system, busybox's shell).
 * - a thread (CLONE_THREAD, with CLONE_VM, CLONE_SIGHAND and as a rule CLONE_FS, CLONE_FILES, CLONE_SYSVSEM,
 *   CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID: what musl's and glibc's pthread_create pass): a new
 *   struct proc with its own id (gettid) in the caller's process (getpid), sharing whatever its flags say
 *   (kernel/proc.h), running on the stack it was given with the thread pointer (TPIDR_EL0) it was given. */
#include "arch/aarch64/include/io.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
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

/* struct kernel_clone_args: clone's and clone3's arguments (Linux's struct kernel_clone_args): flags without the
 * exit signal; the child's stack pointer (0: the caller's); where the child's tid goes (CLONE_PARENT_SETTID,
 * CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID); its thread pointer (CLONE_SETTLS). */
struct kernel_clone_args {
	u64 flags;
	int exit_signal;
	u64 stack, parent_tid, child_tid, tls;
};

/* The flags this kernel does: no namespaces, no ptrace, no pidfd. */
#define CLONE_DONE_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK | CLONE_PARENT | \
			  CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
			  CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID)

/* kernel_clone: the new process or thread args describes, made runnable. Returns its id, or -EINVAL for flags
 * that do not go together (CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM: Linux's copy_process, in its
 * order) or that this kernel does not do (namespaces, CLONE_PTRACE, CLONE_PIDFD), -EAGAIN when the process table
 * is full or the caller's user is at RLIMIT_NPROC, -ENOMEM, -EFAULT for a bad parent_tid. */
static long kernel_clone(const struct kernel_clone_args *args)
{
	u64 flags = args->flags;
	struct proc *cur = current, *leader = cur->group_leader;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && cur->signal == init_proc->signal)
		return -EINVAL; /* init has no parent to give */
	if (flags & ~(u64)CLONE_DONE_FLAGS)
		return -EINVAL;
	if (!cred_capable() && (u64)procs_of_user(cur->cred.uid) >= rlimit(RLIMIT_NPROC))
		return -EAGAIN; /* RLIMIT_NPROC: the threads of the caller's real user (fork(2)) */
	if (cur->signal->group_exit)
		return -ERESTARTNOINTR; /* the process is dying: the pending SIGKILL ends this caller on return */
	struct proc *p = proc_alloc();
	if (!p)
		return -EAGAIN;
	int pid = p->pid;
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user(args->parent_tid, &pid, sizeof pid)) {
		proc_free(p);
		return -EFAULT;
	}
	p->mm = (flags & CLONE_VM) ? mm_get(cur->mm) : mm_copy(cur->mm, p->tgid);
	if (!p->mm || copy_files(flags, p) || copy_fs(flags, p) || copy_sighand(flags, p) || copy_signal(flags, p)) {
		free_unborn(p);
		return -ENOMEM;
	}
	if (!(flags & CLONE_VM))
		shm_fork(p->mm, p->pid); /* the copied shm attachments are the child's */
	*p->tf = *cur->tf;
	p->tf->regs[0] = 0;
	if (args->stack)
		p->tf->sp = args->stack;
	p->fp = cur->fp;
	fpsimd_save(&p->fp); /* the caller's live registers are the current ones */
	p->tpidr_el0 = (flags & CLONE_SETTLS) ? args->tls : read_sysreg(tpidr_el0);
	memcpy(p->name, cur->name, sizeof p->name);
	signal_fork(p, cur);
	p->cred = cur->cred;
	get_group_info(p->cred.group_info);
	p->nice = cur->nice;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;
	if (flags & CLONE_CHILD_SETTID)
		copy_to_mm(p->mm, args->child_tid, &pid, sizeof pid);
	struct completion vfork;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork, &wchan_vfork, NULL);
		p->vfork_done = &vfork;
	}

	u64 f = spin_lock_irqsave(&proc_lock);
	if (flags & CLONE_THREAD) {
		/* A thread of the caller's process: its parent is the process's parent; it is nobody's child. */
		p->tgid = cur->tgid;
		p->group_leader = leader;
		p->exit_signal = -1;
		p->parent = leader->parent;
		p->start_time = leader->start_time;
	} else {
		/* A new process: the child of the caller's process (CLONE_PARENT: of its parent, with the exit signal
		 * the caller's process gives it). */
		struct proc *parent = (flags & CLONE_PARENT) ? leader->parent : leader;
		p->exit_signal = (flags & CLONE_PARENT) ? leader->exit_signal : args->exit_signal;
		p->parent = parent;
		list_add_tail(&p->sibling, &parent->children);
	}
	signal_thread_add(p);
	spin_unlock_irqrestore(&proc_lock, f);

	trace_proc_fork(cur, p);
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

/* clone(flags, newsp, parent_tid, tls, child_tid): arm64's argument order. flags: the clone flags (kernel/proc.h)
 * with the exit signal in the low byte (SIGCHLD for fork; above _NSIG: -EINVAL; ignored for a thread); newsp:
 * the child's stack pointer (0: the caller's); tls: its thread pointer with CLONE_SETTLS. Errors as
 * kernel_clone. */
SYSCALL_DEFINE5(clone, u64, flags, u64, newsp, u64, parent_tid, u64, tls, u64, child_tid)
{
	u32 lower = (u32)flags; /* Linux takes the lower 32 bits */
	struct kernel_clone_args args = {
		.flags = lower & ~(u32)CSIGNAL, .exit_signal = (int)(lower & CSIGNAL), .stack = newsp,
		.parent_tid = parent_tid, .child_tid = child_tid, .tls = tls,
	};
	if (args.exit_signal > _NSIG)
		return -EINVAL;
	return kernel_clone(&args);
}

/* struct clone_args: clone3's argument (Linux's include/uapi/linux/sched.h), 64 to 88 bytes by version. */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size; /* CLONE_ARGS_SIZE_VER1 */
	u64 cgroup;                /* CLONE_ARGS_SIZE_VER2 */
};
#define CLONE_ARGS_SIZE_VER0 64

/* clone3(uargs, size) (clone3(2)): clone with its arguments in a struct: the stack is given by its lowest address
 * and size. -EINVAL for a size below 64, an exit signal above _NSIG or with CLONE_THREAD, a stack without a size
 * or the reverse, set_tid or cgroup (not done here); -E2BIG for a bigger struct whose extra bytes are not zero;
 * -EFAULT; then as kernel_clone. glibc's pthread_create tries it first. */
SYSCALL_DEFINE2(clone3, u64, uargs, size_t, size)
{
	struct clone_args a = { 0 };
	if (size < CLONE_ARGS_SIZE_VER0 || size > PAGE_SIZE)
		return -EINVAL;
	if (copy_from_user(&a, uargs, MIN(size, sizeof a)))
		return -EFAULT;
	for (u64 off = sizeof a; off < size; off++) { /* a newer struct: what we do not know must be zero */
		u8 b;
		if (copy_from_user(&b, uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (a.exit_signal > _NSIG || ((a.flags & CLONE_THREAD) && a.exit_signal) || (a.flags & CSIGNAL) ||
	    (!a.stack != !a.stack_size) || a.set_tid || a.set_tid_size || a.cgroup || (a.flags >> 32))
		return -EINVAL;
	struct kernel_clone_args args = {
		.flags = a.flags, .exit_signal = (int)a.exit_signal, .stack = a.stack ? a.stack + a.stack_size : 0,
		.parent_tid = a.parent_tid, .child_tid = a.child_tid, .tls = a.tls,
	};
	return kernel_clone(&args);
}
