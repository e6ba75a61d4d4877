# mk/kernel.mk: the kernel, build/kernel.elf. Every .c and .S under arch/aarch64, kernel (and kernel/lib, kernel/fs) and
# ipc is compiled; a new file needs no edit here.
CROSS ?= aarch64-linux-gnu-
KCC := $(CROSS)gcc
KLD := $(CROSS)ld
KOBJ := $(BUILD)/kernel
KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
	-ffreestanding -fno-builtin-printf -nostdlib -fno-stack-protector -fno-pie -fno-pic -mgeneral-regs-only -mno-outline-atomics \
	-fno-omit-frame-pointer -I. -MMD -MP
KASFLAGS := -g -I. -D__ASSEMBLER__ -MMD -MP
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

KSRCS := $(wildcard arch/aarch64/*.S arch/aarch64/*.c kernel/*.c kernel/lib/*.c kernel/fs/*.c ipc/*.c) \
	arch/aarch64/vdso/image.S
KOBJS := $(patsubst %,$(KOBJ)/%.o,$(KSRCS))

$(KOBJ)/%.c.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KCC     $<"
	@$(KCC) $(KCFLAGS) -DIPCLAB_REV='"$(GIT_REV)"' -c $< -o $@

$(KOBJ)/%.S.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KAS     $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

# The vDSO (arch/aarch64/vdso/vdso.h): its C and assembly build into a shared object that runs at EL0, linked as
# Linux arm64 links its own (arch/arm64/kernel/vdso/Makefile: -shared, SysV hash, -Bsymbolic, build id, no
# relocations: the check below fails the build if one appears). The kernel embeds the stripped image
# (arch/aarch64/vdso/image.S) and finds each __kernel_NAME at vdso_offset_NAME (vdso-offsets.h, from its symbols).
VDSO_OUT := $(KOBJ)/vdso
VDSO_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -I. -fPIC -ffreestanding -nostdlib -fno-stack-protector \
	-mgeneral-regs-only -mno-outline-atomics -fno-asynchronous-unwind-tables -fno-unwind-tables -MMD -MP
VDSO_OBJS := $(VDSO_OUT)/vgettimeofday.o $(VDSO_OUT)/sigreturn.o

$(VDSO_OUT)/%.o: arch/aarch64/vdso/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  VDSOCC  $<"
	@$(KCC) $(VDSO_CFLAGS) -c $< -o $@
$(VDSO_OUT)/%.o: arch/aarch64/vdso/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  VDSOAS  $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

$(VDSO_OUT)/vdso.so.dbg: $(VDSO_OBJS) arch/aarch64/vdso/vdso.lds
	@echo "  VDSOLD  $@"
	@$(KLD) -shared -nostdlib -soname=linux-vdso.so.1 --hash-style=sysv --build-id=sha1 -Bsymbolic \
		-z max-page-size=4096 -z noexecstack -T arch/aarch64/vdso/vdso.lds -o $@ $(VDSO_OBJS)
	@if $(CROSS)readelf -r $@ | grep -q 'Relocation section'; then \
		echo "vDSO: $@ has relocations; nothing relocates the vDSO (glibc maps it as it is)" >&2; \
		$(CROSS)readelf -r $@ >&2; rm -f $@; exit 1; fi
$(VDSO_OUT)/vdso.so: $(VDSO_OUT)/vdso.so.dbg
	@$(CROSS)objcopy -S $< $@
$(VDSO_OUT)/vdso-offsets.h: $(VDSO_OUT)/vdso.so.dbg
	@$(CROSS)nm $< | sed -n 's/^\([0-9a-f]*\) [Tt] __kernel_\(.*\)$$/#define vdso_offset_\2 0x\1/p' >$@.tmp
	@grep -q vdso_offset_rt_sigreturn $@.tmp || { echo "vDSO: no __kernel_rt_sigreturn in $<" >&2; exit 1; }
	@mv $@.tmp $@

$(KOBJ)/arch/aarch64/vdso/image.S.o: $(VDSO_OUT)/vdso.so
$(KOBJ)/arch/aarch64/vdso/image.S.o: KASFLAGS += -DVDSO_IMAGE='"$(VDSO_OUT)/vdso.so"'
$(KOBJ)/arch/aarch64/vdso.c.o: $(VDSO_OUT)/vdso-offsets.h
$(KOBJ)/arch/aarch64/vdso.c.o: KCFLAGS += -I$(VDSO_OUT)

$(BUILD)/kernel.elf: $(KOBJS) arch/aarch64/linker.ld
	@echo "  KLD     $@"
	@$(KLD) -nostdlib -z max-page-size=4096 -T arch/aarch64/linker.ld -o $@ $(KOBJS) $$($(KCC) -print-libgcc-file-name)

# kernel.img: the raw image with Linux's arm64 header, what QEMU boots (-kernel), so that it loads -initrd.
$(BUILD)/kernel.img: $(BUILD)/kernel.elf
	@$(CROSS)objcopy -O binary $< $@

kernel: $(BUILD)/kernel.elf $(BUILD)/kernel.img
.PHONY: kernel

-include $(KOBJS:.o=.d) $(VDSO_OBJS:.o=.d)
