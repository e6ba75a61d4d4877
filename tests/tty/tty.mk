# tests/tty/tty.mk: the terminal driven through QEMU's console (tests/tty/run): busybox sh on /dev/ttyAMA0 as in
# `make shell`, keys typed, the screen checked: canonical editing, ^C to a pipeline, ^Z and fg, SIGTTIN.
#   make test-tty          on ipclab (suite tty)
#   make test-tty-linux    the same scenarios on Linux (suite tty-linux, LINUX_SUITES): the expectations hold there
test-tty: kernel $(SHELL_IMAGE)
	@tests/tty/run --on ipclab
test-tty-linux: $(SHELL_IMAGE)
	@tests/tty/run --on linux
.PHONY: test-tty test-tty-linux
TEST_SUITES += tty
LINUX_SUITES += tty-linux
