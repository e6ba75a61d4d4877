# tracer/tracer.mk: the host-side visual tracer -> build/ipctrace, its tests, fuzz and bench.
# Included by the top-level Makefile (which sets BUILD); usable alone too: make -f tracer/tracer.mk tracer
#   make tracer              build/ipctrace
#   make test-tracer-*       test suites (TAP), listed in TEST_SUITES
#   make tracer-refs         regenerate the reference PNGs in tests/tracer/ref/ (deliberately!)
#   make fuzz                long libFuzzer run of the parser (FUZZ_SECONDS, default 300)
#   make bench-tracer        load/seek/memory/fps figures

BUILD ?= build
TR_B := $(BUILD)/tracer
TR_CC ?= cc
TR_PKGS := sdl2 SDL2_ttf SDL2_image
# TR_CJSON_CFLAGS/LIBS and TR_SDL_CFLAGS/LIBS come from build/config.mk (scripts/configure, after scripts/deps);
# used alone (make -f tracer/tracer.mk), pkg-config is asked here.
ifndef TR_SDL_LIBS
TR_CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
TR_CJSON_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
TR_SDL_CFLAGS := $(shell pkg-config --cflags $(TR_PKGS) 2>/dev/null)
TR_SDL_LIBS := $(shell pkg-config --libs $(TR_PKGS) 2>/dev/null)
endif
TR_WARN := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
TR_CFLAGS := -std=gnu11 -O2 -g -pthread $(TR_WARN) -MMD -MP -Itracer $(TR_CJSON_CFLAGS)

TR_MODEL_SRC := $(wildcard tracer/*.c)
TR_UI_SRC := $(wildcard tracer/ui/*.c)
TR_MODEL_OBJ := $(TR_MODEL_SRC:tracer/%.c=$(TR_B)/model/%.o)
TR_UI_OBJ := $(TR_UI_SRC:tracer/ui/%.c=$(TR_B)/ui/%.o)
TR_UI_LIB_OBJ := $(filter-out $(TR_B)/ui/main.o,$(TR_UI_OBJ))
TR_MODEL_LIB := $(TR_B)/libtracemodel.a
TR_UI_LIB := $(TR_B)/libtraceui.a

tracer: $(BUILD)/ipctrace
.PHONY: tracer

$(TR_B)/model/%.o: tracer/%.c
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) -c $< -o $@

$(TR_B)/ui/%.o: tracer/ui/%.c
	@mkdir -p $(dir $@)
	$(TR_CC) $(TR_CFLAGS) $(TR_SDL_CFLAGS) -c $< -o $@

$(TR_MODEL_LIB): $(TR_MODEL_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(TR_UI_LIB): $(TR_UI_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/ipctrace: $(TR_B)/ui/main.o $(TR_UI_LIB) $(TR_MODEL_LIB)
	$(TR_CC) -pthread -o $@ $^ $(TR_SDL_LIBS) $(TR_CJSON_LIBS) -lm

-include $(TR_MODEL_OBJ:.o=.d) $(TR_UI_OBJ:.o=.d)

include tests/tracer/tests.mk
include tracer/bench/bench.mk
