/* tests/virtio/harness/boot.S: entry of the bare-metal virtio/trace harness. QEMU enters _start at EL1 with the
 * MMU off (identity addresses); set a stack, clear .bss, run hmain, and end QEMU with its return value through
 * semihosting SYS_EXIT (PLATFORM.md). */
	.section .text.boot, "ax"
	.global _start
_start:
	.cfi_startproc
	.cfi_undefined x30
	adrp	x1, stack_top
	add	x1, x1, :lo12:stack_top
	mov	sp, x1
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	hmain
	.global semihost_exit
semihost_exit:			/* w0: exit status */
	adrp	x1, exit_block
	add	x1, x1, :lo12:exit_block
	mov	x2, #0x0026
	movk	x2, #0x2, lsl #16	/* ADP_Stopped_ApplicationExit */
	str	x2, [x1]
	uxtw	x0, w0
	str	x0, [x1, #8]
	mov	w0, #0x18		/* SYS_EXIT */
	hlt	#0xf000
3:	wfi
	b	3b
	.cfi_endproc

	.bss
	.balign 16
exit_block:
	.skip	16
	.balign 16
stack:
	.skip	65536
stack_top:
