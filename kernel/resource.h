/* kernel/resource.h: resource limits and use (kernel/sys.c; getrlimit(2), getrusage(2)). */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H
#include "kernel/types.h"

#define RLIM_INFINITY (~0ULL)
#define RLIMIT_FSIZE 1
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7

struct proc;
/* rlimit_init: init's limits, Linux's INIT_RLIMITS (fork copies a parent's). */
void rlimit_init(struct proc *p);
/* rlimit: the current process's soft limit of resource (RLIMIT_*), RLIM_INFINITY for none. */
u64 rlimit(int resource);
/* fill_rusage: p's resource use into out (a struct rusage, 144 bytes: getrusage(2)): its own (RUSAGE_SELF_OF) or
 * its reaped children's (RUSAGE_CHILDREN_OF: what a wait4 of p reports once the c* totals include p's own). */
enum { RUSAGE_SELF_OF, RUSAGE_CHILDREN_OF };
void fill_rusage(const struct proc *p, int which, void *out);
#endif
