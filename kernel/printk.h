/* kernel/printk.h: kernel log (kernel/printk.c).
 * printk writes to the kernel log: an in-memory ring, the virtio port "ipclab.log" once it is up, and the PL011
 * console too when the command line says `verbose`. panic prints on the PL011 always, then halts with status 70. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include "kernel/types.h"
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* klog_start: bring up the log's virtio port and print the boot lines (kernel/main.c, which says when it runs);
 * a no-op after the first call. IRQs masked. */
void klog_start(void);
/* klog_tick: from the scheduler tick with the time since boot (ns): klog_start once that is KLOG_DEFER_NS. */
void klog_tick(u64 now_ns);
#define KLOG_DEFER_NS (50 * 1000000UL) /* 50 ms */
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#endif
