# tests/gdb/gdb.mk: the GDB suite (tests/gdb/gdb-test): gdb-multiarch in batch mode against the kernel under QEMU's
# gdbstub, through `make gdb`'s own path: breakpoints in kmain and pipe_write, every ipc command, the
# pretty-printers, the stop notice and the tracer following it checked. About 2 s.
test-gdb: kernel user tracer
	@tests/gdb/gdb-test
.PHONY: test-gdb
TEST_SUITES += gdb
