/* kernel/proc.c: the process table: allocation, pids, lookup, names. */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/trace_events.h"

/* The table holds pointers; a slot's struct proc (some 8 KiB) is allocated the first time the slot is used and
 * kept for reuse, so a pointer to a process stays valid memory after it is freed (as with a static array). The
 * array of pointers starts with PROC_TABLE_MIN slots and doubles when they are all taken, up to max_threads();
 * an outgrown array is kept too (a walk that began on it may still read it), so it costs at most twice the last
 * one. */
#define PROC_PAGES ((sizeof(struct proc) + PAGE_SIZE - 1) / PAGE_SIZE)
#define PROC_TABLE_MIN 64
#define THREAD_SIZE_LINUX 16384 /* arm64's THREAD_SIZE, in Linux's formula for max_threads */
static struct proc **proc_table;
static int proc_slots;    /* entries in proc_table */
static size_t slot_pages; /* pages of slots and of the arrays, never freed */
static struct proc idle0;
struct proc *cpu_current[1] = { &idle0 };
struct proc *idle_proc = &idle0;
struct proc *init_proc;
spinlock_t proc_lock = SPINLOCK_INIT("proc");
static int next_pid = 1;

void sched_init(void)
{
	idle0.pid = 0;
	idle0.state = P_RUNNING;
	strlcpy(idle0.name, "idle", sizeof idle0.name);
	list_init(&idle0.run_link);
	list_init(&idle0.children);
	list_init(&idle0.sibling);
}

int max_threads(void)
{
	static int max;
	if (!max)
		max = (int)MAX(pages_total() * PAGE_SIZE / (8 * THREAD_SIZE_LINUX), 20);
	return max;
}

/* proc_table_grow: twice the slots (PROC_TABLE_MIN at first), at most max_threads(). false when full or out of
 * memory. proc_lock held. */
static bool proc_table_grow(void)
{
	int n = proc_slots ? MIN(2 * proc_slots, max_threads()) : PROC_TABLE_MIN;
	if (n <= proc_slots)
		return false;
	size_t pages = (n * sizeof(struct proc *) + PAGE_SIZE - 1) / PAGE_SIZE;
	struct proc **t = page_alloc_contig(pages);
	if (!t)
		return false;
	memset(t, 0, pages * PAGE_SIZE);
	for (int i = 0; i < proc_slots; i++)
		t[i] = proc_table[i];
	slot_pages += pages;
	proc_table = t;
	proc_slots = n;
	return true;
}

struct proc *proc_alloc(void)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = NULL;
	int i;
	for (i = 0; i < proc_slots; i++) {
		if (!proc_table[i] || (proc_table[i]->state == P_UNUSED && !proc_table[i]->kstack))
			break;
	}
	if (i == proc_slots && (procs_live() >= max_threads() || !proc_table_grow())) {
		spin_unlock_irqrestore(&proc_lock, f);
		return NULL;
	}
	if (!proc_table[i]) {
		proc_table[i] = page_alloc_contig(PROC_PAGES);
		if (!proc_table[i]) {
			spin_unlock_irqrestore(&proc_lock, f);
			return NULL;
		}
		slot_pages += PROC_PAGES;
	}
	p = proc_table[i];
	void *kstack = page_alloc_contig(KSTACK_PAGES);
	if (!kstack) {
		spin_unlock_irqrestore(&proc_lock, f);
		return NULL;
	}
	memset(p, 0, sizeof *p);
	p->slot = i;
	p->kstack = kstack;
	p->pid = p->tgid = next_pid++;
	p->group_leader = p;
	p->exit_signal = SIGCHLD;
	list_init(&p->thread_node);
	p->state = P_RUNNABLE; /* reserved; not on the run queue until sched_add */
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->run_link);
	list_init(&p->timer_link);
	signal_init(p);
	wait_queue_init(&p->child_wait, &wchan_wait4, NULL);
	p->syscall_nr = -1;
	p->start_time = time_ns();
	p->tf = (struct trapframe *)((char *)kstack + KSTACK_PAGES * PAGE_SIZE) - 1;
	p->ctx.sp = (u64)p->tf;
	p->ctx.lr = (u64)ret_from_fork;
	p->fp.fpcr = 0;
	spin_unlock_irqrestore(&proc_lock, f);
	return p;
}

void proc_free(struct proc *p)
{
	signal_release(p);
	exit_fs(p);
	kfree(p->fd_held);
	put_group_info(p->cred.group_info);
	p->cred.group_info = NULL;
	page_free_contig(p->kstack, KSTACK_PAGES);
	p->kstack = NULL;
	p->state = P_UNUSED;
	p->pid = 0;
}

/* listed: slot i holds a process that exists and is not being reaped automatically. */
static bool listed(int i)
{
	return proc_table[i] && proc_table[i]->state != P_UNUSED && !proc_table[i]->autoreap;
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < proc_slots; i++)
		if (listed(i) && proc_table[i]->pid == pid)
			return proc_table[i];
	return NULL;
}

struct proc *proc_next(struct proc *p)
{
	for (int i = p ? p->slot + 1 : 0; i < proc_slots; i++)
		if (listed(i) && thread_group_leader(proc_table[i]))
			return proc_table[i];
	return NULL;
}

int proc_last_pid(void) { return next_pid - 1; }

int procs_live(void)
{
	int n = 0;
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->state != P_UNUSED)
			n++;
	return n;
}

size_t proc_slot_pages(void) { return slot_pages; }

int procs_of_user(u32 uid)
{
	int n = 0;
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->state != P_UNUSED && proc_table[i]->cred.uid == uid)
			n++;
	return n;
}

void proc_set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	strlcpy(p->name, base ? base + 1 : path, sizeof p->name);
}
