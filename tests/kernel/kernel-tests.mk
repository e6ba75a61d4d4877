# tests/kernel/kernel-tests.mk: tests of the kernel as a whole and of the trace tooling (included from
# tests/conformance/conformance.mk).
#   make test-trace               ipclab: 20,000 pipe operations traced through a slow socket reader, the trace
#                                 checked complete and valid (scripts/trace-test)          (KERNEL_SUITES)
#   make test-conformance-traced  ipclab: the conformance programs with the trace on: same outputs, valid trace,
#                                 no leaked pages or pipes at halt (robust included)       (KERNEL_SUITES)
#   make test-run-elf             scripts/run-elf as a user runs it (tests/run-elf/status.c): the terminal shows
#                                 the program's output only, exit status and 128 + signal, --trace, --linux
#                                 (scripts/run-elf-test)                                   (KERNEL_SUITES)
#   make test-check-trace         host only: scripts/check-trace accepts a good trace and rejects each of the
#                                 broken ones in tests/kernel/traces/                       (TEST_SUITES)

test-trace: kernel user
	@scripts/trace-test
test-conformance-traced: kernel user
	@scripts/conformance --on ipclab --trace $(CONF_BASIC)
test-run-elf: kernel user
	@scripts/run-elf-test
test-check-trace:
	@mkdir -p $(BUILD)
	@n=0; fail=0; \
	for f in tests/kernel/traces/*.jsonl; do \
		n=$$((n + 1)); b=$$(basename $$f); \
		scripts/check-trace --no-leaks $$f >build/check-trace-$$b.log 2>&1; rc=$$?; \
		case $$b in \
		good-*) if [ $$rc = 0 ]; then echo "ok $$n - check-trace accepts $$b"; else echo "not ok $$n - check-trace rejects $$b"; sed 's/^/#   /' build/check-trace-$$b.log; fail=1; fi ;; \
		*) if [ $$rc = 1 ]; then echo "ok $$n - check-trace rejects $$b: $$(grep -m1 FAILED build/check-trace-$$b.log)"; else echo "not ok $$n - check-trace accepts $$b (exit $$rc)"; fail=1; fi ;; \
		esac; \
	done; exit $$fail
.PHONY: test-trace test-conformance-traced test-run-elf test-check-trace

KERNEL_SUITES += trace conformance-traced run-elf
TEST_SUITES += check-trace
