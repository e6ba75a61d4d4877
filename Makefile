# ipclab top-level Makefile.
# `make demo` runs the demonstration, `make test` runs every test and ends with "N passed, M failed".
# Everything built goes under build/. Each part of the tree adds its rules through a fragment:
#   mk/kernel.mk      kernel (arch/aarch64, kernel, ipc) -> build/kernel.elf
#   user/user.mk      user programs (musl, static)       -> build/user/*, build/initramfs.cpio
#   mk/debian.mk      Debian's binaries as test inputs   -> build/debian/busybox (busybox-static, arm64)
#   mk/labs.mk        labs: run, grade, skeletons, saved traces
#   tracer/tracer.mk  host tracer (SDL2, cJSON)           -> build/ipctrace
#   mk/gdb.mk         make gdb, qemu-gdb, gdb-attach
#   tests/tests.mk    host unit tests, kernel tests, conformance, bench

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build
V ?= 0

# Set-up comes first, before any rule is considered: build/config.mk is an included makefile, and GNU make remakes
# included makefiles before anything else and then restarts (GNU make manual, "How Makefiles Are Remade"). Its rule
# runs scripts/deps (the Debian packages, once per checkout and again when the script changes) and only then asks
# pkg-config for the libraries' flags, so the first `make` on a fresh machine builds with them.
# DEPS_STAMP is kept as the name other fragments order their compiles after.
CONFIG_MK := $(BUILD)/config.mk
DEPS_STAMP := $(CONFIG_MK)
$(CONFIG_MK): scripts/deps scripts/configure
	@mkdir -p $(BUILD)
	@scripts/deps
	@scripts/configure >$@.tmp && mv $@.tmp $@
ifneq ($(filter-out clean help,$(or $(MAKECMDGOALS),all)),)
include $(CONFIG_MK)
endif
deps: $(DEPS_STAMP)
.PHONY: deps

include mk/kernel.mk
include user/user.mk
include mk/debian.mk
include mk/labs.mk
include tracer/tracer.mk
include mk/gdb.mk
include tests/tests.mk

all: $(DEPS_STAMP) kernel user tracer
.PHONY: all

clean:
	rm -rf $(BUILD)
.PHONY: clean
