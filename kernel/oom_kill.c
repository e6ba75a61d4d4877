/* kernel/oom_kill.c: out of memory (Linux's mm/oom_kill.c, much simplified). When a user page fault finds no
 * free page, the kernel does not fail the access with SIGSEGV: it picks the process using the most memory, kills it
 * with SIGKILL and says so in the kernel log, and the faulting access is tried again once the victim's pages are
 * free. init is chosen only when nothing else can be. */
#include "kernel/mm.h"
#include "kernel/oom_kill.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/vm.h"

/* oom_dying: p is on its way out (a SIGKILL pending, or its process exiting): what it holds will be free soon. */
static bool oom_dying(const struct proc *p)
{
	return p->signal->group_exit || ((p->sig_pending_thread.signal | p->signal->shared_pending.signal) & sigmask(SIGKILL));
}

/* oom_badness: how much killing p would free, in pages (Linux: its RSS, page tables and swap); 0 for a process
 * that cannot be chosen (init, one already dying, one with no memory of its own). proc_lock held. */
static size_t oom_badness(const struct proc *p)
{
	if (p == init_proc || !p->mm || !p->signal->nr_threads || oom_dying(p))
		return 0;
	return p->mm->pages;
}

void out_of_memory(void)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *victim = NULL;
	size_t most = 0;
	bool dying = false; /* a victim chosen before is still on its way out: wait for it */
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (p->signal->nr_threads && oom_dying(p) && p->mm && p->mm->pages)
			dying = true;
		size_t pages = oom_badness(p);
		if (pages > most) {
			most = pages;
			victim = p;
		}
	}
	if (dying) {
		spin_unlock_irqrestore(&proc_lock, f);
		yield();
		return;
	}
	if (!victim)
		victim = current->group_leader; /* nothing else to free: the faulting process itself */
	const struct mm *mm = victim->mm;
	u64 total_kb = 0;
	for (const struct vma *v = mm ? mm->vmas : NULL; v; v = v->next)
		total_kb += (v->end - v->start) / 1024;
	printk("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB\n", victim->tgid, victim->name,
	       total_kb, mm ? mm->pages * (PAGE_SIZE / 1024) : 0UL);
	spin_unlock_irqrestore(&proc_lock, f);
	send_signal(victim, SIGKILL, 0);
	if (victim->signal != current->signal)
		yield(); /* let the victim run to its end and free its pages */
}
