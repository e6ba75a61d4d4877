/* kernel/halt.h: powering off (kernel/main.c). */
#ifndef KERNEL_HALT_H
#define KERNEL_HALT_H
/* kernel_halt_after_init: init exited with wait status `status`: report leaks, flush the trace and power off
 * with init's exit code (128 + signal when a signal killed it) as QEMU's exit status. */
void kernel_halt_after_init(int status) __attribute__((noreturn));
#endif
