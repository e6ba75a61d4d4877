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

KSRCS := $(wildcard arch/aarch64/*.S arch/aarch64/*.c kernel/*.c kernel/lib/*.c kernel/fs/*.c ipc/*.c)
KOBJS := $(patsubst %,$(KOBJ)/%.o,$(KSRCS))

$(KOBJ)/%.c.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KCC     $<"
	@$(KCC) $(KCFLAGS) -DIPCLAB_REV='"$(GIT_REV)"' -c $< -o $@

$(KOBJ)/%.S.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KAS     $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KOBJS) arch/aarch64/linker.ld
	@echo "  KLD     $@"
	@$(KLD) -nostdlib -z max-page-size=4096 -T arch/aarch64/linker.ld -o $@ $(KOBJS) $$($(KCC) -print-libgcc-file-name)

# kernel.img: the raw image with Linux's arm64 header, what QEMU boots (-kernel), so that it loads -initrd.
$(BUILD)/kernel.img: $(BUILD)/kernel.elf
	@$(CROSS)objcopy -O binary $< $@

kernel: $(BUILD)/kernel.elf $(BUILD)/kernel.img
.PHONY: kernel

-include $(KOBJS:.o=.d)
