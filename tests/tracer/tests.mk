# tests/tracer/tests.mk: the tracer's test suites (included from tracer/tracer.mk).
#   test-tracer-model   cmocka: events -> state, bad input, seek == replay, incremental (live) feed
#   test-tracer-render  headless frames (software renderer) against tests/tracer/ref/*.png
#   test-tracer-cli     headless CLI: --png, --storyboard, Chrome export (JSON fields Perfetto reads), bad input
#   test-tracer-live    --live over a unix socket and stdin fed slowly by a script, with a seq gap
#   test-tracer-fuzz    a few seconds of libFuzzer on the parser (make fuzz for a long run)

TEST_SUITES += tracer-model tracer-render tracer-cli tracer-live tracer-fuzz
TR_T := $(BUILD)/tracer/tests
TR_TAP := CMOCKA_MESSAGE_OUTPUT=TAP

$(TR_T)/test_model: tests/tracer/test_model.c $(TR_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) -o $@ $< $(TR_MODEL_LIB) $(TR_CJSON_LIBS) -lcmocka -lm

test-tracer-model: $(TR_T)/test_model
	@$(TR_TAP) $(TR_T)/test_model
.PHONY: test-tracer-model

$(TR_T)/test_render: tests/tracer/test_render.c $(TR_UI_LIB) $(TR_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) $(TR_SDL_CFLAGS) -Itracer/ui -o $@ $< $(TR_UI_LIB) $(TR_MODEL_LIB) $(TR_SDL_LIBS) $(TR_CJSON_LIBS) -lm

test-tracer-render: $(TR_T)/test_render
	@SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software $(TR_T)/test_render

# Regenerate the reference frames on purpose (then look at them: tests/tracer/ref/*.png).
tracer-refs: $(TR_T)/test_render
	@SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software $(TR_T)/test_render --update
.PHONY: test-tracer-render tracer-refs

test-tracer-cli: $(BUILD)/ipctrace
	@tests/tracer/cli-tests.sh
.PHONY: test-tracer-cli

test-tracer-live: $(BUILD)/ipctrace
	@tests/tracer/live-tests.sh
.PHONY: test-tracer-live

# libFuzzer build of the model (clang, ASan + UBSan); short run in test-tracer-fuzz, long one in `make fuzz`.
TR_FUZZ := $(TR_T)/fuzz_trace
TR_FUZZ_CORPUS := $(BUILD)/tracer/fuzz-corpus
FUZZ_SECONDS ?= 300
$(TR_FUZZ): tests/tracer/fuzz_trace.c $(TR_MODEL_SRC) $(wildcard tracer/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Itracer $(TR_CJSON_CFLAGS) \
		-o $@ $< $(TR_MODEL_SRC) $(TR_CJSON_LIBS) -lm -pthread

# Regressions (tests/tracer/regress/: inputs that were undefined behaviour or crashes) seed the corpus too.
TR_REGRESS := $(wildcard tests/tracer/regress/*)
$(TR_FUZZ_CORPUS)/.seeded: $(wildcard traces/*.jsonl) tests/tracer/bad-input.jsonl $(TR_REGRESS)
	@mkdir -p $(dir $@)
	@cp $^ $(dir $@)
	@touch $@

test-tracer-fuzz: $(TR_FUZZ) $(TR_FUZZ_CORPUS)/.seeded
	@echo "1..2"
	@if $(TR_FUZZ) $(TR_REGRESS) >$(TR_T)/regress.log 2>&1; then \
		echo "ok 1 - the fuzz regressions under ASan and UBSan: $(notdir $(TR_REGRESS))"; \
	else echo "not ok 1 - a fuzz regression fails (see $(TR_T)/regress.log)"; tail -30 $(TR_T)/regress.log | sed 's/^/#   /'; exit 1; fi
	@if $(TR_FUZZ) -max_total_time=6 -max_len=4096 -print_final_stats=1 -artifact_prefix=$(TR_T)/ $(TR_FUZZ_CORPUS) \
		>$(TR_T)/fuzz.log 2>&1; then \
		echo "ok 2 - libFuzzer on the trace model: $$(grep -o 'stat::number_of_executed_units: [0-9]*' $(TR_T)/fuzz.log | cut -d' ' -f2) inputs in 6 s: no crash, no undefined behaviour, seek == replay, fast parser == cJSON"; \
	else echo "not ok 2 - libFuzzer found a crash (see $(TR_T)/fuzz.log)"; tail -30 $(TR_T)/fuzz.log | sed 's/^/#   /'; exit 1; fi

fuzz-tracer: $(TR_FUZZ) $(TR_FUZZ_CORPUS)/.seeded
	$(TR_FUZZ) -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -artifact_prefix=$(TR_T)/ $(TR_FUZZ_CORPUS)
fuzz: fuzz-tracer
.PHONY: test-tracer-fuzz fuzz-tracer fuzz
