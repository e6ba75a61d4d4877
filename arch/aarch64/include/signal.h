/* arch/aarch64/include/signal.h: the arm64 signal frame (arch/aarch64/signal.c, as Linux's
 * arch/arm64/kernel/signal.c): what kernel/signal.c calls to start a handler and to return from one, and the write
 * of a siginfo_t for waitid. kernel/signal.c decides which signal is taken and with which mask; these functions only
 * write and read the user's layouts. */
#ifndef ARCH_SIGNAL_H
#define ARCH_SIGNAL_H
#include "kernel/signal.h"

struct trapframe;
struct k_sigaction;

/* sa_flags bit: the action's restorer is where the handler returns; without it, the vDSO's __kernel_rt_sigreturn
 * (glibc installs handlers so). Linux's arch/arm64/include/uapi/asm/signal.h. */
#define SA_RESTORER 0x04000000

/* copy_siginfo_to_user: info written to user address to as a 128-byte siginfo_t (Linux's function of this name;
 * waitid's infop). Returns 0 or -EFAULT. */
int copy_siginfo_to_user(u64 to, const struct kernel_siginfo *info);
/* copy_siginfo_from_user: the 128-byte siginfo_t at user address from (rt_sigqueueinfo's uinfo) into *to, the
 * fields its siginfo_layout() names. Returns 0 or -EFAULT. */
int copy_siginfo_from_user(struct kernel_siginfo *to, u64 from);

/* setup_rt_frame: build the frame for the current process's handler ka of signal info->si_signo on its user stack
 * (or its alternate stack: sigsp), with info as the handler's siginfo_t and oldmask as the mask rt_sigreturn
 * restores; then point tf at the handler: x0 = the signal, x1 = &siginfo, x2 = &ucontext, lr = ka->restorer
 * (with SA_RESTORER) or the vDSO's __kernel_rt_sigreturn, sp = the frame. Returns 0, or -EFAULT when the frame
 * cannot be written (tf is then unchanged). */
int setup_rt_frame(struct trapframe *tf, const struct kernel_siginfo *info, const struct k_sigaction *ka, u64 oldmask);

/* restore_sigframe: rt_sigreturn's read of the frame at the user sp: puts the registers and FP/SIMD state saved
 * there back into tf and the current process, and gives the mask (*mask) and alternate stack (*uss) the frame
 * holds, for kernel/signal.c to restore. Returns 0, or -EFAULT when sp is not 16-byte aligned or the frame cannot
 * be read (nothing is changed). */
int restore_sigframe(struct trapframe *tf, u64 *mask, stack_t *uss);
#endif
