/* kernel/proc.h: processes and threads (kernel/proc.c, fork.c, exec.c, exit.c).
 * A struct proc is one thread, as Linux's task_struct: its kernel stack, saved user registers (trapframe), signal
 * mask, scheduling state. What clone(2) lets threads share is in separate counted structures, each shared or
 * copied according to its flag: the address space (struct mm, CLONE_VM), the descriptor table (struct
 * files_struct, CLONE_FILES), the working directory and umask (struct fs_struct, CLONE_FS), the signal actions
 * (struct sighand_struct, CLONE_SIGHAND), and what makes a process of its threads (struct signal_struct,
 * CLONE_THREAD): the process-wide pending signals, process group, session, terminal, limits, timers. A process
 * that never made a thread is one proc with its own copy of each. States are Linux's: running, runnable,
 * sleeping, zombie. All threads are reached through proc_table (kernel/proc.c); the tree (parent, children) is
 * under proc_lock. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "arch/aarch64/include/trapframe.h"
#include "kernel/cred.h"
#include "kernel/list.h"
#include "kernel/resource.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"

#define KSTACK_PAGES 4        /* 16 KiB kernel stack */
#define PROC_NAME_MAX 16      /* TASK_COMM_LEN */

/* clone(2) flags (Linux's include/uapi/linux/sched.h). */
#define CSIGNAL 0xff                  /* the signal the parent gets when the child exits (SIGCHLD for fork) */
#define CLONE_VM 0x00000100           /* share the address space */
#define CLONE_FS 0x00000200           /* share the working directory and umask */
#define CLONE_FILES 0x00000400        /* share the descriptor table */
#define CLONE_SIGHAND 0x00000800      /* share the signal actions */
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000        /* the parent sleeps until the child execs or exits */
#define CLONE_PARENT 0x00008000       /* the child's parent is the caller's parent */
#define CLONE_THREAD 0x00010000       /* a thread of the caller's process */
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000      /* share System V semaphore undo adjustments */
#define CLONE_SETTLS 0x00080000       /* the child's thread pointer (TPIDR_EL0) is the tls argument */
#define CLONE_PARENT_SETTID 0x00100000 /* write the child's tid at parent_tid */
#define CLONE_CHILD_CLEARTID 0x00200000 /* at the child's exit, 0 at child_tid and a futex wake there */
#define CLONE_DETACHED 0x00400000     /* ignored (Linux ignores it too) */
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000 /* write the child's tid at child_tid in the child's memory */

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct mm;
struct file;
struct files_struct;
struct fs_struct;
struct inode;
struct tty;

/* struct k_sigaction: one signal's action as rt_sigaction(2) passes it (Linux's struct sigaction for arm64). */
struct k_sigaction {
	u64 handler;            /* SIG_DFL 0, SIG_IGN 1, or a user address */
	u64 flags;              /* SA_* */
	u64 restorer;           /* SA_RESTORER: where the handler returns (musl's __restore_rt) */
	u64 mask;               /* blocked during the handler */
};

/* struct sighand_struct: the signal actions (Linux's struct sighand_struct, include/linux/sched/signal.h), shared
 * by the threads of a process (clone CLONE_SIGHAND); count: how many threads point at it. Under sig_lock. */
struct sighand_struct {
	int count;
	struct k_sigaction action[_NSIG];
};

/* struct rlimit: a resource limit, soft and hard (getrlimit(2)); RLIM_INFINITY = ~0. */
struct rlimit {
	u64 rlim_cur, rlim_max;
};

/* struct signal_struct: what the threads of one process share (Linux's struct signal_struct,
 * include/linux/sched/signal.h; clone CLONE_THREAD). count: the threads that point at it, live or zombie; the last
 * to be freed frees it. */
struct signal_struct {
	int count;
	struct list_head thread_head;   /* (tree) the threads not yet exited, and the leader until it is reaped */
	int nr_threads;                 /* (tree) threads that have not exited: the process is dead at 0 */
	bool group_exit;                /* exit_group, a fatal signal or an execve is ending every other thread */
	int group_exit_code;            /* then the process's wait status */
	struct proc *group_exec_task;   /* a thread in execve waiting for the others to be gone (de_thread) */
	struct wait_queue group_exit_wait; /* where it waits */
	struct sigpending shared_pending; /* generated for the process (kill, sigqueue), not yet delivered; any thread
	                                 * that does not block one may take it */
	bool stopped;                   /* SIGSTOP & co.: not running until SIGCONT */
	int stop_report;                /* wait status for the parent's wait4 (WUNTRACED/WCONTINUED), 0 if none */
	struct wait_queue stop_wait;    /* where a stopped process sleeps */
	int pgid;                       /* process group (kernel/pgrp.c): kill and wait4 select by it */
	int sid;                        /* session (setsid): the pid of its leader */
	struct tty *tty;                /* the session's controlling terminal (kernel/tty.c), or NULL */
	struct rlimit rlim[RLIM_NLIMITS]; /* resource limits (getrlimit(2)): inherited at fork */
	u64 itimer_deadline;            /* ITIMER_REAL (kernel/itimer.c): SIGALRM at time_ns() >= this (0: disarmed) */
	u64 itimer_interval;            /* ns; 0: one-shot */
	/* ITIMER_VIRTUAL and ITIMER_PROF (it_cpu[0], it_cpu[1]; kernel/itimer.c): CPU time left (ns) before SIGVTALRM /
	 * SIGPROF, charged by the tick; 0: disarmed. */
	struct cpu_itimer {
		u64 left, interval;
	} it_cpu[2];
	/* The exited threads' resource use (Linux's signal->utime etc.): the process's is this plus its threads'. */
	u64 runtime, utime_ticks, stime_ticks, nvcsw, nivcsw, min_flt, maxrss;
	/* The reaped children's resource use, and theirs (getrusage RUSAGE_CHILDREN, times(2)): CPU time in timer
	 * cycles and the ticks that split it (kernel/sched.h), page faults, the largest maximum resident size. */
	u64 cruntime, cutime_ticks, cstime_ticks, cmin_flt, cmaxrss;
};

/* struct proc: a process. Fields marked (sched) are under sched_lock, (tree) under proc_lock. */
struct proc {
	int pid;                        /* the thread's id (gettid); the process's id is tgid */
	int tgid;                       /* the thread group's id (getpid): its leader's pid */
	struct proc *group_leader;      /* the thread whose pid is tgid (itself in a one-thread process) */
	struct list_head thread_node;   /* (tree) in signal->thread_head */
	int exit_signal;                /* what the parent gets when this process ends (clone's CSIGNAL bits;
	                                 * SIGCHLD for fork, 0 for none); -1 for a thread */
	int slot;                       /* its index in proc_table */
	enum proc_state state;          /* (sched) */
	char name[PROC_NAME_MAX];       /* basename of the program */
	struct proc *parent;            /* (tree) the process (a group leader) that made it */
	struct list_head children;      /* (tree) a group leader's child processes, made by any of its threads */
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

	struct mm *mm;                  /* address space (kernel/vm.h) */
	struct files_struct *files;     /* descriptor table (kernel/file.h) */
	struct fs_struct *fs;           /* working directory and umask (kernel/fs/fs.h) */
	struct sighand_struct *sighand; /* signal actions */
	struct signal_struct *signal;   /* what the process's threads share */
	struct file **fd_held;          /* files fd_file referenced for the current system call (kernel/file.h) */
	int nr_fd_held, fd_held_cap;
	u64 clear_child_tid;            /* set_tid_address */
	struct completion *vfork_done;  /* a vfork child: its parent waits on this until it execs or exits */
	u64 start_time;                 /* when it was made, ns since boot (/proc/PID/stat's starttime) */
	struct cred cred;               /* user and group ids (kernel/cred.h); all 0 (root) for init */

	/* Signals (kernel/signal.c): bit N-1 for signal N, as Linux's sigset_t. */
	struct sigpending sig_pending_thread; /* generated for this thread (tkill, tgkill, faults; Linux's
	                                 * task->pending); those for the process are in signal->shared_pending: the
	                                 * two sets are apart, so one of each is two deliveries */
	u64 sig_blocked;                /* rt_sigprocmask */
	u64 sig_real_blocked;           /* during rt_sigtimedwait, which unblocks what it waits for: the mask before
	                                 * (a signal blocked there is kept at generation even if ignored) */
	u64 sig_saved_mask;             /* the mask to restore after rt_sigsuspend/ppoll's temporary one */
	bool sig_restore_mask;          /* sig_saved_mask is to be restored at the next delivery */
	u64 altstack_sp, altstack_size; /* sigaltstack */
	u32 altstack_flags;
	long syscall_nr;                /* the system call in progress (for restarts and sig.interrupt), -1 if none */
	u64 orig_x0;                    /* its first argument, which the result overwrites */
	u64 restart_deadline;           /* restart_syscall: an interrupted relative nanosleep's end (ns), 0: none */
	u64 restart_urem;               /* and where its remaining time goes */
	/* Resource use (getrusage(2), times(2)): runtime, the CPU time in timer cycles (added at every switch away
	 * from it, since acct_ts); the ticks that found it in user mode or in the kernel, which split it (kernel/
	 * sched.h). The reaped children's are in signal. */
	u64 acct_ts, runtime, utime_ticks, stime_ticks;
	u64 nvcsw, nivcsw;              /* switches away: asleep (voluntary), preempted (involuntary) */
	u64 min_flt;                    /* page faults served without I/O (all of them here) */
	u64 maxrss;                     /* the most user pages it had at once */
	u64 robust_list, robust_len;    /* set_robust_list: the futex robust list head (walked at exit: later) */
	int pdeath_signal;              /* prctl(PR_SET_PDEATHSIG): sent to it when its parent exits, 0: none */
	bool pdeath_pending;            /* its parent exited: pdeath_signal is to be sent (exit.c, after proc_lock) */
	int nice;                       /* setpriority: -20..19 (nothing here schedules by it) */
};

/* thread_group_leader: p is its process's leader (its pid is the process's id). */
static inline bool thread_group_leader(const struct proc *p) { return p->group_leader == p; }

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
/* proc_find: the live thread with this id (a process's id is its leader's), or NULL. Caller holds proc_lock. */
struct proc *proc_find(int pid);
/* proc_set_name: name = basename of path, cut to PROC_NAME_MAX - 1 bytes. */
void proc_set_name(struct proc *p, const char *path);
/* proc_next: iterate over live processes (their group leaders: one each, however many threads it has):
 * proc_next(NULL) is the first, NULL after the last. Caller holds
 * proc_lock. */
struct proc *proc_next(struct proc *p);
/* proc_last_pid: the last pid given out (/proc/loadavg; pids are never reused, so also the forks since boot). */
int proc_last_pid(void);
/* max_threads: how many processes and threads may exist at once, from the memory (Linux kernel/fork.c
 * set_max_threads: RAM / (8 * THREAD_SIZE), THREAD_SIZE 16 KiB, at least 20); RLIMIT_NPROC starts at half of it.
 * The process table grows up to it (fork then gives EAGAIN). */
int max_threads(void);
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
/* do_exit: end the current thread with wait status `status` (code << 8, or a signal number); the process ends
 * with its last thread (exit(2)). */
void do_exit(int status) __attribute__((noreturn));
/* do_group_exit: end every thread of the current process, which ends with wait status `status` (exit_group(2),
 * a fatal signal). */
void do_group_exit(int status) __attribute__((noreturn));

/* exec_load: replace p's address space with the ELF at path in the RAM filesystem (kernel/fs; relative to the
 * current process's cwd), argv/envp from kernel memory.
 * Returns 0 or -ENOENT, -ENOTDIR, -EACCES, -ENOEXEC, -ENOMEM, -E2BIG (arguments over 128 KiB). */
int exec_load(struct proc *p, const char *path, char *const argv[], char *const envp[]);
#endif
