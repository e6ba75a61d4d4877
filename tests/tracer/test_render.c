/* tests/tracer/test_render.c: headless frames (SDL software renderer) at fixed events compared with the
 * reference PNGs in tests/tracer/ref/. A pixel differs when a channel is off by more than PIX_TOL; a frame
 * passes when at most FRAC_TOL of its pixels differ (fonts anti-alias slightly differently across builds).
 * `test_render --update` rewrites the references (make tracer-refs): look at them before committing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL_image.h>
#include "app.h"
#include "ui.h"

#define PIX_TOL 40
#define FRAC_TOL 0.004

struct rcase {
	const char *name, *trace;
	long long seq;     /* -1: the last event; -2: before the first */
	float anim;
	int projector, w, h;
};

static const struct rcase cases[] = {
	{ "pipes-start", "traces/pipes-echo.jsonl", -2, 1, 0, 1280, 720 },
	{ "pipes-read-anim", "traces/pipes-echo.jsonl", 10, 0.5f, 0, 1280, 720 },
	{ "pipes-wake", "traces/pipes-echo.jsonl", 12, 1, 0, 1280, 720 },
	{ "pipes-eof", "traces/pipes-echo.jsonl", 22, 1, 0, 1280, 720 },
	{ "sysv-sem-wake", "traces/sysv-ipc.jsonl", 15, 0.5f, 0, 1280, 720 },
	{ "sysv-msg-block", "traces/sysv-ipc.jsonl", 25, 1, 0, 1280, 720 },
	{ "sysv-signal-projector", "traces/sysv-ipc.jsonl", 30, 0.4f, 1, 1280, 720 },
	{ "sysv-shm-rmid-1080p", "traces/sysv-ipc.jsonl", 45, 1, 0, 1920, 1080 },
	{ "bad-input", "tests/tracer/bad-input.jsonl", -1, 1, 0, 1280, 720 },
	{ "fifo-bytes", "traces/fifo-chat.jsonl", 10, 1, 0, 1280, 720 },
	{ "fifo-epipe-projector", "traces/fifo-chat.jsonl", 19, 0.5f, 1, 1280, 720 },
	{ "socketpair-shutdown", "traces/socketpair.jsonl", 15, 0.5f, 0, 1280, 720 },
};

/* Fraction of pixels that differ beyond PIX_TOL; -1 if the sizes differ. */
static double diff(SDL_Surface *a, SDL_Surface *b)
{
	if (a->w != b->w || a->h != b->h)
		return -1;
	SDL_Surface *ca = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_Surface *cb = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
	long bad = 0;
	for (int y = 0; y < ca->h; y++) {
		const Uint8 *pa = (const Uint8 *)ca->pixels + y * ca->pitch, *pb = (const Uint8 *)cb->pixels + y * cb->pitch;
		for (int x = 0; x < ca->w * 4; x += 4)
			for (int c = 0; c < 3; c++)
				if (abs(pa[x + c] - pb[x + c]) > PIX_TOL) {
					bad++;
					break;
				}
	}
	SDL_FreeSurface(ca);
	SDL_FreeSurface(cb);
	return (double)bad / ((double)a->w * a->h);
}

int main(int argc, char **argv)
{
	int update = argc > 1 && !strcmp(argv[1], "--update");
	int n = (int)(sizeof cases / sizeof cases[0]), failed = 0;
	printf("1..%d\n", n);
	for (int k = 0; k < n; k++) {
		const struct rcase *c = &cases[k];
		struct trace t;
		char ref[256], out[256];
		snprintf(ref, sizeof ref, "tests/tracer/ref/%s.png", c->name);
		snprintf(out, sizeof out, "build/tracer/tests/render-%s.png", c->name);
		if (trace_open_file(&t, c->trace) < 0) {
			printf("not ok %d - %s: cannot open %s\n", k + 1, c->name, c->trace);
			failed++;
			continue;
		}
		t.diag_out = NULL;
		trace_set_eof(&t);
		trace_load_all(&t);
		long idx = c->seq == -1 ? (long)t.n - 1 : c->seq == -2 ? -1 : (long)trace_find_seq(&t, c->seq);
		struct offscreen *o = offscreen_new(c->w, c->h);
		SDL_Surface *s = o ? offscreen_render(o, &t, idx, c->anim, c->projector) : NULL;
		if (!s) {
			printf("not ok %d - %s: render failed\n", k + 1, c->name);
			failed++;
		} else if (update) {
			IMG_SavePNG(s, ref);
			printf("ok %d - %s: reference written to %s\n", k + 1, c->name, ref);
		} else {
			IMG_SavePNG(s, out);
			SDL_Surface *r = IMG_Load(ref);
			double d = r ? diff(s, r) : -2;
			if (d >= 0 && d <= FRAC_TOL)
				printf("ok %d - %s matches %s (%.3f%% pixels differ)\n", k + 1, c->name, ref, d * 100);
			else {
				failed++;
				if (d == -2)
					printf("not ok %d - %s: no reference %s (make tracer-refs)\n", k + 1, c->name, ref);
				else if (d < 0)
					printf("not ok %d - %s: size differs from %s\n", k + 1, c->name, ref);
				else
					printf("not ok %d - %s: %.3f%% pixels differ from %s (see %s)\n", k + 1, c->name, d * 100, ref, out);
			}
			if (r)
				SDL_FreeSurface(r);
		}
		offscreen_free(o);
		trace_close(&t);
	}
	return failed ? 1 : 0;
}
