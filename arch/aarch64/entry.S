/* arch/aarch64/entry.S: exception vectors, the trap frame, return to EL0, and context switch.
 * Every exception saves a struct trapframe (arch/aarch64/include/trapframe.h) on the current kernel stack
 * and calls C. Kernel code runs with IRQs masked (the kernel is not preemptible); IRQs are taken from EL0
 * and from the idle loop. (ARM ARM D1.10 "Exceptions", vector table layout D1.10.2.) */
#define TF_SIZE 272

	.macro kernel_entry
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x21, sp_el0
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #16 * 15]
	stp	x22, x23, [sp, #16 * 16]
	.endm

	.macro kernel_exit
	ldp	x22, x23, [sp, #16 * 16]
	ldp	x30, x21, [sp, #16 * 15]
	/* Write ELR_EL1, SPSR_EL1 and SP_EL0 only when they changed (a signal frame, another process ran): under
	 * QEMU every system register write ends the translated block and goes back to the main loop. Reads do not.
	 * x24 is free here: it is reloaded from the frame below. */
	mrs	x24, elr_el1
	cmp	x24, x22
	b.eq	1f
	msr	elr_el1, x22
1:	mrs	x24, spsr_el1
	cmp	x24, x23
	b.eq	2f
	msr	spsr_el1, x23
2:	mrs	x24, sp_el0
	cmp	x24, x21
	b.eq	3f
	msr	sp_el0, x21
3:	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #TF_SIZE
	eret
	.endm

	.macro vec label
	.balign 0x80
	b	\label
	.endm

	.text
	.balign 2048
	.globl vectors
vectors:
	vec	bad_vector	/* current EL, SP_EL0 */
	vec	bad_vector
	vec	bad_vector
	vec	bad_vector
	vec	el1_sync	/* current EL, SP_ELx */
	vec	el1_irq
	vec	bad_vector
	vec	bad_vector
	vec	el0_sync	/* lower EL, AArch64 */
	vec	el0_irq
	vec	bad_vector
	vec	bad_vector
	vec	bad_vector	/* lower EL, AArch32 */
	vec	bad_vector
	vec	bad_vector
	vec	bad_vector

bad_vector:
	kernel_entry
	mov	x0, sp
	bl	trap_bad
	b	.

el1_sync:
	kernel_entry
	mov	x0, sp
	bl	trap_el1_sync
	kernel_exit

el1_irq:
	kernel_entry
	mov	x0, #0
	bl	trap_irq_from
	kernel_exit

el0_sync:
	kernel_entry
	mov	x0, sp
	bl	trap_el0_sync
	b	ret_to_user

el0_irq:
	kernel_entry
	mov	x0, #1		/* from user mode: the tick charges user time */
	bl	trap_irq_from
	b	ret_to_user

/* ret_to_user: the way back to EL0. user_return_work (C) reschedules and will deliver signals; it runs with
 * IRQs masked and returns once nothing is left to do, so the frame it leaves on the stack is the one we restore. */
	.globl ret_to_user
ret_to_user:
	mov	x0, sp
	bl	user_return_work
	kernel_exit

/* ret_from_fork: where a new process starts (its context.lr), with x0 = the context cpu_switch came from.
 * Finish the switch, then return to EL0. */
	.globl ret_from_fork
ret_from_fork:
	bl	schedule_tail
	b	ret_to_user

/* cpu_switch(struct context *prev, struct context *next): save the callee-saved registers, lr and sp of the
 * running kernel thread in prev and load next's (AAPCS64: x19-x29, lr, sp; the kernel never uses FP/SIMD). */
	.globl cpu_switch
cpu_switch:
	mov	x9, sp
	stp	x19, x20, [x0, #16 * 0]
	stp	x21, x22, [x0, #16 * 1]
	stp	x23, x24, [x0, #16 * 2]
	stp	x25, x26, [x0, #16 * 3]
	stp	x27, x28, [x0, #16 * 4]
	stp	x29, x30, [x0, #16 * 5]
	str	x9, [x0, #16 * 6]
	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x9, [x1, #16 * 6]
	mov	sp, x9
	ret

/* fpsimd_save(struct fpsimd_state *s) / fpsimd_load(const struct fpsimd_state *s): a process's V0-V31, FPSR,
 * FPCR (the user's floating-point state; saved on every switch away from a process). */
	.globl fpsimd_save
fpsimd_save:
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.globl fpsimd_load
fpsimd_load:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	mrs	x3, fpsr		/* write FPSR and FPCR only when they differ: under QEMU a write ends the block */
	cmp	x3, x1
	b.eq	1f
	msr	fpsr, x1
1:	mrs	x3, fpcr
	cmp	x3, x2
	b.eq	2f
	msr	fpcr, x2
2:	ret

/* semihost_exit(int code): semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit: QEMU exits with
 * code (QEMU started with -semihosting-config enable=on). Does not return. */
	.globl semihost_exit
semihost_exit:
	sub	sp, sp, #16
	mov	x1, #0x0026
	movk	x1, #0x2, lsl #16
	str	x1, [sp]
	str	x0, [sp, #8]
	mov	x1, sp
	mov	w0, #0x18
	hlt	#0xf000
1:	wfi
	b	1b
