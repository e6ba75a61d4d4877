/* kernel/signal.c: generating and delivering signals (signal(7), POSIX XSH 2.4 "Signal Concepts"; Linux's
 * kernel/signal.c).
 * Each process keeps a pending set and a blocked mask (bit N-1 for signal N). Generation sets the pending bit and
 * queues the instance's siginfo (a standard signal does not queue twice: a second one while the first is pending
 * is the same one; every real-time signal does, up to RLIMIT_SIGPENDING) and wakes the target from an
 * interruptible sleep. Delivery happens on the way back to EL0: the lowest-numbered pending, unblocked
 * signal is taken; its default action, SIG_IGN or the handler decides what happens. A handler runs on a frame the
 * kernel builds on the user stack in arm64's rt_sigframe layout (arch/aarch64/signal.c); it returns through musl's
 * __restore_rt, which calls rt_sigreturn. The pending set and the blocked mask themselves (generation into the set,
 * the next signal to deliver, the mask a handler runs with) are kernel/signal_core.c. */
#include "arch/aarch64/include/signal.h"
#include "arch/aarch64/include/trapframe.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/ucount.h"

#define SIG_IGN 1
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 5120
#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

spinlock_t sig_lock = SPINLOCK_INIT("signal");

enum sig_default { ACT_TERM, ACT_CORE, ACT_IGNORE, ACT_STOP, ACT_CONT };

/* default_action: what SIG_DFL does with sig (signal(7) "Standard signals"); real-time signals terminate. */
static enum sig_default default_action(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
	case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return ACT_CORE;
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return ACT_IGNORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return ACT_STOP;
	case SIGCONT:
		return ACT_CONT;
	default:
		return ACT_TERM;
	}
}

static const char *action_name(enum sig_default a)
{
	static const char *const names[] = { "term", "core", "ignore", "stop", "cont" };
	return names[a];
}

/* ignored: a signal that would be discarded at generation: SIG_IGN, or SIG_DFL whose action is ignore
 * (SIGCONT continues a stopped process at generation; with SIG_DFL the signal itself is then discarded, as
 * Linux's SIG_KERNEL_IGNORE_MASK does). */
/* init_ignores: init (pid 1) is not killed by a signal it has no handler for: SIGKILL and SIGSTOP never reach
 * it, and any other signal with the default action is discarded (Linux's SIGNAL_UNKILLABLE, sig_task_ignored),
 * unless the kernel forces it (a fault of init's own). */
static bool init_ignores(struct proc *p, int sig, bool forced)
{
	if (p->signal != init_proc->signal || forced)
		return false;
	return sig == SIGKILL || sig == SIGSTOP || p->sighand->action[sig - 1].handler == SIG_DFL;
}

static bool ignored(struct proc *p, int sig)
{
	u64 h = p->sighand->action[sig - 1].handler;
	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (default_action(sig) == ACT_IGNORE || default_action(sig) == ACT_CONT));
}

/* pending_all: the signals pending for p in either set. */
static u64 pending_all(struct proc *p) { return p->signal->shared_pending.signal | p->sig_pending_thread.signal; }

enum siginfo_layout siginfo_layout(int sig, int si_code)
{
	if (si_code > SI_USER && si_code < SI_KERNEL) { /* the kernel's own codes mean something per signal */
		switch (sig) {
		case SIGILL: case SIGFPE: case SIGSEGV: case SIGBUS: case SIGTRAP:
			return SIL_FAULT;
		case SIGCHLD:
			return SIL_CHLD;
		}
		return SIL_KILL;
	}
	return si_code < 0 ? SIL_RT : SIL_KILL; /* SI_QUEUE, SI_TKILL, SI_MESGQ...: from user space */
}

/* ---- the queue of pending instances (Linux's sigqueue) ---- */

void signal_init(struct proc *p)
{
	p->sig_pending_thread.signal = 0;
	list_init(&p->sig_pending_thread.list);
}

/* sigqueue_alloc, sigqueue_free: kernel/signal.h. */
struct sigqueue *sigqueue_alloc(struct proc *t, bool override_rlimit)
{
	u32 uid = t->cred.uid;
	u64 max = override_rlimit ? RLIM_INFINITY : t->signal->rlim[RLIMIT_SIGPENDING].rlim_cur;
	if (!ucount_charge(uid, UCOUNT_RLIMIT_SIGPENDING, 1, max))
		return NULL;
	struct sigqueue *q = kmalloc(sizeof *q);
	if (!q) {
		ucount_uncharge(uid, UCOUNT_RLIMIT_SIGPENDING, 1);
		return NULL;
	}
	q->uid = uid;
	return q;
}

void sigqueue_free(struct sigqueue *q)
{
	list_del(&q->list);
	ucount_uncharge(q->uid, UCOUNT_RLIMIT_SIGPENDING, 1);
	kfree(q);
}

/* flush_sigqueue_mask: discard the signals of mask from pending, every instance (Linux's function of this name).
 * Caller holds sig_lock. */
static void flush_sigqueue_mask(struct sigpending *pending, u64 mask)
{
	struct list_head *pos, *n;
	pending->signal &= ~mask;
	list_for_each_safe(pos, n, &pending->list) {
		struct sigqueue *q = list_entry(pos, struct sigqueue, list);
		if (mask & sigmask(q->info.si_signo))
			sigqueue_free(q);
	}
}

bool signal_pending(struct proc *p)
{
	/* A group stop in progress also counts: each thread must reach signal_deliver to stop there. */
	return (pending_all(p) & (~p->sig_blocked | sigmask(SIGKILL))) != 0 || p->signal->stopped;
}

bool signal_ignored_or_blocked(struct proc *p, int sig)
{
	return p->sighand->action[sig - 1].handler == SIG_IGN || (p->sig_blocked & sigmask(sig));
}

int kill_pgrp(int pgrp, int sig, int sender)
{
	int n = 0;
	for (struct proc *p = NULL;;) { /* one process at a time under proc_lock, the signal after */
		u64 f = spin_lock_irqsave(&proc_lock);
		p = proc_next(p);
		bool match = p && p->signal->pgid == pgrp && p->signal->nr_threads;
		spin_unlock_irqrestore(&proc_lock, f);
		if (!p)
			return n;
		if (match) {
			send_signal(p, sig, sender);
			n++;
		}
	}
}

int send_signal(struct proc *p, int sig, int sender)
{
	struct kernel_siginfo info = {
		.si_signo = sig, .si_code = sender ? SI_USER : SI_KERNEL, .si_pid = sender,
		.si_uid = sender ? (int)current->cred.uid : 0, /* a sender is always the current process */
	};
	return send_signal_info(p, &info, false);
}

/* wants_signal: thread t could take sig now (Linux's wants_signal): it does not block it and has not exited. */
static bool wants_signal(int sig, struct proc *t)
{
	return !(t->sig_blocked & sigmask(sig)) && t->state != P_ZOMBIE && !(t->sig_pending_thread.signal & sigmask(SIGKILL));
}

/* signal_wake_up: make thread t notice its pending signals: out of an interruptible sleep (which returns
 * -ERESTARTSYS) and into signal_deliver on its way back to EL0. */
static void signal_wake_up(struct proc *t)
{
	u64 g = spin_lock_irqsave(&sched_lock);
	wake_up_process(t, true);
	spin_unlock_irqrestore(&sched_lock, g);
}

void zap_threads(struct signal_struct *sig, struct proc *except)
{
	struct list_head *pos;
	sig->stopped = false;
	wake_up(&sig->stop_wait);
	list_for_each(pos, &sig->thread_head) {
		struct proc *t = list_entry(pos, struct proc, thread_node);
		if (t == except || t->state == P_ZOMBIE)
			continue;
		t->sig_pending_thread.signal |= sigmask(SIGKILL);
		signal_wake_up(t);
	}
}

/* complete_signal: sig was just added to p's pending set (its own when thread, else its process's): choose a
 * thread to take it, one that does not block it, p first (Linux's complete_signal), and wake it. A signal whose
 * default action ends the process, that no thread blocks the way of, ends every thread at once: they get
 * SIGKILL and the process's status is sig (Linux's "fatal signal": one thread's death is the whole process's).
 * Caller holds sig_lock. */
static void complete_signal(struct proc *p, int sig, bool thread)
{
	struct signal_struct *s = p->signal;
	struct proc *t = NULL;
	if (wants_signal(sig, p)) {
		t = p;
	} else if (!thread) {
		struct list_head *pos;
		list_for_each(pos, &s->thread_head) {
			struct proc *q = list_entry(pos, struct proc, thread_node);
			if (wants_signal(sig, q)) {
				t = q;
				break;
			}
		}
	}
	if (!t)
		return; /* every thread blocks it: pending until one unblocks it */
	enum sig_default d = default_action(sig);
	bool fatal = sig == SIGKILL || (p->sighand->action[sig - 1].handler == SIG_DFL && (d == ACT_TERM || d == ACT_CORE));
	if (fatal && !s->group_exit && !s->group_exec_task && s->nr_threads > 1 && p->signal != init_proc->signal) {
		s->group_exit = true;
		s->group_exit_code = sig; /* the process was killed by sig (no core file is written: RLIMIT_CORE 0) */
		zap_threads(s, NULL);
		return;
	}
	signal_wake_up(t);
}

int zap_other_threads(int status)
{
	struct signal_struct *sig = current->signal;
	u64 f = spin_lock_irqsave(&sig_lock);
	if (sig->group_exit) {
		status = sig->group_exit_code; /* another thread started it first: its status stands */
	} else if (sig->group_exec_task) {
		status = 0; /* killed by an execve in another thread (de_thread): the process goes on in it */
	} else {
		sig->group_exit = true;
		sig->group_exit_code = status;
		zap_threads(sig, current);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	return status;
}

void signal_thread_del(struct proc *p)
{
	struct signal_struct *sig = p->signal;
	u64 f = spin_lock_irqsave(&sig_lock);
	if (p == current) { /* its time up to now: the last switch away comes after */
		u64 now = time_cycles();
		p->runtime += now - p->acct_ts;
		p->acct_ts = now;
	}
	sig->runtime += p->runtime;
	sig->utime_ticks += p->utime_ticks;
	sig->stime_ticks += p->stime_ticks;
	sig->nvcsw += p->nvcsw;
	sig->nivcsw += p->nivcsw;
	sig->min_flt += p->min_flt;
	sig->maxrss = MAX(sig->maxrss, p->maxrss);
	p->runtime = p->utime_ticks = p->stime_ticks = p->nvcsw = p->nivcsw = p->min_flt = 0;
	list_del(&p->thread_node);
	list_init(&p->thread_node);
	spin_unlock_irqrestore(&sig_lock, f);
}

void signal_thread_add(struct proc *p)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	spin_unlock_irqrestore(&sig_lock, f);
}

/* do_send_signal: send_signal_info; forced: the kernel forces it on p (a fault), which even init takes. */
static int do_send_signal(struct proc *p, const struct kernel_siginfo *info, bool thread, bool forced)
{
	int sig = info->si_signo;
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	u64 f = spin_lock_irqsave(&sig_lock);
	/* SIGCONT continues a stopped process and discards pending stops; a stop discards a pending SIGCONT. */
	bool continued = false;
	if (sig == SIGCONT || sig == SIGKILL) {
		flush_sigqueue_mask(&p->signal->shared_pending, STOP_SIGNALS);
		flush_sigqueue_mask(&p->sig_pending_thread, STOP_SIGNALS);
		if (p->signal->stopped) {
			continued = sig == SIGCONT;
			p->signal->stopped = false;
			if (sig == SIGCONT)
				p->signal->stop_report = 0xffff; /* WIFCONTINUED */
			wake_up(&p->signal->stop_wait); /* every thread of the process goes on */
		}
	} else if (sigmask(sig) & STOP_SIGNALS) {
		flush_sigqueue_mask(&p->signal->shared_pending, sigmask(SIGCONT));
		flush_sigqueue_mask(&p->sig_pending_thread, sigmask(SIGCONT));
	}
	bool drop = (ignored(p, sig) && !((p->sig_blocked | p->sig_real_blocked) & sigmask(sig))) ||
		    init_ignores(p, sig, forced);
	int err = drop ? 0 : sigqueue_add(p, thread ? &p->sig_pending_thread : &p->signal->shared_pending, info);
	if (err) {
		spin_unlock_irqrestore(&sig_lock, f);
		return err;
	}
	trace_sig_generate(p, info, drop);
	if (!drop)
		complete_signal(p, sig, thread);
	spin_unlock_irqrestore(&sig_lock, f);
	/* A stopped child that continues tells its parent (SIGCHLD with CLD_CONTINUED, unless SA_NOCLDSTOP). */
	struct proc *parent = p->group_leader->parent;
	if (continued && parent && !(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		struct kernel_siginfo ci = {
			.si_signo = SIGCHLD, .si_code = CLD_CONTINUED, .si_pid = p->tgid, .si_uid = (int)p->cred.uid,
			.si_status = SIGCONT
		};
		do_send_signal(parent, &ci, false, false);
	}
	if (continued && parent)
		wake_up(&parent->child_wait);
	return 0;
}

int send_signal_info(struct proc *p, const struct kernel_siginfo *info, bool thread)
{
	return do_send_signal(p, info, thread, false);
}

void sigmask_set_temporary(u64 mask)
{
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sig_lock);
	if (!p->sig_restore_mask) {
		p->sig_saved_mask = p->sig_blocked;
		p->sig_restore_mask = true;
	}
	set_task_blocked(p, mask);
	spin_unlock_irqrestore(&sig_lock, f);
}

/* ---- the alternate signal stack (sigaltstack(2)) ---- */

/* on_sig_stack: sp lies on p's alternate signal stack (Linux on_sig_stack). */
static bool on_sig_stack(struct proc *p, u64 sp)
{
	return p->altstack_size && sp >= p->altstack_sp && sp < p->altstack_sp + p->altstack_size;
}

/* sigsp: called by setup_rt_frame. Returns the address below which the frame of a handler with action ka goes,
 * for a signal that arrived with the user stack at sp: the top of the alternate stack when ka has SA_ONSTACK, one
 * is set up and sp is not on it already; sp otherwise (Linux sigsp). *uss gets the alternate stack as the frame's
 * uc_stack reports it: SS_ONSTACK when the handler runs on it, SS_DISABLE when there is none. */
u64 sigsp(u64 sp, const struct k_sigaction *ka, stack_t *uss)
{
	struct proc *p = current;
	bool on_alt = p->altstack_size && !(p->altstack_flags & SS_DISABLE) && (ka->flags & SA_ONSTACK) &&
		      !on_sig_stack(p, sp);
	*uss = (stack_t){
		.ss_sp = p->altstack_sp,
		.ss_flags = p->altstack_size ? (on_alt ? SS_ONSTACK : (s32)p->altstack_flags) : SS_DISABLE,
		.ss_size = p->altstack_size,
	};
	return on_alt ? p->altstack_sp + p->altstack_size : sp;
}

/* restore_altstack: rt_sigreturn puts back the alternate stack the frame's uc_stack holds (Linux
 * restore_altstack): SS_DISABLE removes it, a stack of at least MINSIGSTKSZ bytes replaces it, anything else
 * leaves it as it is. */
static void restore_altstack(struct proc *p, const stack_t *uss)
{
	if (uss->ss_flags & SS_DISABLE) {
		p->altstack_sp = p->altstack_size = 0;
		p->altstack_flags = SS_DISABLE;
	} else if (uss->ss_size >= MINSIGSTKSZ) {
		p->altstack_sp = uss->ss_sp;
		p->altstack_size = uss->ss_size;
		p->altstack_flags = 0;
	}
}

/* ---- delivery ---- */

/* restart_or_eintr: the system call that returned into tf was interrupted; a handler will run (handler true) with
 * flags, or no handler runs. Restart it (back up the PC over the SVC, first argument back) or make it -EINTR. */
static void restart_or_eintr(struct trapframe *tf, bool handler, u64 flags)
{
	struct proc *p = current;
	long r = (long)tf->regs[0];
	if (p->syscall_nr < 0 || (r != -ERESTARTSYS && r != -ERESTARTNOINTR && r != -ERESTARTNOHAND &&
				  r != -ERESTART_RESTARTBLOCK))
		return;
	bool restart = !handler || r == -ERESTARTNOINTR || (r == -ERESTARTSYS && (flags & SA_RESTART));
	trace_sig_interrupt(p, restart);
	if (restart && r == -ERESTART_RESTARTBLOCK) {
		tf->regs[8] = 128; /* __NR_restart_syscall: continue where it stopped (Linux arm64 does the same) */
		tf->pc -= 4;
	} else if (restart) {
		tf->regs[0] = p->orig_x0;
		tf->pc -= 4;
	} else {
		tf->regs[0] = (u64)-EINTR;
	}
	p->syscall_nr = -1;
}

/* group_stop_wait: the current thread's process is stopped: sleep until SIGCONT or SIGKILL (uninterruptibly: only
 * those end a stop). */
static void group_stop_wait(struct proc *p)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	while (p->signal->stopped)
		sleep_on_uninterruptible(&p->signal->stop_wait, &sig_lock);
	spin_unlock_irqrestore(&sig_lock, f);
}

/* do_stop: the default action of a stop signal: the whole process stops until SIGCONT (or SIGKILL): every other
 * thread is woken to stop at its next signal_deliver; the parent gets SIGCHLD (unless SA_NOCLDSTOP) and wait4 with
 * WUNTRACED reports it. (Linux's do_signal_stop reports once all threads have stopped; here at once.) */
static void do_stop(struct proc *p, int sig)
{
	struct signal_struct *s = p->signal;
	u64 f = spin_lock_irqsave(&sig_lock);
	if (s->group_exit) { /* dying: no stop */
		spin_unlock_irqrestore(&sig_lock, f);
		return;
	}
	s->stopped = true;
	s->stop_report = (sig << 8) | 0x7f;
	struct list_head *pos;
	list_for_each(pos, &s->thread_head) {
		struct proc *t = list_entry(pos, struct proc, thread_node);
		if (t != p && t->state != P_ZOMBIE)
			signal_wake_up(t);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	struct proc *parent = p->group_leader->parent;
	if (parent) {
		if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
			struct kernel_siginfo ci = {
				.si_signo = SIGCHLD, .si_code = CLD_STOPPED, .si_pid = p->tgid,
				.si_uid = (int)p->cred.uid, .si_status = sig
			};
			send_signal_info(parent, &ci, false);
		}
		wake_up(&parent->child_wait);
	}
	group_stop_wait(p);
}

void signal_deliver(struct trapframe *tf)
{
	struct proc *p = current;
	for (;;) {
		if (p->signal->stopped) /* another thread stopped the process */
			group_stop_wait(p);
		u64 f = spin_lock_irqsave(&sig_lock);
		struct kernel_siginfo info;
		int sig = next_signal(p, &info);
		if (!sig) {
			spin_unlock_irqrestore(&sig_lock, f);
			break;
		}
		struct k_sigaction *ka = &p->sighand->action[sig - 1];
		struct k_sigaction act = *ka;
		if (act.handler == SIG_IGN || (act.handler == SIG_DFL && default_action(sig) == ACT_IGNORE) ||
		    (act.handler == SIG_DFL && default_action(sig) == ACT_CONT)) {
			spin_unlock_irqrestore(&sig_lock, f);
			trace_sig_deliver(p, sig, 0, act.handler == SIG_IGN ? "ignore" : action_name(default_action(sig)));
			continue;
		}
		if (act.handler == SIG_DFL || sig == SIGKILL || sig == SIGSTOP) {
			spin_unlock_irqrestore(&sig_lock, f);
			enum sig_default d = default_action(sig);
			trace_sig_deliver(p, sig, 0, action_name(d));
			if (d == ACT_STOP) {
				do_stop(p, sig);
				continue;
			}
			/* Terminate the process, every thread (core: Linux sets WCOREFLAG only when a core file is written,
			 * and RLIMIT_CORE is 0). */
			do_group_exit(sig);
		}
		/* A handler. The frame keeps the mask to return to (the one before sigsuspend/ppoll's temporary mask);
		 * while the handler runs, the current mask plus sa_mask plus sig (unless SA_NODEFER) is blocked (Linux
		 * signal_setup_done). */
		u64 oldmask = signal_delivered(p, sig, ka);
		spin_unlock_irqrestore(&sig_lock, f);
		restart_or_eintr(tf, true, act.flags);
		trace_sig_deliver(p, sig, act.handler, NULL);
		if (setup_rt_frame(tf, &info, &act, oldmask)) {
			printk_ratelimited("pid %d (%s): cannot build a signal frame at sp %#lx: SIGSEGV\n", p->pid, p->name, tf->sp);
			do_group_exit(SIGSEGV);
		}
		return; /* one handler frame at a time, as Linux does */
	}
	/* No handler ran: an interrupted call restarts; a temporary mask (sigsuspend, ppoll) goes back. */
	restart_or_eintr(tf, false, 0);
	u64 f = spin_lock_irqsave(&sig_lock);
	if (p->sig_restore_mask) {
		p->sig_blocked = p->sig_saved_mask;
		p->sig_restore_mask = false;
	}
	spin_unlock_irqrestore(&sig_lock, f);
}

/* force_signal: a fault at EL0 (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP): if the signal is blocked or ignored
 * the process cannot survive it, so the action goes back to default (Linux force_sig_info); then it is
 * delivered on the way back to EL0. */
void force_signal(int sig, int code, u64 addr)
{
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sig_lock);
	struct k_sigaction *ka = &p->sighand->action[sig - 1];
	if (ka->handler == SIG_IGN || (p->sig_blocked & sigmask(sig))) {
		ka->handler = SIG_DFL;
		p->sig_blocked &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	struct kernel_siginfo info = { .si_signo = sig, .si_code = code, .si_addr = addr };
	do_send_signal(p, &info, true, true);
}

int copy_sighand(u64 clone_flags, struct proc *child)
{
	struct sighand_struct *old = current->sighand;
	if (clone_flags & CLONE_SIGHAND) {
		u64 f = spin_lock_irqsave(&sig_lock);
		old->count++;
		spin_unlock_irqrestore(&sig_lock, f);
		child->sighand = old;
		return 0;
	}
	struct sighand_struct *sh = kmalloc(sizeof *sh); /* zeroed: every action SIG_DFL */
	if (!sh)
		return -ENOMEM;
	u64 f = spin_lock_irqsave(&sig_lock);
	sh->count = 1;
	if (old)
		memcpy(sh->action, old->action, sizeof sh->action);
	spin_unlock_irqrestore(&sig_lock, f);
	child->sighand = sh;
	return 0;
}

/* signal_struct_alloc: a new process's signal_struct: nothing pending, not stopped, count 1. */
static struct signal_struct *signal_struct_alloc(void)
{
	struct signal_struct *sig = kmalloc(sizeof *sig);
	if (!sig)
		return NULL;
	sig->count = 1;
	list_init(&sig->shared_pending.list);
	list_init(&sig->thread_head);
	wait_queue_init(&sig->stop_wait, &wchan_stopped, NULL);
	wait_queue_init(&sig->group_exit_wait, &wchan_group_exit, NULL);
	return sig;
}

int copy_signal(u64 clone_flags, struct proc *child)
{
	struct signal_struct *old = current->signal;
	if (clone_flags & CLONE_THREAD) {
		u64 f = spin_lock_irqsave(&sig_lock);
		old->count++;
		spin_unlock_irqrestore(&sig_lock, f);
		child->signal = old;
		return 0;
	}
	struct signal_struct *sig = signal_struct_alloc();
	if (!sig)
		return -ENOMEM;
	sig->pgid = old->pgid;
	sig->sid = old->sid;
	sig->tty = old->tty;
	memcpy(sig->rlim, old->rlim, sizeof sig->rlim);
	child->signal = sig;
	return 0;
}

int unshare_sighand(struct proc *p)
{
	struct sighand_struct *old = p->sighand;
	if (old->count == 1)
		return 0;
	struct sighand_struct *sh = kmalloc(sizeof *sh);
	if (!sh)
		return -ENOMEM;
	u64 f = spin_lock_irqsave(&sig_lock);
	sh->count = 1;
	memcpy(sh->action, old->action, sizeof sh->action);
	old->count--;
	p->sighand = sh;
	spin_unlock_irqrestore(&sig_lock, f);
	return 0;
}

int signal_setup_init(struct proc *p)
{
	p->signal = signal_struct_alloc();
	if (!p->signal || copy_sighand(0, p))
		return -ENOMEM;
	p->signal->pgid = p->signal->sid = p->pid;
	rlimit_init(p);
	return 0;
}

void signal_release(struct proc *p)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	flush_sigqueue_mask(&p->sig_pending_thread, ~0UL);
	struct sighand_struct *sh = p->sighand;
	struct signal_struct *sig = p->signal;
	p->sighand = NULL;
	p->signal = NULL;
	bool free_sh = sh && --sh->count == 0, free_sig = sig && --sig->count == 0;
	if (free_sig)
		flush_sigqueue_mask(&sig->shared_pending, ~0UL);
	spin_unlock_irqrestore(&sig_lock, f);
	if (free_sh)
		kfree(sh);
	if (free_sig)
		kfree(sig);
}

/* signal_fork: the new thread gets the current one's mask and alternate stack, nothing pending (fork(2)). */
void signal_fork(struct proc *child, struct proc *parent)
{
	child->sig_blocked = parent->sig_blocked; /* its pending set is empty since proc_alloc */
	child->altstack_sp = parent->altstack_sp;
	child->altstack_size = parent->altstack_size;
	child->altstack_flags = parent->altstack_flags;
}

/* signal_exec: handlers go back to SIG_DFL; ignored signals stay ignored; mask and pending stay (execve(2)). */
void signal_exec(struct proc *p)
{
	for (int i = 0; i < _NSIG; i++) {
		if (p->sighand->action[i].handler != SIG_IGN)
			p->sighand->action[i].handler = SIG_DFL;
		p->sighand->action[i].flags = 0;
		p->sighand->action[i].mask = 0;
	}
	p->altstack_sp = p->altstack_size = 0;
	p->altstack_flags = SS_DISABLE;
}

void signal_exit(struct proc *p)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	if (p->signal->count == 1) /* the process's last thread */
		flush_sigqueue_mask(&p->signal->shared_pending, ~0UL);
	flush_sigqueue_mask(&p->sig_pending_thread, ~0UL);
	spin_unlock_irqrestore(&sig_lock, f);
}

#define USER_HZ 100 /* clock_t's ticks (sysconf(_SC_CLK_TCK)) */

/* signal_child_exit: SIGCHLD to the parent when a child exits, with its status and CPU time (si_utime,
 * si_stime). Returns true when the parent ignores SIGCHLD
 * (SIG_IGN or SA_NOCLDWAIT): then the child is reaped at once and never becomes a zombie (wait(2) NOTES). */
bool signal_child_exit(struct proc *child)
{
	struct proc *parent = child->parent;
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	int sig = child->exit_signal;
	/* Only a child that ends with SIGCHLD is reaped without a wait (Linux's do_notify_parent). */
	bool autoreap = sig == SIGCHLD && (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT));
	int st = child->exit_status;
	if (sig <= 0)
		return autoreap; /* clone's exit signal 0: the parent is not told, wait4(__WCLONE) finds it */
	u64 utime, stime; /* the process's CPU time, its threads' included (Linux do_notify_parent) */
	thread_group_cputime_ns(child, &utime, &stime);
	struct kernel_siginfo ci = {
		.si_signo = sig,
		.si_code = (st & 0x7f) ? ((st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED,
		.si_pid = child->pid,
		.si_uid = (int)child->cred.uid,
		.si_status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff,
		.si_utime = (s64)(utime / (1000000000 / USER_HZ)),
		.si_stime = (s64)(stime / (1000000000 / USER_HZ)),
	};
	send_signal_info(parent, &ci, false);
	return autoreap;
}

/* ---- system calls ---- */

/* rt_sigaction(sig, act, oact, sigsetsize): set sig's action from act (if not NULL), the old one into oact (if
 * not NULL), both in the kernel's struct k_sigaction layout. -EINVAL for a bad sig, sigsetsize != 8, or an action
 * for SIGKILL or SIGSTOP; -EFAULT for bad pointers. Setting SIG_IGN (or SIG_DFL where the default ignores)
 * discards a pending one (POSIX sigaction(), sigaction(2)). */
SYSCALL_DEFINE4(rt_sigaction, int, sig, u64, act, u64, oact, size_t, sigsetsize)
{
	/* Linux's order (kernel/signal.c): the set's size, the new action read, then the signal (do_sigaction) */
	if (sigsetsize != 8)
		return -EINVAL;
	struct k_sigaction na, oa;
	if (act && copy_from_user(&na, act, sizeof na))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sig_lock);
	oa = p->sighand->action[sig - 1];
	if (act) {
		na.mask &= ~UNBLOCKABLE;
		p->sighand->action[sig - 1] = na;
		if (ignored(p, sig)) { /* pending instances are discarded, in every thread (POSIX sigaction()) */
			struct list_head *pos;
			flush_sigqueue_mask(&p->signal->shared_pending, sigmask(sig));
			list_for_each(pos, &p->signal->thread_head)
				flush_sigqueue_mask(&list_entry(pos, struct proc, thread_node)->sig_pending_thread, sigmask(sig));
		}
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (oact && copy_to_user(oact, &oa, sizeof oa))
		return -EFAULT;
	return 0;
}

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* rt_sigprocmask(how, set, oldset, sigsetsize): SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK set (if not NULL); the old
 * mask into oldset (if not NULL). -EINVAL for a bad how or sigsetsize != 8, -EFAULT for a bad set (nothing
 * changes) or a bad oldset (the new mask is in place all the same, as Linux). SIGKILL and SIGSTOP cannot be
 * blocked (sigprocmask(2)). */
SYSCALL_DEFINE4(rt_sigprocmask, int, how, u64, set, u64, oldset, size_t, sigsetsize)
{
	if (sigsetsize != 8)
		return -EINVAL;
	struct proc *p = current;
	u64 nset = 0;
	if (set && copy_from_user(&nset, set, 8))
		return -EFAULT;
	if (set && (how < SIG_BLOCK || how > SIG_SETMASK))
		return -EINVAL;
	u64 f = spin_lock_irqsave(&sig_lock);
	u64 old = p->sig_blocked;
	if (set) {
		u64 nb = how == SIG_BLOCK ? old | nset : how == SIG_UNBLOCK ? old & ~nset : nset;
		set_task_blocked(p, nb);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (p->sig_blocked != old)
		trace_sig_mask(p);
	if (oldset && copy_to_user(oldset, &old, 8))
		return -EFAULT;
	return 0;
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked, sigsetsize bytes of them, into set.
 * -EINVAL for sigsetsize > 8, -EFAULT for a bad set (sigpending(2)). */
SYSCALL_DEFINE2(rt_sigpending, u64, set, size_t, sigsetsize)
{
	if (sigsetsize > 8)
		return -EINVAL;
	u64 pending = pending_all(current) & current->sig_blocked;
	return copy_to_user(set, &pending, sigsetsize) ? -EFAULT : 0;
}

/* rt_sigsuspend(mask, sigsetsize): wait with mask until a signal handler runs, then EINTR (-ERESTARTNOHAND: a
 * signal that runs no handler leaves it waiting); the old mask comes back by rt_sigreturn or at delivery.
 * -EINVAL for sigsetsize != 8, -EFAULT for a bad mask (sigsuspend(2)). */
SYSCALL_DEFINE2(rt_sigsuspend, u64, mask, size_t, sigsetsize)
{
	u64 kmask;
	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&kmask, mask, 8))
		return -EFAULT;
	sigmask_set_temporary(kmask);
	trace_sig_mask(current);
	schedule_timeout(0, &wchan_sigsuspend); /* returns only for a signal */
	return -ERESTARTNOHAND;
}

/* rt_sigreturn(): back from a handler: registers and FP state (restore_sigframe), mask and alternate stack from
 * the frame at sp. Returns the interrupted x0. A frame that cannot be read or is not 16-byte aligned gets the
 * process SIGSEGV (si_code SI_KERNEL; Linux's arm64_notify_segfault gives SEGV_MAPERR or SEGV_ACCERR at sp). */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct proc *p = current;
	struct trapframe *tf = p->tf;
	u64 mask;
	stack_t uss;
	if (restore_sigframe(tf, &mask, &uss)) {
		force_signal(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	u64 f = spin_lock_irqsave(&sig_lock);
	set_task_blocked(p, mask);
	spin_unlock_irqrestore(&sig_lock, f);
	restore_altstack(p, &uss);
	trace_sig_return(p);
	p->syscall_nr = -1;   /* not a restartable result */
	return (long)tf->regs[0]; /* the dispatcher stores this into x0: keep the interrupted x0 */
}

/* kill_permitted: kernel/signal.h. */
bool kill_permitted(struct proc *t, int sig)
{
	const struct cred *c = &current->cred, *tc = &t->cred;
	if (t == current || c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid || c->uid == tc->uid ||
	    cred_capable())
		return true;
	return sig == SIGCONT && t->signal->sid == current->signal->sid;
}

/* kill(pid, sig): pid > 0 that process; 0 the caller's process group; -1 every process but init and the
 * caller; < -1 process group -pid. sig 0 checks existence and permission. -EINVAL for a bad sig, -ESRCH when
 * nothing matched (before the signal is looked at), -EPERM when the caller may signal none of them (kill(2); Linux kill_something_info: for -1,
 * a refusal of some does not make it fail). Signals to init that it has no handler for are discarded. */
SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	if (pid == -0x7fffffff - 1)
		return -ESRCH; /* INT_MIN: no group -INT_MIN (Linux kill_something_info) */
	struct proc *self = current;
	bool bad_sig = sig < 0 || sig > _NSIG; /* checked per target, after the lookup (Linux check_kill_permission) */
	int n = 0, sent = 0;
	/* One process at a time: pid > 0 names one (by its id or one of its threads' ids); otherwise each process in
	 * turn is matched under proc_lock and signalled after it. */
	for (struct proc *p = NULL;;) {
		u64 f = spin_lock_irqsave(&proc_lock);
		bool match;
		if (pid > 0) {
			p = p ? NULL : proc_find(pid);
			match = p != NULL;
		} else {
			p = proc_next(p);
			match = p && p->signal->nr_threads && /* a zombie: nothing to signal */
				(pid == 0 ? p->signal->pgid == self->signal->pgid
				 : pid == -1 ? (p != init_proc && p != self->group_leader)
					     : p->signal->pgid == -pid);
		}
		spin_unlock_irqrestore(&proc_lock, f);
		if (!p)
			break;
		if (!match)
			continue;
		n++;
		if (bad_sig || !kill_permitted(p, sig))
			continue;
		sent++;
		if (sig && p->signal->nr_threads)
			send_signal(p, sig, self->tgid);
	}
	if (!n)
		return -ESRCH;
	if (bad_sig)
		return -EINVAL;
	return sent || pid == -1 ? 0 : -EPERM;
}

/* tgkill(tgid, tid, sig) / tkill(tid, sig): sig (0: only check) to thread tid, of process tgid for tgkill,
 * with si_code SI_TKILL. -EINVAL for tgid <= 0 (tgkill) or tid <= 0, -ESRCH when there is no such thread (or
 * it is not tgid's), then -EINVAL for a bad sig, -EPERM as kill (tkill(2)). */
static long thread_kill(int tgid, int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(tid);
	if (!p || p->state == P_ZOMBIE || (tgid > 0 && p->tgid != tgid)) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -ESRCH;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	if (sig < 0 || sig > _NSIG)
		return -EINVAL; /* after the lookup, as Linux's do_send_specific */
	if (!kill_permitted(p, sig))
		return -EPERM;
	struct kernel_siginfo info = {
		.si_signo = sig, .si_code = SI_TKILL, .si_pid = current->tgid, .si_uid = (int)current->cred.uid
	};
	return sig ? send_signal_info(p, &info, true) : 0;
}

SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig) { return thread_kill(-1, tid, sig); }
SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return thread_kill(tgid, tid, sig);
}

/* ---- real-time signals: sigqueue(3) and sigwaitinfo(2) ---- */

/* sigqueue_to: the end both queueing calls share: -ESRCH for no target p, -EINVAL for sig outside 0.._NSIG,
 * -EPERM when the caller may not signal p (kill(2)'s rule), else info queued to p's process (thread: to p itself)
 * unless sig is 0, the existence check. */
static int sigqueue_to(struct proc *p, int sig, struct kernel_siginfo *info, bool thread)
{
	if (!p)
		return -ESRCH;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!kill_permitted(p, sig))
		return -EPERM;
	return sig ? send_signal_info(p, info, thread) : 0;
}

/* rt_sigqueueinfo(pid, sig, uinfo): sig (0: only check) to process pid with the siginfo the caller filled at
 * uinfo (sigqueue(3) puts SI_QUEUE, its pid and uid, and the value there). Only a process signalling itself may
 * claim a code the kernel or kill() would give (si_code >= 0, or SI_TKILL): -EPERM otherwise, "not even root can
 * pretend to send signals from the kernel". Then -ESRCH for no such process, -EINVAL for a bad sig, -EPERM as
 * kill, -EAGAIN when a real-time sig is past the target's RLIMIT_SIGPENDING, -EFAULT for a bad uinfo
 * (rt_sigqueueinfo(2); Linux's do_rt_sigqueueinfo). */
SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, pid, int, sig, u64, uinfo)
{
	struct kernel_siginfo info;
	if (copy_siginfo_from_user(&info, uinfo))
		return -EFAULT;
	info.si_signo = sig;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && pid != current->tgid)
		return -EPERM;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (p && !p->signal->nr_threads)
		p = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	return sigqueue_to(p, sig, &info, false);
}

/* rt_tgsigqueueinfo(tgid, tid, sig, uinfo): rt_sigqueueinfo to thread tid of process tgid. -EINVAL for tgid or tid <= 0; then as rt_sigqueueinfo, the si_code rule comparing tgid with the
 * caller (Linux's do_rt_tgsigqueueinfo). */
SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid, int, sig, u64, uinfo)
{
	struct kernel_siginfo info;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (copy_siginfo_from_user(&info, uinfo))
		return -EFAULT;
	info.si_signo = sig;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && tgid != current->tgid)
		return -EPERM;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(tid);
	if (p && (p->state == P_ZOMBIE || p->tgid != tgid))
		p = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	return sigqueue_to(p, sig, &info, true);
}

/* rt_sigtimedwait(uthese, uinfo, uts, sigsetsize): take a pending signal of the set uthese (SIGKILL and SIGSTOP
 * left out) without running its handler, waiting for one up to the relative timeout uts (NULL: for ever). While
 * it waits the set is unblocked, so one arriving wakes it. Returns the signal, its siginfo into uinfo (if not
 * NULL); -EAGAIN when the timeout passed (at once for a zero timeout), -EINTR when another signal's handler
 * interrupts it (not restarted), -EINVAL for sigsetsize != 8 or a bad timeout, -EFAULT for bad pointers
 * (sigwaitinfo(2); Linux's do_sigtimedwait). */
SYSCALL_DEFINE4(rt_sigtimedwait, u64, uthese, u64, uinfo, u64, uts, size_t, sigsetsize)
{
	struct proc *p = current;
	u64 these;
	struct timespec64 ts;
	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&these, uthese, 8))
		return -EFAULT;
	if (uts && copy_from_user(&ts, uts, sizeof ts))
		return -EFAULT;
	if (uts && !timespec64_valid(&ts))
		return -EINVAL;
	these &= ~UNBLOCKABLE;
	u64 timeout = uts ? timespec64_to_ns(&ts) : KTIME_MAX;
	struct kernel_siginfo info;
	int ret = 0;
	u64 f = spin_lock_irqsave(&sig_lock);
	int sig = dequeue_signal(p, these, &info);
	if (!sig && timeout) {
		p->sig_real_blocked = p->sig_blocked;
		p->sig_blocked &= ~these;
		spin_unlock_irqrestore(&sig_lock, f);
		ret = schedule_timeout(timeout == KTIME_MAX ? 0 : time_ns() + timeout, &wchan_sigtimedwait);
		f = spin_lock_irqsave(&sig_lock);
		p->sig_blocked = p->sig_real_blocked;
		p->sig_real_blocked = 0;
		sig = dequeue_signal(p, these, &info);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (!sig)
		return ret ? -EINTR : -EAGAIN;
	trace_sig_deliver(p, sig, 0, "sigwait");
	if (uinfo && copy_siginfo_to_user(uinfo, &info))
		return -EFAULT;
	return sig;
}

/* sigaltstack(ss, old_ss): set the alternate signal stack from ss (if not NULL; SS_DISABLE removes it), the old
 * one into old_ss (if not NULL; SS_ONSTACK while running on it). -EPERM when changing it while on it, -EINVAL for
 * bad flags, -ENOMEM when smaller than MINSIGSTKSZ, -EFAULT for bad pointers (sigaltstack(2)). */
SYSCALL_DEFINE2(sigaltstack, u64, ss, u64, old_ss)
{
	struct proc *p = current;
	stack_t nss, old = {
		.ss_sp = p->altstack_sp,
		.ss_flags = p->altstack_size ? (s32)p->altstack_flags : SS_DISABLE,
		.ss_size = p->altstack_size,
	};
	bool on = on_sig_stack(p, p->tf->sp);
	if (on)
		old.ss_flags = SS_ONSTACK;
	if (ss) {
		if (copy_from_user(&nss, ss, sizeof nss))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (nss.ss_flags != 0 && nss.ss_flags != SS_DISABLE && nss.ss_flags != SS_ONSTACK)
			return -EINVAL;
		if (nss.ss_flags == SS_DISABLE) {
			p->altstack_sp = p->altstack_size = 0;
			p->altstack_flags = SS_DISABLE;
		} else {
			if (nss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			p->altstack_sp = nss.ss_sp;
			p->altstack_size = nss.ss_size;
			p->altstack_flags = 0;
		}
	}
	if (old_ss && copy_to_user(old_ss, &old, sizeof old))
		return -EFAULT;
	return 0;
}
