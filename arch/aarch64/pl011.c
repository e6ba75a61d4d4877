/* arch/aarch64/pl011.c: the PL011 UART at 0x09000000 (QEMU virt), SPI 1 = INTID 33: the console that user
 * programs' stdin/stdout/stderr use. Output is polled; input arrives by interrupt into a ring that
 * kernel/console.c reads. (ARM PrimeCell UART PL011 TRM, DDI 0183.) */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/platform.h"
#include "kernel/mm.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IBRD 0x24
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)
#define IMSC_RX (1u << 4)
#define IMSC_RT (1u << 6)

static volatile u8 *uart_base(void) { return phys_to_virt(PL011_PHYS); }
static volatile u8 *early_base = (volatile u8 *)PL011_PHYS; /* MMU off: physical */
static bool mmu_on;

void pl011_putc(char c)
{
	volatile u8 *b = mmu_on ? uart_base() : early_base;
	while (mmio_read32(b + UART_FR) & FR_TXFF)
		;
	mmio_write32(b + UART_DR, (u8)c);
}

void pl011_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pl011_putc(s[i]);
}

void pl011_init(void)
{
	mmu_on = true;
	volatile u8 *b = uart_base();
	mmio_write32(b + UART_IMSC, IMSC_RX | IMSC_RT);
	mmio_write32(b + UART_CR, 0x301); /* UARTEN, TXE, RXE */
}

/* pl011_getc: the next received byte, or -1 when the receive FIFO is empty. */
int pl011_getc(void)
{
	volatile u8 *b = uart_base();
	if (mmio_read32(b + UART_FR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(b + UART_DR) & 0xff);
}

void pl011_ack(void) { mmio_write32(uart_base() + UART_ICR, IMSC_RX | IMSC_RT); }
