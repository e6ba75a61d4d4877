/* arch/aarch64/signal.c: the arm64 signal frame (Linux's arch/arm64/kernel/signal.c; the layouts are Linux's
 * arch/arm64/include/uapi/asm/sigcontext.h and ucontext.h, which musl's handlers and __restore_rt read).
 *
 * When a handler starts, the stack it runs on holds (addresses grow upwards):
 *   the interrupted sp, or the top of the alternate stack
 *   struct frame_record {fp, lr}   the interrupted x29, x30: a backtrace walks from the handler into the program
 *   struct rt_sigframe             the handler's sp: siginfo (x1 points at it), then ucontext (x2), which holds the
 *                                  interrupted registers, FP/SIMD state, mask and alternate stack
 * The handler returns to ka->restorer (musl's __restore_rt) or, without SA_RESTORER (glibc), to the vDSO's
 * __kernel_rt_sigreturn; either calls rt_sigreturn with sp at the frame again. */
#include "arch/aarch64/include/signal.h"
#include "arch/aarch64/include/trapframe.h"
#include "arch/aarch64/vdso/vdso.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"

/* siginfo_t: a handler's siginfo as user space reads it (Linux's include/uapi/asm-generic/siginfo.h), 128 bytes:
 * si_signo, si_errno, si_code, then at offset 16 the union whose member depends on the signal. */
typedef struct siginfo {
	s32 si_signo, si_errno, si_code;
	union {
		struct {
			s32 _pid, _uid;
		} _kill;
		struct {
			s32 _pid, _uid;
			u64 _sigval; /* union sigval: sival_int in its low 4 bytes, or sival_ptr */
		} _rt;
		struct {
			s32 _pid, _uid, _status;
			s64 _utime, _stime; /* clock_t, at offsets 32 and 40 */
		} _sigchld;
		struct {
			u64 _addr;
		} _sigfault;
		s32 _pad[(128 - 16) / 4];
	} _sifields;
} siginfo_t;

_Static_assert(sizeof(siginfo_t) == 128 && __builtin_offsetof(siginfo_t, _sifields) == 16, "siginfo_t layout");
_Static_assert(__builtin_offsetof(siginfo_t, _sifields._rt._sigval) == 24, "si_value at 24, as Linux's");
_Static_assert(__builtin_offsetof(siginfo_t, _sifields._sigchld._utime) == 32, "si_utime at 32, as Linux's");

/* copy_siginfo_to_external: info in the user's layout (Linux's function of this name): the union member
 * siginfo_layout() names; the rest of the 128 bytes are zero. */
static void copy_siginfo_to_external(siginfo_t *to, const struct kernel_siginfo *info)
{
	memset(to, 0, sizeof *to); /* all 128 bytes: a union's initialiser would zero only its first member */
	to->si_signo = info->si_signo;
	to->si_code = info->si_code;
	switch (siginfo_layout(info->si_signo, info->si_code)) {
	case SIL_FAULT:
		to->_sifields._sigfault._addr = info->si_addr;
		break;
	case SIL_CHLD:
		to->_sifields._sigchld._pid = info->si_pid;
		to->_sifields._sigchld._uid = info->si_uid;
		to->_sifields._sigchld._status = info->si_status;
		to->_sifields._sigchld._utime = info->si_utime;
		to->_sifields._sigchld._stime = info->si_stime;
		break;
	case SIL_RT:
		to->_sifields._rt._sigval = info->si_value;
		fallthrough; /* and the sender */
	case SIL_KILL:
		to->_sifields._kill._pid = info->si_pid;
		to->_sifields._kill._uid = info->si_uid;
		break;
	}
}

int copy_siginfo_from_user(struct kernel_siginfo *to, u64 from)
{
	siginfo_t si;
	if (copy_from_user(&si, from, sizeof si))
		return -EFAULT;
	*to = (struct kernel_siginfo){ .si_signo = si.si_signo, .si_code = si.si_code };
	switch (siginfo_layout(si.si_signo, si.si_code)) {
	case SIL_FAULT:
		to->si_addr = si._sifields._sigfault._addr;
		break;
	case SIL_CHLD:
		to->si_pid = si._sifields._sigchld._pid;
		to->si_uid = si._sifields._sigchld._uid;
		to->si_status = si._sifields._sigchld._status;
		break;
	case SIL_RT:
		to->si_value = si._sifields._rt._sigval;
		fallthrough;
	case SIL_KILL:
		to->si_pid = si._sifields._kill._pid;
		to->si_uid = si._sifields._kill._uid;
		break;
	}
	return 0;
}

int copy_siginfo_to_user(u64 to, const struct kernel_siginfo *info)
{
	siginfo_t si;
	copy_siginfo_to_external(&si, info);
	return copy_to_user(to, &si, sizeof si);
}

#define FPSIMD_MAGIC 0x46508001

/* struct fpsimd_context: V0-V31, FPSR and FPCR, the first record in sigcontext's __reserved area. */
struct fpsimd_context {
	u32 magic, size; /* FPSIMD_MAGIC, sizeof (struct fpsimd_context) */
	u32 fpsr, fpcr;
	__uint128_t vregs[32];
};

/* struct sigcontext: fault_address, x0-x30, sp, pc, pstate, then records (fpsimd, then a zero terminator) in
 * __reserved. */
struct sigcontext {
	u64 fault_address;
	u64 regs[31];
	u64 sp, pc, pstate;
	u8 __reserved[4096] __attribute__((aligned(16)));
};

/* struct ucontext: the alternate stack (uc_stack), the mask rt_sigreturn restores (uc_sigmask, padded to 1024 bits
 * as glibc's sigset_t), the registers (uc_mcontext). */
struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	stack_t uc_stack;
	u64 uc_sigmask;
	u8 __unused[1024 / 8 - 8];
	struct sigcontext uc_mcontext __attribute__((aligned(16)));
};

/* struct rt_sigframe: on the user stack at sp when the handler starts. */
struct rt_sigframe {
	siginfo_t info;
	struct ucontext uc;
};

/* struct frame_record: an AAPCS64 frame record {x29, x30}, just above the rt_sigframe. */
struct frame_record {
	u64 fp, lr;
};

_Static_assert(__builtin_offsetof(struct ucontext, uc_mcontext) == 176, "ucontext layout");
_Static_assert(__builtin_offsetof(struct sigcontext, __reserved) == 288, "sigcontext layout");

/* preserve_fpsimd_context / restore_fpsimd_context: the process's FP/SIMD registers to and from the frame's record
 * (Linux's functions of these names). A record without the right magic and size is left alone on restore. */
static void preserve_fpsimd_context(struct fpsimd_context *ctx)
{
	struct proc *p = current;
	fpsimd_save(&p->fp);
	ctx->magic = FPSIMD_MAGIC;
	ctx->size = sizeof *ctx;
	ctx->fpsr = (u32)p->fp.fpsr;
	ctx->fpcr = (u32)p->fp.fpcr;
	memcpy(ctx->vregs, p->fp.v, sizeof ctx->vregs);
}

static void restore_fpsimd_context(const struct fpsimd_context *ctx)
{
	struct proc *p = current;
	if (ctx->magic != FPSIMD_MAGIC || ctx->size != sizeof *ctx)
		return;
	memcpy(p->fp.v, ctx->vregs, sizeof ctx->vregs);
	p->fp.fpsr = ctx->fpsr;
	p->fp.fpcr = ctx->fpcr;
	fpsimd_load(&p->fp);
}

int setup_rt_frame(struct trapframe *tf, const struct kernel_siginfo *info, const struct k_sigaction *ka, u64 oldmask)
{
	stack_t uss;
	u64 sp = sigsp(tf->sp, ka, &uss);
	u64 record_at = ALIGN_DOWN(sp - sizeof(struct frame_record), 16);
	u64 frame_at = ALIGN_DOWN(record_at - sizeof(struct rt_sigframe), 16);

	struct rt_sigframe *fr = kmalloc(sizeof *fr); /* zeroed: what is not set below reads 0 */
	if (!fr)
		return -EFAULT;
	copy_siginfo_to_external(&fr->info, info);
	fr->uc.uc_stack = uss;
	fr->uc.uc_sigmask = oldmask;
	memcpy(fr->uc.uc_mcontext.regs, tf->regs, sizeof tf->regs);
	fr->uc.uc_mcontext.sp = tf->sp;
	fr->uc.uc_mcontext.pc = tf->pc;
	fr->uc.uc_mcontext.pstate = tf->pstate;
	preserve_fpsimd_context((struct fpsimd_context *)fr->uc.uc_mcontext.__reserved);
	struct frame_record record = { .fp = tf->regs[29], .lr = tf->regs[30] };
	int r = copy_to_user(frame_at, fr, sizeof *fr) || copy_to_user(record_at, &record, sizeof record);
	kfree(fr);
	if (r)
		return -EFAULT;

	tf->regs[0] = (u64)info->si_signo;
	tf->regs[1] = frame_at + __builtin_offsetof(struct rt_sigframe, info);
	tf->regs[2] = frame_at + __builtin_offsetof(struct rt_sigframe, uc);
	tf->regs[29] = record_at;
	tf->regs[30] = (ka->flags & SA_RESTORER) ? ka->restorer : vdso_sigreturn(current->mm); /* glibc: the vDSO's */
	tf->sp = frame_at;
	tf->pc = ka->handler;
	tf->pstate &= ~(0xfUL << 28 | 1UL << 21); /* clear flags and SS, stay at EL0t */
	return 0;
}

int restore_sigframe(struct trapframe *tf, u64 *mask, stack_t *uss)
{
	struct rt_sigframe *fr = kmalloc(sizeof *fr);
	if (!fr || (tf->sp & 15) || copy_from_user(fr, tf->sp, sizeof *fr)) {
		kfree(fr);
		return -EFAULT;
	}
	memcpy(tf->regs, fr->uc.uc_mcontext.regs, sizeof tf->regs);
	tf->sp = fr->uc.uc_mcontext.sp;
	tf->pc = fr->uc.uc_mcontext.pc;
	tf->pstate = fr->uc.uc_mcontext.pstate & (0xfUL << 28); /* flags only: EL0t, interrupts on */
	restore_fpsimd_context((const struct fpsimd_context *)fr->uc.uc_mcontext.__reserved);
	*mask = fr->uc.uc_sigmask;
	*uss = fr->uc.uc_stack;
	kfree(fr);
	return 0;
}
