# tracer/bench/bench.mk: `make bench-tracer` prints load rate, seek time, bytes/event and fps beside their
# targets (figures, not pass/fail). The 1,000,000-event trace is generated once into build/tracer/bench/.
TR_BENCH := $(BUILD)/tracer/bench/tracer-bench

$(TR_BENCH): tracer/bench/bench.c tracer/bench/gen.c tracer/bench/gen.h $(TR_UI_LIB) $(TR_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) $(TR_SDL_CFLAGS) -Itracer/ui -Itracer/bench -o $@ tracer/bench/bench.c tracer/bench/gen.c \
		$(TR_UI_LIB) $(TR_MODEL_LIB) $(TR_SDL_LIBS) $(TR_CJSON_LIBS) -lm

bench-tracer: $(TR_BENCH)
	@$(TR_BENCH) $(BUILD)/tracer/bench/trace-1m.jsonl
.PHONY: bench-tracer
