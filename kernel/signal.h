/* kernel/signal.h: signals (kernel/signal.c): Linux's numbers (asm-generic/signal.h), each process's pending set
 * and blocked mask as 64-bit bitmaps (signal N is bit N-1, as Linux's sigset_t), dispositions, and delivery on
 * the way back to EL0 with Linux arm64's rt_sigframe (arch/aarch64/signal.c) so musl's handlers and sigreturn work
 * unchanged.
 *
 * Blocking calls: sleep_on() returns -ERESTARTSYS when a signal is pending for the sleeper (it is woken by
 * send_signal). The caller unwinds and returns (Linux's include/linux/errno.h; which call does which: signal(7)):
 *   -ERESTARTSYS    restarted after a handler with SA_RESTART (read/write on pipes, FIFOs, sockets; wait4; open
 *                   of a FIFO),
 *   -ERESTARTNOHAND EINTR after any handler (msgsnd, msgrcv, semop, semtimedop, ppoll, pselect6, rt_sigsuspend,
 *                   clock_nanosleep with TIMER_ABSTIME),
 *   -ERESTART_RESTARTBLOCK EINTR after any handler, the time left in rem (nanosleep, relative clock_nanosleep).
 * When no handler runs (the signal was ignored, or stopped and continued the process) every one of them restarts:
 * the last through restart_syscall, which sleeps what was left. The return path (signal_deliver) does this and
 * traces sig.interrupt. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32 /* the first real-time signal: from here up every instance queues (signal(7)) */
#define SIGRTMAX 64
#define _NSIG 64
#define WCOREFLAG 0x80
#define sigmask(sig) (1UL << ((sig) - 1))

struct proc;
struct trapframe;
struct k_sigaction;

/* sig_lock: every process's pending sets, blocked masks, actions and thread lists (Linux's sighand->siglock, one
 * for all here). Lock order: proc_lock, then sig_lock, then sched_lock. */
extern spinlock_t sig_lock;

/* stack_t: an alternate signal stack as sigaltstack(2) reads and writes it and as a handler's uc_stack holds it
 * (Linux's struct sigaltstack, include/uapi/asm-generic/signal.h): base address, SS_ONSTACK or SS_DISABLE, size in
 * bytes. */
typedef struct sigaltstack {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
} stack_t;

/* struct kernel_siginfo: the kernel's copy of a signal's siginfo (Linux's struct kernel_siginfo,
 * include/linux/signal_types.h, with the union's fields named as sigaction(2) names them). Filled at generation,
 * kept with the pending signal, written into the handler's frame as siginfo_t (arch/aarch64/signal.c), which of
 * the fields it carries depending on siginfo_layout(). */
struct kernel_siginfo {
	int si_signo;  /* the signal */
	int si_code;   /* why: SI_USER, SI_KERNEL, SI_QUEUE, SI_TKILL, CLD_* for SIGCHLD, SEGV_* ... for faults */
	int si_pid;    /* the sender (kill, tkill, sigqueue), or the child a SIGCHLD is about */
	int si_uid;    /* the sender's real user id */
	int si_status; /* SIGCHLD: the child's exit code, or the signal that ended, stopped or continued it */
	u64 si_addr;   /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: the faulting address */
	u64 si_value;  /* sigqueue(3), mq_notify(3): the union sigval the sender attached (an int or a pointer) */
	s64 si_utime, si_stime; /* SIGCHLD at exit: the child's user and system CPU time, clock ticks (USER_HZ) */
};
/* si_code values (Linux's include/uapi/asm-generic/siginfo.h). Negative ones come from user space. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_MESGQ (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO (-5)
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2 /* a nonexistent physical address: a file mapping past its end */
#define ILL_ILLOPC 1

/* enum siginfo_layout: which member of siginfo_t's union a siginfo fills (Linux's enum siginfo_layout): KILL
 * si_pid and si_uid; RT those and si_value; CHLD si_pid, si_uid, si_status; FAULT si_addr. */
enum siginfo_layout { SIL_KILL, SIL_RT, SIL_CHLD, SIL_FAULT };
/* siginfo_layout: the layout of a siginfo for signal sig with code si_code (Linux's siginfo_layout,
 * kernel/signal.c): a code from the kernel (> 0, below SI_KERNEL) picks it by the signal, a negative code from
 * user space is RT but for SI_TKILL. */
enum siginfo_layout siginfo_layout(int sig, int si_code);

/* struct sigqueue: one generated instance of a signal waiting for delivery, with its siginfo (Linux's struct
 * sigqueue, include/linux/signal_types.h). uid: the real user its RLIMIT_SIGPENDING count was charged to. */
struct sigqueue {
	struct list_head list;
	struct kernel_siginfo info;
	u32 uid;
};
/* struct sigpending: the signals pending for a process or for one thread (Linux's struct sigpending): signal has
 * bit N-1 set while signal N is pending; list holds their instances, oldest first: at most one of each standard
 * signal, every one of a real-time signal. An instance whose sigqueue could not be allocated is in signal only;
 * it is delivered with si_code SI_USER and no sender (Linux: "silent loss of information"). */
struct sigpending {
	u64 signal;
	struct list_head list;
};

/* Actions and mask rules the teaching file kernel/signal_core.c needs (Linux's include/uapi/asm-generic/signal.h,
 * signal-defs.h): SIG_DFL, SA_NODEFER, SA_RESETHAND; SIGKILL and SIGSTOP can never be blocked (sigprocmask(2)). */
#define SIG_DFL 0
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

/* ---- kernel/signal_core.c: the pending set and the blocked mask (the signals lab's implementation track). Every
 * function is called with sig_lock held. ---- */

/* sigqueue_add: generation: add an instance of info->si_signo, with its siginfo, to pending, a set of target t
 * (the process's or one thread's). A standard signal already pending is not added again (the first siginfo stays);
 * every real-time one is queued. Returns 0, or -EAGAIN for a real-time signal from user space (sigqueue, tkill:
 * si_code < 0) past t's RLIMIT_SIGPENDING; a kill() or the kernel's own signal is then pending without its
 * siginfo (Linux's __send_signal_locked). */
int sigqueue_add(struct proc *t, struct sigpending *pending, const struct kernel_siginfo *info);
/* collect_signal: take the oldest instance of sig off pending into *info; sig stays pending while another
 * instance is queued, and a pending sig without one is delivered with si_code SI_USER (Linux's collect_signal). */
void collect_signal(int sig, struct sigpending *pending, struct kernel_siginfo *info);
/* dequeue_signal: the lowest-numbered pending signal of allow (SIGKILL first), from p's own set before its
 * process's, taken off with its siginfo into *info (collect_signal); 0 if none (Linux's dequeue_signal). */
int dequeue_signal(struct proc *p, u64 allow, struct kernel_siginfo *info);
/* next_signal: the signal delivery takes next for p: the lowest-numbered pending one p does not block (SIGKILL
 * even if it were), taken off with its siginfo into *info; 0 if none. */
int next_signal(struct proc *p, struct kernel_siginfo *info);
/* set_task_blocked: p's blocked mask becomes newset, less SIGKILL and SIGSTOP (Linux's set_current_blocked). */
void set_task_blocked(struct proc *p, u64 newset);
/* signal_delivered: sig's handler ka is about to run in p: returns the mask its frame keeps for rt_sigreturn to
 * put back (the one before rt_sigsuspend's or ppoll's temporary mask, if any; that one is then done with); while
 * the handler runs p blocks also ka->mask and sig (unless SA_NODEFER); SA_RESETHAND puts the action back to
 * SIG_DFL (sigaction(2); Linux's signal_delivered and get_signal). */
u64 signal_delivered(struct proc *p, int sig, struct k_sigaction *ka);
/* sigqueue_alloc: a sigqueue for a signal to t, charged to t's real user against t's RLIMIT_SIGPENDING (not when
 * override_rlimit). NULL over the limit or out of memory. sigqueue_free: take q off its list, give back the charge. */
struct sigqueue *sigqueue_alloc(struct proc *t, bool override_rlimit);
void sigqueue_free(struct sigqueue *q);

/* send_signal: generate sig for p from process sender (si_code SI_USER with si_pid sender; sender 0 means the
 * kernel: SI_KERNEL). Returns 0, or -EINVAL for sig outside 1.._NSIG. See send_signal_info. */
int send_signal(struct proc *p, int sig, int sender);
/* send_signal_info: generate info->si_signo for p with siginfo info (Linux's send_signal_locked): into p's
 * thread-directed set when thread (tkill, faults), else the process's. A signal p ignores is discarded unless
 * blocked; a standard signal that is already pending is not added twice (the first siginfo stays). SIGCONT and
 * SIGKILL continue a stopped p; p is woken from an interruptible sleep when it has a signal it does not block. Traces
 * sig.generate or sig.ignore. Returns 0, or -EINVAL for a signal outside 1.._NSIG. Takes sig_lock and sched_lock:
 * the caller holds neither. */
int send_signal_info(struct proc *p, const struct kernel_siginfo *info, bool thread);
/* force_signal: a fault of the current process at EL0 (or a bad rt_sigreturn frame): sig, thread-directed, with
 * si_code code and si_addr addr. When sig is blocked or ignored it is unblocked and its action goes back to
 * SIG_DFL, so the process cannot go on past the fault (Linux's force_sig_fault). */
void force_signal(int sig, int code, u64 addr);
/* signal_child_exit: the process whose leader is child ended: its exit signal (SIGCHLD, with CLD_EXITED,
 * CLD_KILLED or CLD_DUMPED from child->exit_status; none for exit signal 0) to its parent. Returns true when the
 * exit signal is SIGCHLD and the parent ignores it (SIG_IGN or SA_NOCLDWAIT): the child is then reaped at once
 * and never becomes a zombie (wait(2) NOTES). */
bool signal_child_exit(struct proc *child);

/* kill_permitted: may the current process signal t with sig (Linux check_kill_permission, kill_ok_by_cred)? Its
 * real or effective uid must be t's real or saved uid, or it is privileged (CAP_KILL); SIGCONT may also go to any
 * process of its own session. (kill(2); a notification of mq_notify is sent only when permitted, too.) */
bool kill_permitted(struct proc *t, int sig);
/* signal_pending: true when p has a pending signal that is not blocked (SIGKILL always counts). */
bool signal_pending(struct proc *p);
/* kill_pgrp: send sig from sender (0: the kernel, si_code SI_KERNEL) to every live process of group pgrp (Linux
 * kill_pgrp). Returns how many were sent to. */
int kill_pgrp(int pgrp, int sig, int sender);
/* signal_ignored_or_blocked: p ignores sig (SIG_IGN) or blocks it: job control does not stop it with it (Linux
 * is_ignored(sig) || is_current_pgrp_orphaned... in tty_check_change). */
bool signal_ignored_or_blocked(struct proc *p, int sig);
/* sigmask_set_temporary: for rt_sigsuspend and ppoll/pselect6: block mask (less SIGKILL and SIGSTOP) in the current
 * process until the next signal delivery, which puts back the mask it had before (Linux's saved_sigmask,
 * set_restore_sigmask). */
void sigmask_set_temporary(u64 mask);

/* signal_deliver: on the way back to EL0 (user_return_work), for the current process whose registers are tf: take
 * the pending unblocked signals in order and act on each: ignore it, stop, terminate (does not return), or build
 * its handler's frame (setup_rt_frame) and return, one handler at a time. Also turns an -ERESTART* result in
 * tf->regs[0] into -EINTR or a restart of the system call. Linux's get_signal and arch do_signal. */
void signal_deliver(struct trapframe *tf);
/* sigsp: for setup_rt_frame: returns where the frame of a handler with action ka goes for a signal that arrived
 * with the user stack at sp (the top of the alternate stack or sp itself), and gives in *uss the uc_stack the frame
 * records (Linux's sigsp and __save_altstack). */
u64 sigsp(u64 sp, const struct k_sigaction *ka, stack_t *uss);

/* signal_init: p's own pending set starts empty (proc_alloc). */
void signal_init(struct proc *p);
/* signal_setup_init: init's signal_struct (its own process group and session, Linux's initial limits) and its
 * actions (all SIG_DFL). Returns 0 or -ENOMEM. */
int signal_setup_init(struct proc *p);
/* copy_sighand: clone(2): with CLONE_SIGHAND child shares the current thread's actions, otherwise it gets a copy
 * (Linux's copy_sighand). 0 or -ENOMEM. */
int copy_sighand(u64 clone_flags, struct proc *child);
/* copy_signal: clone(2): with CLONE_THREAD child joins the current process (shares its signal_struct);
 * otherwise a new process with the caller's process group, session, terminal and limits, nothing pending
 * (Linux's copy_signal). 0 or -ENOMEM. */
int copy_signal(u64 clone_flags, struct proc *child);
/* signal_fork: the new thread gets the current one's mask and alternate stack (fork(2), clone(2)). */
void signal_fork(struct proc *child, struct proc *parent);
/* signal_thread_add: p joins its signal_struct's threads (clone; init). Caller holds proc_lock. */
void signal_thread_add(struct proc *p);
/* signal_thread_del: p leaves its process's thread list (a thread's exit, the leader's reaping), its resource
 * use added to the process's exited-thread totals. Caller holds proc_lock. */
void signal_thread_del(struct proc *p);
/* zap_other_threads: the current thread ends its process with wait status status (exit_group, a fatal signal,
 * execve): every other thread gets SIGKILL. Returns the status the process ends with: status, or that of a group
 * exit another thread began first. */
int zap_other_threads(int status);
/* zap_threads: every thread of sig's process but except gets SIGKILL and is woken (Linux's zap_other_threads);
 * a stopped process goes on, to die. Caller holds sig_lock. */
struct signal_struct;
void zap_threads(struct signal_struct *sig, struct proc *except);
/* unshare_sighand: execve of a thread whose actions another process shares (CLONE_SIGHAND without
 * CLONE_THREAD): it gets its own copy, which execve then resets. 0 or -ENOMEM. */
int unshare_sighand(struct proc *p);
/* signal_release: when p's slot is freed: drop its references on its sighand_struct and signal_struct (the last
 * frees them, with what is still pending). */
void signal_release(struct proc *p);
/* signal_exec: handlers go back to SIG_DFL (ignored signals stay ignored), action flags and masks are cleared,
 * the alternate stack is removed; the blocked mask and pending signals stay (execve(2)). */
void signal_exec(struct proc *p);
/* signal_exit: at exit, discard p's own pending signals, and the process's when p is its last thread, giving
 * back their RLIMIT_SIGPENDING charges (Linux's flush_sigqueue in __exit_signal). */
void signal_exit(struct proc *p);
#endif
