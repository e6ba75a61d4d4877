/* kernel/console.h: the console file (stdin/stdout/stderr of every process) on the PL011 (kernel/console.c). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
struct file;
/* console_open: a new open file description of the console (O_RDWR); NULL when out of memory. */
struct file *console_open(void);
/* console_irq: the UART received bytes: move them to the input ring and wake readers. */
void console_irq(void);
#endif
