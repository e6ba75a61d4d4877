# ipclab top-level Makefile.
# `make demo` runs the demonstration, `make test` runs every test and ends with "N passed, M failed".
# Everything built goes under build/. Each part of the tree adds its rules through a fragment:
#   mk/kernel.mk      kernel (arch/aarch64, kernel, ipc) -> build/kernel.elf
#   user/user.mk      user programs (musl, static)       -> build/user/*, build/initramfs.cpio
#   tracer/tracer.mk  host tracer (SDL2, cJSON)           -> build/ipctrace
#   tests/tests.mk    host unit tests, kernel tests, conformance, bench

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build
V ?= 0

# Stamp file: scripts/deps runs once per checkout (again when the script changes).
DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP): scripts/deps
	@mkdir -p $(BUILD)
	@scripts/deps
	@touch $@
deps: $(DEPS_STAMP)
.PHONY: deps

include mk/kernel.mk
include user/user.mk
include mk/labs.mk
include tracer/tracer.mk
include mk/gdb.mk
include tests/tests.mk

all: $(DEPS_STAMP) kernel user tracer
.PHONY: all

clean:
	rm -rf $(BUILD)
.PHONY: clean
