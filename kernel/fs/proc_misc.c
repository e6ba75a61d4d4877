/* kernel/fs/proc_misc.c: what /proc shows of the whole system (Linux's fs/proc/meminfo.c, uptime.c, loadavg.c,
 * stat.c), in Linux 6.1's formats, so that free, top and uptime read them. Memory is counted in pages of the
 * page allocator; what ipclab does not have (swap, huge pages, page cache, per-CPU time accounting, load
 * averages) is shown as 0, as Linux shows it for a machine without it. */
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/vm.h"

size_t kmalloc_slab_pages(void);

/* show_kb: one meminfo line: the name padded to 16 columns, the value in kB in 8 (Linux's show_val_kb). */
static void show_kb(struct seq_buf *m, const char *name, u64 pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE >> 10));
}

/* user_pages: pages the processes' address spaces hold; *procs gets how many processes exist. */
static u64 user_pages(int *procs)
{
	u64 n = 0;
	*procs = 0;
	u64 fl = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		(*procs)++;
		if (p->mm)
			n += p->mm->pages;
	}
	spin_unlock_irqrestore(&proc_lock, fl);
	return n;
}

int proc_meminfo(struct seq_buf *m, struct proc *unused)
{
	int procs;
	u64 total = pages_total(), free = total - pages_in_use(), files = ramfs_pages(), anon = user_pages(&procs);
	u64 slab = kmalloc_slab_pages();
	show_kb(m, "MemTotal:", total);
	show_kb(m, "MemFree:", free);
	show_kb(m, "MemAvailable:", free);
	show_kb(m, "Buffers:", 0);
	show_kb(m, "Cached:", files); /* tmpfs pages count as page cache, as Linux counts them */
	static const char *const none1[] = { "SwapCached:", "Active:", "Inactive:", "Active(anon):", "Inactive(anon):",
		"Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:", "SwapTotal:", "SwapFree:", "Zswap:",
		"Zswapped:", "Dirty:", "Writeback:" };
	for (size_t i = 0; i < ARRAY_SIZE(none1); i++)
		show_kb(m, none1[i], 0);
	show_kb(m, "AnonPages:", anon);
	show_kb(m, "Mapped:", 0);
	show_kb(m, "Shmem:", files);
	show_kb(m, "KReclaimable:", 0);
	show_kb(m, "Slab:", slab);
	show_kb(m, "SReclaimable:", 0);
	show_kb(m, "SUnreclaim:", slab);
	show_kb(m, "KernelStack:", (u64)procs * KSTACK_PAGES);
	static const char *const none2[] = { "PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:",
		"WritebackTmp:" };
	for (size_t i = 0; i < ARRAY_SIZE(none2); i++)
		show_kb(m, none2[i], 0);
	show_kb(m, "CommitLimit:", total / 2); /* no swap, vm.overcommit_ratio 50 */
	show_kb(m, "Committed_AS:", anon);
	static const char *const none3[] = { "VmallocTotal:", "VmallocUsed:", "VmallocChunk:", "Percpu:" };
	for (size_t i = 0; i < ARRAY_SIZE(none3); i++)
		show_kb(m, none3[i], 0);
	seq_printf(m, "HardwareCorrupted: %5lu kB\n", 0UL);
	static const char *const none4[] = { "AnonHugePages:", "ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:",
		"FilePmdMapped:", "CmaTotal:", "CmaFree:" };
	for (size_t i = 0; i < ARRAY_SIZE(none4); i++)
		show_kb(m, none4[i], 0);
	seq_printf(m, "HugePages_Total:   %5lu\nHugePages_Free:    %5lu\nHugePages_Rsvd:    %5lu\nHugePages_Surp:    %5lu\n",
		   0UL, 0UL, 0UL, 0UL);
	seq_printf(m, "Hugepagesize:   %8lu kB\nHugetlb:        %8lu kB\n", 2048UL, 0UL);
	return 0;
}

/* proc_uptime: seconds since boot and seconds the CPU idled, to 1/100 s. Idle time is not accounted: 0.00. */
int proc_uptime(struct seq_buf *m, struct proc *unused)
{
	u64 cs = time_ns() / (NSEC_PER_SEC / 100);
	seq_printf(m, "%lu.%02lu %lu.%02lu\n", cs / 100, cs % 100, 0UL, 0UL);
	return 0;
}

/* count_procs: processes in all, and those running or ready to (Linux's nr_running). */
static void count_procs(int *all, int *running)
{
	*all = *running = 0;
	u64 fl = spin_lock_irqsave(&proc_lock);
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		(*all)++;
		if (p->state == P_RUNNING || p->state == P_RUNNABLE)
			(*running)++;
	}
	spin_unlock_irqrestore(&proc_lock, fl);
}

/* proc_loadavg: the 1, 5 and 15 minute load averages (not computed: 0.00), running/all processes, the last pid
 * given out. */
int proc_loadavg(struct seq_buf *m, struct proc *unused)
{
	int all, running;
	count_procs(&all, &running);
	seq_printf(m, "0.00 0.00 0.00 %d/%d %d\n", running, all, proc_last_pid());
	return 0;
}

/* proc_stat: CPU time by kind in USER_HZ ticks (not accounted: zeros), interrupts and context switches (not
 * counted: 0), the boot time, forks since boot, processes running and blocked (Linux's fs/proc/stat.c). */
int proc_stat(struct seq_buf *m, struct proc *unused)
{
	int all, running;
	count_procs(&all, &running);
	for (int cpu = -1; cpu < 1; cpu++) {
		if (cpu < 0)
			seq_printf(m, "cpu ");
		else
			seq_printf(m, "cpu%d", cpu);
		for (int i = 0; i < 10; i++)
			seq_printf(m, " 0");
		seq_printf(m, "\n");
	}
	s64 btime = ktime_get_real_seconds() - (s64)(time_ns() / NSEC_PER_SEC);
	seq_printf(m, "intr 0\nctxt 0\nbtime %ld\nprocesses %d\nprocs_running %d\nprocs_blocked 0\n", btime,
		   proc_last_pid(), running);
	seq_printf(m, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}
