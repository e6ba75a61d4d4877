/* kernel/fs/proc_array.c: what /proc/PID shows of a process (Linux's fs/proc/array.c and base.c): stat (one
 * line of 52 fields, proc(5)), status (named lines), cmdline (its arguments, each ending in a NUL) and comm,
 * in Linux 6.1's formats, so that ps and top read them. What ipclab does not keep is shown as Linux shows it
 * for a process that has none of it: fault counts 0, one thread. Called with proc_lock held, p alive or a
 * zombie. */
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define USER_HZ 100 /* clock ticks per second of the times in stat (sysconf(_SC_CLK_TCK)) */
#define SIGCHLD_NR 17
#define SIG_IGN 1
#define CAP_FULL 0x1ffffffffffUL /* the 41 capabilities of Linux 6.1 (CAP_LAST_CAP 40) */

/* state_name: Linux's task_state_array entry for p: "R (running)", "S (sleeping)", "D (disk sleep)",
 * "T (stopped)", "Z (zombie)". */
static const char *state_name(const struct proc *p)
{
	if (p->state == P_ZOMBIE)
		return "Z (zombie)";
	if (p->signal->stopped)
		return "T (stopped)";
	if (p->state == P_SLEEPING)
		return p->interruptible ? "S (sleeping)" : "D (disk sleep)";
	return "R (running)";
}

/* struct mm_stats: p's address space summed by kind of mapping, bytes. */
struct mm_stats {
	u64 size, data, stack, exec, start_code, end_code, start_data, end_data;
};

static void mm_stats(const struct mm *mm, struct mm_stats *s)
{
	memset(s, 0, sizeof *s);
	for (const struct vma *v = mm ? mm->vmas : NULL; v; v = v->next) {
		u64 len = v->end - v->start;
		s->size += len;
		if (v->kind == VMA_STACK)
			s->stack += len;
		else if (v->kind == VMA_ELF && (v->prot & VM_EXEC)) {
			s->exec += len;
			s->start_code = s->start_code ? MIN(s->start_code, v->start) : v->start;
			s->end_code = MAX(s->end_code, v->end);
		} else if (v->prot & VM_WRITE && v->kind != VMA_SHM) {
			s->data += len;
			if (v->kind == VMA_ELF) {
				s->start_data = s->start_data ? MIN(s->start_data, v->start) : v->start;
				s->end_data = MAX(s->end_data, v->end);
			}
		}
	}
}

/* sig_sets: the signals p ignores and catches, as bitmaps (bit N-1 for signal N). */
static void sig_sets(const struct proc *p, u64 *ignored, u64 *caught)
{
	*ignored = *caught = 0;
	for (int i = 0; i < _NSIG; i++) {
		if (p->sighand->action[i].handler == SIG_IGN)
			*ignored |= 1UL << i;
		else if (p->sighand->action[i].handler > SIG_IGN)
			*caught |= 1UL << i;
	}
}

/* ticks: ns in clock ticks (USER_HZ), the unit of stat's times. */
static u64 ticks(u64 ns) { return ns / (NSEC_PER_SEC / USER_HZ); }

int proc_pid_stat(struct seq_buf *m, struct proc *p)
{
	struct mm_stats s;
	const struct mm *mm = p->mm;
	mm_stats(mm, &s);
	u64 ignored, caught;
	sig_sets(p, &ignored, &caught);
	int ppid = p->group_leader->parent ? p->group_leader->parent->tgid : 0;
	u64 utime, stime, cutime, cstime;
	thread_group_cputime_ns(p, &utime, &stime);
	child_cputime_ns(p, &cutime, &cstime);
	/* The controlling terminal as its device number (ttyAMA<n> is 204:64+n) and its foreground group. */
	const struct tty *tty = p->signal->tty;
	int tty_nr = tty ? (int)(TTY_RDEV_TTYAMA0 + (u32)tty->index) : 0, tpgid = tty ? tty->pgrp : -1;
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %ld %ld %ld %ld %d 0 %lu %lu %ld %lu %lu %lu %lu",
		   p->tgid, p->name, state_name(p)[0], ppid, p->signal->pgid, p->signal->sid, tty_nr, tpgid, 0u /* flags */, 0UL, 0UL,
		   0UL, 0UL /* faults */, ticks(utime), ticks(stime), (long)ticks(cutime), (long)ticks(cstime), 20L, 0L /* priority, nice */, p->signal->nr_threads,
		   ticks(p->start_time), s.size, mm ? (long)mm->pages : 0L, ~0UL /* rsslim */,
		   mm ? s.start_code : 0, mm ? s.end_code : 0, mm ? mm->start_stack : 0);
	/* The four signal sets in decimal, cut to signals 1-31 as Linux cuts them (proc(5): obsolete, use status). */
	seq_printf(m, " 0 0 %lu %lu %lu %lu %d 0 0 %d 0 0 0 0 0 0 %lu %lu %lu %lu %lu %lu %lu %d\n",
		   p->sig_pending_thread.signal & 0x7fffffffUL, p->sig_blocked & 0x7fffffffUL, ignored & 0x7fffffffUL,
		   caught & 0x7fffffffUL,
		   p->state == P_SLEEPING ? 1 : 0 /* wchan: whether it waits */, SIGCHLD_NR,
		   mm ? s.start_data : 0, mm ? s.end_data : 0, mm ? mm->brk_start : 0, mm ? mm->arg_start : 0,
		   mm ? mm->arg_end : 0, mm ? mm->env_start : 0, mm ? mm->env_end : 0,
		   p->state == P_ZOMBIE ? p->exit_status : 0);
	return 0;
}

int proc_pid_status(struct seq_buf *m, struct proc *p)
{
	const struct cred *c = &p->cred;
	seq_printf(m, "Name:\t%s\n", p->name);
	if (p->state != P_ZOMBIE && p->fs)
		seq_printf(m, "Umask:\t%04o\n", p->fs->umask);
	seq_printf(m, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", state_name(p), p->tgid,
		   p->pid, p->group_leader->parent ? p->group_leader->parent->tgid : 0);
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t", c->uid, c->euid, c->suid,
		   c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, p->files ? p->files->max_fds : 0);
	for (int i = 0; i < cred_ngroups(c); i++)
		seq_printf(m, i ? " %u" : "%u", c->group_info->gid[i]);
	seq_printf(m, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p->tgid, p->pid, p->signal->pgid, p->signal->sid);
	const struct mm *mm = p->mm;
	if (mm) {
		struct mm_stats s;
		mm_stats(mm, &s);
		u64 kb = s.size >> 10, rss = mm->pages * (PAGE_SIZE >> 10);
		seq_printf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n", kb, kb, 0UL, 0UL);
		seq_printf(m, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n", rss, rss, rss, 0UL);
		seq_printf(m, "RssShmem:\t%8lu kB\nVmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n", 0UL,
			   s.data >> 10, s.stack >> 10, s.exec >> 10);
		seq_printf(m, "VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\nHugetlbPages:\t%8lu kB\n", 0UL, 0UL,
			   0UL, 0UL);
		seq_printf(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	}
	u64 ignored, caught;
	sig_sets(p, &ignored, &caught);
	seq_printf(m, "Threads:\t%d\nSigQ:\t0/%lu\nSigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n",
		   p->signal->nr_threads, pages_total() / 64, p->sig_pending_thread.signal, p->signal->shared_pending.signal, p->sig_blocked);
	u64 caps = c->euid == 0 ? CAP_FULL : 0;
	seq_printf(m, "SigIgn:\t%016lx\nSigCgt:\t%016lx\nCapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\n", ignored,
		   caught, 0UL, caps, caps);
	seq_printf(m, "CapBnd:\t%016lx\nCapAmb:\t%016lx\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n", CAP_FULL,
		   0UL);
	seq_printf(m, "Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n");
	seq_printf(m, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t0001\nMems_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

int proc_pid_cmdline(struct seq_buf *m, struct proc *p)
{
	const struct mm *mm = p->mm;
	if (!mm || mm->arg_end <= mm->arg_start)
		return 0;
	size_t n = MIN(mm->arg_end - mm->arg_start, m->size - 1);
	if (copy_from_mm(p->mm, m->buf, mm->arg_start, n))
		return 0; /* unreadable: nothing, as Linux gives for a process it cannot read */
	m->len = n;
	return 0;
}

int proc_pid_comm(struct seq_buf *m, struct proc *p)
{
	seq_printf(m, "%s\n", p->name);
	return 0;
}

int proc_pid_mounts(struct seq_buf *m, struct proc *p)
{
	show_mounts(m);
	return 0;
}
