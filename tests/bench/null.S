/* tests/bench/null.S: the null guest for scripts/bench. It prints "first" on the PL011 at its first
 * instruction and powers off through PSCI SYSTEM_OFF, so booting it through the same QEMU command line as
 * ipclab measures QEMU's own start-up: the floor under ipclab's boot figure (built as build/bench/null.elf;
 * QEMU enters an ELF at e_entry at EL1 with the MMU off). */
	.text
	.globl	_start
_start:
	ldr	x1, =0x09000000		/* PL011 data register (PLATFORM.md) */
	adr	x2, msg
1:	ldrb	w3, [x2], #1
	cbz	w3, 2f
	strb	w3, [x1]
	b	1b
2:	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	hvc	#0
3:	wfi
	b	3b
msg:	.asciz	"first\n"
	.balign	8
	.ltorg
