# user/user.mk: guest programs (static, musl, aarch64) and the initramfs.
#   build/user/init               <- user/init.c                 /init
#   build/user/bin/NAME           <- user/demo/NAME.c            /bin/NAME
#   build/user/tests/NAME         <- tests/conformance/NAME.c,   /tests/NAME
#                                    tests/kernel/NAME.c
#   build/user/bench/NAME         <- tests/bench/NAME.c          /bench/NAME
#   build/initramfs.cpio          build/user packed by scripts/mkinitramfs (plus Linux's /dev, /proc, /tmp):
#                                 everything, what the tests, labs and the demo boot
#   build/initramfs-base.cpio     only /init, /bin and /bench (some 0.3 MB against 3.9): what run-elf adds a
#                                 program to, and what the boot benchmark boots; QEMU's loading of a 3.9 MB
#                                 -initrd costs about 5 ms of every start (docs/PERFORMANCE.md)
#   build/user-glibc/tests/NAME   <- tests/conformance/NAME.c built a second time with glibc (Debian's
#                                    `aarch64-linux-gnu-gcc -static`, libc6-dev-arm64-cross)
#   build/initramfs-glibc.cpio    the base image (musl /init, /bin with ipcs and ipcrm) and the glibc builds at
#                                 /tests/NAME (`make conformance-glibc`)
# The same binaries and initramfs boot on ipclab and on Debian's Linux (scripts/linux-ref).

USER_CC := aarch64-linux-gnu-gcc
USER_CFLAGS := -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs -static -O2 -Wall -Wextra -Wl,-z,max-page-size=4096 \
	-Iuser -Itests/conformance
USER_OUT := $(BUILD)/user
USER_HDRS := $(wildcard user/*.h tests/conformance/*.h tests/bench/*.h)

USER_BIN := $(patsubst user/demo/%.c,$(USER_OUT)/bin/%,$(wildcard user/demo/*.c))
USER_TESTS := $(patsubst tests/conformance/%.c,$(USER_OUT)/tests/%,$(wildcard tests/conformance/*.c)) \
	$(patsubst tests/kernel/%.c,$(USER_OUT)/tests/%,$(wildcard tests/kernel/*.c))
USER_BENCH := $(patsubst tests/bench/%.c,$(USER_OUT)/bench/%,$(wildcard tests/bench/*.c))
USER_PROGS := $(USER_OUT)/init $(USER_BIN) $(USER_TESTS) $(USER_BENCH)
INITRAMFS := $(BUILD)/initramfs.cpio
INITRAMFS_BASE := $(BUILD)/initramfs-base.cpio
USER_BASE := $(USER_OUT)/init $(USER_BIN) $(USER_BENCH)

# One guest program from one C file.
define user-link
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(V)),,@echo "  CC(user) $@";) $(USER_CC) $(USER_CFLAGS) -o $@ $<
endef

$(USER_OUT)/init: user/init.c $(USER_HDRS) | $(DEPS_STAMP)
	$(user-link)
$(USER_OUT)/bin/%: user/demo/%.c $(USER_HDRS) | $(DEPS_STAMP)
	$(user-link)
$(USER_OUT)/tests/%: tests/conformance/%.c $(USER_HDRS) | $(DEPS_STAMP)
	$(user-link)
$(USER_OUT)/tests/%: tests/kernel/%.c $(USER_HDRS) | $(DEPS_STAMP)
	$(user-link)
$(USER_OUT)/bench/%: tests/bench/%.c $(USER_HDRS) | $(DEPS_STAMP)
	$(user-link)

# Programs removed from the tree must not linger in the initramfs: pack exactly USER_PROGS.
# pack-initramfs PROGS: pack exactly these programs of build/user, stripped, at their paths below it.
pack-initramfs = @scripts/mkinitramfs --strip $(CROSS)strip -o $@ $(foreach p,$(1),--add $(patsubst $(USER_OUT)/%,%,$(p))=$(p))

$(INITRAMFS): $(USER_PROGS) scripts/mkinitramfs
	$(call pack-initramfs,$(USER_PROGS))

$(INITRAMFS_BASE): $(USER_BASE) scripts/mkinitramfs
	$(call pack-initramfs,$(USER_BASE))

user: $(USER_PROGS) $(INITRAMFS) $(INITRAMFS_BASE)
.PHONY: user

# The conformance programs built with glibc: the same sources and expected outputs as the musl builds, so the
# programs cannot depend on one C library's ways (stdio buffering, wrappers' system calls). Built on demand
# (make conformance-glibc), not by `make all`. The programs sit at /tests/NAME as in the musl image, because
# some exec themselves or a helper by that path.
USER_GLIBC_OUT := $(BUILD)/user-glibc
# -lm: glibc keeps <fenv.h>'s functions in libm (musl has one libc). -Wno-stringop-overflow: glibc declares access sizes that flag the programs' deliberately bad pointers.
USER_GLIBC_CFLAGS := -static -O2 -Wall -Wextra -Wno-stringop-overflow -Wl,-z,max-page-size=4096 -Iuser -Itests/conformance
USER_GLIBC_TESTS := $(patsubst tests/conformance/%.c,$(USER_GLIBC_OUT)/tests/%,$(wildcard tests/conformance/*.c))
INITRAMFS_GLIBC := $(BUILD)/initramfs-glibc.cpio

$(USER_GLIBC_OUT)/tests/%: tests/conformance/%.c $(USER_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(V)),,@echo "  CC(glibc) $@";) $(USER_CC) $(USER_GLIBC_CFLAGS) -o $@ $< -lm

$(INITRAMFS_GLIBC): $(INITRAMFS_BASE) $(USER_GLIBC_TESTS) scripts/mkinitramfs
	@scripts/mkinitramfs --strip $(CROSS)strip -o $@ --base $(INITRAMFS_BASE) \
		$(foreach p,$(USER_GLIBC_TESTS),--add $(patsubst $(USER_GLIBC_OUT)/%,%,$(p))=$(p))

user-glibc: $(USER_GLIBC_TESTS) $(INITRAMFS_GLIBC)
.PHONY: user-glibc

# make run-elf ELF=prog [ARGS="a b"] [TRACE=out.jsonl] [V=1] [LINUX=1] [LAB=NAME IMPL=student]: run one static
# aarch64 program on ipclab (or, with LINUX=1, on Debian's Linux) as a child of init; with LAB and IMPL, on the kernel
# built with that lab file (mk/labs.mk's LAB_KERNEL). make itself can only exit 0 or 2: a non-zero
# status shows as "[run-elf] Error N"; scripts/run-elf (same options) exits with the program's exact status.
run-elf: $(if $(filter 1,$(LINUX)),,kernel) user
	@test -n "$(ELF)" || { echo "usage: make run-elf ELF=path/to/static-aarch64-binary [ARGS=\"a b\"] [TRACE=out.jsonl] [V=1] [LINUX=1]" >&2; exit 2; }
	@scripts/run-elf $(if $(filter 1,$(V)),-v) $(if $(TRACE),--trace $(TRACE)) $(if $(filter 1,$(LINUX)),--linux) \
		$(if $(and $(LAB),$(IMPL)),--kernel $(LAB_KERNEL)) $(ELF) $(ARGS)
.PHONY: run-elf

# make demo: the default demonstration (scripts/demo), trace into traces/.
demo: all
	@scripts/demo
.PHONY: demo
