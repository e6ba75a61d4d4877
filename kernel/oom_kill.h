/* kernel/oom_kill.h: the out-of-memory killer (kernel/oom_kill.c). */
#ifndef KERNEL_OOM_KILL_H
#define KERNEL_OOM_KILL_H
/* out_of_memory: a user page fault found no free page: SIGKILL (from the kernel, SI_KERNEL) to the process using
 * the most memory (init only when nothing else can go), reported in the kernel log as Linux does ("Out of
 * memory: Killed process PID (NAME) total-vm:...kB, anon-rss:...kB"); the caller then retries the access. While
 * an earlier victim is still exiting, it only yields. Takes proc_lock. */
void out_of_memory(void);
#endif
