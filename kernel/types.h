/* kernel/types.h: basic types for the kernel. Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> and <stdarg.h>
 * come from the compiler, so the same sources also build on the host for unit tests. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#ifndef __ssize_t_defined
typedef long ssize_t;
#define __ssize_t_defined
#endif
typedef int pid_t_k; /* kernel-internal pid type (Linux pid_t is int) */

/* The types of system-call arguments as Linux declares them (include/linux/types.h,
 * include/uapi/asm-generic/posix_types.h), for the handlers' SYSCALL_DEFINEn (kernel/syscall.h), which converts
 * each argument register to its type: an int-sized type takes the register's low 32 bits, umode_t its low 16. */
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef int clockid_t;
typedef unsigned short umode_t;
typedef long off_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define CLAMP(x, lo, hi) MIN(MAX(x, lo), hi)
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fallthrough __attribute__((__fallthrough__)) /* a switch case that goes on into the next, on purpose */

#endif
