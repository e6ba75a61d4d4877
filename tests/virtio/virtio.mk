# tests/virtio/virtio.mk: `make test-virtio`: kernel/virtio_console.c and kernel/trace.c on bare metal under QEMU
# (tests/virtio/harness: MMU identity-mapped, no scheduler), with a file chardev, a slow unix-socket reader and
# the legacy transport; the host checks every trace line (tests/virtio/check_trace.py). See tests/virtio/run.
VIRTIO_OUT := $(BUILD)/virtio
VIRTIO_SRCS := kernel/virtio_console.c kernel/trace.c kernel/spinlock.c kernel/fdt.c kernel/lib/jsonw.c \
	kernel/lib/string.c kernel/lib/vsnprintf.c tests/virtio/harness/main.c tests/virtio/harness/hal.c \
	tests/virtio/harness/boot.S
VIRTIO_OBJS := $(patsubst %,$(VIRTIO_OUT)/obj/%.o,$(VIRTIO_SRCS))
VIRTIO_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -ffreestanding -nostdlib -fno-stack-protector -fno-pie -fno-pic \
	-mgeneral-regs-only -I. -DKERNEL_VBASE=0UL -DIPCLAB_REV='"harness"' -MMD -MP

$(VIRTIO_OUT)/obj/%.o: % | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(CROSS)gcc $(VIRTIO_CFLAGS) -c $< -o $@

$(VIRTIO_OUT)/harness.elf: $(VIRTIO_OBJS) tests/virtio/harness/link.ld
	@$(CROSS)ld -nostdlib -z max-page-size=4096 --no-warn-rwx-segments -T tests/virtio/harness/link.ld -o $@ \
		$(VIRTIO_OBJS)

test-virtio: $(VIRTIO_OUT)/harness.elf
	@tests/virtio/run $(VIRTIO_OUT)
.PHONY: test-virtio

TEST_SUITES += virtio
-include $(VIRTIO_OBJS:.o=.d)
