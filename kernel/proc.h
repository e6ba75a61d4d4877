/* kernel/proc.h: processes (kernel/proc.c, fork.c, exec.c, exit.c).
 * A process has one thread: its kernel stack, saved user registers (trapframe), address space (struct mm),
 * file descriptors, and its place in the process tree. States are Linux's: running, runnable, sleeping,
 * zombie. All processes live in proc_table; the tree (parent, children) is under proc_lock. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "arch/aarch64/include/trapframe.h"
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define NPROC 128
#define NOFILE 256            /* file descriptors per process (Linux's RLIMIT_NOFILE default is 1024) */
#define KSTACK_PAGES 4        /* 16 KiB kernel stack */
#define PROC_NAME_MAX 16      /* TASK_COMM_LEN */

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct mm;
struct file;

/* struct proc: a process. Fields marked (sched) are under sched_lock, (tree) under proc_lock. */
struct proc {
	int pid;
	enum proc_state state;          /* (sched) */
	char name[PROC_NAME_MAX];       /* basename of the program */
	struct proc *parent;            /* (tree) */
	struct list_head children;      /* (tree) */
	struct list_head sibling;       /* (tree) in parent->children */
	struct wait_queue child_wait;   /* wait4 sleeps here until a child exits */
	int exit_status;                /* wait status once a zombie (Linux encoding) */

	struct list_head run_link;      /* (sched) on the run queue or a wait queue */
	struct wait_queue *sleeping_on; /* (sched) the wait queue it is on, or NULL */
	const char *wchan;              /* (sched) what it sleeps for */
	u64 deadline;                   /* (sched) timed sleep: wake at time_ns() >= deadline, 0 = none */
	struct list_head timer_link;    /* (sched) on the timed sleepers list */
	bool timed_out;                 /* (sched) */

	void *kstack;                   /* KSTACK_PAGES pages */
	struct trapframe *tf;           /* user registers, at the top of kstack */
	struct context ctx;
	struct fpsimd_state fp;
	u64 tpidr_el0;                  /* the user's thread pointer (musl's TLS), saved when switched out */

	struct mm *mm;
	struct file *files[NOFILE];
	u64 cloexec[NOFILE / 64];       /* FD_CLOEXEC bit per descriptor */
	u64 clear_child_tid;            /* set_tid_address */
	u64 sig_blocked;                /* rt_sigprocmask: blocked signals (bit N-1 for signal N) */
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
/* procs_live: number of processes that exist (any state but unused). */
int procs_live(void);

/* spawn_init: create pid 1 running /init with argv (NULL-terminated) from the initramfs. Panics on failure. */
void spawn_init(char *const argv[]);
/* do_exit: end the current process with wait status `status` (code << 8, or a signal number). */
void do_exit(int status) __attribute__((noreturn));
/* kill_current_by_signal: the current process took a fault: it dies as if killed by sig (SIGSEGV...). */
void kill_current_by_signal(int sig) __attribute__((noreturn));

/* exec_load: replace p's address space with the ELF at path from the initramfs, argv/envp from kernel memory.
 * Returns 0 or -ENOENT, -ENOEXEC, -ENOMEM, -E2BIG (arguments over 128 KiB). */
int exec_load(struct proc *p, const char *path, char *const argv[], char *const envp[]);
#endif
