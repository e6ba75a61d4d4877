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
	const char *svg;         /* --svg OUT: the same frame as SVG */
	int64_t at_seq;          /* --at SEQ; -1 = the last event */
	const char *storyboard;  /* --storyboard DIR */
	const char *chrome;      /* --export-chrome OUT */
	const char *live;        /* --live SOCKET or "-" */
	const char *follow;      /* --follow FILE */
	const char *save;        /* --save FILE (live: keep the received trace) */
	const char *name;        /* --name NAME: the trace's name in frames (a trace read from /dev/fd/N) */
	int no_hold;             /* --no-hold: live, never hold the guest back; skip ahead when behind (an interactive
	                            shell) instead of the lecture's pace that holds the guest */
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
/* Draw the next frames as the window does in focus mode on process focus_pid (-1: no focus) with toast showing
 * (NULL: none), for tests. */
void offscreen_focus_toast(struct offscreen *o, int32_t focus_pid, const char *toast);
/* The text problems of the frame offscreen_render drew last (cut, clipped, overlapping text), one a line into
 * buf; returns their count. Reporting starts with the first call of offscreen_report(o, 1). */
void offscreen_report(struct offscreen *o, int on);
int offscreen_text_problems(struct offscreen *o, char *buf, size_t len);
/* The text boxes of the last frame drawn with offscreen_report on (gfx.h struct text_box), *n of them. */
const struct text_box *offscreen_text_boxes(struct offscreen *o, int *n);

/* --png: write the frame after record idx to path. Returns 0, -1 with a message. */
int headless_png(struct trace *t, long idx, const struct options *opt, const char *path);
/* --svg: write the frame after record idx to path as SVG (gfx_svg.c). Returns 0, -1 with a message. */
int headless_svg(struct trace *t, long idx, const struct options *opt, const char *path);
/* Make the next offscreen_render write its frame to f as SVG too; returns what gfx_svg_end said after it. */
void offscreen_svg(struct offscreen *o, FILE *f);
int offscreen_svg_result(const struct offscreen *o);
/* --storyboard: key frames and a contact sheet into dir; prints where. Returns 0, -1. */
int headless_storyboard(struct trace *t, const struct options *opt, const char *dir);

/* --video: render the events from opt->from_seq to opt->to_seq, animated at opt->speed events per second
 * and opt->fps frames per second, into path (.gif, .webm or .mp4, by its extension) through the ffmpeg
 * command (Debian's ffmpeg package). Returns 0, -1 with a message. */
int export_video(struct trace *t, const struct options *opt, const char *path);

/* The window's `v` key: a video of a range of events rendered by a child ipctrace (video_job.c). */
struct video_job {
	int pid;                 /* the child rendering it, 0 if none */
	char out[96];            /* the video: ipctrace-seqA-B.mp4 in the current directory */
	char log[112];           /* the child's messages: OUT.log (removed when it succeeds) */
};
/* Start rendering the events from seq from_seq to to_seq of t (a file-backed trace: the child reads it through an
 * inherited descriptor) into j->out at 1920x1080, in projector mode if projector. Returns 0; -1 with a message in
 * err (a job still running, a trace in memory, no program to run). */
int video_job_start(struct video_job *j, struct trace *t, int64_t from_seq, int64_t to_seq, int projector, char *err, size_t len);
/* Has the job ended? 0 running (or none); 1 done (msg: where the video is); -1 failed (msg: where the log is). */
int video_job_poll(struct video_job *j, char *msg, size_t len);

/* Run the window. l is the live source or NULL. Returns the exit status, or 2 if no window could be
 * opened (no display): the caller then falls back to headless output. */
int app_run(struct trace *t, struct live *l, const struct options *opt);

#endif
