/* kernel/sched.c: round-robin scheduling, wait queues and timed sleeps.
 * The run queue is FIFO. A process that blocks is moved from the run queue to a wait queue by sleep_on and back by
 * wake_up; the timer tick sets need_resched so the running process yields at its next return to EL0.
 * The kernel itself is not preemptible: code runs with IRQs masked until it sleeps or returns to EL0. */
#include "kernel/errno.h"
#include "kernel/itimer.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/vm.h"
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/platform.h"

spinlock_t sched_lock = SPINLOCK_INIT("sched");
bool need_resched;
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static struct list_head timed_sleepers = LIST_HEAD_INIT(timed_sleepers); /* sorted by deadline */
static struct proc *fp_owner; /* whose FP/SIMD state is in the registers */

/* finish_switch: run by the thread that resumes, for the one that switched away (from): a process reaped at
 * exit (its parent ignores SIGCHLD) is freed now that its kernel stack is no longer in use. sched_lock held. */
static void finish_switch(struct context *from)
{
	struct proc *p = container_of(from, struct proc, ctx);
	if (p->state == P_ZOMBIE && p->autoreap) {
		p->autoreap = false;
		proc_free(p);
	}
}

/* switch_to: pick the next process and switch to it. Caller holds sched_lock; prev's state is already set
 * (RUNNABLE and queued, SLEEPING, or ZOMBIE). */
static void switch_to_next(void)
{
	struct proc *prev = current, *next;
	if (!list_empty(&run_queue)) {
		next = list_first_entry(&run_queue, struct proc, run_link);
		list_del(&next->run_link);
	} else {
		next = idle_proc;
	}
	need_resched = false;
	if (next == prev) {
		prev->state = P_RUNNING;
		return;
	}
	if (prev != idle_proc || next != idle_proc)
		trace_sched_switch(prev, next);
	next->state = P_RUNNING;
	u64 now = time_cycles();
	if (prev != idle_proc) {
		prev->runtime += now - prev->acct_ts;
		if (prev->state == P_SLEEPING)
			prev->nvcsw++;
		else if (prev->state == P_RUNNABLE)
			prev->nivcsw++;
	}
	next->acct_ts = now;
	if (prev != idle_proc)
		prev->tpidr_el0 = read_sysreg(tpidr_el0);
	if (next != idle_proc) {
		if (read_sysreg(tpidr_el0) != next->tpidr_el0) /* a write ends QEMU's translated block: skip an equal one */
			write_sysreg(tpidr_el0, next->tpidr_el0);
		if (fp_owner != next) {
			if (fp_owner && fp_owner->state != P_ZOMBIE)
				fpsimd_save(&fp_owner->fp);
			fpsimd_load(&next->fp);
			fp_owner = next;
		}
		vm_switch(next->mm);
	}
	if (prev->state == P_ZOMBIE && fp_owner == prev)
		fp_owner = NULL;
	current = next;
	finish_switch(cpu_switch(&prev->ctx, &next->ctx));
}

void account_tick(bool user)
{
	struct proc *p = current;
	if (p == idle_proc)
		return;
	if (user)
		p->utime_ticks++;
	else
		p->stime_ticks++;
	itimer_account_tick(p, user, NSEC_PER_SEC / HZ);
}

/* cputime_split: rtime (exact) split as the ticks say (Linux cputime_adjust: all of it to one side when the other
 * has no tick). */
static void cputime_split(u64 rtime, u64 uticks, u64 sticks, u64 *u, u64 *s)
{
	if (!sticks) {
		*u = rtime;
		*s = 0;
	} else if (!uticks) {
		*u = 0;
		*s = rtime;
	} else {
		*s = (u64)((unsigned __int128)rtime * sticks / (uticks + sticks));
		*u = rtime - *s;
	}
}

void task_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns)
{
	u64 run = p->runtime;
	if (p == current)
		run += time_cycles() - p->acct_ts; /* running now */
	cputime_split(cycles_to_ns(run), p->utime_ticks, p->stime_ticks, utime_ns, stime_ns);
}

void thread_group_usage(const struct proc *p, struct group_usage *g)
{
	const struct signal_struct *sig = p->signal;
	u64 f = spin_lock_irqsave(&sig_lock);
	*g = (struct group_usage){ .runtime = sig->runtime, .utime_ticks = sig->utime_ticks,
				   .stime_ticks = sig->stime_ticks, .min_flt = sig->min_flt, .maxrss = sig->maxrss,
				   .nvcsw = sig->nvcsw, .nivcsw = sig->nivcsw };
	struct list_head *pos;
	list_for_each(pos, &sig->thread_head) {
		const struct proc *t = list_entry(pos, struct proc, thread_node);
		g->runtime += t->runtime;
		if (t == current)
			g->runtime += time_cycles() - t->acct_ts; /* running now */
		g->utime_ticks += t->utime_ticks;
		g->stime_ticks += t->stime_ticks;
		g->min_flt += t->min_flt;
		g->maxrss = MAX(g->maxrss, t->maxrss);
		g->nvcsw += t->nvcsw;
		g->nivcsw += t->nivcsw;
	}
	spin_unlock_irqrestore(&sig_lock, f);
	cputime_split(cycles_to_ns(g->runtime), g->utime_ticks, g->stime_ticks, &g->utime_ns, &g->stime_ns);
}

void thread_group_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns)
{
	struct group_usage g;
	thread_group_usage(p, &g);
	*utime_ns = g.utime_ns;
	*stime_ns = g.stime_ns;
}

void child_cputime_ns(const struct proc *p, u64 *utime_ns, u64 *stime_ns)
{
	cputime_split(cycles_to_ns(p->signal->cruntime), p->signal->cutime_ticks, p->signal->cstime_ticks, utime_ns, stime_ns);
}

void yield(void)
{
	u64 f = spin_lock_irqsave(&sched_lock);
	if (current != idle_proc) {
		current->state = P_RUNNABLE;
		list_add_tail(&current->run_link, &run_queue);
	}
	switch_to_next();
	spin_unlock_irqrestore(&sched_lock, f);
}

void sched_add(struct proc *p)
{
	u64 f = spin_lock_irqsave(&sched_lock);
	p->state = P_RUNNABLE;
	list_add_tail(&p->run_link, &run_queue);
	spin_unlock_irqrestore(&sched_lock, f);
}

void schedule_tail(struct context *from)
{
	finish_switch(from);
	/* A new process starts here holding sched_lock (taken by whoever switched to it). */
	spin_unlock_irqrestore(&sched_lock, DAIF_MASKED);
}

void sched_tick(void)
{
	account_tick(irq_from_user);
	if (current != idle_proc && !list_empty(&run_queue))
		need_resched = true;
}

/* __sleep_on: the sleep of sleep_on, sleep_on_timeout and sleep_on_uninterruptible (interruptible false: a
 * stopped process's wait, which only send_signal of SIGCONT or SIGKILL ends, by wake_up_process). */
static int __sleep_on(struct wait_queue *wq, spinlock_t *lk, u64 deadline_ns, bool interruptible)
{
	struct proc *p = current;
	u64 f = spin_lock_irqsave(&sched_lock);
	if (interruptible && signal_pending(p)) {
		spin_unlock_irqrestore(&sched_lock, f);
		return -ERESTARTSYS;
	}
	p->wchan = wq->chan;
	p->wchan_id = wq->chan && wq->chan->id ? wq->chan->id(wq->obj) : 0;
	if (trace_enabled && wq->chan && wq->chan->block)
		wq->chan->block(wq); /* the object is still locked: its state is the one the sleeper saw */
	if (lk)
		spin_unlock_irqrestore(lk, DAIF_MASKED);
	p->state = P_SLEEPING;
	p->sleeping_on = wq;
	p->interruptible = interruptible;
	p->timed_out = false;
	list_add_tail(&p->run_link, &wq->head);
	p->deadline = deadline_ns;
	if (deadline_ns) {
		struct list_head *pos;
		list_for_each(pos, &timed_sleepers) {
			if (list_entry(pos, struct proc, timer_link)->deadline > deadline_ns)
				break;
		}
		__list_add(&p->timer_link, pos->prev, pos);
		timer_set_deadline(deadline_ns);
	}
	switch_to_next();
	bool timed_out = p->timed_out;
	p->wchan = NULL;
	bool sig = interruptible && signal_pending(p);
	spin_unlock_irqrestore(&sched_lock, f);
	if (lk)
		spin_lock_irqsave(lk);
	return sig ? -ERESTARTSYS : timed_out ? -ETIMEDOUT : 0;
}

int sleep_on(struct wait_queue *wq, spinlock_t *lk)
{
	return __sleep_on(wq, lk, 0, true);
}

int sleep_on_timeout(struct wait_queue *wq, spinlock_t *lk, u64 deadline_ns)
{
	return __sleep_on(wq, lk, deadline_ns, true);
}

int sleep_on_uninterruptible(struct wait_queue *wq, spinlock_t *lk)
{
	return __sleep_on(wq, lk, 0, false);
}

int schedule_timeout(u64 deadline_ns, const struct wait_chan *chan)
{
	struct wait_queue wq; /* nobody else knows it: only the deadline or a signal ends the sleep */
	wait_queue_init(&wq, chan, NULL);
	while (!deadline_ns || time_ns() < deadline_ns)
		if (sleep_on_timeout(&wq, NULL, deadline_ns) == -ERESTARTSYS)
			return -ERESTARTSYS;
	return 0;
}

/* wake_one: sleeping p becomes runnable. Caller holds sched_lock. */
static void wake_one(struct proc *p)
{
	list_del(&p->run_link);
	if (p->deadline) {
		list_del(&p->timer_link);
		p->deadline = 0;
	}
	p->sleeping_on = NULL;
	p->state = P_RUNNABLE;
	list_add_tail(&p->run_link, &run_queue);
}

/* __wake_up: wake_up, with the result a completion hands over for the trace's wake event. */
static void __wake_up(struct wait_queue *wq, long result)
{
	int pids[WAKE_TRACE_MAX], n = 0;
	u64 f = spin_lock_irqsave(&sched_lock);
	while (!list_empty(&wq->head)) {
		struct proc *p = list_first_entry(&wq->head, struct proc, run_link);
		if (n < WAKE_TRACE_MAX)
			pids[n] = p->pid;
		n++;
		wake_one(p);
	}
	struct list_head *pos;
	list_for_each(pos, &wq->pollers) {
		struct poll_table *pt = list_entry(pos, struct poll_entry, link)->pt;
		pt->triggered = true;
		if (pt->proc->state == P_SLEEPING && pt->proc->sleeping_on == &pt->wq) {
			if (n < WAKE_TRACE_MAX)
				pids[n] = pt->proc->pid;
			n++;
			wake_one(pt->proc);
		}
	}
	spin_unlock_irqrestore(&sched_lock, f);
	if (n && trace_enabled && wq->chan && wq->chan->wake)
		wq->chan->wake(wq, pids, n, result);
}

void wake_up(struct wait_queue *wq)
{
	__wake_up(wq, 0);
}

void complete(struct completion *c, long result)
{
	c->done = true;
	c->result = result;
	__wake_up(&c->wait, result);
}

long wait_for_completion(struct completion *c, spinlock_t *lk, u64 deadline_ns)
{
	while (!c->done) {
		int r = sleep_on_timeout(&c->wait, lk, deadline_ns);
		if (r && !c->done)
			return r;
	}
	return c->result;
}

/* put_str / put_int: append to buf at *at, keeping room for the NUL (wchan_format runs at every switch to a
 * sleeper when tracing: no printf machinery on that path). */
static void put_str(char *buf, size_t len, size_t *at, const char *s)
{
	while (*s && *at + 1 < len)
		buf[(*at)++] = *s++;
}

static void put_int(char *buf, size_t len, size_t *at, int v)
{
	char d[12];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) && n < 11);
	if (v < 0 && *at + 1 < len)
		buf[(*at)++] = '-';
	while (n && *at + 1 < len)
		buf[(*at)++] = d[--n];
}

void wchan_format(const struct proc *p, char *buf, size_t len)
{
	const struct wait_chan *c = p->state == P_SLEEPING ? p->wchan : NULL;
	size_t at = 0;
	if (!len)
		return;
	if (c) {
		put_str(buf, len, &at, c->name);
		if (c->id) {
			put_str(buf, len, &at, " ");
			put_int(buf, len, &at, p->wchan_id);
		}
		if (c->op) {
			put_str(buf, len, &at, " ");
			put_str(buf, len, &at, c->op);
		}
	}
	buf[at] = 0;
}

void wake_up_process(struct proc *p, bool only_interruptible)
{
	if (p->state == P_SLEEPING && (p->interruptible || !only_interruptible))
		wake_one(p);
}

u64 sleep_next_deadline(void)
{
	if (list_empty(&timed_sleepers))
		return UINT64_MAX;
	return list_first_entry(&timed_sleepers, struct proc, timer_link)->deadline;
}

void sleep_expire(u64 now)
{
	u64 f = spin_lock_irqsave(&sched_lock);
	while (!list_empty(&timed_sleepers)) {
		struct proc *p = list_first_entry(&timed_sleepers, struct proc, timer_link);
		if (p->deadline > now)
			break;
		p->timed_out = true;
		wake_one(p);
	}
	if (current == idle_proc && !list_empty(&run_queue))
		need_resched = true;
	spin_unlock_irqrestore(&sched_lock, f);
}

void sched_exit(spinlock_t *held, u64 flags)
{
	spin_lock_irqsave(&sched_lock);
	current->state = P_ZOMBIE;
	spin_unlock_irqrestore(held, DAIF_MASKED);
	switch_to_next();
	panic("zombie %d ran again", current->pid);
}

void idle_loop(void)
{
	for (;;) {
		u64 f = spin_lock_irqsave(&sched_lock);
		if (!list_empty(&run_queue)) {
			switch_to_next();
			spin_unlock_irqrestore(&sched_lock, f);
			continue;
		}
		spin_unlock_irqrestore(&sched_lock, f);
		trace_tick();
		klog_start(); /* nothing to run: a moment for the deferred log set-up (once) */
		/* WFI wakes on a pending interrupt even while IRQs are masked; then unmask to take it. */
		__asm__ volatile("wfi; msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
	}
}

/* Poll tables: entries come in page-sized chunks (a ppoll watches up to two queues per descriptor). */
#define POLL_CHUNK_ENTRIES ((PAGE_SIZE - 16) / sizeof(struct poll_entry))
struct poll_chunk {
	struct poll_chunk *next;
	u64 used;
	struct poll_entry e[POLL_CHUNK_ENTRIES];
};

void poll_table_init(struct poll_table *pt)
{
	pt->proc = current;
	pt->triggered = false;
	pt->error = 0;
	wait_queue_init(&pt->wq, &wchan_poll, NULL);
	pt->chunks = NULL;
}

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (!pt)
		return;
	struct poll_chunk *c = pt->chunks;
	if (!c || c->used == POLL_CHUNK_ENTRIES) {
		c = kmalloc(sizeof *c);
		if (!c) {
			pt->error = -ENOMEM;
			return;
		}
		c->next = pt->chunks;
		pt->chunks = c;
	}
	struct poll_entry *e = &c->e[c->used++];
	e->wq = wq;
	e->pt = pt;
	u64 f = spin_lock_irqsave(&sched_lock);
	list_add_tail(&e->link, &wq->pollers);
	spin_unlock_irqrestore(&sched_lock, f);
}

int poll_sleep(struct poll_table *pt, u64 deadline_ns)
{
	int r = pt->triggered ? 0 : sleep_on_timeout(&pt->wq, NULL, deadline_ns);
	pt->triggered = false;
	return r;
}

void poll_table_release(struct poll_table *pt)
{
	u64 f = spin_lock_irqsave(&sched_lock);
	for (struct poll_chunk *c = pt->chunks; c; c = c->next)
		for (u64 i = 0; i < c->used; i++)
			list_del(&c->e[i].link);
	spin_unlock_irqrestore(&sched_lock, f);
	while (pt->chunks) {
		struct poll_chunk *c = pt->chunks;
		pt->chunks = c->next;
		kfree(c);
	}
}
