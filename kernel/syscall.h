/* kernel/syscall.h: system call dispatch (kernel/syscall.c). Linux arm64 ABI: number in x8, arguments in x0-x5,
 * result in x0 (a negative errno on failure). Numbers are asm-generic/unistd.h's. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include "arch/aarch64/include/trapframe.h"

void syscall_dispatch(struct trapframe *tf);
/* syscall_name: Linux's name for system call nr ("openat"), or "?" when unknown. */
const char *syscall_name(unsigned long nr);

/* Handlers: each takes the six argument registers and returns the result. */
typedef long (*syscall_fn)(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
#define SYSCALL_DEFINE(name) long sys_##name(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
#endif
