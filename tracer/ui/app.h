/* tracer/ui/app.h: the programs built on the views: headless rendering (PNG, storyboard) and the
 * interactive window. */
#ifndef IPCTRACE_APP_H
#define IPCTRACE_APP_H
#include "trace.h"
#include "live.h"

/* Command-line options (main.c). */
struct options {
	const char *trace;       /* file to replay */
	const char *png;         /* --png OUT */
	int64_t at_seq;          /* --at SEQ; -1 = the last event */
	const char *storyboard;  /* --storyboard DIR */
	const char *chrome;      /* --export-chrome OUT */
	const char *live;        /* --live SOCKET or "-" */
	const char *follow;      /* --follow FILE */
	const char *save;        /* --save FILE (live: keep the received trace) */
	int w, h;                /* --size WxH (headless frames and the window) */
	int projector;           /* --projector */
	float anim;              /* --anim T: animation phase of headless frames (1 = at rest) */
	int frames;              /* --frames N: storyboard key frames */
	double speed;            /* --speed N: playback speed in events per second (0: default) */
	int fullscreen;          /* --fullscreen */
	int dump;                /* --dump-state */
	int waits;               /* --wait-graph */
	int quiet;               /* --quiet: no diagnostics on stderr */
	const char *autotest;    /* --autotest PNG: play fast to the end (live: until the stream ends), save the
	                            window there, quit (tests the interactive loop) */
	const char *keys;        /* --keys "Right,Right,shift+Left,click:X:Y,move:X:Y,p,...": with --autotest, type these
	                            (one per frame) instead of playing, then save and quit */
	const char *shown;       /* --shown FILE: write the seq of each event drawn as the current one (tests) */
	int load_in_window;      /* the trace is not loaded yet: the window loads it, showing the progress */
	/* --video OUT: export frames as a video (export_video.c) */
	const char *video;
	int64_t from_seq, to_seq;   /* --from / --to: the range of events (-1: the first / the last) */
	const char *from_mark, *to_mark;   /* --from-mark / --to-mark: the range from the trace.mark whose text starts
	                                      so, to the next one that does the other way */
	double fps;              /* --fps: frames per second of the video */
};

/* Offscreen software rendering target (no display needed). */
struct offscreen;
/* Create a w x h target; NULL with a message on failure. */
struct offscreen *offscreen_new(int w, int h);
void offscreen_free(struct offscreen *o);
/* Render the frame after record idx (-1: before the first) at animation phase anim; returns the surface
 * (owned by o, valid until the next render). */
SDL_Surface *offscreen_render(struct offscreen *o, struct trace *t, long idx, float anim, int projector);
/* The text problems of the frame offscreen_render drew last (cut, clipped, overlapping text), one a line into
 * buf; returns their count. Reporting starts with the first call of offscreen_report(o, 1). */
void offscreen_report(struct offscreen *o, int on);
int offscreen_text_problems(struct offscreen *o, char *buf, size_t len);

/* --png: write the frame after record idx to path. Returns 0, -1 with a message. */
int headless_png(struct trace *t, long idx, const struct options *opt, const char *path);
/* --storyboard: key frames and a contact sheet into dir; prints where. Returns 0, -1. */
int headless_storyboard(struct trace *t, const struct options *opt, const char *dir);

/* --video: render the events from opt->from_seq to opt->to_seq, animated at opt->speed events per second
 * and opt->fps frames per second, into path (.gif, .webm or .mp4, by its extension) through the ffmpeg
 * command (Debian's ffmpeg package). Returns 0, -1 with a message. */
int export_video(struct trace *t, const struct options *opt, const char *path);

/* Run the window. l is the live source or NULL. Returns the exit status, or 2 if no window could be
 * opened (no display): the caller then falls back to headless output. */
int app_run(struct trace *t, struct live *l, const struct options *opt);

#endif
