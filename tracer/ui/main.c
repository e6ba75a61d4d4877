/* tracer/ui/main.c: ipctrace command line: replay a trace in a window, follow a live one, or render
 * headless (PNG, storyboard), export to Chrome's Trace Event Format, dump the state as text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "ui.h"
#include "app.h"
#include "export.h"
#include "player.h"
#include "kinds.h"
#include "waitgraph.h"

static void usage(FILE *o)
{
	fprintf(o,
		"usage: ipctrace [options] TRACE.jsonl          replay a saved trace in a window\n"
		"       ipctrace [options] --live SOCKET|-      animate a trace as QEMU writes it (unix socket, or stdin)\n"
		"       ipctrace [options] --follow FILE        follow a trace file that is still growing\n"
		"headless (no display needed):\n"
		"  --png OUT.png [--at SEQ]     the frame after event SEQ (default: the last event)\n"
		"  --svg OUT.svg [--at SEQ]     the same frame as SVG (shapes and text: it scales for slides)\n"
		"  --storyboard DIR             key frames and a contact sheet in DIR\n"
		"  --export-chrome OUT.json     Chrome Trace Event Format, for https://ui.perfetto.dev\n"
		"  --dump-state [--at SEQ]      the model's state after SEQ as text\n"
		"  --wait-graph [--at SEQ]      who sleeps on what after SEQ, who could wake them, the deadlocked\n"
		"                               processes, as one JSON object (the labs' graders print it at a hang)\n"
		"  --check                      load, report problems; exit 1 if there were any\n"
		"  --video OUT.{gif,webm,mp4}   a video of the events [--from SEQ] [--to SEQ] at --speed (events/s),\n"
		"                               --fps (30), through Debian's ffmpeg command; --from-mark TEXT and\n"
		"                               --to-mark TEXT: from the trace.mark whose text starts with TEXT\n"
		"options:\n"
		"  --size WxH      window / frame size (default 1280x720; frames at least 1280x720)\n"
		"  --projector     large fonts, thick lines, high contrast, colour-blind safe palette\n"
		"  --fullscreen    full screen (projector mode on)\n"
		"  --anim T        animation phase 0..1 of headless frames (default 1: at rest)\n"
		"  --frames N      storyboard key frames (default 12)\n"
		"  --speed N       playback speed, events per second (default 2; live 4)\n"
		"  --save FILE     live: also keep the received trace in FILE\n"
		"  --no-hold       live: never hold the guest back (an interactive shell): when the picture falls behind,\n"
		"                  show the backlog faster, then skip ahead to stay within about a second of the kernel\n"
		"                  (every event stays in the log and the saved trace)\n"
		"  --quiet         do not print trace problems on stderr\n"
		"  --name NAME     the trace's name in frames and messages (for a trace read from /dev/fd/N)\n"
		"  --autotest PNG  (tests) play to the end in the window, save it to PNG, quit\n"
		"  --keys LIST     (tests, with --autotest) type keys instead: Right,shift+Right,p,space,click:X:Y,...\n"
		"  --shown FILE    (tests) write the seq of every event the window draws as the current one\n"
		"With a live source and a headless option, the stream is read to its end first.\n"
		"Without a display, ipctrace renders a storyboard instead of opening a window and says where.\n");
}

/* json_str: s as a JSON string on f (the names and wchans of a trace are short and printable; anything else is
 * escaped). */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* print_wait_graph: --wait-graph: the processes of state s, what each sleeping one waits on (the object's id
 * and its kind's one-line state), who could end that wait (waitgraph.c's releasers) and whether it is among the
 * deadlocked, as one JSON object on f. */
static void print_wait_graph(const struct state *s, FILE *f)
{
	static const char *const names[] = { "running", "runnable", "sleeping", "zombie" };
	struct waitgraph g;
	waitgraph_build(s, &g);
	fprintf(f, "{\"seq\":%lld,\"procs\":[", (long long)s->seq);
	for (int i = 0; i < s->nprocs; i++) {
		const struct proc *p = &s->procs[i];
		fprintf(f, "%s{\"pid\":%d,\"name\":", i ? "," : "", p->pid);
		json_str(f, p->name);
		fprintf(f, ",\"state\":\"%s\",\"wchan\":", names[p->state % 4]);
		json_str(f, p->wchan);
		const struct obj *o = p->state == PS_SLEEPING && p->wait.obj >= 0 ? state_obj_by_cat(s, p->wait.obj) : NULL;
		if (o) {
			char tmp[1024] = "";
			obj_kinds[o->kind]->dump(o, tmp, sizeof tmp);
			fprintf(f, ",\"object\":\"%s %lld\",\"object_state\":", obj_kinds[o->kind]->name, (long long)o->id);
			json_str(f, tmp);
			if (p->wait.kind == WAIT_SEM)
				fprintf(f, ",\"semnum\":%d,\"semop\":%d", p->wait.semnum, p->wait.semop);
		}
		fprintf(f, ",\"releasers\":[");
		for (int k = 0, n = 0; k < g.ne; k++)
			if (g.e[k].waiter == p->pid)
				fprintf(f, "%s%d", n++ ? "," : "", g.e[k].releaser);
		fprintf(f, "],\"deadlocked\":%s}", waitgraph_is_dead(&g, p->pid) ? "true" : "false");
	}
	fprintf(f, "],\"deadlocked\":[");
	for (int i = 0; i < g.ndead; i++)
		fprintf(f, "%s%d", i ? "," : "", g.dead[i]);
	fprintf(f, "]}\n");
}

static int is_headless(const struct options *o, int check)
{
	return o->png || o->svg || o->storyboard || o->chrome || o->dump || o->waits || o->video || check;
}

/* Where the no-display fallback writes its storyboard. */
static void fallback_dir(const char *name, char *buf, size_t len)
{
	struct stat st;
	char base[128];
	snprintf(base, sizeof base, "%s", name);
	char *dot = strstr(base, ".jsonl");
	if (dot)
		*dot = 0;
	if (stat("build", &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(buf, len, "build/storyboard/%s", base);
	else
		snprintf(buf, len, "ipctrace-storyboard-%s", base);
}

int main(int argc, char **argv)
{
	struct options o = { .at_seq = -1, .w = 1280, .h = 720, .anim = 1.0f, .from_seq = -1, .to_seq = -1, .fps = 30 };
	int check = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define ARG(name) (!strcmp(a, name) && (v || (fprintf(stderr, "ipctrace: %s needs a value\n", name), exit(2), 0)) && ++i)
		if (ARG("--png"))
			o.png = v;
		else if (ARG("--svg"))
			o.svg = v;
		else if (ARG("--at"))
			o.at_seq = strtoll(v, NULL, 0);
		else if (ARG("--storyboard"))
			o.storyboard = v;
		else if (ARG("--export-chrome"))
			o.chrome = v;
		else if (ARG("--live"))
			o.live = v;
		else if (ARG("--follow"))
			o.follow = v;
		else if (ARG("--save"))
			o.save = v;
		else if (ARG("--size")) {
			if (sscanf(v, "%dx%d", &o.w, &o.h) != 2 || o.w < 320 || o.h < 200 || o.w > 8192 || o.h > 8192) {
				fprintf(stderr, "ipctrace: bad --size %s (want WxH)\n", v);
				return 2;
			}
		} else if (ARG("--autotest"))
			o.autotest = v;
		else if (ARG("--keys"))
			o.keys = v;
		else if (ARG("--shown"))
			o.shown = v;
		else if (ARG("--video"))
			o.video = v;
		else if (ARG("--from"))
			o.from_seq = strtoll(v, NULL, 0);
		else if (ARG("--to"))
			o.to_seq = strtoll(v, NULL, 0);
		else if (ARG("--from-mark"))
			o.from_mark = v;
		else if (ARG("--to-mark"))
			o.to_mark = v;
		else if (ARG("--fps")) {
			o.fps = strtod(v, NULL);
			if (!(o.fps >= 1 && o.fps <= 120)) {
				fprintf(stderr, "ipctrace: bad --fps %s (1..120)\n", v);
				return 2;
			}
		}
		else if (ARG("--anim"))
			o.anim = strtof(v, NULL);
		else if (ARG("--frames"))
			o.frames = atoi(v);
		else if (ARG("--speed"))
			o.speed = strtod(v, NULL);
		else if (!strcmp(a, "--projector"))
			o.projector = 1;
		else if (!strcmp(a, "--no-hold"))
			o.no_hold = 1;
		else if (ARG("--name"))
			o.name = v;
		else if (!strcmp(a, "--fullscreen"))
			o.fullscreen = 1;
		else if (!strcmp(a, "--dump-state"))
			o.dump = 1;
		else if (!strcmp(a, "--wait-graph"))
			o.waits = 1;
		else if (!strcmp(a, "--check"))
			check = 1;
		else if (!strcmp(a, "--quiet"))
			o.quiet = 1;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "ipctrace: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else if (!o.trace)
			o.trace = a;
		else {
			fprintf(stderr, "ipctrace: more than one trace given (%s)\n", a);
			return 2;
		}
	}
	if (!!o.trace + !!o.live + !!o.follow != 1) {
		usage(stderr);
		return 2;
	}
	if ((o.png || o.svg || o.storyboard || o.video) && (o.w < 1280 || o.h < 720)) {
		fprintf(stderr, "ipctrace: headless frames are at least 1280x720\n");
		return 2;
	}
	struct trace t;
	struct live live, *lp = NULL;
	if (o.trace) {
		if (trace_open_file(&t, o.trace) < 0) {
			fprintf(stderr, "ipctrace: %s: %s\n", o.trace, strerror(errno));
			return 1;
		}
		trace_set_eof(&t);
	} else if (o.live) {
		if (live_open(&live, o.live, o.save, 60, &t) < 0)
			return 1;
		lp = &live;
	} else {
		if (live_follow(&live, o.follow, &t) < 0)
			return 1;
		lp = &live;
	}
	if (o.quiet)
		t.diag_out = NULL;
	if (o.name)
		snprintf(t.name, sizeof t.name, "%s", o.name);
	int headless = is_headless(&o, check);
	if (lp && headless) {
		/* read the stream to its end, then render it */
		if (!live.follow)
			while (live_pump(&live, &t, 1000, SIZE_MAX) >= 0)
				trace_scan(&t);
		trace_set_eof(&t);
	}
	/* a window opens at once and loads the file itself, with a progress bar */
	o.load_in_window = !lp && !headless;
	if (headless)
		trace_load_all(&t);
	else if (lp)
		trace_scan(&t);
	if (t.fatal[0]) {
		fprintf(stderr, "ipctrace: %s: %s\n", t.name, t.fatal);
		if (headless)
			return 1;
	}
	if (headless && !lp && t.n == 0 && t.ndiags == 0) /* valid, but say so: an empty picture explains nothing */
		fprintf(stderr, "ipctrace: %s: no events%s\n", t.name,
			t.hdr.present ? " after the header"
				      : " and no header (a kernel booted with trace=off writes nothing: traces/FORMAT.md)");
	long idx = (long)t.n - 1;
	if (o.at_seq >= 0 && headless) {
		size_t k = trace_find_seq(&t, o.at_seq);
		if (k >= t.n || t.recs[k].seq != o.at_seq) {
			fprintf(stderr, "ipctrace: no event with seq %lld in %s (%zu events)\n", (long long)o.at_seq, t.name, t.n);
			if (k >= t.n)
				return 1;
		}
		idx = (long)k;
	}
	int rc = 0;
	if (o.dump) {
		struct player p;
		player_init(&p, &t);
		player_goto(&p, idx);
		static char buf[1 << 20];
		state_dump(&p.s, buf, sizeof buf);
		fputs(buf, stdout);
		player_free(&p);
	}
	if (o.waits) {
		struct player p;
		player_init(&p, &t);
		player_goto(&p, idx);
		print_wait_graph(&p.s, stdout);
		player_free(&p);
	}
	if (o.chrome) {
		FILE *f = strcmp(o.chrome, "-") ? fopen(o.chrome, "w") : stdout;
		if (!f || export_chrome(&t, f) < 0 || (f != stdout && fclose(f) != 0)) {
			fprintf(stderr, "ipctrace: cannot write %s: %s\n", o.chrome, strerror(errno));
			rc = 1;
		} else if (f != stdout) {
			printf("ipctrace: wrote %s (%zu events; open it in https://ui.perfetto.dev)\n", o.chrome, t.n);
		}
	}
	if (o.png && headless_png(&t, idx, &o, o.png) < 0)
		rc = 1;
	else if (o.png)
		printf("ipctrace: wrote %s (after seq %lld)\n", o.png, idx >= 0 ? (long long)t.recs[idx].seq : -1LL);
	if (o.svg && headless_svg(&t, idx, &o, o.svg) < 0)
		rc = 1;
	else if (o.svg)
		printf("ipctrace: wrote %s (after seq %lld)\n", o.svg, idx >= 0 ? (long long)t.recs[idx].seq : -1LL);
	if (o.storyboard && headless_storyboard(&t, &o, o.storyboard) < 0)
		rc = 1;
	if (o.video && export_video(&t, &o, o.video) < 0)
		rc = 1;
	if (check) {
		printf("%s: %zu event%s, %zu problem%s, %llu seq gap%s (%llu event%s lost)\n", t.name, t.n, t.n == 1 ? "" : "s",
		       t.ndiags, t.ndiags == 1 ? "" : "s", (unsigned long long)t.gaps, t.gaps == 1 ? "" : "s",
		       (unsigned long long)t.lost, t.lost == 1 ? "" : "s");
		if (t.ndiags || t.fatal[0])
			rc = 1;
	}
	if (!headless) {
		const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY"), *drv = getenv("SDL_VIDEODRIVER");
		int r = 2;
		if ((d && *d) || (wl && *wl) || (drv && *drv))
			r = app_run(&t, lp, &o);
		else
			fprintf(stderr, "ipctrace: no display (DISPLAY and WAYLAND_DISPLAY are unset)\n");
		if (r != 2 && t.fatal[0])
			r = 1;   /* the window showed why it could not read all of it */
		if (r == 2) {
			char dir[300];
			if (lp)
				live_hold(lp, 0);
			if (lp && !live.follow) {
				fprintf(stderr, "ipctrace: reading the live trace to its end first...\n");
				while (live_pump(&live, &t, 1000, SIZE_MAX) >= 0)
					trace_scan(&t);
			}
			trace_set_eof(&t);
			trace_load_all(&t);
			fallback_dir(t.name, dir, sizeof dir);
			fprintf(stderr, "ipctrace: rendering a storyboard instead of opening a window "
				"(use --png/--storyboard/--export-chrome to choose; ssh -X or xvfb-run for a window)\n");
			r = headless_storyboard(&t, &o, dir) < 0 ? 1 : 0;
		}
		rc = r;
	}
	if (lp)
		live_close(lp);
	trace_close(&t);
	return rc;
}
