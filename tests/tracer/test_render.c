/* tests/tracer/test_render.c: headless frames (SDL software renderer) at fixed events compared with the
 * reference PNGs in tests/tracer/ref/, and every frame drawn checked for text that is cut inside a word or a
 * number, clipped, or drawn over other text (the renderer reports each text box: gfx_report).
 * A pixel differs when a channel is off by more than PIX_TOL; a frame passes when at most FRAC_TOL of its pixels
 * differ (fonts anti-alias slightly differently across builds).
 *   test_render            the reference frames (and their text), then the sweep: key frames of every saved
 *                          trace at 1280x720, 1920x1080 and 3840x2160, normal and projector mode, text checked
 *   test_render --update   rewrite the references (make tracer-refs): look at them before committing */
#include <dirent.h>
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
	/* the presenter's layout: the same scenes at the three resolutions, both modes */
	/* the terminal (a real `make shell` session): ^C to a foreground pipeline from the key cap, a background job of two,
	 * a stopped job after the shell took the terminal back */
	{ "shell-ctrl-c", "traces/shell-jobs.jsonl", 113, 0.5f, 0, 1280, 720 },
	{ "shell-key-projector", "traces/shell-jobs.jsonl", 112, 0.5f, 1, 1920, 1080 },
	{ "shell-stopped-job", "traces/shell-jobs.jsonl", 158, 1, 0, 1280, 720 },
	{ "deadlock-720p", "tests/tracer/deadlock-v2.jsonl", -1, 1, 0, 1280, 720 },
	{ "deadlock-720p-projector", "tests/tracer/deadlock-v2.jsonl", -1, 1, 1, 1280, 720 },
	{ "deadlock-1080p", "tests/tracer/deadlock-v2.jsonl", -1, 1, 0, 1920, 1080 },
	{ "deadlock-1080p-projector", "tests/tracer/deadlock-v2.jsonl", -1, 1, 1, 1920, 1080 },
	{ "deadlock-4k", "tests/tracer/deadlock-v2.jsonl", -1, 1, 0, 3840, 2160 },
	{ "deadlock-4k-projector", "tests/tracer/deadlock-v2.jsonl", -1, 1, 1, 3840, 2160 },
	{ "signals-720p", "traces/sysv-ipc.jsonl", 33, 1, 0, 1280, 720 },
	{ "signals-720p-projector", "traces/sysv-ipc.jsonl", 33, 1, 1, 1280, 720 },
	{ "signals-1080p", "traces/sysv-ipc.jsonl", 33, 1, 0, 1920, 1080 },
	{ "signals-1080p-projector", "traces/sysv-ipc.jsonl", 33, 1, 1, 1920, 1080 },
	{ "signals-4k", "traces/sysv-ipc.jsonl", 33, 1, 0, 3840, 2160 },
	{ "signals-4k-projector", "traces/sysv-ipc.jsonl", 33, 1, 1, 3840, 2160 },
	/* Unix sockets, POSIX queues and futexes, traced on the kernel (tests/tracer/progs/): a socketpair's bytes sliding
	 * into the other end's queue, a listener's backlog, datagrams with their senders' names, a pipe's end in flight
	 * (SCM_RIGHTS), a deadlock through a socketpair; messages by priority with a sender asleep on the full queue,
	 * one dropping into its place, a notification registered; sleepers requeued to another futex word */
	{ "unix-pair-send-anim", "traces/unix-sockets.jsonl", 26, 0.5f, 0, 1280, 720 },
	{ "unix-listener-1080p-projector", "traces/unix-sockets.jsonl", 48, 1, 1, 1920, 1080 },
	{ "unix-dgram-4k", "traces/unix-sockets.jsonl", 65, 1, 0, 3840, 2160 },
	{ "unix-scm-rights-projector", "traces/unix-sockets.jsonl", 86, 0.5f, 1, 1280, 720 },
	{ "unix-deadlock-720p", "tests/tracer/sock-deadlock.jsonl", -1, 1, 0, 1280, 720 },
	{ "unix-deadlock-720p-projector", "tests/tracer/sock-deadlock.jsonl", -1, 1, 1, 1280, 720 },
	/* two threads each holding a priority-inheritance lock the other waits for: futex.wait's owner closes the cycle;
	 * in the narrow projector card the labels lose their kind rather than run past the card */
	{ "pi-deadlock-720p", "tests/tracer/pi-deadlock.jsonl", 23, 1, 0, 1280, 720 },
	{ "pi-deadlock-720p-projector", "tests/tracer/pi-deadlock.jsonl", 23, 1, 1, 1280, 720 },
	{ "mq-full-sender-720p", "traces/mqueue.jsonl", 24, 1, 0, 1280, 720 },
	{ "mq-prio-insert-anim", "traces/mqueue.jsonl", 14, 0.5f, 0, 1280, 720 },
	{ "mq-notify-4k-projector", "traces/mqueue.jsonl", 59, 1, 1, 3840, 2160 },
	{ "futex-requeue-anim", "traces/futex-requeue.jsonl", 34, 0.5f, 0, 1280, 720 },
	{ "futex-requeue-1080p-projector", "traces/futex-requeue.jsonl", 34, 1, 1, 1920, 1080 },
	/* shared mappings: a child's first touch makes a page of shared memory (after its munmap split its mapping), a
	 * file mapped three times by one process, shared memory grown past its end by mremap; real-time signals queued with their values, one leaving at delivery */
	{ "mmap-first-touch-anim", "traces/mmap-shared.jsonl", 57, 0.5f, 0, 1280, 720 },
	{ "mmap-file-1080p-projector", "traces/mmap-shared.jsonl", 133, 1, 1, 1920, 1080 },
	{ "mmap-grown-past-end", "traces/mmap-mremap.jsonl", 63, 0.5f, 0, 1280, 720 },
	{ "sig-rt-values-anim", "traces/sig-rt.jsonl", 109, 0.5f, 0, 1280, 720 },
	{ "sig-rt-deliver-4k", "traces/sig-rt.jsonl", 34, 0.5f, 0, 3840, 2160 },
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

static int load(struct trace *t, const char *path)
{
	if (trace_open_file(t, path) < 0)
		return -1;
	t->diag_out = NULL;
	trace_set_eof(t);
	trace_load_all(t);
	return 0;
}

/* render_at: trace `path` drawn at record seq (animation e, projector or not) in a w x h offscreen that reports its
 * text boxes, in focus mode on process focus (-1 none) with toast showing (NULL none); NULL when the trace or
 * the offscreen cannot be made. render_done frees both. */
static struct offscreen *render_at(struct trace *t, const char *path, long long seq, float e, int projector, int w, int h,
				   int32_t focus, const char *toast)
{
	if (load(t, path) < 0)
		return NULL;
	struct offscreen *o = offscreen_new(w, h);
	if (!o) {
		trace_close(t);
		return NULL;
	}
	offscreen_report(o, 1);
	offscreen_focus_toast(o, focus, toast);
	offscreen_render(o, t, (long)trace_find_seq(t, seq), e, projector);
	return o;
}

static void render_done(struct offscreen *o, struct trace *t)
{
	offscreen_free(o);
	trace_close(t);
}

static char problems[1 << 16];

/* The reference frames. Returns the number of failures. */
static int references(int update, int *k)
{
	int n = (int)(sizeof cases / sizeof cases[0]), failed = 0;
	for (int i = 0; i < n; i++) {
		const struct rcase *c = &cases[i];
		struct trace t;
		char ref[256], out[256];
		snprintf(ref, sizeof ref, "tests/tracer/ref/%s.png", c->name);
		snprintf(out, sizeof out, "build/tracer/tests/render-%s.png", c->name);
		++*k;
		if (load(&t, c->trace) < 0) {
			printf("not ok %d - %s: cannot open %s\n", *k, c->name, c->trace);
			failed++;
			continue;
		}
		long idx = c->seq == -1 ? (long)t.n - 1 : c->seq == -2 ? -1 : (long)trace_find_seq(&t, c->seq);
		struct offscreen *o = offscreen_new(c->w, c->h);
		if (o)
			offscreen_report(o, 1);
		SDL_Surface *s = o ? offscreen_render(o, &t, idx, c->anim, c->projector) : NULL;
		int np = o ? offscreen_text_problems(o, problems, sizeof problems) : 0;
		if (!s) {
			printf("not ok %d - %s: render failed\n", *k, c->name);
			failed++;
		} else if (update) {
			IMG_SavePNG(s, ref);
			printf("ok %d - %s: reference written to %s\n", *k, c->name, ref);
		} else {
			IMG_SavePNG(s, out);
			SDL_Surface *r = IMG_Load(ref);
			double d = r ? diff(s, r) : -2;
			if (d >= 0 && d <= FRAC_TOL && !np)
				printf("ok %d - %s matches %s (%.3f%% pixels differ), no text cut, clipped or overlapping\n", *k, c->name, ref, d * 100);
			else {
				failed++;
				if (np)
					printf("not ok %d - %s: %d text problems (see %s)\n", *k, c->name, np, out);
				else if (d == -2)
					printf("not ok %d - %s: no reference %s (make tracer-refs)\n", *k, c->name, ref);
				else if (d < 0)
					printf("not ok %d - %s: size differs from %s\n", *k, c->name, ref);
				else
					printf("not ok %d - %s: %.3f%% pixels differ from %s (see %s)\n", *k, c->name, d * 100, ref, out);
			}
			if (np)
				for (char *l = strtok(problems, "\n"); l; l = strtok(NULL, "\n"))
					printf("#   %s\n", l);
			if (r)
				SDL_FreeSurface(r);
		}
		render_done(o, &t);
	}
	return failed;
}

/* The SVG of a frame (--svg) is the same picture: drawn by librsvg (rsvg-convert, not our code), at most SVG_TOL
 * of its pixels differ from the software renderer's beyond PIX_TOL (all of them in text: FreeType's hinting in
 * SDL_ttf against Pango's; a missing card or panel is more), and it has the frame's texts as text. Frames in both
 * modes, with arrows, chips, rings, clipped cards and the timeline. Returns the number of failures. */
#define SVG_TOL 0.06
static int svg_cases(int *k)
{
	static const struct rcase sv[] = {
		{ "svg-shell-ctrl-c", "traces/shell-jobs.jsonl", 113, 0.5f, 0, 1280, 720 },
		{ "svg-sysv-projector", "traces/sysv-ipc.jsonl", 30, 0.4f, 1, 1920, 1080 },
	};
	static const char *const texts[][3] = {
		{ ">^C typed on terminal 0 sent SIGINT to cat(7)<", ">foreground group 7: cat(7), cat(8)<", ">Processes (6)<" },
		{ ">Processes (2)<", ">Signals<", ">1 message · 4 of 16384 bytes<" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++) {
		const struct rcase *c = &sv[i];
		char svg[256], png[256], cmd[700];
		snprintf(svg, sizeof svg, "build/tracer/tests/render-%s.svg", c->name);
		snprintf(png, sizeof png, "build/tracer/tests/render-%s.png", c->name);
		struct trace t;
		FILE *f = fopen(svg, "w");
		struct offscreen *o = offscreen_new(c->w, c->h);
		++*k;
		if (!f || !o || load(&t, c->trace) < 0) {
			printf("not ok %d - %s: cannot set up\n", *k, c->name);
			failed++;
			continue;
		}
		offscreen_svg(o, f);
		SDL_Surface *s = offscreen_render(o, &t, (long)trace_find_seq(&t, c->seq), c->anim, c->projector);
		int wrote = offscreen_svg_result(o) == 0 && fclose(f) == 0;
		snprintf(cmd, sizeof cmd, "rsvg-convert -w %d -h %d -o %s %s", c->w, c->h, png, svg);
		SDL_Surface *r = wrote && system(cmd) == 0 ? IMG_Load(png) : NULL;
		double d = r ? diff(s, r) : -1;
		static char doc[1 << 20];
		FILE *in = fopen(svg, "r");
		size_t len = in ? fread(doc, 1, sizeof doc - 1, in) : 0;
		doc[len] = 0;
		if (in)
			fclose(in);
		const char *missing = NULL;
		for (int m = 0; m < 3 && !missing; m++)
			if (!strstr(doc, texts[i][m]))
				missing = texts[i][m];
		if (missing) {
			printf("not ok %d - %s: the SVG lacks the text %s\n", *k, c->name, missing);
			failed++;
		} else if (d >= 0 && d <= SVG_TOL)
			printf("ok %d - %s: the SVG drawn by rsvg-convert matches the frame (%.2f%% pixels differ)\n", *k, c->name, d * 100);
		else {
			printf("not ok %d - %s: %s\n", *k, c->name, !wrote ? "writing the SVG failed" : !r ? "rsvg-convert failed (scripts/deps installs it)" : "the SVG differs");
			if (d >= 0)
				printf("#   %.2f%% pixels differ (%s, %s)\n", d * 100, svg, png);
			failed++;
		}
		if (r)
			SDL_FreeSurface(r);
		render_done(o, &t);
	}
	return failed;
}

/* A signal's delivery, return and ignore chips are drawn beside the process's signal cells where the row has room,
 * not over its name or its cells; an interrupted call's (and an ignore's without a signal stage) on the process's
 * row right of its name: no text that stays still is under them (mid-animation, both modes). Returns the number of
 * failures. */
static int chip_cases(int *k)
{
	static const struct {
		const char *name, *trace;
		long long seq;
		int projector, w, h;
		const char *chip;
	} cc[] = {
		{ "deliver-chip-1080p-projector", "traces/labs/signals-nested.jsonl", 24, 1, 1920, 1080, "USR1 \xe2\x86\x92 handler" },
		{ "sigreturn-chip-1080p-projector", "traces/labs/signals-nested.jsonl", 27, 1, 1920, 1080, "sigreturn (USR2)" },
		{ "deliver-chip-720p", "traces/labs/signals-nested.jsonl", 24, 0, 1280, 720, "USR1 \xe2\x86\x92 handler" },
		{ "sigreturn-chip-720p", "traces/labs/signals-nested.jsonl", 27, 0, 1280, 720, "sigreturn (USR2)" },
		{ "eintr-chip-1080p-projector", "traces/labs/signals-eintr.jsonl", 36, 1, 1920, 1080, "read: EINTR" },
		{ "eintr-chip-720p", "traces/labs/signals-eintr.jsonl", 36, 0, 1280, 720, "read: EINTR" },
		{ "ignore-chip-1080p-projector", "traces/labs/fifo-meet.jsonl", 49, 1, 1920, 1080, "CHLD ignored" },
		{ "ignore-chip-720p", "traces/labs/fifo-meet.jsonl", 49, 0, 1280, 720, "CHLD ignored" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof cc / sizeof cc[0]; i++) {
		struct trace t;
		++*k;
		struct offscreen *o = render_at(&t, cc[i].trace, cc[i].seq, 0.5f, cc[i].projector, cc[i].w, cc[i].h, -1, NULL);
		if (!o) {
			printf("not ok %d - %s: cannot set up\n", *k, cc[i].name);
			failed++;
			continue;
		}
		int n, found = 0;
		const struct text_box *b = offscreen_text_boxes(o, &n);
		const char *under = NULL;
		for (int a = 0; a < n; a++) {
			if (!(b[a].flags & TXT_MOVING) || strncmp(b[a].text, cc[i].chip, strlen(cc[i].chip)))
				continue;
			found = 1;
			for (int s = 0; s < n && !under; s++)
				if (!(b[s].flags & TXT_MOVING) && SDL_HasIntersection(&b[a].r, &b[s].r))
					under = b[s].text;
		}
		if (found && !under)
			printf("ok %d - %s: the chip \"%s\" covers no text\n", *k, cc[i].name, cc[i].chip);
		else {
			printf("not ok %d - %s: %s%s\n", *k, cc[i].name, found ? "the chip covers " : "no chip ", found ? under : cc[i].chip);
			failed++;
		}
		render_done(o, &t);
	}
	return failed;
}

/* Words a card must say, and words it must not, at a record: each case renders the record and looks for a text
 * box starting with `want`, and for none containing `not`. A FIFO reader asleep in open(2) counts as a reader
 * while no writer exists: the card says its open waits, not that a read would give EOF (fifo(7)). */
static int word_cases(int *k)
{
	static const struct {
		const char *name, *trace;
		long seq;
		int projector, w, h;
		const char *want, *not;
	} wc[] = {
		{ "fifo-open-wait-720p", "traces/labs/fifo-meet.jsonl", 37, 0, 1280, 720, "readers 1, writers 0: open() waits for a writer",
		  "EOF" },
		{ "fifo-open-wait-1080p-projector", "traces/labs/fifo-meet.jsonl", 37, 1, 1920, 1080, "readers 1, writers 0", "EOF" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof wc / sizeof wc[0]; i++) {
		struct trace t;
		++*k;
		struct offscreen *o = render_at(&t, wc[i].trace, wc[i].seq, 1, wc[i].projector, wc[i].w, wc[i].h, -1, NULL);
		if (!o) {
			printf("not ok %d - %s: cannot set up\n", *k, wc[i].name);
			failed++;
			continue;
		}
		int n, found = 0;
		const char *bad = NULL;
		const struct text_box *b = offscreen_text_boxes(o, &n);
		for (int a = 0; a < n; a++) {
			found |= !strncmp(b[a].text, wc[i].want, strlen(wc[i].want));
			if (!bad && strstr(b[a].text, wc[i].not))
				bad = b[a].text;
		}
		if (found && !bad)
			printf("ok %d - %s: says \"%s\", never \"%s\"\n", *k, wc[i].name, wc[i].want, wc[i].not);
		else {
			printf("not ok %d - %s: %s \"%s\"\n", *k, wc[i].name, bad ? "says" : "does not say", bad ? bad : wc[i].want);
			failed++;
		}
		render_done(o, &t);
	}
	return failed;
}

/* A toast (the answer to a key) has a place of its own in the caption bar: in focus mode on a process with
 * signals, it no longer covers the signal legend at the foot of the stage. Each case checks that the whole toast
 * is drawn, that the legend's last word is too, that the toast is below it, and that no text is cut, clipped or
 * overlapping; a toast too long to share the bar takes all of it. */
static int toast_cases(int *k)
{
	static const char short_toast[] = "focus on the selection (z: back)",
			  long_toast[] = "live trace ended (the kernel closed it): Home, then Space replays it";
	static const struct {
		const char *name;
		int projector, w, h;
		const char *toast;
		int whole_bar;   /* the toast takes the whole bar (centred), else its right end */
	} tc[] = {
		{ "toast-focus-1080p", 0, 1920, 1080, short_toast, 0 },
		{ "toast-focus-720p-projector", 1, 1280, 720, short_toast, 0 },
		{ "toast-focus-2160p-projector", 1, 3840, 2160, short_toast, 0 },
		{ "toast-long-720p-projector", 1, 1280, 720, long_toast, 1 },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof tc / sizeof tc[0]; i++) {
		struct trace t;
		++*k;
		/* seq 28: pending(3) in its SIGUSR1 handler, USR1 blocked */
		struct offscreen *o = render_at(&t, "traces/labs/signals-pending.jsonl", 28, 1, tc[i].projector, tc[i].w, tc[i].h, 3,
						tc[i].toast);
		if (!o) {
			printf("not ok %d - %s: cannot set up\n", *k, tc[i].name);
			failed++;
			continue;
		}
		int n, np = offscreen_text_problems(o, problems, sizeof problems);
		const struct text_box *b = offscreen_text_boxes(o, &n), *toast = NULL, *legend = NULL;
		for (int a = 0; a < n; a++) {
			if (!strncmp(b[a].text, tc[i].toast, sizeof b[a].text - 1))
				toast = &b[a];
			if (!strcmp(b[a].text, "ignored"))
				legend = &b[a];
		}
		const char *why = np ? "text cut, clipped or overlapping" : !toast ? "no toast" : toast->flags & (TXT_ABBREV | TXT_CUT) ? "toast shortened"
				: !legend ? "no signal legend" : toast->r.y < legend->r.y + legend->r.h ? "toast over the stage"
				: (abs(2 * toast->r.x + toast->r.w - tc[i].w) <= tc[i].w / 50) != tc[i].whole_bar
				? (tc[i].whole_bar ? "the long toast does not take the whole bar" : "the toast is not at the bar's right end") : NULL;
		if (!why)
			printf("ok %d - %s: the whole toast in the caption bar, below the signal legend; no text cut, clipped or overlapping\n", *k, tc[i].name);
		else {
			printf("not ok %d - %s: %s\n", *k, tc[i].name, why);
			failed++;
			if (np)
				for (char *l = strtok(problems, "\n"); l; l = strtok(NULL, "\n"))
					printf("#   %s\n", l);
		}
		render_done(o, &t);
	}
	return failed;
}

/* The record with the most processes and objects at once (the busiest picture), by a replay. */
static long busiest(struct trace *t)
{
	struct state s;
	long best = t->n ? 0 : -1;
	int most = -1;
	state_init(&s);
	for (size_t i = 0; i < t->n; i++) {
		trace_apply_rec(t, i, &s);
		if (s.nprocs + s.nobjs > most) {
			most = s.nprocs + s.nobjs;
			best = (long)i;
		}
	}
	state_free(&s);
	return best;
}

/* The sweep: key frames of one trace at the three sizes in both modes; every text must fit. Returns the
 * number of frames with problems (printed as comments). */
static int sweep_trace(const char *path, int *frames)
{
	static const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
	struct trace t;
	if (load(&t, path) < 0)
		return 1;
	long at[4] = { busiest(&t), (long)t.n / 3, (long)t.n * 2 / 3, (long)t.n - 1 };
	int bad = 0;
	for (int z = 0; z < 3; z++) {
		struct offscreen *o = offscreen_new(sizes[z][0], sizes[z][1]);
		if (!o)
			return 1;
		offscreen_report(o, 1);
		for (int k = 0; k < 4; k++)
			for (int proj = 0; proj < 2; proj++) {
				offscreen_render(o, &t, at[k], 1, proj);
				++*frames;
				int np = offscreen_text_problems(o, problems, sizeof problems);
				if (np) {
					bad++;
					printf("#   %s at seq %lld, %dx%d%s: %d text problems\n", path, at[k] >= 0 ? (long long)t.recs[at[k]].seq : -1LL,
					       sizes[z][0], sizes[z][1], proj ? " projector" : "", np);
					int lines = 0;
					for (char *l = strtok(problems, "\n"); l && lines < 6; l = strtok(NULL, "\n"), lines++)
						printf("#     %s\n", l);
				}
			}
		offscreen_free(o);
	}
	trace_close(&t);
	return bad;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .jsonl in dir, sorted, into list (paths malloc'd); returns the count. */
static int traces_in(const char *dir, char **list, int max)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (l > 6 && !strcmp(e->d_name + l - 6, ".jsonl")) {
			list[n] = malloc(strlen(dir) + l + 2);
			sprintf(list[n++], "%s/%s", dir, e->d_name);
		}
	}
	if (d)
		closedir(d);
	qsort(list, (size_t)n, sizeof *list, by_name);
	return n;
}

int main(int argc, char **argv)
{
	int update = argc > 1 && !strcmp(argv[1], "--update");
	int sweep_only = argc > 1 && !strcmp(argv[1], "--sweep");
	char *list[256];
	int nt = traces_in("traces", list, 256);
	nt += traces_in("traces/labs", list + nt, 256 - nt);
	int nref = (int)(sizeof cases / sizeof cases[0]);
	printf("1..%d\n", (sweep_only ? 0 : nref) + (update ? 0 : nt) + (update || sweep_only ? 0 : 2 + 8 + 2 + 4));
	int k = 0, failed = 0;
	if (!sweep_only)
		failed += references(update, &k);
	if (!update && !sweep_only)
		failed += svg_cases(&k);
	if (!update && !sweep_only)
		failed += chip_cases(&k);
	if (!update && !sweep_only)
		failed += word_cases(&k);
	if (!update && !sweep_only)
		failed += toast_cases(&k);
	if (!update)
		for (int i = 0; i < nt; i++) {
			int frames = 0, bad = sweep_trace(list[i], &frames);
			printf("%s %d - %s: %d key frames at 1280x720, 1920x1080, 3840x2160, normal and projector: %s\n", bad ? "not ok" : "ok",
			       ++k, list[i], frames, bad ? "text cut, clipped or overlapping (above)" : "no text cut, clipped or overlapping");
			failed += bad != 0;
		}
	return failed ? 1 : 0;
}
