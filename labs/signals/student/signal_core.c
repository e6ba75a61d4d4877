/* signals lab skeleton of kernel/signal_core.c (reference blob 8f0bead168a2ee90d26a706dd837b15ff438b2b4), made by
 * scripts/lab-skeleton: the bodies of sigqueue_add, collect_signal, dequeue_signal, next_signal, set_task_blocked,
 * signal_delivered are TODO blocks for you to write; everything else is the reference kernel's. Check it on the
 * host first with `make test-core LAB=signals IMPL=student` (under a second), then build and grade it with `make
 * grade LAB=signals IMPL=student`. */
/* kernel/signal_core.c: the pending set and the blocked mask, after Linux's kernel/signal.c (the queueing of
 * __send_signal_locked, collect_signal, __dequeue_signal, __set_task_blocked, signal_delivered): a generated
 * signal goes into a pending set, delivery takes the next one that is not blocked, and a handler runs with more
 * of them blocked. Everything around it (choosing and waking a thread, the default actions, the frame on the user
 * stack, the system calls) is in kernel/signal.c and arch/aarch64/signal.c.
 *
 * Signal N is bit N-1 of a set (sigmask(N)). Every function here is called with sig_lock held, and uses nothing
 * of the kernel but lists and sigqueue_alloc/sigqueue_free, so it also builds on the host, where
 * tests/unit/test_signal_core.c checks it (and a student's version of it). */
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/signal.h"

int sigqueue_add(struct proc *t, struct sigpending *pending, const struct kernel_siginfo *info)
{
	/* TODO(signals lab): generation: info->si_signo was generated for t; make it pending in `pending` (t's own
	 * set or its process's: the caller chose) with its siginfo.
	 *
	 * What it must guarantee (signal(7) "Queueing and delivery semantics"; Linux's __send_signal_locked; the
	 * handout's "The pending set"):
	 *  - Afterwards the signal's bit (sigmask(sig)) is set in pending->signal, and its siginfo waits in
	 *    pending->list (a struct sigqueue from sigqueue_alloc, kernel/signal.h) behind the ones generated before.
	 *  - A standard signal (below SIGRTMIN) is pending at most once: generated again while pending, nothing
	 *    changes and the first siginfo is the one delivered. A real-time signal queues every instance.
	 *  - Generation does not look at the blocked mask: a blocked signal stays pending until it is unblocked (it
	 *    is how a signal generated while its handler runs is delivered after it).
	 *  - RLIMIT_SIGPENDING (sigqueue_alloc(t, override_rlimit) returns NULL past it): a standard signal from
	 *    kill() or the kernel (si_code >= 0) is never refused (override it); when no sigqueue is had, a
	 *    real-time signal from sigqueue() or tkill() (si_code < 0 but SI_USER, SI_KERNEL) fails with -EAGAIN and
	 *    is not pending; any other signal is pending all the same, without its siginfo.
	 * Returns 0 or -EAGAIN. The caller holds sig_lock, then wakes a thread that can take the signal. */
	return 0;
}

void collect_signal(int sig, struct sigpending *pending, struct kernel_siginfo *info)
{
	/* TODO(signals lab): delivery (or sigwaitinfo) takes signal sig, which is pending in `pending`: give its
	 * oldest siginfo in *info and take it off.
	 *
	 * What it must guarantee (signal(7); Linux's collect_signal; the handout's "The pending set"):
	 *  - The oldest instance of sig in pending->list is copied into *info, leaves the list and is freed
	 *    (sigqueue_free, kernel/signal.h); instances of other signals stay, in order.
	 *  - sig's bit in pending->signal is cleared when no instance of it is left, and only then: while another
	 *    instance of a real-time signal is queued, it is still pending. A bit left set means the same signal is
	 *    delivered again at every return to user mode.
	 *  - sig can be pending without any instance (its sigqueue could not be allocated at generation): *info is
	 *    then si_signo sig, si_code SI_USER and nothing else, and the bit is cleared.
	 * The caller holds sig_lock. */
}

int dequeue_signal(struct proc *p, u64 allow, struct kernel_siginfo *info)
{
	/* TODO(signals lab): take one pending signal of p among those of `allow` (a set: bit N-1 for signal N) and
	 * return its number, with its siginfo in *info; return 0 when none of them is pending.
	 *
	 * What it must guarantee (Linux's dequeue_signal and next_signal; the handout's "Which signal goes next"):
	 *  - p has two pending sets: its own, p->sig_pending_thread (tkill, faults), and its process's,
	 *    p->signal->shared_pending (kill, sigqueue), which any thread may take. p's own set goes first.
	 *  - Within a set: SIGKILL first if it is pending and allowed, else the lowest-numbered pending allowed
	 *    signal (POSIX leaves the order open; Linux takes the lowest, and the `pending` scenario expects it).
	 *  - The signal taken leaves its set as collect_signal above says; nothing else changes.
	 * The caller holds sig_lock. rt_sigtimedwait uses it too, with allow = the set it waits for. */
	return 0;
}

int next_signal(struct proc *p, struct kernel_siginfo *info)
{
	/* TODO(signals lab): on the way back to user mode, the signal to deliver next to p, taken off with its
	 * siginfo in *info (dequeue_signal above); 0 when none can be delivered now.
	 *
	 * What it must guarantee (sigprocmask(2), signal(7); the handout's "Which signal goes next"):
	 *  - A signal p blocks (p->sig_blocked) is not delivered: it stays pending, and is delivered once a
	 *    sigprocmask, a sigreturn or the end of a sigsuspend unblocks it.
	 *  - SIGKILL is delivered whatever the mask says.
	 * The caller holds sig_lock. */
	return 0;
}

void set_task_blocked(struct proc *p, u64 newset)
{
	/* TODO(signals lab): p's blocked mask becomes newset (sigprocmask, sigreturn, sigsuspend, a handler's
	 * start all set it through here).
	 *
	 * What it must guarantee (sigprocmask(2): "It is not possible to block SIGKILL or SIGSTOP. Attempts to do
	 * so are silently ignored."; Linux's set_current_blocked): afterwards p->sig_blocked is newset without
	 * SIGKILL and SIGSTOP, whatever newset holds. The caller holds sig_lock. */
}

u64 signal_delivered(struct proc *p, int sig, struct k_sigaction *ka)
{
	/* TODO(signals lab): sig is being delivered to p, and its action ka is a handler, about to run on a frame
	 * the kernel builds on p's user stack (setup_rt_frame). Set p's mask for the handler, and return the mask
	 * the frame must keep for rt_sigreturn to put back when the handler returns.
	 *
	 * What it must guarantee (sigaction(2), sigsuspend(2); Linux's signal_delivered and get_signal; the
	 * handout's "Running a handler"):
	 *  - While the handler runs, p blocks what it blocked before, plus ka->mask, plus sig itself unless
	 *    ka->flags has SA_NODEFER (so a second sig generated meanwhile waits, pending, for the handler's end
	 *    instead of interrupting it); never SIGKILL or SIGSTOP (set_task_blocked).
	 *  - The mask returned is the one to go back to: p's mask before this delivery; but when the handler
	 *    interrupts rt_sigsuspend or ppoll, which run with a temporary mask (p->sig_restore_mask is then true),
	 *    it is the mask saved before that call, p->sig_saved_mask, and sig_restore_mask is done with (false).
	 *  - SA_RESETHAND in ka->flags: the action goes back to SIG_DFL now, for the next time.
	 * The caller holds sig_lock. */
	return 0;
}
