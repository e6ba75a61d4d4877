/* arch/aarch64/platform.h: QEMU virt's devices (PLATFORM.md; QEMU hw/arm/virt.c memmap) and the arch drivers'
 * entry points. */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H
#include "kernel/types.h"

#define RAM_PHYS 0x40000000UL
#define PL011_PHYS 0x09000000UL
#define GICD_PHYS 0x08000000UL
#define GICC_PHYS 0x08010000UL
#define IRQ_VTIMER 27 /* PPI: EL1 virtual timer */
#define IRQ_UART 33   /* SPI 1 */

/* PL011 console (arch/aarch64/pl011.c) */
void pl011_init(void);
void pl011_putc(char c);
void pl011_write(const char *s, size_t n); /* bytes as they are: the host terminal adds "\r" */
int pl011_getc(void);                      /* -1 when nothing was received */
void pl011_ack(void);

/* GICv2 (arch/aarch64/gic.c) */
void gic_init(void);
void gic_enable(int intid);
int gic_ack(void); /* INTID of the pending interrupt (1023: spurious) */
void gic_eoi(int intid);

/* Generic timer (arch/aarch64/timer.c): a tick every 1/HZ s for preemption and sleeps. */
#define HZ 100
void timer_init(void);
void timer_irq(void);
/* timer_set_deadline: make sure the timer fires no later than time_ns() == ns. */
void timer_set_deadline(u64 ns);

/* Power off (arch/aarch64/trap.c): semihosting exit with status, QEMU exits with it. */
void machine_halt(int status) __attribute__((noreturn));
#endif
