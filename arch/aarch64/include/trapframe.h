/* arch/aarch64/include/trapframe.h: registers saved by an exception (arch/aarch64/entry.S), and the
 * callee-saved context of a kernel thread (cpu_switch). */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H
#include "kernel/types.h"

/* struct trapframe: x0..x30, the user stack pointer SP_EL0, the return address ELR_EL1 and SPSR_EL1.
 * For a system call: x8 = number, x0..x5 = arguments, x0 = result (Linux arm64 ABI). */
struct trapframe {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
};
_Static_assert(sizeof(struct trapframe) == 272, "entry.S TF_SIZE");

/* struct context: what cpu_switch saves: x19..x28, fp (x29), lr (x30), sp. */
struct context {
	u64 x19_28[10];
	u64 fp, lr, sp;
};

/* struct fpsimd_state: V0..V31 (128 bits each), FPSR, FPCR. */
struct fpsimd_state {
	__uint128_t v[32];
	u64 fpsr, fpcr;
} __attribute__((aligned(16)));

/* cpu_switch: save the running thread's context in prev, load next's. Returns (in the thread that resumes) the
 * context of the thread that switched to it, so it can finish that switch (free a dead process's stack). */
struct context *cpu_switch(struct context *prev, struct context *next);
void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(const struct fpsimd_state *s);
void ret_from_fork(void);
void semihost_exit(int code) __attribute__((noreturn));
#endif
