# tracer/bench/bench.mk: `make bench-tracer` prints load rate, seek time, bytes/event and fps beside their
# targets (figures, not pass/fail). The 4,000,000-event trace (every object kind) is generated once into
# build/tracer/bench/. Without a display, the window figures come from an Xvfb screen of 3840x2160.
TR_BENCH := $(BUILD)/tracer/bench/tracer-bench

$(TR_BENCH): tracer/bench/bench.c tracer/bench/gen.c tracer/bench/gen.h $(TR_UI_LIB) $(TR_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) $(TR_SDL_CFLAGS) -Itracer/ui -Itracer/bench -o $@ tracer/bench/bench.c tracer/bench/gen.c \
		$(TR_UI_LIB) $(TR_MODEL_LIB) $(TR_SDL_LIBS) $(TR_CJSON_LIBS) -lm

bench-tracer: $(TR_BENCH)
	@if [ -n "$$DISPLAY" ]; then $(TR_BENCH) $(BUILD)/tracer/bench/trace-4m.jsonl; \
	else xvfb-run -a -s "-screen 0 3840x2160x24" $(TR_BENCH) $(BUILD)/tracer/bench/trace-4m.jsonl; fi
.PHONY: bench-tracer
