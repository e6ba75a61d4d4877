/* tracer/ui/app.c: the interactive window: playback, stepping, seeking, selection, focus, projector mode,
 * screenshots, and live mode.
 * Live mode animates every event in order at the chosen speed and never skips one: when the animation is
 * behind the kernel, the window stops reading the trace socket, and since QEMU's trace port is lossless and
 * waits for its reader, the guest waits (it is held back) until the picture catches up; `c` jumps to the
 * newest event instead. A big trace file loads on a thread while the window shows a progress bar.
 * With --no-hold (an interactive shell, where a held guest would freeze the terminal), live mode never holds the
 * guest: it reads everything as it comes and keeps at most FOLLOW_LAG seconds of animation queued, so the picture
 * trails the kernel by about that much: a backlog is shown faster (up to FOLLOW_RATE events a second), and what
 * would not fit in FOLLOW_LAG even so is skipped, oldest first, with a message; every event stays in the trace
 * (the log, stepping back, the saved file). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <SDL_image.h>
#include "ui.h"
#include "app.h"
#include "player.h"
#include "gdbsync.h"
#include "present.h"
#include "fullscreen.h"

#define ANIM_MAX 0.7      /* seconds an event's animation lasts at most */
#define LIVE_AHEAD 128    /* live: events read ahead of the one shown before the guest is held */
#define LIVE_READ (64u << 10)   /* live: bytes read from the socket per frame at most */
#define LIVE_SPEED_MAX 60 /* live: events per second at most, one per frame (each one is drawn) */
#define FOLLOW_LAG 1.5    /* --no-hold: seconds of animation queued at most (the picture trails the kernel by that) */
#define FOLLOW_RATE 16    /* --no-hold: events per second at most while catching up (bookkeeping ones: 4 times more) */

struct app {
	SDL_Window *win;
	SDL_Renderer *r;
	struct presenter *pres; /* the software path: only the changed tiles go to the display (NULL: SDL presents) */
	struct gfx g;
	struct trace *t;
	struct live *live;
	struct player p;
	struct frame_info info;
	struct frame_ctx *f;
	int32_t sel_cat, sel_pid, focus_cat, focus_pid;
	int32_t auto_cat, auto_pid;  /* focus without a chosen subject: what the events were last about */
	double anim_t;           /* seconds since the current event became current */
	double dwell;            /* how long the current event stays while playing, s */
	int projector, fullscreen, quit, screenshot;
	struct fullscreen fs;    /* the window's full-screen state (fullscreen.c) */
	int fs_done;             /* --fullscreen was applied */
	int svg_shot;            /* Shift+S: write the next frame as SVG too */
	char toast[400];
	double toast_until;
	int mx, my;
	const char *shot_path;   /* --autotest: where the final screenshot goes */
	double last_growth;      /* when live input last arrived */
	struct gdbsync gs;       /* gdb's stop notices (IPCLAB_GDB_SYNC, gdbsync.c) */
	FILE *shown;             /* --shown FILE: the seq of every event drawn as the current one, in order */
	long shown_last;
	long frames;             /* frames drawn */
	double last_present;
	double acc;              /* replay faster than the frames: events owed */
	int no_hold;             /* --no-hold: never hold the guest; skip ahead when behind */
	int following;           /* --no-hold: the live stream ended while the window was following it: its queue is
	                            still shown at the following pace (until the user moves) */
	uint16_t ty_switch, ty_mask;   /* the types whose events are bookkeeping (a quarter of a dwell) */
	uint16_t ty_key, ty_gen, ty_ign;   /* tty.signal, and the sig.generate / sig.ignore that follow a key */
	struct video_job video;  /* `v`: a video of a range rendering in the background */
	long video_from;         /* `v` pressed once: the range starts at this record (-2: no range begun) */
	double catchup;          /* --no-hold: the pace (events a second) of the backlog being shown, 0 when caught up:
	                            it only grows until the backlog is shown, so the backlog ends within FOLLOW_LAG */
};

static double now_s(void)
{
	return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void toast(struct app *a, const char *msg)
{
	snprintf(a->toast, sizeof a->toast, "%s", msg);
	a->toast_until = now_s() + 2.5;
}

/* Bookkeeping events (a scheduler switch, a mask change, a line applied to nothing) stay a quarter of the time of
 * the others. */
static double dwell_of(const struct app *a)
{
	double per = 1.0 / a->info.speed;
	int v = a->p.fx.verb;
	return v == FX_SWITCH || v == FX_SIG_MASK || v == FX_NONE ? per / 4 : per;
}

/* The share of a dwell record i will take, from its type alone (it is not applied yet): as dwell_of. */
static double rec_share(const struct app *a, long i)
{
	const struct ev_rec *r = &a->t->recs[i];
	return r->flags & (EVF_BAD | EVF_UNKNOWN) || r->type == a->ty_switch || r->type == a->ty_mask ? 0.25 : 1;
}

static double anim_len(const struct app *a)
{
	double per = a->dwell > 0 ? a->dwell : 1.0 / a->info.speed;
	return per < ANIM_MAX ? per * 0.9 : ANIM_MAX;
}

/* Go to record i; animate only single steps forward. */
static void go(struct app *a, long i, int animate)
{
	long before = a->p.cur;
	player_goto(&a->p, i);
	a->anim_t = animate && a->p.cur == before + 1 ? 0 : 1e9;
	a->dwell = dwell_of(a);
}

/* The user moved: playback stops (Space plays on from here). */
static void user_go(struct app *a, long i, int animate)
{
	a->info.playing = 0;
	a->following = 0;
	go(a, i, animate);
}

/* Build what has been read, for at most 8 ms (drawing stays smooth); say when the stream ended. */
static void build_live(struct app *a)
{
	double t0 = now_s();
	while (a->t->built < a->t->n && now_s() - t0 < 0.008)
		trace_build(a->t, 256);
	if (a->live->eof && a->info.live == 1) {
		a->info.live = 2;
		a->following = a->no_hold && a->info.playing;
		toast(a, "live trace ended (the kernel closed it): Home, then Space replays it");
	}
}

/* --no-hold: read everything that came (the guest never waits for the picture). */
static void pump_follow(struct app *a)
{
	long got = live_pump(a->live, a->t, 0, 16u << 20);
	if (got != 0)
		trace_scan(a->t);
	if (got > 0)
		a->last_growth = now_s();
	a->info.holding = 0;
	build_live(a);
}

/* Live: read what arrived and build it, within a few ms, so drawing stays smooth. The guest runs while the
 * picture is less than LIVE_AHEAD / 4 events behind it and is stopped as soon as what was read puts it
 * LIVE_AHEAD / 2 behind (right after reading: a lab makes hundreds of events a second). */
static void pump_live(struct app *a)
{
	if (!a->live)
		return;
	if (a->no_hold) {
		pump_follow(a);
		return;
	}
	long ahead = (long)a->t->n - 1 - a->p.cur;
	if (ahead < LIVE_AHEAD / 4 && a->frames > 1)
		live_hold(a->live, 0);
	/* with QEMU's monitor the guest is stopped: read all that came; without one, not reading is the only brake */
	long got = ahead >= LIVE_AHEAD && !live_can_hold(a->live) ? 0 : live_pump(a->live, a->t, 0, LIVE_READ);
	if (got != 0)
		trace_scan(a->t);
	if (got > 0)
		a->last_growth = now_s();
	ahead = (long)a->t->n - 1 - a->p.cur;
	if (ahead >= LIVE_AHEAD / 2)
		live_hold(a->live, 1);
	a->info.holding = live_holding(a->live) || (ahead >= LIVE_AHEAD && !a->live->eof);
	build_live(a);
}

/* follow_gdb: when gdb stops the kernel, show the state after the last event it emitted (seq - 1) and stop
 * playing; when gdb lets it run, follow again (docs/GDB.md, "Sync with the tracer"). */
static void follow_gdb(struct app *a)
{
	struct gdbsync_note n;
	if (!gdbsync_poll(&a->gs, &n))
		return;
	char msg[200];
	if (n.stopped) {
		a->info.playing = 0;
		go(a, (long)trace_find_seq(a->t, n.seq) - 1, 0);
		long long have = a->t->n ? (long long)a->t->recs[a->t->n - 1].seq : -1;
		if (have < n.seq - 1)
			snprintf(msg, sizeof msg, "gdb: kernel stopped after event %lld; the last %lld not received yet (still in its trace buffer)",
				 (long long)n.seq - 1, (long long)n.seq - 1 - have);
		else
			snprintf(msg, sizeof msg, "gdb: kernel stopped after event %lld", (long long)n.seq - 1);
	} else {
		a->info.playing = a->live != NULL;
		snprintf(msg, sizeof msg, "gdb: kernel running");
	}
	toast(a, msg);
}

/* Put the frame on the window. */
static void present(struct app *a)
{
	if (!a->pres) {
		SDL_RenderPresent(a->r);   /* with vsync */
		return;
	}
	presenter_present(a->pres);
	/* no vsync on this path: at most 60 frames a second */
	double now = now_s(), next = a->last_present + 1.0 / 60;
	if (now < next)
		SDL_Delay((Uint32)((next - now) * 1000));
	a->last_present = now_s();
}

/* The window changed size: the software path needs a renderer on its new surface (and fonts' textures anew). */
static void resized(struct app *a)
{
	if (!a->pres || presenter_resized(a->pres) != 1)
		return;
	gfx_free(&a->g);
	a->r = presenter_renderer(a->pres);
	if (!a->r || gfx_init(&a->g, a->r) < 0)
		a->quit = 1;
}

static void screenshot(struct app *a, const char *to)
{
	int w, h;
	SDL_GetRendererOutputSize(a->r, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return;
	char path[300], msg[340];
	long long seq = a->p.cur >= 0 ? (long long)a->t->recs[a->p.cur].seq : -1;
	if (to)
		snprintf(path, sizeof path, "%s", to);
	else
		snprintf(path, sizeof path, "ipctrace-seq%lld-%ld.png", seq, (long)time(NULL) % 100000);
	if (SDL_RenderReadPixels(a->r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0 && IMG_SavePNG(s, path) == 0) {
		snprintf(msg, sizeof msg, "saved %s", path);
		printf("ipctrace: screenshot %s\n", path);
	} else {
		snprintf(msg, sizeof msg, "screenshot failed: %s", SDL_GetError());
	}
	SDL_FreeSurface(s);
	toast(a, msg);
}

/* `v`: the first press marks where a video starts, the second renders the range between the two events into
 * an MP4 in the background (video_job.c); the window goes on. */
static void video_key(struct app *a)
{
	char msg[300];
	long cur = a->p.cur < 0 ? 0 : a->p.cur;
	if (a->t->n == 0)
		return;
	if (a->video_from < -1) {
		a->video_from = cur;
		snprintf(msg, sizeof msg, "video from event %lld: go to its last event and press v again (Esc: no video)",
			 (long long)a->t->recs[cur].seq);
		toast(a, msg);
		a->info.video_from = a->t->recs[cur].seq;
		return;
	}
	long from = a->video_from < cur ? a->video_from : cur, to = a->video_from < cur ? cur : a->video_from;
	a->video_from = -2;
	a->info.video_from = -1;
	if (video_job_start(&a->video, a->t, a->t->recs[from].seq, a->t->recs[to].seq, a->projector, msg, sizeof msg) == 0)
		snprintf(msg, sizeof msg, "rendering events %lld to %lld into %s in the background", (long long)a->t->recs[from].seq,
			 (long long)a->t->recs[to].seq, a->video.out);
	toast(a, msg);
	a->info.video_busy = a->video.pid > 0;
}

static void bookmark_toggle(struct app *a)
{
	struct frame_info *in = &a->info;
	for (int k = 0; k < in->nbookmarks; k++)
		if (in->bookmarks[k] == a->p.cur) {
			in->bookmarks[k] = in->bookmarks[--in->nbookmarks];
			toast(a, "bookmark removed");
			return;
		}
	if (in->nbookmarks < MAX_BOOKMARKS && a->p.cur >= 0) {
		in->bookmarks[in->nbookmarks++] = a->p.cur;
		toast(a, "bookmark added (jump with [ and ])");
	}
}

/* Nearest bookmark or trace.mark before (dir -1) or after (dir 1) the current event. */
static long next_mark(struct app *a, int dir)
{
	long best = -1;
	for (int k = 0; k < a->info.nbookmarks; k++) {
		long b = a->info.bookmarks[k];
		if ((dir > 0 && b > a->p.cur && (best < 0 || b < best)) || (dir < 0 && b < a->p.cur && (best < 0 || b > best)))
			best = b;
	}
	for (long i = a->p.cur + dir; i >= 0 && i < (long)a->t->n; i += dir)
		if (a->t->recs[i].flags & (EVF_MARK | EVF_GAP | EVF_BAD)) {
			if (best < 0 || (dir > 0 ? i < best : i > best))
				best = i;
			break;
		}
	return best;
}

static void set_fullscreen(struct app *a, int on)
{
	if (fullscreen_set(a->win, &a->fs, on) < 0) {
		char msg[300];
		snprintf(msg, sizeof msg, "full screen failed: %s", SDL_GetError());
		toast(a, msg);
		return;
	}
	a->fullscreen = on;
	a->projector = on;   /* projector mode is the default when full screen */
	resized(a);   /* SDL has the new size now; its events may come late (or, as the window opens, not at all) */
	if (a->pres)
		presenter_exposed(a->pres);
}

/* Focus mode: on the selection, else what the current event is about (and then it follows the events). */
static void focus_toggle(struct app *a)
{
	a->info.focus = !a->info.focus;
	if (!a->info.focus) {
		toast(a, "focus off");
		return;
	}
	a->focus_cat = a->sel_cat;
	a->focus_pid = a->sel_cat < 0 ? a->sel_pid : -1;
	toast(a, a->focus_cat >= 0 || a->focus_pid >= 0 ? "focus on the selection (z: back)" :
		 "focus follows the events (click to choose; z: back)");
}

static void key(struct app *a, SDL_Keysym k)
{
	int shift = (k.mod & KMOD_SHIFT) != 0;
	long n = (long)a->t->n;
	switch (k.sym) {
	case SDLK_SPACE:
		a->info.playing = !a->info.playing;
		if (a->info.playing && a->p.cur >= n - 1 && !(a->live && a->info.live == 1))
			go(a, -1, 0);   /* at the end of a finished trace: play it again from the start */
		a->anim_t = 1e9;
		break;
	case SDLK_RIGHT:
	case SDLK_LEFT: {
		int dir = k.sym == SDLK_RIGHT ? 1 : -1;
		if (shift) {
			if (a->sel_cat < 0 && a->sel_pid < 0) {
				toast(a, "select an object or a process first (click it)");
				break;
			}
			long i = player_find(&a->p, dir, a->sel_cat, a->sel_pid);
			if (i >= 0)
				user_go(a, i, 0);
			else
				toast(a, dir > 0 ? "no later event of the selection" : "no earlier event of the selection");
		} else {
			user_go(a, a->p.cur + dir, dir > 0);
		}
		break;
	}
	case SDLK_PAGEDOWN:
	case SDLK_PAGEUP:
		user_go(a, a->p.cur + (k.sym == SDLK_PAGEDOWN ? 10 : -10), 0);
		break;
	case SDLK_HOME:
		user_go(a, -1, 0);
		break;
	case SDLK_END:
		go(a, n - 1, 0);
		break;
	case SDLK_c:   /* live: catch up with the kernel */
		if (a->live) {
			go(a, n - 1, 0);
			a->info.playing = 1;
			toast(a, "caught up: showing the newest event");
		}
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS:
		if (a->info.speed < (a->live ? LIVE_SPEED_MAX : 4096))
			a->info.speed *= 2;
		if (a->live && a->info.speed > LIVE_SPEED_MAX)
			a->info.speed = LIVE_SPEED_MAX;
		break;
	case SDLK_MINUS:
	case SDLK_KP_MINUS:
		if (a->info.speed > 0.25)
			a->info.speed /= 2;
		break;
	case SDLK_p:
		a->projector = !a->projector;
		toast(a, a->projector ? "projector mode" : "normal mode");
		break;
	case SDLK_z:
		focus_toggle(a);
		break;
	case SDLK_w:
		a->info.show_graph = !a->info.show_graph;
		toast(a, a->info.show_graph ? "the whole wait-for graph" : "wait-for graph: deadlocks only");
		break;
	case SDLK_l:
		a->info.show_log = !a->info.show_log;
		break;
	case SDLK_f:
	case SDLK_F11:
		set_fullscreen(a, !a->fullscreen);
		break;
	case SDLK_s:
		if (shift)
			a->svg_shot = 1;
		else
			a->screenshot = 1;
		break;
	case SDLK_b:
		bookmark_toggle(a);
		break;
	case SDLK_v:
		video_key(a);
		break;
	case SDLK_LEFTBRACKET:
	case SDLK_RIGHTBRACKET: {
		long i = next_mark(a, k.sym == SDLK_RIGHTBRACKET ? 1 : -1);
		if (i >= 0)
			user_go(a, i, 0);
		break;
	}
	case SDLK_SLASH:
	case SDLK_QUESTION:
	case SDLK_h:
	case SDLK_F1:
		a->info.help = !a->info.help;
		break;
	case SDLK_ESCAPE:
		if (a->info.help)
			a->info.help = 0;
		else if (a->video_from >= -1) {   /* a video range begun: forget it */
			a->video_from = -2;
			a->info.video_from = -1;
			toast(a, "no video");
		}
		else if (a->info.focus)
			a->info.focus = 0;
		else if (a->fullscreen)
			set_fullscreen(a, 0);
		else
			a->quit = 1;
		break;
	case SDLK_q:
		a->quit = 1;
		break;
	default:
		break;
	}
}

static void click(struct app *a, int x, int y)
{
	struct frame_ctx *f = a->f;
	if (a->info.help) {
		a->info.help = 0;
		return;
	}
	if (gfx_in((SDL_Rect){ f->timeline.x - 8, f->timeline.y - 8, f->timeline.w + 16, f->timeline.h + 16 }, x, y)) {
		a->info.dragging = 1;
		user_go(a, timeline_pick(f, x), 0);
		return;
	}
	for (int i = 0; i < f->nlog; i++)
		if (gfx_in(f->logrows[i].r, x, y)) {
			user_go(a, f->logrows[i].key, 0);
			return;
		}
	for (int i = 0; i < f->nobjs; i++)
		if (gfx_in(f->objs[i].r, x, y)) {
			a->sel_cat = a->sel_cat == f->objs[i].key ? -1 : f->objs[i].key;
			a->sel_pid = -1;
			if (a->info.focus)
				a->focus_cat = a->sel_cat, a->focus_pid = -1;
			return;
		}
	for (int i = 0; i < f->nprocs; i++)
		if (gfx_in(f->procs[i].r, x, y)) {
			a->sel_pid = a->sel_pid == f->procs[i].key ? -1 : f->procs[i].key;
			a->sel_cat = -1;
			if (a->info.focus)
				a->focus_pid = a->sel_pid, a->focus_cat = -1;
			return;
		}
	a->sel_cat = a->sel_pid = -1;
}

/* The focus subject: the chosen one, else the last object (or, for signals, process) the events were about. */
static void focus_subject(struct app *a, int32_t *cat, int32_t *pid)
{
	*cat = a->focus_cat;
	*pid = a->focus_pid;
	if (!a->info.focus || *cat >= 0 || *pid >= 0)
		return;
	const struct ev_effect *fx = &a->p.fx;
	if (a->p.cur >= 0 && fx->obj >= 0 && state_obj_by_cat(&a->p.s, fx->obj)) {
		a->auto_cat = fx->obj;
		a->auto_pid = -1;
	} else if (a->p.cur >= 0 && fx->verb >= FX_SIG_GENERATE && fx->verb <= FX_SIG_INTERRUPT && fx->verb != FX_SIG_MASK) {
		a->auto_pid = fx->verb == FX_SIG_GENERATE && fx->npids ? fx->pids[0] : fx->pid;
		a->auto_cat = -1;
	}
	*cat = a->auto_cat;
	*pid = a->auto_pid;
}

static void draw(struct app *a)
{
	int w, h;
	SDL_GetRendererOutputSize(a->r, &w, &h);
	gfx_begin(&a->g, w, h, a->projector);
	struct frame_ctx *f = a->f;
	f->g = &a->g;
	f->t = a->t;
	f->s = &a->p.s;
	f->prev = &a->p.prev;
	f->cur = a->p.cur;
	f->ev = a->p.cur >= 0 ? &a->t->recs[a->p.cur] : NULL;
	f->fx = a->p.cur >= 0 ? &a->p.fx : NULL;
	double al = anim_len(a);
	f->anim = a->anim_t >= al ? 1.0f : (float)(a->anim_t / al);
	f->sel_cat = a->sel_cat;
	f->sel_pid = a->sel_pid;
	focus_subject(a, &f->focus_cat, &f->focus_pid);
	f->mx = a->mx;
	f->my = a->my;
	a->info.toast = now_s() < a->toast_until ? a->toast : NULL;
	a->info.behind = a->live ? (long)a->t->n - 1 - a->p.cur : 0;
	f->info = &a->info;
	FILE *svg = NULL;
	char svg_path[300];
	if (a->svg_shot) {   /* the frame as SVG too: ipctrace-seqN-....svg */
		a->svg_shot = 0;
		snprintf(svg_path, sizeof svg_path, "ipctrace-seq%lld-%ld.svg", f->ev ? (long long)f->ev->seq : -1LL, (long)time(NULL) % 100000);
		if ((svg = fopen(svg_path, "w")))
			gfx_svg_begin(&a->g, svg);
	}
	frame_draw(f);
	if (svg) {
		char msg[340];
		int bad = gfx_svg_end(&a->g) < 0;
		bad |= fclose(svg) != 0;
		snprintf(msg, sizeof msg, bad ? "writing %s failed" : "saved %s", svg_path);
		toast(a, msg);
		printf("ipctrace: %s\n", msg);
	}
	if (a->screenshot) {
		a->screenshot = 0;
		screenshot(a, a->shot_path);
	}
	present(a);
	a->frames++;
	if (a->shown && a->p.cur != a->shown_last) {   /* the seq, and when it was on the screen (CLOCK_MONOTONIC) */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		fprintf(a->shown, "%lld %.6f\n", a->p.cur >= 0 ? (long long)a->t->recs[a->p.cur].seq : -1LL,
			(double)ts.tv_sec + ts.tv_nsec / 1e9);
		fflush(a->shown);
		a->shown_last = a->p.cur;
	}
}

/* --keys: perform the next key of the list (names as SDL_GetKeyFromName, "shift+" prefix, "click:X:Y").
 * Returns 0 when the list is done. */
static int next_key(struct app *a, const char **list)
{
	const char *p = *list;
	if (!p || !*p)
		return 0;
	const char *e = strchr(p, ',');
	size_t n = e ? (size_t)(e - p) : strlen(p);
	char tok[64];
	snprintf(tok, sizeof tok, "%.*s", (int)(n < sizeof tok ? n : sizeof tok - 1), p);
	*list = e ? e + 1 : p + n;
	int x, y;
	if (sscanf(tok, "move:%d:%d", &x, &y) == 2) {   /* hover: tooltips */
		a->mx = x;
		a->my = y;
		return 1;
	}
	if (sscanf(tok, "click:%d:%d", &x, &y) == 2) {
		click(a, x, y);
		a->info.dragging = 0;
		return 1;
	}
	SDL_Keysym k = { 0 };
	char *name = tok;
	if (!strncasecmp(name, "shift+", 6)) {
		k.mod = KMOD_LSHIFT;
		name += 6;
	}
	k.sym = !strcmp(name, "?") ? SDLK_QUESTION : SDL_GetKeyFromName(name);
	if (k.sym == SDLK_UNKNOWN)
		fprintf(stderr, "ipctrace: --keys: unknown key '%s'\n", name);
	else
		key(a, k);
	return 1;
}

/* Is the current event a signal key typed on a terminal, or one of that key's signals? */
static int key_now(const struct app *a)
{
	return a->p.cur >= 0 && (a->p.fx.verb == FX_TTY_SIGNAL || (a->p.fx.flags & FXF_TTY));
}

/* Could record i be a signal a key sent (a sig.generate or sig.ignore from pid 0)? */
static int key_signal(const struct app *a, long i)
{
	const struct ev_rec *r = &a->t->recs[i];
	return r->pid == 0 && (r->type == a->ty_gen || r->type == a->ty_ign);
}

/* --no-hold, playing: at most FOLLOW_LAG seconds of animation queued. The events to show take their share of a
 * dwell each at up to FOLLOW_RATE a second (the chosen speed if faster); those that would not fit in FOLLOW_LAG
 * even so are skipped, the oldest first, and the window says so. What is queued is shown within FOLLOW_LAG:
 * faster than the chosen speed when it must be, and no slower as the backlog shrinks. A key typed on the terminal
 * (^C, ^Z) is what the user is looking for: it is never skipped, and it and its signals keep their whole dwell. */
static void follow_pace(struct app *a)
{
	long n = (long)a->t->n, next = a->p.cur + 1;
	if (next >= n) {
		a->catchup = 0;
		return;
	}
	if (key_now(a) && (a->anim_t < a->dwell || key_signal(a, next)))
		return;
	double rate = a->info.speed > FOLLOW_RATE ? a->info.speed : FOLLOW_RATE, budget = FOLLOW_LAG * rate, queued = 0;
	long first = n;   /* the oldest event kept: walk back from the newest while the budget lasts */
	while (first > next && queued + rec_share(a, first - 1) <= budget)
		queued += rec_share(a, --first);
	if (first > next) {
		for (long k = next; k < first; k++)   /* not past a key */
			if (a->t->recs[k].type == a->ty_key) {
				first = k;
				break;
			}
	}
	if (first > next) {
		char msg[200];
		a->info.skipped += first - next;
		snprintf(msg, sizeof msg, "behind the kernel: skipped %ld events (all are in the log and the saved trace)",
			 first - next);
		toast(a, msg);
		go(a, first - 1, 0);   /* shown at rest for a frame: `first` animates next */
	}
	double need = queued / FOLLOW_LAG;   /* events a second (in full dwells) to show the queue in time */
	if (need > a->catchup)
		a->catchup = need;
	if (a->catchup > a->info.speed)
		a->dwell = dwell_of(a) * a->info.speed / a->catchup;
}

/* Advance playback by dt seconds. Each event stays its dwell (animated); live, one event per frame at most,
 * so every one is drawn (--no-hold: see follow_pace); a replay faster than the frames jumps. */
static void tick(struct app *a, double dt)
{
	a->anim_t += dt;
	long n = (long)a->t->n;
	if (!a->info.playing || a->p.cur >= n - 1) {
		if (a->info.playing && a->p.cur >= n - 1 && !(a->live && a->info.live == 1))
			a->info.playing = a->following = 0;   /* the end of a finished trace */
		a->acc = 0;
		return;
	}
	if (a->no_hold && (a->info.live == 1 || a->following))
		follow_pace(a);
	if (!a->live && a->info.speed > LIVE_SPEED_MAX) {
		a->acc += dt * a->info.speed;
		long k = (long)a->acc;
		a->acc -= (double)k;
		if (k)
			go(a, a->p.cur + k < n ? a->p.cur + k : n - 1, 0);
	} else if (a->anim_t >= a->dwell) {
		go(a, a->p.cur + 1, 1);
	}
}

/* Loading a trace file on a thread while the window shows its progress. */
struct loader {
	struct trace *t;
	volatile int done;
};

static void *load_thread(void *arg)
{
	struct loader *l = arg;
	trace_load_all(l->t);
	__atomic_store_n(&l->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The window was resized, uncovered or left by the pointer. */
static void window_event(struct app *a, const SDL_WindowEvent *w)
{
	if (w->event == SDL_WINDOWEVENT_LEAVE)
		a->mx = a->my = -1;
	if (w->event == SDL_WINDOWEVENT_SIZE_CHANGED)
		resized(a);
	if (w->event == SDL_WINDOWEVENT_EXPOSED && a->pres)
		presenter_exposed(a->pres);
}

/* Show a progress bar until the load finishes (or the window closes: then returns -1 after it finishes); full
 * screen from its first frame when fullscreen. */
static int wait_load(struct app *a, struct loader *ld, int fullscreen)
{
	while (!__atomic_load_n(&ld->done, __ATOMIC_ACQUIRE)) {
		SDL_Event e;
		while (SDL_PollEvent(&e))
			if (e.type == SDL_QUIT || (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_q))
				a->quit = 1;
			else if (e.type == SDL_WINDOWEVENT)
				window_event(a, &e.window);
		int w, h;
		SDL_GetRendererOutputSize(a->r, &w, &h);
		gfx_begin(&a->g, w, h, a->projector);
		double p = trace_progress(a->t);
		a->info.loading = p > 0.001 ? (p < 0.999 ? p : 0.999) : 0.001;
		struct frame_ctx *f = a->f;
		static struct state empty;
		f->g = &a->g;
		f->t = a->t;
		f->s = f->prev = &empty;
		f->info = &a->info;
		frame_draw(f);
		present(a);
		if (fullscreen && !a->fs_done) {   /* the progress too is shown full screen (after a first frame, below) */
			a->fs_done = 1;
			set_fullscreen(a, 1);
		}
		SDL_Delay(30);
	}
	a->info.loading = 0;
	return a->quit ? -1 : 0;
}

int app_run(struct trace *t, struct live *l, const struct options *opt)
{
	if (l && !opt->no_hold)   /* the guest waits while the window opens; it runs again as soon as the picture can follow it */
		live_hold(l, 1);
	if (SDL_Init(SDL_INIT_VIDEO) < 0) {
		fprintf(stderr, "ipctrace: no display: %s\n", SDL_GetError());
		return 2;
	}
	if (TTF_Init() < 0) {
		fprintf(stderr, "ipctrace: TTF_Init: %s\n", TTF_GetError());
		return 1;
	}
	struct app *a = calloc(1, sizeof *a);
	if (!a || !(a->f = calloc(1, sizeof *a->f)))
		return 1;
	char title[200];
	snprintf(title, sizeof title, "ipctrace - %s", t->name);
	a->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt->w, opt->h,
				  SDL_WINDOW_RESIZABLE);
	if (!a->win) {
		fprintf(stderr, "ipctrace: cannot open a window: %s\n", SDL_GetError());
		if (l && !opt->no_hold)
			live_hold(l, 0);
		SDL_Quit();
		free(a->f);
		free(a);
		return 2;
	}
	SDL_SetWindowMinimumSize(a->win, 960, 540);
	/* the software renderer on the window's surface, sending only what changed: faster than a GL renderer
	 * without a GPU, and than sending whole frames to an X server; SDL_RENDER_DRIVER chooses SDL's own path */
	const char *drv = getenv("SDL_RENDER_DRIVER");
	if (!drv || !*drv) {
		a->pres = presenter_new(a->win);
		a->r = a->pres ? presenter_renderer(a->pres) : NULL;
	}
	if (!a->r)
		a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	if (!a->r)
		a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
	if (!a->r || gfx_init(&a->g, a->r) < 0) {
		fprintf(stderr, "ipctrace: cannot create a renderer: %s\n", SDL_GetError());
		return 1;
	}
	a->t = t;
	a->live = l;
	a->no_hold = l && opt->no_hold;
	a->info.no_hold = a->no_hold;
	a->ty_switch = type_lookup("sched.switch", 12);
	a->ty_mask = type_lookup("sig.mask", 8);
	a->ty_key = type_lookup("tty.signal", 10);
	a->ty_gen = type_lookup("sig.generate", 12);
	a->ty_ign = type_lookup("sig.ignore", 10);
	a->projector = opt->projector;
	a->projector |= opt->fullscreen;   /* full screen once the window has shown its first frame (below) */
	if (opt->load_in_window) {   /* the window is open: load while it shows the progress */
		struct loader ld = { t, 0 };
		pthread_t th;
		if (pthread_create(&th, NULL, load_thread, &ld) != 0) {
			load_thread(&ld);
		} else {
			int rc = wait_load(a, &ld, opt->fullscreen);
			pthread_join(th, NULL);
			if (rc < 0)
				a->quit = 1;
		}
	}
	player_init(&a->p, t);
	a->info.speed = l ? 4 : 2;
	a->info.live = l ? 1 : 0;
	a->info.playing = l != NULL;
	a->sel_cat = a->sel_pid = a->focus_cat = a->focus_pid = a->auto_cat = a->auto_pid = -1;
	a->video_from = -2;
	a->info.video_from = -1;
	a->mx = a->my = -1;
	a->anim_t = 1e9;
	a->dwell = 1.0 / a->info.speed;
	a->last_growth = now_s();
	a->shown_last = -2;
	if (opt->shown && !(a->shown = fopen(opt->shown, "w")))
		fprintf(stderr, "ipctrace: cannot write %s\n", opt->shown);
	gdbsync_init(&a->gs);
	if (opt->at_seq >= 0)
		go(a, (long)trace_find_seq(t, opt->at_seq), 0);
	const char *keys = opt->keys;
	if (opt->autotest && !keys) {
		a->info.playing = 1;
		a->info.speed = l ? LIVE_SPEED_MAX : 256;
	}
	if (opt->speed > 0)
		a->info.speed = opt->speed < 0.25 ? 0.25 : opt->speed > 4096 ? 4096 : opt->speed;
	if (l && a->info.speed > LIVE_SPEED_MAX)
		a->info.speed = LIVE_SPEED_MAX;
	if (t->fatal[0])
		toast(a, t->fatal);
	else if (!l)
		toast(a, "Space: play   Right: step   z: focus   ?: all keys");
	double last = now_s();
	while (!a->quit) {
		SDL_Event e;
		int busy = a->info.playing || a->live || a->anim_t < anim_len(a) + 0.1 || now_s() < a->toast_until;
		if (SDL_WaitEventTimeout(&e, busy ? 1 : 100)) {
			do {
				switch (e.type) {
				case SDL_QUIT:
					a->quit = 1;
					break;
				case SDL_KEYDOWN:
					key(a, e.key.keysym);
					break;
				case SDL_MOUSEBUTTONDOWN:
					if (e.button.button == SDL_BUTTON_LEFT)
						click(a, e.button.x, e.button.y);
					break;
				case SDL_MOUSEBUTTONUP:
					a->info.dragging = 0;
					break;
				case SDL_MOUSEWHEEL:   /* wheel: step through events */
					if (e.wheel.y)
						user_go(a, a->p.cur + (e.wheel.y < 0 ? 1 : -1), e.wheel.y < 0);
					break;
				case SDL_MOUSEMOTION:
					a->mx = e.motion.x;
					a->my = e.motion.y;
					if (a->info.dragging)
						user_go(a, timeline_pick(a->f, e.motion.x), 0);
					break;
				case SDL_WINDOWEVENT:
					window_event(a, &e.window);
					break;
				default:
					break;
				}
			} while (SDL_PollEvent(&e));
		}
		pump_live(a);
		follow_gdb(a);
		char vmsg[300];
		if (video_job_poll(&a->video, vmsg, sizeof vmsg)) {
			toast(a, vmsg);
			printf("ipctrace: %s\n", vmsg);
			a->info.video_busy = 0;
		}
		double t1 = now_s();
		tick(a, t1 - last);
		last = t1;
		int ended = !l || l->eof || (l->follow && now_s() - a->last_growth > 1.5);
		int done;
		if (keys) {
			draw(a);   /* lay out first: clicks hit what is on screen */
			done = !next_key(a, &keys);
			if (a->info.playing)   /* keep tests deterministic: no time-based playback */
				a->info.playing = 0;
		} else {
			done = opt->autotest && a->p.cur == (long)t->n - 1 && ended && t->built == t->n;
		}
		if (done) {
			a->shot_path = opt->autotest;
			a->screenshot = 1;
			a->anim_t = 1e9;
		}
		draw(a);
		if (opt->fullscreen && !a->fs_done) {   /* a bare X server resizes a window only once it is shown */
			a->fs_done = 1;
			set_fullscreen(a, 1);
		}
		if (done) {
			a->quit = 1;
			printf("ipctrace: autotest: %zu events, at seq %lld, %zu problems, selected object %d pid %d, projector %d, help %d, speed %g, bookmarks %d, focus %d\n",
			       t->n, a->p.cur >= 0 ? (long long)t->recs[a->p.cur].seq : -1LL, t->ndiags, a->sel_cat, a->sel_pid,
			       a->projector, a->info.help, a->info.speed, a->info.nbookmarks, a->info.focus);
		}
	}
	if (a->video.pid > 0)   /* it reads its own descriptor of the trace: it finishes after the window */
		printf("ipctrace: %s is still being rendered (pid %d, messages in %s)\n", a->video.out, a->video.pid, a->video.log);
	if (a->shown)
		fclose(a->shown);
	player_free(&a->p);
	gfx_free(&a->g);
	if (a->pres)
		presenter_free(a->pres);
	else
		SDL_DestroyRenderer(a->r);
	SDL_DestroyWindow(a->win);
	TTF_Quit();
	SDL_Quit();
	free(a->f);
	free(a);
	return 0;
}
