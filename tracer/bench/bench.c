/* tracer/bench/bench.c: the tracer's figures beside their targets (figures, not pass/fail): load rate of a
 * generated 4,000,000-event trace with every object kind, memory per event, seek time, and frames per second
 * with 17 processes and 15 objects at 1920x1080 and 3840x2160: drawn offscreen, and presented in a window
 * (SDL_RenderPresent counted) on the software renderer when there is a display (make bench-tracer starts Xvfb
 * when there is none). CPU time is printed beside wall time: this host is shared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>
#include <SDL.h>
#include "trace.h"
#include "player.h"
#include "gen.h"
#include "ui.h"
#include "app.h"
#include "present.h"

/* CPU time of this process (all threads), s. */
static double cpu(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread, s. */
static double thread_cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Frames per second drawing the frame after record idx on renderer r (w x h, projector or not), animating;
 * *cpu_fps gets the rate by this thread's CPU time. */
static double fps_on(SDL_Renderer *r, int w, int h, int projector, struct trace *t, long idx, struct presenter *present, int frames, double *cpu_fps)
{
	struct gfx g;
	if (gfx_init(&g, r) < 0)
		return 0;
	struct player p;
	player_init(&p, t);
	player_goto(&p, idx);
	static struct frame_ctx f;
	memset(&f, 0, sizeof f);
	struct frame_info info = { .playing = 1, .speed = 8 };
	f.g = &g;
	f.t = t;
	f.s = &p.s;
	f.prev = &p.prev;
	f.cur = p.cur;
	f.ev = &t->recs[p.cur];
	f.fx = &p.fx;
	f.sel_cat = f.sel_pid = f.focus_cat = f.focus_pid = -1;
	f.mx = f.my = -1;
	f.info = &info;
	double t0 = now(), c0 = thread_cpu();
	for (int i = 0; i < frames; i++) {
		gfx_begin(&g, w, h, projector);
		f.anim = (float)(i % 30) / 30.0f;   /* an event animating all the time */
		frame_draw(&f);
		if (present)
			presenter_present(present);
		else
			SDL_RenderFlush(r);
	}
	double dt = now() - t0, dc = thread_cpu() - c0;
	player_free(&p);
	gfx_free(&g);
	*cpu_fps = frames / dc;
	return frames / dt;
}

/* The median of v[0..n) (n <= 16; v is left as it is). */
static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
static double median(const double *v, int n)
{
	double c[16];
	memcpy(c, v, sizeof *v * (size_t)n);
	qsort(c, (size_t)n, sizeof *c, dcmp);
	return n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
}
/* The smallest of v[0..n). */
static double best(const double *v, int n)
{
	double b = v[0];
	for (int i = 1; i < n; i++)
		b = v[i] < b ? v[i] : b;
	return b;
}

/* The 1-minute load average, for reading the figures (other work on the machine slows them). */
static const char *loadavg(void)
{
	static char buf[64] = "?\n";
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fgets(buf, sizeof buf, f)) {
			char *sp = strchr(buf, ' ');
			if (sp)
				strcpy(sp, "\n");
		}
		fclose(f);
	}
	return buf;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/tracer/bench/trace-4m.jsonl";
	long nev = argc > 2 ? atol(argv[2]) : 4000000;
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("tracer: generating %s (%ld events)...\n", path, nev);
		fflush(stdout);
		FILE *o = fopen(path, "w");
		if (!o || bench_generate(o, nev) < 0 || fclose(o) != 0) {
			perror(path);
			return 1;
		}
	}
	stat(path, &st);
	/* load: the file in the page cache (as when a student reopens it). The machine is shared: every figure is
	 * the median of LOAD_ROUNDS loads, with the best beside it, and the CPU time of each thread: on an idle
	 * machine with a core per thread, the load takes as long as its busiest thread's CPU time.
	 * trace_load_all as ipctrace does it (for big files two threads, and a third that takes the page faults of the
	 * records), and the one-thread path for reference. */
	enum { LOAD_ROUNDS = 5 };
	struct trace t;
	double par_s[LOAD_ROUNDS], par_cpu[LOAD_ROUNDS], par_main[LOAD_ROUNDS], par_other[LOAD_ROUNDS], par_pop[LOAD_ROUNDS],
		par_busiest[LOAD_ROUNDS];
	double one_s[LOAD_ROUNDS], one_cpu[LOAD_ROUNDS], scan_s[LOAD_ROUNDS], build_s[LOAD_ROUNDS];
	for (int round = 0; round < LOAD_ROUNDS; round++) {
		if (trace_open_file(&t, path) < 0) {
			perror(path);
			return 1;
		}
		t.par_min = UINT64_MAX;
		trace_set_eof(&t);
		double a = now(), ca = cpu();
		trace_scan(&t);
		double b = now();
		trace_load_all(&t);
		double c = now();
		scan_s[round] = b - a;
		build_s[round] = c - b;
		one_s[round] = c - a;
		one_cpu[round] = cpu() - ca;
		trace_close(&t);
	}
	for (int round = 0; round < LOAD_ROUNDS; round++) {
		if (round)
			trace_close(&t);
		if (trace_open_file(&t, path) < 0) {
			perror(path);
			return 1;
		}
		trace_set_eof(&t);
		double a = now(), ca = cpu();
		trace_load_all(&t);
		double b = now();
		par_s[round] = b - a;
		par_cpu[round] = cpu() - ca;
		par_main[round] = t.par_cpu[0];   /* each loading thread's own CPU time */
		par_other[round] = t.par_cpu[1];
		par_pop[round] = t.par_cpu[2];
		par_busiest[round] = par_main[round] > par_other[round] ? par_main[round] : par_other[round];
		par_busiest[round] = par_pop[round] > par_busiest[round] ? par_pop[round] : par_busiest[round];
	}
	double n = (double)t.n;
	printf("tracer: host: %ld CPUs online, load average %s", sysconf(_SC_NPROCESSORS_ONLN), loadavg());
	printf("tracer: trace of %.0f events (every object kind), %.1f MB (%.0f bytes/line), %zu problems\n", n, st.st_size / 1e6,
	       st.st_size / n, t.ndiags);
	printf("tracer: load (parse + apply + snapshots, 2 threads + 1)  %5.2f M events/s   target >= 2.5 M/s   (median of %d: %.2f s, %.2f s CPU; best %.2f M/s)\n",
	       n / median(par_s, LOAD_ROUNDS) / 1e6, LOAD_ROUNDS, median(par_s, LOAD_ROUNDS), median(par_cpu, LOAD_ROUNDS),
	       n / best(par_s, LOAD_ROUNDS) / 1e6);
	printf("tracer:   with a core per thread (the busiest thread's CPU time): %.2f M events/s (CPU: the applying thread %.2f s, the loader %.2f s, the populator %.2f s)\n",
	       n / median(par_busiest, LOAD_ROUNDS) / 1e6, median(par_main, LOAD_ROUNDS), median(par_other, LOAD_ROUNDS),
	       median(par_pop, LOAD_ROUNDS));
	printf("tracer:   one thread: %.2f M events/s, %.2f s CPU = %.0f ns/event (index pass %.2f M/s, parse+apply pass %.2f M/s)\n",
	       n / median(one_s, LOAD_ROUNDS) / 1e6, median(one_cpu, LOAD_ROUNDS), median(one_cpu, LOAD_ROUNDS) / n * 1e9,
	       n / median(scan_s, LOAD_ROUNDS) / 1e6, n / median(build_s, LOAD_ROUNDS) / 1e6);
	if (median(one_cpu, LOAD_ROUNDS) < median(one_s, LOAD_ROUNDS) * 0.8)
		printf("tracer:   (CPU time and wall time differ: the machine is busy, the wall-clock rates above are low)\n");
	double rec_b = (double)trace_mem_records(&t) / n, snap_b = (double)trace_mem_snapshots(&t) / n;
	printf("tracer: memory per event (records, beyond snapshots)    %5.1f bytes    target <= 64 bytes\n", rec_b);
	printf("tracer:   snapshots: %zu (every %zu events), %.1f MB = %.1f bytes/event (they grow with the state: %d processes, %d objects here); records and snapshots %.1f bytes/event\n",
	       t.nsnaps, t.K, trace_mem_snapshots(&t) / 1e6, snap_b, t.head.nprocs, t.head.nobjs, rec_b + snap_b);
	/* seek: random positions, state copied out each time */
	struct state s;
	state_init(&s);
	srand(7);
	double worst = 0, total = 0, worst_cpu = 0;
	enum { NSEEK = 2000, NWORST = 20 };
	static double ds[NSEEK];
	static long ks[NSEEK];
	for (int i = 0; i < NSEEK; i++) {
		long k = (long)(((double)rand() / RAND_MAX) * (n - 1));
		double a = now(), ca = thread_cpu();
		trace_seek(&t, k, &s);
		double d = now() - a, dc = thread_cpu() - ca;
		ds[i] = d;
		ks[i] = k;
		total += d;
		worst = d > worst ? d : worst;
		worst_cpu = dc > worst_cpu ? dc : worst_cpu;
	}
	int above = 0;
	for (int i = 0; i < NSEEK; i++)
		above += ds[i] > 0.005;
	/* the slowest seeks again, three times each, the fastest of the three kept: what the seek itself costs
	 * there, without the time slices other processes took meanwhile (a shared machine preempts for ms) */
	double worst_rep = 0;
	for (int w = 0; w < NWORST; w++) {
		int wi = 0;
		for (int i = 1; i < NSEEK; i++)
			wi = ds[i] > ds[wi] ? i : wi;
		double f = 1e9;
		for (int r = 0; r < 3; r++) {
			double a = now();
			trace_seek(&t, ks[wi], &s);
			double d = now() - a;
			f = d < f ? d : f;
		}
		worst_rep = f > worst_rep ? f : worst_rep;
		ds[wi] = -1;
	}
	printf("tracer: seek to a random event                          %5.2f ms worst, %.3f ms mean, %d of %d over 5 ms   target <= 5 ms\n",
	       worst * 1e3, total / NSEEK * 1e3, above, NSEEK);
	printf("tracer:   worst by CPU time %.2f ms; the %d slowest repeated (fastest of 3 each): %.2f ms worst\n", worst_cpu * 1e3,
	       NWORST, worst_rep * 1e3);
	state_free(&s);
	/* fps: a moment with all the processes and objects */
	long idx = (long)t.n / 2;
	struct player p;
	player_init(&p, &t);
	player_goto(&p, idx);
	printf("tracer: frame at event %ld: %d processes, %d objects (%d cards: a socketpair's two rings are drawn in its card)\n",
	       idx, p.s.nprocs, p.s.nobjs, p.s.nobjs - 2);
	player_free(&p);
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	TTF_Init();
	static const int sizes[][2] = { { 1920, 1080 }, { 3840, 2160 } };
	for (int z = 0; z < 2; z++)
		for (int proj = 0; proj < 2; proj++) {
			int w = sizes[z][0], h = sizes[z][1];
			SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
			SDL_Renderer *sr = SDL_CreateSoftwareRenderer(surf);
			double fs = 0, fc = 0, c;
			for (int k = 0; k < 2; k++) {   /* best of 2 */
				double v = fps_on(sr, w, h, proj, &t, idx, NULL, z ? 30 : 60, &c);
				fs = v > fs ? v : fs;
				fc = c > fc ? c : fc;
			}
			printf("tracer: fps at %dx%d%s, software renderer, offscreen     %5.1f fps (%5.1f by CPU time)   target >= %d fps\n",
			       w, h, proj ? " projector" : "", fs, fc, z ? 30 : 60);
			SDL_DestroyRenderer(sr);
			SDL_FreeSurface(surf);
		}
	/* a real window: presented frames on the software renderer (make bench-tracer gives an Xvfb display) */
	const char *disp = getenv("DISPLAY");
	if (disp && *disp && SDL_Init(SDL_INIT_VIDEO) == 0) {
		for (int z = 0; z < 2; z++) {
			int w = sizes[z][0], h = sizes[z][1];
			SDL_Window *win = SDL_CreateWindow("ipctrace bench", 0, 0, w, h, 0);
			struct presenter *pres = win ? presenter_new(win) : NULL;   /* as the window of ipctrace draws */
			SDL_Renderer *r = pres ? presenter_renderer(pres) : NULL;
			int ow = 0, oh = 0;
			if (r)
				SDL_GetRendererOutputSize(r, &ow, &oh);
			if (!r || ow != w || oh != h) {
				printf("tracer: fps in a %dx%d window: not measured (%s; output %dx%d)\n", w, h, r ? "the display is smaller" : SDL_GetError(), ow, oh);
			} else {
				for (int proj = 0; proj < 2; proj++) {
					double fa = 0, fc = 0, c;
					for (int k = 0; k < 2; k++) {
						double v = fps_on(r, w, h, proj, &t, idx, pres, z ? 30 : 60, &c);
						fa = v > fa ? v : fa;
						fc = c > fc ? c : fc;
					}
					printf("tracer: fps at %dx%d%s, software renderer, window on %s (changed tiles sent)   %5.1f fps (%5.1f by CPU time)   target >= %d fps\n",
					       w, h, proj ? " projector" : "", SDL_GetCurrentVideoDriver(), fa, fc, z ? 30 : 60);
				}
			}
			presenter_free(pres);
			if (win)
				SDL_DestroyWindow(win);
		}
		SDL_Quit();
	} else {
		printf("tracer: fps in a window: not measured (no display)\n");
	}
	trace_close(&t);
	return 0;
}
