/* kernel/signal.c: generating and delivering signals (signal(7), POSIX XSH 2.4 "Signal Concepts"; Linux's
 * kernel/signal.c and arch/arm64/kernel/signal.c).
 * Each process keeps a pending set and a blocked mask (bit N-1 for signal N). Generation sets the pending bit
 * (standard signals do not queue: a second one while the first is pending is the same one) and wakes the target
 * from an interruptible sleep. Delivery happens on the way back to EL0: the lowest-numbered pending, unblocked
 * signal is taken; its default action, SIG_IGN or the handler decides what happens. A handler runs on a frame the
 * kernel builds on the user stack in arm64's rt_sigframe layout; it returns through musl's __restore_rt, which
 * calls rt_sigreturn. */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/include/trapframe.h"
#include "arch/aarch64/platform.h"
#include "arch/aarch64/vdso/vdso.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"

#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 5120
#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

static spinlock_t sig_lock = SPINLOCK_INIT("signal"); /* pending/blocked/actions of every process */

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
static bool ignored(struct proc *p, int sig)
{
	u64 h = p->sigaction[sig - 1].handler;
	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (default_action(sig) == ACT_IGNORE || default_action(sig) == ACT_CONT));
}

static void jw_sigset(struct jw *w, const char *key, u64 set) { jw_hex(w, key, set); }

/* pending_all: the signals pending for p in either set. */
static u64 pending_all(struct proc *p) { return p->sig_pending | p->sig_pending_thread; }

bool signal_pending(struct proc *p) { return (pending_all(p) & (~p->sig_blocked | sigmask(SIGKILL))) != 0; }

int send_signal(struct proc *p, int sig, int sender)
{
	struct ksiginfo info = { sender ? SI_USER : SI_KERNEL, sender, 0, 0, 0 };
	return send_signal_info(p, sig, &info, false);
}

int send_signal_info(struct proc *p, int sig, const struct ksiginfo *info, bool thread)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	int sender = info->pid;
	u64 f = spin_lock_irqsave(&sig_lock);
	/* SIGCONT continues a stopped process and discards pending stops; a stop discards a pending SIGCONT. */
	bool continued = false;
	if (sig == SIGCONT || sig == SIGKILL) {
		p->sig_pending &= ~STOP_SIGNALS;
		p->sig_pending_thread &= ~STOP_SIGNALS;
		if (p->stopped) {
			continued = sig == SIGCONT;
			p->stopped = false;
			if (sig == SIGCONT)
				p->stop_report = 0xffff; /* WIFCONTINUED */
			u64 g = spin_lock_irqsave(&sched_lock);
			wake_up_process(p, false);
			spin_unlock_irqrestore(&sched_lock, g);
		}
	} else if (sigmask(sig) & STOP_SIGNALS) {
		p->sig_pending &= ~sigmask(SIGCONT);
		p->sig_pending_thread &= ~sigmask(SIGCONT);
	}
	bool drop = ignored(p, sig) && !(p->sig_blocked & sigmask(sig));
	struct jw *w = trace_begin(drop ? "sig.ignore" : "sig.generate", sender);
	if (w) {
		jw_int(w, "target", p->pid);
		jw_int(w, "sig", sig);
		if (!drop) {
			jw_sigset(w, "pending", pending_all(p) | sigmask(sig));
			jw_sigset(w, "blocked", p->sig_blocked);
		}
		trace_end(w);
	}
	if (!drop) {
		u64 *set = thread ? &p->sig_pending_thread : &p->sig_pending;
		if (!(*set & sigmask(sig))) { /* the first generation's siginfo is the one delivered */
			struct k_siginfo_short *si = &p->sig_info[thread][sig - 1];
			si->code = info->code;
			si->pid = info->pid;
			si->uid = info->uid;
			si->status = info->status;
			si->addr = info->addr;
		}
		*set |= sigmask(sig);
		if (signal_pending(p)) {
			u64 g = spin_lock_irqsave(&sched_lock);
			wake_up_process(p, true);
			spin_unlock_irqrestore(&sched_lock, g);
		}
	}
	spin_unlock_irqrestore(&sig_lock, f);
	/* A stopped child that continues tells its parent (SIGCHLD with CLD_CONTINUED, unless SA_NOCLDSTOP). */
	if (continued && p->parent && !(p->parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		struct ksiginfo ci = { CLD_CONTINUED, p->pid, 0, SIGCONT, 0 };
		send_signal_info(p->parent, SIGCHLD, &ci, false);
	}
	if (continued && p->parent)
		wake_up(&p->parent->child_wait, NULL, 0);
	return 0;
}

void sigmask_set_temporary(u64 mask)
{
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sig_lock);
	if (!p->sig_restore_mask) {
		p->sig_saved_mask = p->sig_blocked;
		p->sig_restore_mask = true;
	}
	p->sig_blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&sig_lock, f);
}

/* ---- the arm64 signal frame (arch/arm64/include/uapi/asm/sigcontext.h, ucontext.h) ---- */

/* struct k_siginfo: Linux's siginfo_t (128 bytes): si_signo, si_errno, si_code, then a union at offset 16:
 * {si_pid, si_uid} for kill, {si_pid, si_uid, si_status at 24} for SIGCHLD, {si_addr} for faults. */
struct k_siginfo {
	s32 si_signo, si_errno, si_code, pad;
	union {
		struct {
			s32 pid, uid, status;
		} kill;
		u64 addr;
	} u;
	u8 rest[128 - 32];
};

#define FPSIMD_MAGIC 0x46508001

struct k_fpsimd_context {
	u32 magic, size;
	u32 fpsr, fpcr;
	__uint128_t vregs[32];
};

/* struct k_sigcontext: fault_address, x0-x30, sp, pc, pstate, then records (fpsimd, terminator) in __reserved. */
struct k_sigcontext {
	u64 fault_address;
	u64 regs[31];
	u64 sp, pc, pstate;
	u8 reserved[4096] __attribute__((aligned(16)));
};

struct k_ucontext {
	u64 uc_flags;
	u64 uc_link;
	u64 ss_sp;
	s32 ss_flags, pad;
	u64 ss_size;
	u64 uc_sigmask;
	u8 unused[1024 / 8 - 8];
	struct k_sigcontext uc_mcontext __attribute__((aligned(16)));
};

/* struct rt_sigframe: on the user stack at sp when the handler starts; a frame record {fp, lr} follows it. */
struct rt_sigframe {
	struct k_siginfo info;
	struct k_ucontext uc;
};

_Static_assert(__builtin_offsetof(struct k_ucontext, uc_mcontext) == 176, "ucontext layout");
_Static_assert(__builtin_offsetof(struct k_sigcontext, reserved) == 288, "sigcontext layout");

#define SI_USER 0
#define SI_KERNEL 0x80

/* setup_frame: build the frame for handler ka of sig, with `oldmask` as the mask sigreturn restores.
 * Returns 0, or -EFAULT when the stack is unusable (the process then dies with SIGSEGV). */
static int setup_frame(struct trapframe *tf, int sig, const struct k_siginfo_short *si, struct k_sigaction *ka,
		       u64 oldmask)
{
	struct proc *p = current;
	u64 sp = tf->sp;
	bool on_alt = p->altstack_size && !(p->altstack_flags & SS_DISABLE) && (ka->flags & SA_ONSTACK) &&
		      !(sp >= p->altstack_sp && sp < p->altstack_sp + p->altstack_size);
	if (on_alt)
		sp = p->altstack_sp + p->altstack_size;
	u64 record_at = ALIGN_DOWN(sp - 16, 16);
	u64 frame_at = ALIGN_DOWN(record_at - sizeof(struct rt_sigframe), 16);

	struct rt_sigframe *fr = kmalloc(sizeof *fr);
	if (!fr)
		return -EFAULT;
	fr->info.si_signo = sig;
	fr->info.si_code = si->code;
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
		fr->info.u.addr = si->addr;
	} else {
		fr->info.u.kill.pid = si->pid;
		fr->info.u.kill.uid = si->uid;
		fr->info.u.kill.status = si->status;
	}
	fr->uc.ss_sp = p->altstack_sp;
	fr->uc.ss_size = p->altstack_size;
	fr->uc.ss_flags = p->altstack_size ? (on_alt ? SS_ONSTACK : p->altstack_flags) : SS_DISABLE;
	fr->uc.uc_sigmask = oldmask;
	memcpy(fr->uc.uc_mcontext.regs, tf->regs, sizeof tf->regs);
	fr->uc.uc_mcontext.sp = tf->sp;
	fr->uc.uc_mcontext.pc = tf->pc;
	fr->uc.uc_mcontext.pstate = tf->pstate;
	struct k_fpsimd_context *fp = (struct k_fpsimd_context *)fr->uc.uc_mcontext.reserved;
	fpsimd_save(&p->fp);
	fp->magic = FPSIMD_MAGIC;
	fp->size = sizeof *fp;
	fp->fpsr = (u32)p->fp.fpsr;
	fp->fpcr = (u32)p->fp.fpcr;
	memcpy(fp->vregs, p->fp.v, sizeof fp->vregs);
	u64 record[2] = { tf->regs[29], tf->regs[30] };
	int r = copy_to_user(frame_at, fr, sizeof *fr) || copy_to_user(record_at, record, sizeof record);
	kfree(fr);
	if (r)
		return -EFAULT;

	tf->regs[0] = (u64)sig;
	tf->regs[1] = frame_at + __builtin_offsetof(struct rt_sigframe, info);
	tf->regs[2] = frame_at + __builtin_offsetof(struct rt_sigframe, uc);
	tf->regs[29] = record_at;
	tf->regs[30] = (ka->flags & SA_RESTORER) ? ka->restorer : vdso_sigreturn(p->mm); /* glibc: the vDSO's */
	tf->sp = frame_at;
	tf->pc = ka->handler;
	tf->pstate &= ~(0xfUL << 28 | 1UL << 21); /* clear flags and SS, stay at EL0t */
	return 0;
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
	struct jw *w = trace_begin("sig.interrupt", p->pid);
	if (w) {
		jw_str(w, "call", syscall_name((unsigned long)p->syscall_nr));
		jw_str(w, "result", restart ? "restart" : "EINTR");
		trace_end(w);
	}
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

/* next_signal: the lowest-numbered pending unblocked signal (SIGKILL first), from the thread's set before the
 * process's (Linux dequeue_signal), taken off that set with its siginfo into *si; 0 if none. Caller holds
 * sig_lock. */
static int next_signal(struct proc *p, struct k_siginfo_short *si)
{
	u64 allow = ~p->sig_blocked | sigmask(SIGKILL);
	for (int thread = 1; thread >= 0; thread--) {
		u64 *set = thread ? &p->sig_pending_thread : &p->sig_pending;
		u64 ready = *set & allow;
		if (!ready)
			continue;
		int sig = (ready & sigmask(SIGKILL)) ? SIGKILL : __builtin_ctzl(ready) + 1;
		*set &= ~sigmask(sig);
		*si = p->sig_info[thread][sig - 1];
		return sig;
	}
	return 0;
}

static void trace_deliver(struct proc *p, int sig, u64 handler, const char *action)
{
	struct jw *w = trace_begin("sig.deliver", p->pid);
	if (!w)
		return;
	jw_int(w, "sig", sig);
	if (action)
		jw_str(w, "action", action);
	else
		jw_hex(w, "handler", handler);
	jw_sigset(w, "pending", pending_all(p));
	jw_sigset(w, "blocked", p->sig_blocked);
	trace_end(w);
}

/* do_stop: the default action of a stop signal: stop until SIGCONT (or SIGKILL); the parent gets SIGCHLD
 * (unless SA_NOCLDSTOP) and wait4 with WUNTRACED reports it. */
static void do_stop(struct proc *p, int sig)
{
	u64 f = spin_lock_irqsave(&sig_lock);
	p->stopped = true;
	p->stop_report = (sig << 8) | 0x7f;
	spin_unlock_irqrestore(&sig_lock, f);
	struct proc *parent = p->parent;
	if (parent) {
		if (!(parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
			struct ksiginfo ci = { CLD_STOPPED, p->pid, 0, sig, 0 };
			send_signal_info(parent, SIGCHLD, &ci, false);
		}
		wake_up(&parent->child_wait, NULL, 0);
	}
	f = spin_lock_irqsave(&sig_lock);
	while (p->stopped)
		sleep_on_uninterruptible(&p->stop_wait, &sig_lock, "stopped");
	spin_unlock_irqrestore(&sig_lock, f);
}

void signal_deliver(struct trapframe *tf)
{
	struct proc *p = current;
	for (;;) {
		u64 f = spin_lock_irqsave(&sig_lock);
		struct k_siginfo_short si;
		int sig = next_signal(p, &si);
		if (!sig) {
			spin_unlock_irqrestore(&sig_lock, f);
			break;
		}
		struct k_sigaction *ka = &p->sigaction[sig - 1];
		struct k_sigaction act = *ka;
		if (act.handler == SIG_IGN || (act.handler == SIG_DFL && default_action(sig) == ACT_IGNORE) ||
		    (act.handler == SIG_DFL && default_action(sig) == ACT_CONT)) {
			spin_unlock_irqrestore(&sig_lock, f);
			trace_deliver(p, sig, 0, act.handler == SIG_IGN ? "ignore" : action_name(default_action(sig)));
			continue;
		}
		if (act.handler == SIG_DFL || sig == SIGKILL || sig == SIGSTOP) {
			spin_unlock_irqrestore(&sig_lock, f);
			enum sig_default d = default_action(sig);
			trace_deliver(p, sig, 0, action_name(d));
			if (d == ACT_STOP) {
				do_stop(p, sig);
				continue;
			}
			/* Terminate (core: Linux sets WCOREFLAG only when a core file is written, and RLIMIT_CORE is 0). */
			do_exit(sig);
		}
		/* A handler: block its mask (and sig itself unless SA_NODEFER) while it runs. */
		/* The frame keeps the mask to return to (the one before sigsuspend/ppoll's temporary mask); while the
		 * handler runs, the current mask plus sa_mask plus sig is blocked (Linux signal_setup_done). */
		u64 oldmask = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
		p->sig_restore_mask = false;
		p->sig_blocked = (p->sig_blocked | act.mask | ((act.flags & SA_NODEFER) ? 0 : sigmask(sig))) & ~UNBLOCKABLE;
		if (act.flags & SA_RESETHAND)
			ka->handler = SIG_DFL;
		spin_unlock_irqrestore(&sig_lock, f);
		restart_or_eintr(tf, true, act.flags);
		trace_deliver(p, sig, act.handler, NULL);
		if (setup_frame(tf, sig, &si, &act, oldmask)) {
			printk("pid %d (%s): cannot build a signal frame at sp %#lx: SIGSEGV\n", p->pid, p->name, tf->sp);
			do_exit(SIGSEGV);
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
	struct k_sigaction *ka = &p->sigaction[sig - 1];
	if (ka->handler == SIG_IGN || (p->sig_blocked & sigmask(sig))) {
		ka->handler = SIG_DFL;
		p->sig_blocked &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&sig_lock, f);
	struct ksiginfo info = { code, 0, 0, 0, addr };
	send_signal_info(p, sig, &info, true);
}

/* signal_fork: the child gets the parent's actions and mask, nothing pending (fork(2)). */
void signal_fork(struct proc *child, struct proc *parent)
{
	memcpy(child->sigaction, parent->sigaction, sizeof child->sigaction);
	child->sig_blocked = parent->sig_blocked;
	child->sig_pending = child->sig_pending_thread = 0;
	child->pgid = parent->pgid;
	child->altstack_sp = parent->altstack_sp;
	child->altstack_size = parent->altstack_size;
	child->altstack_flags = parent->altstack_flags;
}

/* signal_exec: handlers go back to SIG_DFL; ignored signals stay ignored; mask and pending stay (execve(2)). */
void signal_exec(struct proc *p)
{
	for (int i = 0; i < _NSIG; i++) {
		if (p->sigaction[i].handler != SIG_IGN)
			p->sigaction[i].handler = SIG_DFL;
		p->sigaction[i].flags = 0;
		p->sigaction[i].mask = 0;
	}
	p->altstack_sp = p->altstack_size = 0;
	p->altstack_flags = SS_DISABLE;
}

/* signal_child_exit: SIGCHLD to the parent when a child exits. Returns true when the parent ignores SIGCHLD
 * (SIG_IGN or SA_NOCLDWAIT): then the child is reaped at once and never becomes a zombie (wait(2) NOTES). */
bool signal_child_exit(struct proc *child)
{
	struct proc *parent = child->parent;
	struct k_sigaction *ka = &parent->sigaction[SIGCHLD - 1];
	bool autoreap = ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
	int st = child->exit_status;
	struct ksiginfo ci = { (st & 0x7f) ? ((st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED, child->pid, 0,
			       (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff, 0 };
	send_signal_info(parent, SIGCHLD, &ci, false);
	return autoreap;
}

/* ---- system calls ---- */

/* rt_sigaction(sig, act, oact, sigsetsize): -EINVAL for a bad sig, sigsetsize != 8, or a handler for SIGKILL or
 * SIGSTOP; -EFAULT for bad pointers. Setting SIG_IGN (or SIG_DFL where the default ignores) discards a pending
 * one (POSIX sigaction). */
SYSCALL_DEFINE(rt_sigaction)
{
	int sig = (int)a0;
	if (sig < 1 || sig > _NSIG || a3 != 8)
		return -EINVAL;
	struct k_sigaction na, oa;
	if (a1 && copy_from_user(&na, a1, sizeof na))
		return -EFAULT;
	if (a1 && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sig_lock);
	oa = p->sigaction[sig - 1];
	if (a1) {
		na.mask &= ~UNBLOCKABLE;
		p->sigaction[sig - 1] = na;
		if (ignored(p, sig)) {
			p->sig_pending &= ~sigmask(sig);
			p->sig_pending_thread &= ~sigmask(sig);
		}
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (a2 && copy_to_user(a2, &oa, sizeof oa))
		return -EFAULT;
	return 0;
}

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

static void trace_mask(struct proc *p)
{
	struct jw *w = trace_begin("sig.mask", p->pid);
	if (w) {
		jw_sigset(w, "pending", pending_all(p));
		jw_sigset(w, "blocked", p->sig_blocked);
		trace_end(w);
	}
}

/* rt_sigprocmask(how, set, oldset, sigsetsize): -EINVAL for a bad how or sigsetsize != 8, -EFAULT for a bad
 * set (nothing changes) or a bad oldset (the new mask is in place all the same, as Linux). SIGKILL and SIGSTOP
 * cannot be blocked. */
SYSCALL_DEFINE(rt_sigprocmask)
{
	if (a3 != 8)
		return -EINVAL;
	struct proc *p = current;
	u64 set = 0;
	if (a1 && copy_from_user(&set, a1, 8))
		return -EFAULT;
	if (a1 && a0 > SIG_SETMASK)
		return -EINVAL;
	u64 f = spin_lock_irqsave(&sig_lock);
	u64 old = p->sig_blocked;
	if (a1) {
		u64 nb = a0 == SIG_BLOCK ? old | set : a0 == SIG_UNBLOCK ? old & ~set : set;
		p->sig_blocked = nb & ~UNBLOCKABLE;
	}
	spin_unlock_irqrestore(&sig_lock, f);
	if (p->sig_blocked != old)
		trace_mask(p);
	if (a2 && copy_to_user(a2, &old, 8))
		return -EFAULT;
	return 0;
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked (sigpending(2)). */
SYSCALL_DEFINE(rt_sigpending)
{
	if (a1 > 8)
		return -EINVAL;
	u64 set = pending_all(current) & current->sig_blocked;
	return copy_to_user(a0, &set, a1) ? -EFAULT : 0;
}

/* rt_sigsuspend(mask, sigsetsize): wait with mask until a signal is delivered; always -EINTR after the
 * handler (the old mask is restored by sigreturn or at delivery). */
SYSCALL_DEFINE(rt_sigsuspend)
{
	u64 mask;
	if (a1 != 8)
		return -EINVAL;
	if (copy_from_user(&mask, a0, 8))
		return -EFAULT;
	sigmask_set_temporary(mask);
	trace_mask(current);
	spinlock_t lk = SPINLOCK_INIT("sigsuspend");
	struct wait_queue wq;
	wait_queue_init(&wq);
	u64 f = spin_lock_irqsave(&lk);
	while (sleep_on(&wq, &lk, "sigsuspend", 0) != -ERESTARTSYS)
		;
	spin_unlock_irqrestore(&lk, f);
	return -ERESTARTNOHAND;
}

/* rt_sigreturn(): back from a handler: registers, FP state and mask from the frame at sp. A frame that is not
 * there or not sane kills the process with SIGSEGV, as Linux does. */
SYSCALL_DEFINE(rt_sigreturn)
{
	struct proc *p = current;
	struct trapframe *tf = p->tf;
	struct rt_sigframe *fr = kmalloc(sizeof *fr);
	if (!fr || (tf->sp & 15) || copy_from_user(fr, tf->sp, sizeof *fr)) {
		kfree(fr);
		force_signal(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	memcpy(tf->regs, fr->uc.uc_mcontext.regs, sizeof tf->regs);
	tf->sp = fr->uc.uc_mcontext.sp;
	tf->pc = fr->uc.uc_mcontext.pc;
	tf->pstate = fr->uc.uc_mcontext.pstate & (0xfUL << 28); /* flags only: EL0t, interrupts on */
	struct k_fpsimd_context *fp = (struct k_fpsimd_context *)fr->uc.uc_mcontext.reserved;
	if (fp->magic == FPSIMD_MAGIC && fp->size == sizeof *fp) {
		memcpy(p->fp.v, fp->vregs, sizeof fp->vregs);
		p->fp.fpsr = fp->fpsr;
		p->fp.fpcr = fp->fpcr;
		fpsimd_load(&p->fp);
	}
	u64 f = spin_lock_irqsave(&sig_lock);
	p->sig_blocked = fr->uc.uc_sigmask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&sig_lock, f);
	/* The alternate stack comes back from uc_stack too (Linux restore_altstack). */
	if (fr->uc.ss_flags & SS_DISABLE) {
		p->altstack_sp = p->altstack_size = 0;
		p->altstack_flags = SS_DISABLE;
	} else if (fr->uc.ss_size >= MINSIGSTKSZ) {
		p->altstack_sp = fr->uc.ss_sp;
		p->altstack_size = fr->uc.ss_size;
		p->altstack_flags = 0;
	}
	struct jw *w = trace_begin("sig.return", p->pid);
	if (w) {
		jw_sigset(w, "blocked", p->sig_blocked);
		trace_end(w);
	}
	kfree(fr);
	p->syscall_nr = -1;   /* not a restartable result */
	return (long)tf->regs[0]; /* the dispatcher stores this into x0: keep the interrupted x0 */
}

/* kill(pid, sig): pid > 0 that process; 0 the caller's process group; -1 every process but init and the
 * caller; < -1 process group -pid. sig 0 checks existence. -EINVAL for a bad sig, -ESRCH when nothing matched
 * (kill(2)). Everyone is root, so there is no EPERM yet. */
SYSCALL_DEFINE(kill)
{
	int pid = (int)a0, sig = (int)a1;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	struct proc *self = current;
	struct proc *targets[NPROC];
	int n = 0;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (p->state == P_ZOMBIE && pid <= 0)
			continue;
		bool match = pid > 0 ? p->pid == pid
			     : pid == 0 ? p->pgid == self->pgid
			     : pid == -1 ? (p != init_proc && p != self)
					 : p->pgid == -pid;
		if (match)
			targets[n++] = p;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	if (!n)
		return -ESRCH;
	for (int i = 0; i < n && sig; i++)
		if (targets[i]->state != P_ZOMBIE)
			send_signal(targets[i], sig, self->pid);
	return 0;
}

/* tgkill(tgid, tid, sig) / tkill(tid, sig): one thread; here a thread is a process. -EINVAL for tid <= 0 or a
 * bad sig, -ESRCH when there is no such thread. */
static long thread_kill(int tgid, int tid, int sig)
{
	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(tid);
	if (!p || p->state == P_ZOMBIE || (tgid > 0 && tgid != tid)) {
		spin_unlock_irqrestore(&proc_lock, f);
		return -ESRCH;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	struct ksiginfo info = { SI_TKILL, current->pid, 0, 0, 0 };
	return sig ? send_signal_info(p, sig, &info, true) : 0;
}

SYSCALL_DEFINE(tkill) { return thread_kill(-1, (int)a0, (int)a1); }
SYSCALL_DEFINE(tgkill)
{
	if ((int)a0 <= 0)
		return -EINVAL;
	return thread_kill((int)a0, (int)a1, (int)a2);
}

/* sigaltstack(ss, old_ss): -EPERM when changing it while on it, -EINVAL for bad flags, -ENOMEM when smaller than
 * MINSIGSTKSZ, -EFAULT for bad pointers. */
SYSCALL_DEFINE(sigaltstack)
{
	struct proc *p = current;
	struct {
		u64 sp;
		s32 flags, pad;
		u64 size;
	} ss, old = { p->altstack_sp, (s32)(p->altstack_size ? p->altstack_flags : SS_DISABLE), 0, p->altstack_size };
	u64 usp = p->tf->sp;
	bool on = p->altstack_size && usp >= p->altstack_sp && usp < p->altstack_sp + p->altstack_size;
	if (on)
		old.flags = SS_ONSTACK;
	if (a0) {
		if (copy_from_user(&ss, a0, sizeof ss))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (ss.flags != 0 && ss.flags != SS_DISABLE && ss.flags != SS_ONSTACK)
			return -EINVAL;
		if (ss.flags == SS_DISABLE) {
			p->altstack_sp = p->altstack_size = 0;
			p->altstack_flags = SS_DISABLE;
		} else {
			if (ss.size < MINSIGSTKSZ)
				return -ENOMEM;
			p->altstack_sp = ss.sp;
			p->altstack_size = ss.size;
			p->altstack_flags = 0;
		}
	}
	if (a1 && copy_to_user(a1, &old, sizeof old))
		return -EFAULT;
	return 0;
}

/* setpgid(pid, pgid): 0 means the caller / its own pid. -ESRCH when pid is not the caller or its child,
 * -EINVAL for pgid < 0, -EPERM when pgid is neither pid itself nor an existing process group. */
SYSCALL_DEFINE(setpgid)
{
	int pid = (int)a0 ? (int)a0 : current->pid, pgid = (int)a1;
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

SYSCALL_DEFINE(getpgid)
{
	int pid = (int)a0 ? (int)a0 : current->pid;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	int r = p ? p->pgid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, f);
	return r;
}

/* ---- ITIMER_REAL: alarm(3) is setitimer(ITIMER_REAL) in musl ---- */

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct k_itimerval {
	s64 interval_sec, interval_usec, value_sec, value_usec;
};

static void itimer_get(struct proc *p, struct k_itimerval *v)
{
	u64 now = time_ns();
	u64 left = p->itimer_deadline > now ? p->itimer_deadline - now : (p->itimer_deadline ? 1000 : 0);
	v->interval_sec = (s64)(p->itimer_interval / 1000000000UL);
	v->interval_usec = (s64)(p->itimer_interval % 1000000000UL / 1000);
	v->value_sec = (s64)(left / 1000000000UL);
	v->value_usec = (s64)((left % 1000000000UL + 999) / 1000);
	if (v->value_usec == 1000000) {
		v->value_sec++;
		v->value_usec = 0;
	}
}

/* setitimer(which, new, old): ITIMER_REAL only (-EINVAL for the others, which need CPU-time accounting);
 * -EINVAL for microseconds outside 0..999999, -EFAULT for bad pointers. */
SYSCALL_DEFINE(setitimer)
{
	if (a0 != ITIMER_REAL)
		return -EINVAL;
	struct proc *p = current;
	struct k_itimerval nv, ov;
	if (a1 && copy_from_user(&nv, a1, sizeof nv))
		return -EFAULT;
	if (a1 && (nv.value_usec < 0 || nv.value_usec > 999999 || nv.interval_usec < 0 ||
		   nv.interval_usec > 999999 || nv.value_sec < 0 || nv.interval_sec < 0))
		return -EINVAL;
	itimer_get(p, &ov);
	if (a1) {
		u64 value = (u64)nv.value_sec * 1000000000UL + (u64)nv.value_usec * 1000;
		p->itimer_interval = (u64)nv.interval_sec * 1000000000UL + (u64)nv.interval_usec * 1000;
		p->itimer_deadline = value ? time_ns() + value : 0;
		if (value)
			timer_set_deadline(p->itimer_deadline);
	}
	if (a2 && copy_to_user(a2, &ov, sizeof ov))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getitimer)
{
	if (a0 > ITIMER_PROF)
		return -EINVAL;
	struct k_itimerval v = { 0, 0, 0, 0 };
	if (a0 == ITIMER_REAL)
		itimer_get(current, &v);
	return copy_to_user(a1, &v, sizeof v) ? -EFAULT : 0;
}

/* itimer_expire: from the timer interrupt: SIGALRM to every process whose ITIMER_REAL is due (re-armed by its
 * interval). Returns the next deadline (ns), UINT64_MAX when none is armed. */
u64 itimer_expire(u64 now)
{
	u64 next = UINT64_MAX;
	struct proc *due[NPROC];
	int n = 0;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (!p->itimer_deadline || p->state == P_ZOMBIE)
			continue;
		if (p->itimer_deadline <= now) {
			due[n++] = p;
			p->itimer_deadline = p->itimer_interval ? now + p->itimer_interval : 0;
		}
		if (p->itimer_deadline && p->itimer_deadline < next)
			next = p->itimer_deadline;
	}
	spin_unlock_irqrestore(&proc_lock, f);
	for (int i = 0; i < n; i++)
		send_signal(due[i], SIGALRM, 0);
	return next;
}
