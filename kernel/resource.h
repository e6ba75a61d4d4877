/* kernel/resource.h: resource limits and use (kernel/sys.c; getrlimit(2), getrusage(2)). */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H
#include "kernel/types.h"

#define RLIM_INFINITY (~0ULL)
/* The resources (Linux's include/uapi/asm-generic/resource.h). */
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIM_NLIMITS 16

struct proc;
/* rlimit_init: init's limits, Linux's INIT_RLIMITS (fork copies a parent's). */
void rlimit_init(struct proc *p);
/* rlimit: the current process's soft limit of resource (RLIMIT_*), RLIM_INFINITY for none. */
u64 rlimit(int resource);
/* fill_rusage: p's resource use into out (a struct rusage, 144 bytes: getrusage(2)): its process's, every thread
 * (RUSAGE_SELF_OF), the thread p's alone (RUSAGE_THREAD_OF) or its reaped children's (RUSAGE_CHILDREN_OF: what a
 * wait4 of p reports once the c* totals include p's own). */
enum { RUSAGE_SELF_OF, RUSAGE_CHILDREN_OF, RUSAGE_THREAD_OF };
void fill_rusage(const struct proc *p, int which, void *out);
#endif
