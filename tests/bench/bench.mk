# tests/bench/bench.mk: `make bench`: ipclab against Debian's Linux under the same QEMU (scripts/bench: boot
# time, pipe round trip and bandwidth, tracing cost, beside the issue's targets), then the tracer's own
# figures (bench-tracer) when the tracer defines that target. Included from tests/conformance/conformance.mk.

bench: kernel user $(BUILD)/bench/null.elf $(SHELL_IMAGE)
	@scripts/bench; rc=$$?; \
	if $(MAKE) -n bench-tracer >/dev/null 2>&1; then $(MAKE) --no-print-directory bench-tracer || rc=1; fi; \
	exit $$rc
.PHONY: bench

# The null guest: QEMU's own start-up, measured beside ipclab's boot (tests/bench/null.S).
$(BUILD)/bench/null.elf: tests/bench/null.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KAS     $<"
	@$(KCC) -nostdlib -static -Wl,-Ttext=0x40080000 -Wl,-z,max-page-size=4096 -o $@ $<
