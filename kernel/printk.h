/* kernel/printk.h: kernel log (kernel/printk.c).
 * printk writes to the kernel log: an in-memory ring, the virtio port "ipclab.log" once it is up, and the PL011
 * console too when the command line says `verbose`. panic prints on the PL011 always, then halts with status 70. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include "kernel/types.h"
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#endif
