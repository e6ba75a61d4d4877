/* tests/virtio/harness/hal.c: the little of the kernel that virtio_console.c and trace.c need, for the harness
 * only (MMU off, one CPU): a bump page allocator, the generic timer, printk to the PL011, panic. The spinlock is
 * the kernel's own (kernel/spinlock.c). */
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "arch/aarch64/include/io.h"

void semihost_exit(int status) __attribute__((noreturn));

extern char _end[];
static u64 next_free;
static size_t in_use;
#define RAM_END 0x50000000UL /* 256 MiB from 0x40000000 */

void *page_alloc_contig(size_t n)
{
	if (!next_free)
		next_free = ALIGN_UP((u64)_end, PAGE_SIZE);
	if (next_free + n * PAGE_SIZE > RAM_END)
		return NULL;
	void *p = (void *)next_free;
	next_free += n * PAGE_SIZE;
	in_use += n;
	memset(p, 0, n * PAGE_SIZE);
	return p;
}
void *page_alloc(void) { return page_alloc_contig(1); }
void page_free(void *va) { (void)va; in_use--; }
void page_free_contig(void *va, size_t n) { (void)va; in_use -= n; }
size_t pages_in_use(void) { return in_use; }
void *kmalloc(size_t size) { return size <= PAGE_SIZE ? page_alloc() : NULL; }
void kfree(void *p) { if (p) page_free(p); }

u64 timer_hz;
u64 time_cycles(void) { isb(); return read_sysreg(cntvct_el0); }
u64 time_ns(void)
{
	u64 c = time_cycles();
	return c / timer_hz * 1000000000u + c % timer_hz * 1000000000u / timer_hz;
}

#define UART_DR ((volatile u32 *)0x09000000)
#define UART_FR ((volatile u32 *)0x09000018)
static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			*UART_DR = '\r';
		*UART_DR = (u8)*s;
	}
}

void printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	k_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	uart_puts(buf);
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	k_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	uart_puts("panic: ");
	uart_puts(buf);
	uart_puts("\n");
	semihost_exit(70);
}

/* mmu_on: identity-map the first 2 GiB with 1 GiB blocks (0..1 GiB Device-nGnRnE, RAM Normal write-back) and
 * turn the MMU and caches on, so figures resemble the kernel's (ARM ARM D8: 4 KiB granule, T0SZ = 25 starts
 * the walk at level 1). */
static u64 l1_table[512] __attribute__((aligned(4096)));
void mmu_on(void)
{
	l1_table[0] = 0x00000000UL | (0 << 2) | (1 << 10) | (3UL << 53) | 1; /* AttrIdx 0, AF, UXN|PXN, block */
	l1_table[1] = 0x40000000UL | (1 << 2) | (1 << 10) | (3 << 8) | 1;    /* AttrIdx 1, AF, inner shareable */
	write_sysreg(mair_el1, 0xff00UL); /* attr 0: Device-nGnRnE, attr 1: Normal WB RA WA */
	u64 tcr = 25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2UL << 32); /* T0SZ, WB, ISH, EPD1, 40-bit PA */
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (u64)l1_table);
	dsb(ish);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb ish\n isb" ::: "memory");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1 | (1 << 2) | (1 << 12));
	isb();
}
