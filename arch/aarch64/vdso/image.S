/* arch/aarch64/vdso/image.S: the vDSO image (build/kernel/vdso/vdso.so, stripped; mk/kernel.mk builds it from this
 * directory's sources) inside the kernel, page-aligned so its pages can be mapped into processes as they are. */
	.section .rodata.vdso, "a"
	.balign	4096
	.globl	vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin	VDSO_IMAGE
	.balign	4096
vdso_image_end:
