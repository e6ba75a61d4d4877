/* kernel/proc.h: processes (kernel/proc.c, fork.c, exec.c, exit.c).
 * A process has one thread: its kernel stack, saved user registers (trapframe), address space (struct mm),
 * file descriptors, and its place in the process tree. States are Linux's: running, runnable, sleeping,
 * zombie. All processes are reached through proc_table (kernel/proc.c); the tree (parent, children) is under
 * proc_lock. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "arch/aarch64/include/trapframe.h"
#include "kernel/cred.h"
#include "kernel/list.h"
#include "kernel/resource.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"

#define NPROC 128
#define NOFILE 1024           /* file descriptors per process: Linux's RLIMIT_NOFILE default (INR_OPEN_CUR) */
#define KSTACK_PAGES 4        /* 16 KiB kernel stack */
#define PROC_NAME_MAX 16      /* TASK_COMM_LEN */

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct mm;
struct file;
struct inode;
struct tty;

/* struct proc: a process. Fields marked (sched) are under sched_lock, (tree) under proc_lock. */
struct proc {
	int pid;
	int slot;                       /* its index in proc_table */
	enum proc_state state;          /* (sched) */
	char name[PROC_NAME_MAX];       /* basename of the program */
	struct proc *parent;            /* (tree) */
	struct list_head children;      /* (tree) */
	struct list_head sibling;       /* (tree) in parent->children */
	struct wait_queue child_wait;   /* wait4 sleeps here until a child exits */
	int exit_status;                /* wait status once a zombie (Linux encoding) */
	bool autoreap;                  /* its parent ignores SIGCHLD: freed without wait4 */

	struct list_head run_link;      /* (sched) on the run queue or a wait queue */
	struct wait_queue *sleeping_on; /* (sched) the wait queue it is on, or NULL */
	const struct wait_chan *wchan;  /* (sched) what it sleeps for (kernel/sched.h), NULL when it does not */
	int wchan_id;                   /* (sched) and the object's id, as in "pipe 3 read" */
	u64 deadline;                   /* (sched) timed sleep: wake at time_ns() >= deadline, 0 = none */
	struct list_head timer_link;    /* (sched) on the timed sleepers list */
	bool timed_out;                 /* (sched) */
	bool interruptible;             /* (sched) a signal ends the sleep */

	void *kstack;                   /* KSTACK_PAGES pages */
	struct trapframe *tf;           /* user registers, at the top of kstack */
	struct context ctx;
	struct fpsimd_state fp;
	u64 tpidr_el0;                  /* the user's thread pointer (musl's TLS), saved when switched out */

	struct mm *mm;
	struct file *files[NOFILE];
	u64 cloexec[NOFILE / 64];       /* FD_CLOEXEC bit per descriptor */
	u64 clear_child_tid;            /* set_tid_address */
	struct completion *vfork_done;  /* a vfork child: its parent waits on this until it execs or exits */
	struct inode *cwd;              /* working directory (kernel/fs/cwd.c); NULL: the root */
	u32 umask;                      /* permission bits a create leaves out (umask(2)); init's is 022 */
	u64 start_time;                 /* when it was made, ns since boot (/proc/PID/stat's starttime) */
	int pgid;                       /* process group (kernel/pgrp.c): kill and wait4 select by it */
	int sid;                        /* session (setsid): the pid of its leader */
	struct tty *tty;                /* the session's controlling terminal (kernel/tty.c), or NULL */
	struct cred cred;               /* user and group ids (kernel/cred.h); all 0 (root) for init */

	/* Signals (kernel/signal.c): bit N-1 for signal N, as Linux's sigset_t. */
	struct sigpending sig_pending;  /* generated for the process (kill, sigqueue), not yet delivered (Linux's
	                                 * signal->shared_pending) */
	struct sigpending sig_pending_thread; /* generated for the thread (tkill, tgkill, faults; Linux's
	                                 * task->pending): the two sets are apart, so one of each is two deliveries */
	u64 sig_blocked;                /* rt_sigprocmask */
	u64 sig_real_blocked;           /* during rt_sigtimedwait, which unblocks what it waits for: the mask before
	                                 * (a signal blocked there is kept at generation even if ignored) */
	u64 sig_saved_mask;             /* the mask to restore after rt_sigsuspend/ppoll's temporary one */
	bool sig_restore_mask;          /* sig_saved_mask is to be restored at the next delivery */
	struct k_sigaction {
		u64 handler;            /* SIG_DFL 0, SIG_IGN 1, or a user address */
		u64 flags;              /* SA_* */
		u64 restorer;           /* SA_RESTORER: where the handler returns (musl's __restore_rt) */
		u64 mask;               /* blocked during the handler */
	} sigaction[_NSIG];
	u64 altstack_sp, altstack_size; /* sigaltstack */
	u32 altstack_flags;
	bool stopped;                   /* SIGSTOP & co.: not running until SIGCONT */
	int stop_report;                /* wait status for the parent's wait4 (WUNTRACED/WCONTINUED), 0 if none */
	struct wait_queue stop_wait;    /* where a stopped process sleeps */
	long syscall_nr;                /* the system call in progress (for restarts and sig.interrupt), -1 if none */
	u64 orig_x0;                    /* its first argument, which the result overwrites */
	u64 restart_deadline;           /* restart_syscall: an interrupted relative nanosleep's end (ns), 0: none */
	u64 restart_urem;               /* and where its remaining time goes */
	/* Resource use (getrusage(2), times(2)): runtime, the CPU time in timer cycles (added at every switch away
	 * from it, since acct_ts); the ticks that found it in user mode or in the kernel, which split it (kernel/
	 * sched.h); c*: the totals of reaped children (and theirs). */
	u64 acct_ts, runtime, utime_ticks, stime_ticks, cruntime, cutime_ticks, cstime_ticks;
	u64 nvcsw, nivcsw;              /* switches away: asleep (voluntary), preempted (involuntary) */
	u64 min_flt, cmin_flt;          /* page faults served without I/O (all of them here), own and children's */
	u64 maxrss, cmaxrss;            /* the most user pages it had at once (and the largest child's) */
	/* Resource limits (getrlimit(2)): soft and hard, RLIM_INFINITY = ~0; inherited at fork. */
	struct rlimit {
		u64 rlim_cur, rlim_max;
	} rlim[RLIM_NLIMITS];
	u64 robust_list, robust_len;    /* set_robust_list: the futex robust list head (walked at exit: later) */
	int pdeath_signal;              /* prctl(PR_SET_PDEATHSIG): sent to it when its parent exits, 0: none */
	int nice;                       /* setpriority: -20..19 (nothing here schedules by it) */
	u64 itimer_deadline;            /* ITIMER_REAL (kernel/itimer.c): SIGALRM at time_ns() >= this (0: disarmed) */
	u64 itimer_interval;            /* ns; 0: one-shot */
};

/* current: the process running on this CPU (the idle process when none). */
extern struct proc *cpu_current[1];
#define current (cpu_current[0])
extern struct proc *idle_proc;
extern struct proc *init_proc;
extern spinlock_t proc_lock;

/* proc_alloc: a new process with a pid, a kernel stack and no mm; NULL when the table is full (EAGAIN). */
struct proc *proc_alloc(void);
/* proc_free: release what proc_alloc gave (after the process is reaped or never ran). */
void proc_free(struct proc *p);
/* proc_find: the live process with this pid, or NULL. Caller holds proc_lock. */
struct proc *proc_find(int pid);
/* proc_set_name: name = basename of path, cut to PROC_NAME_MAX - 1 bytes. */
void proc_set_name(struct proc *p, const char *path);
/* proc_next: iterate over live processes: proc_next(NULL) is the first, NULL after the last. Caller holds
 * proc_lock. */
struct proc *proc_next(struct proc *p);
/* proc_last_pid: the last pid given out (/proc/loadavg; pids are never reused, so also the forks since boot). */
int proc_last_pid(void);
/* procs_live: number of processes that exist (any state but unused). */
int procs_live(void);
/* procs_of_user: number of processes whose real uid is uid (RLIMIT_NPROC counts them). */
int procs_of_user(u32 uid);
/* proc_slot_pages: pages holding process table slots (allocated on first use and kept; not a leak). */
size_t proc_slot_pages(void);

/* spawn_init: create pid 1 running /init with argv (NULL-terminated) from the initramfs. Panics on failure. */
void spawn_init(char *const argv[]);
/* vfork_done: p, a vfork child, executed a new program or is exiting: its parent may run again (kernel/fork.c,
 * Linux's complete_vfork_done). Nothing for other processes. */
void vfork_done(struct proc *p);
/* do_exit: end the current process with wait status `status` (code << 8, or a signal number). */
void do_exit(int status) __attribute__((noreturn));

/* exec_load: replace p's address space with the ELF at path in the RAM filesystem (kernel/fs; relative to the
 * current process's cwd), argv/envp from kernel memory.
 * Returns 0 or -ENOENT, -ENOTDIR, -EACCES, -ENOEXEC, -ENOMEM, -E2BIG (arguments over 128 KiB). */
int exec_load(struct proc *p, const char *path, char *const argv[], char *const envp[]);
#endif
