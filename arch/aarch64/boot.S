/* arch/aarch64/boot.S: the kernel's entry. The image starts with Linux's arm64 Image header
 * (Documentation/arch/arm64/booting.rst), so QEMU boots build/kernel.img as it boots Linux: it loads the
 * initramfs, puts its place in the device tree, and passes the device tree's address in x0. (Given the ELF
 * instead, QEMU loads no initramfs; x0 is 0 and the device tree is at the start of RAM.)
 * QEMU enters _start at its physical address with the MMU off, at EL1 (or EL2 with virtualization=on: we drop to EL1). We build two tiny tables of 1 GiB blocks:
 * TTBR1 maps physical 0..4 GiB at KERNEL_VBASE (first GiB device memory, the rest normal memory), and a
 * temporary identity map of RAM in TTBR0 so the instruction after the MMU turns on still has a mapping.
 * Then we jump to the upper half, set the stack and call kmain(). */
#include "arch/aarch64/include/sysregs.h"

#define KERNEL_VBASE 0xffffff8000000000

	.section .text.boot, "ax"
	.globl _start
_start:
	b	real_start		/* code0 */
	.long	0			/* code1 */
	.quad	0x200000		/* text_offset: loaded at RAM + 2 MiB = 0x40200000, the link address */
	.quad	_kernel_size		/* image_size, including .bss */
	.quad	0x2			/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0
real_start:
	.cfi_startproc
	.cfi_undefined x30
	mov	x19, x0			/* device tree address (0 when booted as an ELF) */
	/* Only CPU 0 boots; others (if any) park. */
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cbnz	x1, park

	/* Leave EL2 if we were entered there. */
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.ne	1f
	mov	x1, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x1
	mov	x1, #3
	msr	cnthctl_el2, x1		/* EL1 may use the physical timer and counter */
	msr	cntvoff_el2, xzr
	mov	x1, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x1
	adr	x1, 1f
	msr	elr_el2, x1
	eret
1:
	/* Zero .bss (physical addresses: adrp is PC-relative, and we run at the physical copy), 64 bytes a turn:
	 * the linker script aligns both ends to 64. Under QEMU this loop is a third of the 8-byte one's time. */
	adrp	x1, _bss_start
	add	x1, x1, :lo12:_bss_start
	adrp	x2, _bss_end
	add	x2, x2, :lo12:_bss_end
2:	cmp	x1, x2
	b.hs	3f
	stp	xzr, xzr, [x1]
	stp	xzr, xzr, [x1, #16]
	stp	xzr, xzr, [x1, #32]
	stp	xzr, xzr, [x1, #48]
	add	x1, x1, #64
	b	2b
3:
	/* TTBR1 level-1 table: entry 0 = device GiB, entries 1..3 = normal memory. */
	adrp	x0, boot_pgd_high
	ldr	x1, =(PTE_BLOCK | PTE_AF | PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_PXN | PTE_UXN)
	str	x1, [x0]
	ldr	x1, =(PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | PTE_UXN | 0x40000000)
	mov	x2, #0x40000000
	str	x1, [x0, #8]
	add	x1, x1, x2
	str	x1, [x0, #16]
	add	x1, x1, x2
	str	x1, [x0, #24]
	/* TTBR0 identity: RAM's first GiB. */
	adrp	x3, boot_pgd_low
	ldr	x1, =(PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | 0x40000000)
	str	x1, [x3, #8]

	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	ldr	x1, =TCR_VALUE
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #7
	orr	x1, x1, x2, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x1
	msr	ttbr0_el1, x3
	msr	ttbr1_el1, x0
	/* FP/SIMD at EL0 and EL1 (CPACR_EL1.FPEN = 3): user programs use it; the kernel itself never does. */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	ldr	x1, =SCTLR_VALUE
	msr	sctlr_el1, x1
	isb

	/* Now running with the MMU on, still at the identity address; jump to the upper half. */
	ldr	x1, =upper
	br	x1
upper:
	ldr	x1, =boot_stack_top
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	kmain
park:
	wfe
	b	park
	.cfi_endproc
	.ltorg

	.section .bss
	.balign 4096
	.globl boot_pgd_high, boot_pgd_low
boot_pgd_high:
	.space 4096
boot_pgd_low:
	.space 4096
	.balign 16
boot_stack:
	.space 16384
	.globl boot_stack_top
boot_stack_top:
