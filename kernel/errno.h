/* kernel/errno.h: Linux errno values (asm-generic/errno-base.h and errno.h). Kernel functions return -E... */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define ENOMSG 42
#define EIDRM 43
#define ENODATA 61
#define EOVERFLOW 75
#define ENOTSOCK 88
#define EDESTADDRREQ 89
#define EMSGSIZE 90
#define EPROTOTYPE 91
#define ENOPROTOOPT 92
#define EPROTONOSUPPORT 93
#define ESOCKTNOSUPPORT 94
#define EOPNOTSUPP 95
#define EAFNOSUPPORT 97
#define EADDRINUSE 98
#define ECONNABORTED 103
#define ECONNRESET 104
#define ENOBUFS 105
#define EISCONN 106
#define ENOTCONN 107
#define ETOOMANYREFS 109
#define ETIMEDOUT 110
#define ECONNREFUSED 111
/* Kernel-internal results of a call interrupted by a signal (Linux include/linux/errno.h); never reach the user:
 * the return to EL0 turns them into -EINTR or restarts the call (kernel/signal.c). */
#define ERESTARTSYS 512    /* restart if the handler has SA_RESTART (or no handler ran), else EINTR */
#define ERESTARTNOINTR 513 /* always restart */
#define ERESTARTNOHAND 514 /* restart only if no handler ran (SysV IPC calls: signal(7)), else EINTR */
#define ERESTART_RESTARTBLOCK 516 /* no handler: continue through restart_syscall (nanosleep with the time left) */

/* ERR_PTR, PTR_ERR, IS_ERR: a pointer or a -errno in one return value (Linux include/linux/err.h): the
 * top 4095 addresses are never valid objects, so they carry -1..-4095. */
#define MAX_ERRNO 4095
#define ERR_PTR(err) ((void *)(long)(err))
#define PTR_ERR(ptr) ((long)(ptr))
#define IS_ERR(ptr) ((unsigned long)(ptr) >= (unsigned long)-MAX_ERRNO)

/* errno_name: Linux's name for errno value e (positive), e.g. "EAGAIN"; "E?" when unknown. */
const char *errno_name(int e);
#endif
