/* arch/aarch64/vdso/sigreturn.S: __kernel_rt_sigreturn, where a signal handler installed without SA_RESTORER
 * returns (glibc installs every handler so on arm64): the kernel puts this address in the handler's x30, so the
 * handler's `ret` lands here with sp at the signal frame, and rt_sigreturn(2) restores what the frame saved.
 * The two instructions must stay exactly these: unwinders recognise a signal frame by them (libgcc's
 * aarch64_fallback_frame_state, gdb's aarch64_linux_sigframe), which is how a backtrace goes through a handler. */
#define __NR_rt_sigreturn 139

	.text
	.globl	__kernel_rt_sigreturn
	.type	__kernel_rt_sigreturn, %function
	.balign	4
__kernel_rt_sigreturn:
	mov	x8, #__NR_rt_sigreturn
	svc	#0
	.size	__kernel_rt_sigreturn, . - __kernel_rt_sigreturn
