# tests/unit/unit.mk: host unit tests of the kernel's library pieces (cmocka), built under build/unit/.
# `make test-unit` builds each tests/unit/test_NAME.c with the kernel sources it tests, under AddressSanitizer
# and UBSan, runs them and prints TAP (one "1..N" plan per test file); it fails if any test fails.
# Runs alone too: make -f tests/unit/unit.mk test-unit
# `make test-core LAB=NAME [IMPL=student|path]` (below; with mk/labs.mk's IMPL= handling) builds the test of a lab's
# core against a student's file; `make test-cores` shows that those tests fail for the classic mistakes.

BUILD ?= build
UNIT_OUT := $(BUILD)/unit
UNIT_CC := gcc
UNIT_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror=implicit-function-declaration -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_LDLIBS := -lcmocka

# The kernel's string.c is built under other names (k_memcpy...) so that it runs next to libc's own.
UNIT_STRING_FUNCS := memcpy memmove memset memcmp strlen strnlen strcmp strncmp strchr strrchr strlcpy
UNIT_STRING_DEFS := -fno-builtin $(foreach f,$(UNIT_STRING_FUNCS),-D$(f)=k_$(f))

# The lab cores (what students write in the implementation tracks: labs/*/lab.conf `impl:`), each tested by
# tests/unit/test_BASENAME.c with tests/unit/kshim.c standing for the rest of the kernel. `make test-core`
# (below) builds the same test against a student's file in place of the first source.
UNIT_CORES := pipe sem_core msg_core signal_core shm_core
UNIT_TESTS := string vsnprintf cpio elf fdt jsonw errno pipe_ring mqueue_core $(UNIT_CORES)
UNIT_SRC_string := $(UNIT_OUT)/k_string.o
UNIT_SRC_vsnprintf := kernel/lib/vsnprintf.c
UNIT_SRC_cpio := kernel/cpio.c
UNIT_SRC_elf := kernel/elf.c
UNIT_SRC_fdt := kernel/fdt.c
UNIT_SRC_jsonw := kernel/lib/jsonw.c
UNIT_SRC_errno := kernel/errno.c
UNIT_SRC_pipe_ring := ipc/pipe_ring.c
UNIT_SHIM := tests/unit/kshim.c kernel/errno.c
UNIT_SRC_pipe := ipc/pipe.c ipc/pipe_ring.c $(UNIT_SHIM)
UNIT_SRC_sem_core := ipc/sem_core.c $(UNIT_SHIM)
UNIT_SRC_msg_core := ipc/msg_core.c $(UNIT_SHIM)
UNIT_SRC_mqueue_core := ipc/mqueue_core.c $(UNIT_SHIM)
UNIT_SRC_signal_core := kernel/signal_core.c $(UNIT_SHIM)
UNIT_SRC_shm_core := ipc/shm_core.c $(UNIT_SHIM)
UNIT_LIBS_jsonw := -lcjson
UNIT_BINS := $(UNIT_TESTS:%=$(UNIT_OUT)/test_%)

# A real static AArch64 musl executable for test_elf.
UNIT_ELF_SAMPLE := $(UNIT_OUT)/hello-aarch64
$(UNIT_ELF_SAMPLE): tests/unit/data/hello.c
	@mkdir -p $(@D)
	aarch64-linux-gnu-gcc -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs -static -O2 -o $@ $<

$(UNIT_OUT)/k_string.o: kernel/lib/string.c kernel/lib/string.h kernel/types.h
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) $(UNIT_STRING_DEFS) -c -o $@ $<

$(UNIT_OUT)/test_%: tests/unit/test_%.c
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_SRC_$*) $(UNIT_LDLIBS) $(UNIT_LIBS_$*)

$(UNIT_OUT)/test_string: $(UNIT_OUT)/k_string.o
$(UNIT_OUT)/test_vsnprintf: kernel/lib/vsnprintf.c
$(UNIT_OUT)/test_cpio: kernel/cpio.c
$(UNIT_OUT)/test_elf: kernel/elf.c | $(UNIT_ELF_SAMPLE)
$(UNIT_OUT)/test_fdt: kernel/fdt.c tests/unit/data/virt.dtb
$(UNIT_OUT)/test_jsonw: kernel/lib/jsonw.c
$(UNIT_OUT)/test_errno: kernel/errno.c
$(UNIT_OUT)/test_pipe_ring: ipc/pipe_ring.c
$(UNIT_OUT)/test_mqueue_core: ipc/mqueue_core.c
$(foreach c,$(UNIT_CORES),$(eval $(UNIT_OUT)/test_$(c): $(UNIT_SRC_$(c))))

$(UNIT_BINS): $(wildcard kernel/*.h kernel/lib/*.h ipc/*.h tests/unit/*.h)

# ---- make test-core LAB=NAME [IMPL=student|path]: an implementation track's unit test ------------------------------
# tests/unit/test_BASENAME.c (BASENAME: of the lab's `impl:` file, so test_pipe for ipc/pipe.c) built with the flags
# above against the IMPL file in place of the `impl:` file (the reference when no IMPL; IMPL=student:
# labs/NAME/student/BASENAME.c, as mk/labs.mk says), tests/unit/kshim.c standing for the rest of the kernel; into
# build/unit/core-TAG/. Students run it before booting: it takes well under a second.
ifneq ($(LAB),)
CORE_OF := $(call lab_conf,$(LAB),impl)
CORE_NAME := $(basename $(notdir $(CORE_OF)))
CORE_FILE := $(or $(LAB_IMPL_FILE),$(CORE_OF))
ifneq ($(CORE_OF),)
CORE_BIN := $(BUILD)/unit/core-$(or $(LAB_IMPL_TAG),ref)$(if $(filter student,$(IMPL)),-$(LAB))/test_$(CORE_NAME)
CORE_OBJS := $(patsubst %.c,$(BUILD)/unit/core-obj/%.o,tests/unit/test_$(CORE_NAME).c $(filter-out $(CORE_OF),$(UNIT_SRC_$(CORE_NAME))))
$(CORE_BIN): $(CORE_FILE) $(CORE_OBJS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC(host) $@ ($(CORE_FILE) in place of $(CORE_OF))"
	@$(UNIT_CC) $(UNIT_CFLAGS) -Wno-unused-function -Wno-unused-parameter -o $@ $(CORE_FILE) $(CORE_OBJS) $(UNIT_LDLIBS)
endif
endif
# The test and the rest of what it links, compiled once for every IMPL.
$(BUILD)/unit/core-obj/%.o: %.c $(wildcard kernel/*.h kernel/lib/*.h ipc/*.h tests/unit/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(UNIT_CC) $(UNIT_CFLAGS) -c -o $@ $<
test-core: $(CORE_BIN)
	$(lab_need)
	@test -n "$(CORE_OF)" || { echo "lab $(LAB) has no implementation track (no impl: in labs/$(LAB)/lab.conf)" >&2; exit 2; }
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ./$(CORE_BIN) && \
		echo "test-core: $(CORE_FILE) passes every test of tests/unit/test_$(CORE_NAME).c" || \
		{ echo "test-core: $(CORE_FILE) fails tests of tests/unit/test_$(CORE_NAME).c (the ERROR lines above say why)"; exit 1; }
.PHONY: test-core

# Each binary prints its own TAP plan and lines; a failing binary does not stop the others.
test-unit: $(UNIT_BINS)
	@rc=0; for t in $(UNIT_BINS); do \
		echo "# $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
			UNIT_ELF_SAMPLE=$(UNIT_ELF_SAMPLE) ./$$t || rc=1; \
	done; exit $$rc
.PHONY: test-unit

TEST_SUITES += unit

# `make test-cores`: the lab-core tests fail for the untouched skeletons and for each classic mistake
# (tests/unit/data/buggy/*.patch), with the message the mistake deserves (tests/unit/test-cores).
test-cores:
	@tests/unit/test-cores
.PHONY: test-cores
TEST_SUITES += cores
