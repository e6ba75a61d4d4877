# tests/tests.mk: `make test` runs every suite listed in TEST_SUITES through scripts/run-tests.
# A fragment adds a suite by appending its name to TEST_SUITES and defining a phony target test-NAME
# that prints TAP lines ("ok N - what" / "not ok N - what") and exits non-zero on failure.

test: all
	@scripts/run-tests $(TEST_SUITES)
.PHONY: test
include tests/conformance/conformance.mk
include tests/shell/shell.mk
include tests/tty/tty.mk
include tests/virtio/virtio.mk
include tests/unit/unit.mk

# The kernel's own suites (conformance programs on ipclab, trace completeness) run in every `make test`.
TEST_SUITES += $(KERNEL_SUITES)
include tests/gdb/gdb.mk
include tests/labs/labs.mk
# The same conformance programs on Debian's Linux: proves the expected outputs are Linux's behaviour.
TEST_SUITES += $(LINUX_SUITES)
