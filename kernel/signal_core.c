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
	int sig = info->si_signo;
	if (sig < SIGRTMIN && (pending->signal & sigmask(sig)))
		return 0; /* the first generation's siginfo is the one delivered */
	struct sigqueue *q = sigqueue_alloc(t, sig < SIGRTMIN && info->si_code >= 0);
	if (q) {
		q->info = *info;
		list_add_tail(&q->list, &pending->list);
	} else if (sig >= SIGRTMIN && info->si_code != SI_USER && info->si_code != SI_KERNEL) {
		return -EAGAIN;
	}
	pending->signal |= sigmask(sig);
	return 0;
}

void collect_signal(int sig, struct sigpending *pending, struct kernel_siginfo *info)
{
	struct sigqueue *first = NULL;
	bool more = false;
	struct list_head *pos;
	list_for_each(pos, &pending->list) {
		struct sigqueue *q = list_entry(pos, struct sigqueue, list);
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		pending->signal &= ~sigmask(sig);
	if (first) {
		*info = first->info;
		sigqueue_free(first);
	} else {
		*info = (struct kernel_siginfo){ .si_signo = sig, .si_code = SI_USER }; /* its sigqueue was not had */
	}
}

int dequeue_signal(struct proc *p, u64 allow, struct kernel_siginfo *info)
{
	struct sigpending *sets[2] = { &p->sig_pending_thread, &p->signal->shared_pending };
	for (int i = 0; i < 2; i++) {
		u64 ready = sets[i]->signal & allow;
		if (!ready)
			continue;
		int sig = (ready & sigmask(SIGKILL)) ? SIGKILL : __builtin_ctzl(ready) + 1;
		collect_signal(sig, sets[i], info);
		return sig;
	}
	return 0;
}

int next_signal(struct proc *p, struct kernel_siginfo *info)
{
	return dequeue_signal(p, ~p->sig_blocked | sigmask(SIGKILL), info);
}

void set_task_blocked(struct proc *p, u64 newset)
{
	p->sig_blocked = newset & ~UNBLOCKABLE;
}

u64 signal_delivered(struct proc *p, int sig, struct k_sigaction *ka)
{
	u64 oldmask = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
	p->sig_restore_mask = false;
	u64 blocked = p->sig_blocked | ka->mask;
	if (!(ka->flags & SA_NODEFER))
		blocked |= sigmask(sig);
	set_task_blocked(p, blocked);
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	return oldmask;
}
