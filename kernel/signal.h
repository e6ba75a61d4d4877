/* kernel/signal.h: signals (kernel/signal.c): Linux's numbers (asm-generic/signal.h), each process's pending set
 * and blocked mask as 64-bit bitmaps (signal N is bit N-1, as Linux's sigset_t), dispositions, and delivery on
 * the way back to EL0 with Linux arm64's rt_sigframe so musl's handlers and sigreturn work unchanged.
 *
 * Blocking calls: sleep_on() returns -ERESTARTSYS when a signal is pending for the sleeper (it is woken by
 * send_signal). The caller unwinds and returns:
 *   -ERESTARTSYS    for calls SA_RESTART restarts (read/write on pipes, FIFOs, sockets; wait4; open of a FIFO),
 *   -ERESTARTNOHAND for calls never restarted after a handler (msgsnd, msgrcv, semop, semtimedop: signal(7)),
 *   -EINTR          for calls that are never restarted (nanosleep with the time left, ppoll, sigsuspend).
 * The return path (signal_deliver) turns them into -EINTR or a restart, and traces sig.interrupt. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
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
#define SIGRTMIN 32
#define _NSIG 64
#define WCOREFLAG 0x80
#define sigmask(sig) (1UL << ((sig) - 1))

struct proc;
struct trapframe;
struct k_sigaction;

/* stack_t: an alternate signal stack as sigaltstack(2) reads and writes it and as a handler's uc_stack holds it
 * (Linux's struct sigaltstack, include/uapi/asm-generic/signal.h): base address, SS_ONSTACK or SS_DISABLE, size in
 * bytes. */
typedef struct sigaltstack {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
} stack_t;

/* send_signal: generate sig for p (from pid sender, 0 = the kernel), trace sig.generate or sig.ignore, and
 * wake p if it sleeps interruptibly. Standard signals do not queue: a pending one is not added twice.
 * Returns 0, or -EINVAL for a bad sig. Caller must not hold sched_lock. */
int send_signal(struct proc *p, int sig, int sender);
/* struct kernel_siginfo: the kernel's copy of a signal's siginfo (Linux's struct kernel_siginfo,
 * include/linux/signal_types.h, with the union's fields named as sigaction(2) names them). Filled at generation,
 * kept with the pending signal, written into the handler's frame as siginfo_t (arch/aarch64/signal.c). */
struct kernel_siginfo {
	int si_signo;  /* the signal */
	int si_code;   /* why: SI_USER, SI_KERNEL, SI_TKILL, CLD_* for SIGCHLD, SEGV_* ... for faults */
	int si_pid;    /* the sender (kill, tkill), or the child a SIGCHLD is about */
	int si_uid;    /* the sender's real user id (every sender here leaves it 0) */
	int si_status; /* SIGCHLD: the child's exit code, or the signal that ended, stopped or continued it */
	u64 si_addr;   /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: the faulting address */
};
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define ILL_ILLOPC 1
/* send_signal_info: send_signal with the siginfo info (the signal is info->si_signo); thread selects the
 * thread-directed set (tkill, faults). */
int send_signal_info(struct proc *p, const struct kernel_siginfo *info, bool thread);
/* signal_pending: p has a pending signal that is not blocked (SIGKILL counts always). */
bool signal_pending(struct proc *p);
/* signal_deliver: on the way back to EL0 (user_return_work): handle a pending unblocked signal: default action,
 * ignore, or build the handler's frame in tf. Also turns an -ERESTART* result in tf->regs[0] into -EINTR or a
 * restart of the system call. Returns when nothing is left to deliver. */
void signal_deliver(struct trapframe *tf);
/* sigmask_set_temporary: rt_sigsuspend/ppoll: block `mask` until the next signal delivery, then restore the
 * mask the process had (Linux's saved_sigmask / set_restore_sigmask). */
void sigmask_set_temporary(u64 mask);
/* force_signal: a fault at EL0: deliver sig even if blocked or ignored (then with the default action). */
void force_signal(int sig, int code, u64 addr);
/* sigsp: for setup_rt_frame: where the frame of a handler with action ka goes for a signal that arrived with the
 * user stack at sp (the top of the alternate stack or sp itself), and in *uss the uc_stack the frame records. */
u64 sigsp(u64 sp, const struct k_sigaction *ka, stack_t *uss);
/* signal_fork / signal_exec: what fork and execve do to actions, mask and pending set. */
void signal_fork(struct proc *child, struct proc *parent);
void signal_exec(struct proc *p);
/* signal_child_exit: SIGCHLD to child's parent; true when the parent ignores SIGCHLD (reap at once). */
bool signal_child_exit(struct proc *child);
#endif
