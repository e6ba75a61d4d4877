/* kernel/syscall.h: system call dispatch (kernel/syscall.c). Linux arm64 ABI: number in x8, arguments in x0-x5,
 * result in x0 (a negative errno on failure). Numbers are asm-generic/unistd.h's. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include "arch/aarch64/include/trapframe.h"

void syscall_dispatch(struct trapframe *tf);
/* syscall_name: Linux's name for system call nr ("openat"), or "?" when unknown. */
const char *syscall_name(unsigned long nr);

/* Handlers: sys_NAME takes the six argument registers and returns the result (a negative errno on failure).
 * typedef syscall_fn is the table's type. */
typedef long (*syscall_fn)(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/* SYSCALL_DEFINEn(name, type1, arg1, ..., typen, argn): define system call `name` with n typed, named arguments,
 * as Linux's include/linux/syscalls.h, so a handler reads like its man page:
 *
 *	SYSCALL_DEFINE3(shmget, key_t, key, size_t, size, int, shmflg)
 *	{ ... key, size and shmflg are ordinary parameters ... }
 *
 * The macro defines sys_NAME(u64 x0, ..., u64 x5) for the table, which converts each register to its
 * declared type once, here: an `int` argument is the register's low 32 bits, as Linux's arm64 syscall wrappers
 * take it (a caller's garbage in the upper half does not matter), a pointer is the 64-bit user address
 * (`u64` for user pointers: the kernel never dereferences them, see kernel/uaccess.h). */
#define __SC_DECL(t, a) t a
#define __SC_CAST(t, a) (t) a
#define __SC_REG(t, a) u64 a
#define __MAP0(m, ...)
#define __MAP1(m, t, a) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)
/* The registers a handler does not name. */
#define __SC_UNUSED0 u64 __u0, u64 __u1, u64 __u2, u64 __u3, u64 __u4, u64 __u5
#define __SC_UNUSED1 , u64 __u1, u64 __u2, u64 __u3, u64 __u4, u64 __u5
#define __SC_UNUSED2 , u64 __u2, u64 __u3, u64 __u4, u64 __u5
#define __SC_UNUSED3 , u64 __u3, u64 __u4, u64 __u5
#define __SC_UNUSED4 , u64 __u4, u64 __u5
#define __SC_UNUSED5 , u64 __u5
#define __SC_UNUSED6
#define SYSCALL_DEFINEx(n, name, ...)                                                                            \
	static inline long __do_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__));                                   \
	long sys_##name(__MAP(n, __SC_REG, __VA_ARGS__) __SC_UNUSED##n);                                        \
	long sys_##name(__MAP(n, __SC_REG, __VA_ARGS__) __SC_UNUSED##n)                                         \
	{                                                                                                         \
		return __do_sys_##name(__MAP(n, __SC_CAST, __VA_ARGS__));                                         \
	}                                                                                                         \
	static inline long __do_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__))
#define SYSCALL_DEFINE0(name)                                                                                     \
	long sys_##name(__SC_UNUSED0);                                                                            \
	long sys_##name(__SC_UNUSED0)
#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)
#endif
