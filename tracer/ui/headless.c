/* tracer/ui/headless.c: --png and --svg (one frame) and --storyboard (key frames plus a contact sheet). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <SDL_image.h>
#include "ui.h"
#include "app.h"

int headless_png(struct trace *t, long idx, const struct options *opt, const char *path)
{
	struct offscreen *o = offscreen_new(opt->w, opt->h);
	if (!o)
		return -1;
	SDL_Surface *s = offscreen_render(o, t, idx, opt->anim, opt->projector);
	int rc = IMG_SavePNG(s, path);
	if (rc < 0)
		fprintf(stderr, "ipctrace: cannot write %s: %s\n", path, IMG_GetError());
	offscreen_free(o);
	return rc < 0 ? -1 : 0;
}

int headless_svg(struct trace *t, long idx, const struct options *opt, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ipctrace: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct offscreen *o = offscreen_new(opt->w, opt->h);
	if (!o) {
		fclose(f);
		return -1;
	}
	offscreen_svg(o, f);
	offscreen_render(o, t, idx, opt->anim, opt->projector);
	int rc = offscreen_svg_result(o);
	offscreen_free(o);
	if (fclose(f) != 0 || rc < 0) {
		fprintf(stderr, "ipctrace: writing %s failed\n", path);
		return -1;
	}
	return 0;
}

/* Is record i worth a key frame? (objects created or gone, sleeps, wake-ups, signals, marks, problems) */
static int key_event(const struct trace *t, size_t i)
{
	const struct ev_rec *r = &t->recs[i];
	if (r->flags & (EVF_MARK | EVF_BLOCK | EVF_GAP | EVF_BAD | EVF_ORPHAN | EVF_ERR))
		return 1;
	const char *n = type_get(r->type)->name;
	return strstr(n, ".create") || strstr(n, ".wake") || strstr(n, "sig.generate") || strstr(n, "proc.fork") ||
	       strstr(n, "proc.exit") || strstr(n, ".rmid") || strstr(n, "kernel.halt");
}

/* Storyboard priority of record i: 0 first/last, 1 first of its type, 2 problem/mark/create/exit, 3 other
 * key events (blocks, wake-ups, signals), 4 not a key event. Uses a per-type "seen" table built on the way. */
static int key_priority(const struct trace *t, size_t i)
{
	static unsigned char seen[1024];
	static const struct trace *for_t;
	static size_t upto;
	if (for_t != t || i < upto) {   /* restart the "first of its type" scan */
		memset(seen, 0, sizeof seen);
		for_t = t;
		upto = 0;
	}
	upto = i + 1;
	const struct ev_rec *r = &t->recs[i];
	int first = !seen[r->type % 1024];
	seen[r->type % 1024] = 1;
	if (i == 0 || i + 1 == t->n)
		return 0;
	const char *n = type_get(r->type)->name;
	int dull = !strcmp(n, "sched.switch") || !strcmp(n, "sig.mask") || !strcmp(n, "syscall.enosys");
	if (first && !dull)
		return 1;
	if (r->flags & (EVF_MARK | EVF_GAP | EVF_BAD | EVF_ORPHAN) || strstr(n, ".create") || strstr(n, "proc.fork") ||
	    strstr(n, "proc.exit") || strstr(n, ".rmid") || strstr(n, ".destroy"))
		return 2;
	return key_event(t, i) ? 3 : 4;
}

static int picked(const long *pick, int np, long i)
{
	for (int k = 0; k < np; k++)
		if (pick[k] == i)
			return 1;
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

static int mkdirs(const char *dir)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", dir);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(buf, 0755);
			*p = '/';
		}
	struct stat st;
	if (mkdir(buf, 0755) == 0)
		return 0;
	if (errno == EEXIST && stat(buf, &st) == 0 && !S_ISDIR(st.st_mode))
		errno = ENOTDIR;
	return errno == EEXIST ? 0 : -1;
}

int headless_storyboard(struct trace *t, const struct options *opt, const char *dir)
{
	if (mkdirs(dir) < 0) {
		fprintf(stderr, "ipctrace: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	int want = opt->frames > 0 ? opt->frames : 12;
	long *pick = calloc((size_t)want + 2, sizeof *pick);
	size_t *cand = malloc(sizeof *cand * (t->n + 1));
	if (!pick || !cand) {
		free(pick);
		free(cand);
		return -1;
	}
	/* by priority: the first and last events, the first event of each type, problems and marks, objects
	 * created or removed and processes forked or exited, then blocks and wake-ups; the quota is spread
	 * evenly within each class, and the frames are shown in trace order */
	size_t nc = 0;
	int np = 0;
	for (int prio = 0; prio < 4 && np < want; prio++) {
		nc = 0;
		for (size_t i = 0; i < t->n; i++) {
			int pr = key_priority(t, i);
			if (pr == prio && !picked(pick, np, (long)i))
				cand[nc++] = i;
		}
		int room = want - np;
		if (nc <= (size_t)room) {
			for (size_t k = 0; k < nc; k++)
				pick[np++] = (long)cand[k];
		} else {
			for (int k = 0; k < room; k++)
				pick[np++] = (long)cand[(size_t)((double)k * (double)(nc - 1) / (room > 1 ? room - 1 : 1) + 0.5)];
		}
	}
	qsort(pick, (size_t)np, sizeof *pick, cmp_long);
	free(cand);
	if (np == 0)
		pick[np++] = -1;
	struct offscreen *o = offscreen_new(opt->w, opt->h);
	if (!o) {
		free(pick);
		return -1;
	}
	/* contact sheet: 4 columns of thumbnails with captions */
	int cols = np < 4 ? np : 4, rows = (np + cols - 1) / cols;
	int tw = 480, th = tw * opt->h / opt->w, cap = 30, gap = 12;
	SDL_Surface *sheet = SDL_CreateRGBSurfaceWithFormat(0, cols * (tw + gap) + gap, rows * (th + cap + gap) + gap + 40, 32,
							     SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *sr = sheet ? SDL_CreateSoftwareRenderer(sheet) : NULL;
	struct gfx sg;
	int have_sheet = sr && gfx_init(&sg, sr) == 0;
	if (have_sheet) {
		gfx_begin(&sg, 1280, 720, 0);
		SDL_SetRenderDrawColor(sr, sg.th.bg.r, sg.th.bg.g, sg.th.bg.b, 255);
		SDL_RenderClear(sr);
		char title[200];
		snprintf(title, sizeof title, "ipctrace storyboard: %s  (%zu events, %d key frames)", t->name, t->n, np);
		gfx_text(&sg, FF_SANS_BOLD, FS_BIG, sg.th.text, gap, 8, AL_LEFT, 0, title);
		SDL_RenderFlush(sr);
	}
	char path[600];
	FILE *idx = NULL;
	snprintf(path, sizeof path, "%s/index.txt", dir);
	idx = fopen(path, "w");
	int rc = 0;
	for (int k = 0; k < np; k++) {
		long i = pick[k];
		SDL_Surface *s = offscreen_render(o, t, i, opt->anim < 1 ? opt->anim : 0.6f, opt->projector);
		long long seq = i >= 0 ? (long long)t->recs[i].seq : -1;
		snprintf(path, sizeof path, "%s/frame-%02d-seq%lld.png", dir, k + 1, seq);
		if (IMG_SavePNG(s, path) < 0) {
			fprintf(stderr, "ipctrace: cannot write %s: %s\n", path, IMG_GetError());
			rc = -1;
			break;
		}
		const char *tn = i >= 0 ? type_get(t->recs[i].type)->name : "start";
		if (idx)
			fprintf(idx, "frame-%02d-seq%lld.png  seq %lld  %s\n", k + 1, seq, seq, tn);
		if (have_sheet) {
			int x = gap + (k % cols) * (tw + gap), y = 40 + gap + (k / cols) * (th + cap + gap);
			SDL_Rect d = { x, y, tw, th };
			SDL_BlitScaled(s, NULL, sheet, &d);
			char c[160];
			snprintf(c, sizeof c, "%d. seq %lld  %s", k + 1, seq, tn);
			gfx_text(&sg, FF_SANS_BOLD, FS_BODY, sg.th.text, x, y + th + 4, AL_LEFT, tw, c);
			SDL_RenderFlush(sr);
		}
	}
	if (idx)
		fclose(idx);
	if (have_sheet && rc == 0) {
		snprintf(path, sizeof path, "%s/contact-sheet.png", dir);
		if (IMG_SavePNG(sheet, path) < 0) {
			fprintf(stderr, "ipctrace: cannot write %s: %s\n", path, IMG_GetError());
			rc = -1;
		}
	}
	if (have_sheet)
		gfx_free(&sg);
	if (sr)
		SDL_DestroyRenderer(sr);
	if (sheet)
		SDL_FreeSurface(sheet);
	offscreen_free(o);
	free(pick);
	if (rc == 0)
		printf("ipctrace: storyboard of %s: %d key frames in %s/ (contact sheet: %s/contact-sheet.png, list: %s/index.txt)\n",
		       t->name, np, dir, dir, dir);
	return rc;
}
