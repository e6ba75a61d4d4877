# tests/conformance/conformance.mk: conformance programs (tests/conformance/*.c, built by user/user.mk into
# /tests of the initramfs) compared with expectations taken from real Linux (scripts/conformance).
#   make test-conformance          on ipclab, programs within the first kernel's syscalls
#                                  (suite conformance, in KERNEL_SUITES)
#   make test-conformance-signals  on ipclab, programs that need signals (suite conformance-signals, KERNEL_SUITES)
#   make test-conformance-linux    all of them on Debian's Linux, the oracle (suite conformance-linux, LINUX_SUITES)
#   make conformance               all of them on both in one go, ipclab's differences shown against Linux's output
#   make conformance-expected      rewrite tests/conformance/*.expected from Linux's output
#   make test-fuzz, test-fuzz-linux  the differential fuzzer (sys_fuzz.c) on ipclab, on Linux (suites fuzz,
#                                  fuzz-linux); make fuzz-expected rewrites its expectation from Linux
#   make conformance-glibc         the glibc builds (user/user.mk, user-glibc) on both kernels, against the same
#                                  expectations
#   make test-conformance-glibc    the glibc builds on ipclab (suite conformance-glibc, KERNEL_SUITES): glibc's
#                                  signal handlers return through the vDSO, its clock_gettime reads it
#   make test-conformance-glibc-linux  the glibc builds on Linux only (suite conformance-glibc-linux, LINUX_SUITES):
#                                  proves one expectation holds for both C libraries

# The differential fuzzer (sys_fuzz.c) boots on its own: its 1400 calls take half a minute on Linux.
CONF_FUZZ := sys_fuzz
CONF_ALL := $(filter-out $(CONF_FUZZ),$(sort $(basename $(notdir $(wildcard tests/conformance/*.c)))))
CONF_SIGNALS := pipe_epipe
CONF_BASIC := $(filter-out $(CONF_SIGNALS),$(CONF_ALL))

test-conformance: kernel user
	@scripts/conformance --on ipclab $(CONF_BASIC)
test-conformance-signals: kernel user
	@scripts/conformance --on ipclab $(CONF_SIGNALS)
test-conformance-linux: user
	@scripts/conformance --on linux $(CONF_ALL)
conformance: kernel user
	@scripts/conformance --on both $(CONF_ALL)
conformance-expected: user
	@scripts/conformance --update $(CONF_ALL)
conformance-glibc: kernel user-glibc
	@scripts/conformance --on both --libc glibc $(CONF_ALL)
test-conformance-glibc: kernel user-glibc
	@scripts/conformance --on ipclab --libc glibc $(CONF_ALL)
test-conformance-glibc-linux: user-glibc
	@scripts/conformance --on linux --libc glibc $(CONF_ALL)
.PHONY: test-conformance test-conformance-signals test-conformance-linux conformance conformance-expected
.PHONY: conformance-glibc test-conformance-glibc test-conformance-glibc-linux

# make test-fuzz / test-fuzz-linux: the differential fuzzer's seeded calls on ipclab / Linux against the
# expectation Linux wrote (make fuzz-expected); every (call, errno) pair must be Linux's.
test-fuzz: kernel user
	@scripts/conformance --on ipclab $(CONF_FUZZ)
test-fuzz-linux: user
	@scripts/conformance --on linux $(CONF_FUZZ)
fuzz-expected: user
	@scripts/conformance --update $(CONF_FUZZ)
.PHONY: test-fuzz test-fuzz-linux fuzz-expected

KERNEL_SUITES += conformance conformance-signals conformance-glibc fuzz
LINUX_SUITES += conformance-linux conformance-glibc-linux fuzz-linux

include tests/kernel/kernel-tests.mk
include tests/bench/bench.mk
