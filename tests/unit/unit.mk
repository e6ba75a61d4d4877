# tests/unit/unit.mk: host unit tests of the kernel's library pieces (cmocka), built under build/unit/.
# `make test-unit` builds each tests/unit/test_NAME.c with the kernel sources it tests, under AddressSanitizer
# and UBSan, runs them and prints TAP (one "1..N" plan per test file); it fails if any test fails.
# Runs alone too: make -f tests/unit/unit.mk test-unit

BUILD ?= build
UNIT_OUT := $(BUILD)/unit
UNIT_CC := gcc
UNIT_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror=implicit-function-declaration -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_LDLIBS := -lcmocka

# The kernel's string.c is built under other names (k_memcpy...) so that it runs next to libc's own.
UNIT_STRING_FUNCS := memcpy memmove memset memcmp strlen strnlen strcmp strncmp strchr strrchr strlcpy
UNIT_STRING_DEFS := -fno-builtin $(foreach f,$(UNIT_STRING_FUNCS),-D$(f)=k_$(f))

UNIT_TESTS := string vsnprintf cpio elf fdt jsonw errno pipe_ring
UNIT_SRC_string := $(UNIT_OUT)/k_string.o
UNIT_SRC_vsnprintf := kernel/lib/vsnprintf.c
UNIT_SRC_cpio := kernel/cpio.c
UNIT_SRC_elf := kernel/elf.c
UNIT_SRC_fdt := kernel/fdt.c
UNIT_SRC_jsonw := kernel/lib/jsonw.c
UNIT_SRC_errno := kernel/errno.c
UNIT_SRC_pipe_ring := ipc/pipe_ring.c
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

$(UNIT_BINS): $(wildcard kernel/*.h kernel/lib/*.h ipc/*.h tests/unit/*.h)

# Each binary prints its own TAP plan and lines; a failing binary does not stop the others.
test-unit: $(UNIT_BINS)
	@rc=0; for t in $(UNIT_BINS); do \
		echo "# $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
			UNIT_ELF_SAMPLE=$(UNIT_ELF_SAMPLE) ./$$t || rc=1; \
	done; exit $$rc
.PHONY: test-unit

TEST_SUITES += unit
