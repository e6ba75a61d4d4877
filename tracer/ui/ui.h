/* tracer/ui/ui.h: drawing one frame of the tracer from a state. Views only draw; they never change the
 * model. One view per object kind (view_NAME.c, registered in views.c), plus panels for processes, the
 * event log and the timeline. */
#ifndef IPCTRACE_UI_H
#define IPCTRACE_UI_H
#include <cjson/cJSON.h>
#include "gfx.h"
#include "trace.h"
#include "kinds.h"
#include "names.h"

#define MAX_ANCHORS 128
#define MAX_BOOKMARKS 64

/* A rectangle on screen tied to a process (key = pid), an object (key = catalogue index) or a log row
 * (key = record index): used for arrows, hit tests and tooltips. */
struct anchor {
	int32_t key;
	SDL_Rect r;
};

/* What the app shows around the frame (top bar, overlays). */
struct frame_info {
	int playing;
	double speed;            /* events per second when playing */
	int live;                /* 0 replay, 1 live connected, 2 live ended */
	int following;           /* live: playing up to the newest event */
	long behind;             /* live, following: events received but not shown yet */
	int help;                /* show the key help overlay */
	const char *toast;       /* a short message shown briefly ("saved ...") */
	long bookmarks[MAX_BOOKMARKS];
	int nbookmarks;
	int dragging;            /* timeline being dragged */
};

/* Everything a frame is drawn from, plus what drawing finds out (anchors, tooltip). */
struct frame_ctx {
	struct gfx *g;
	struct trace *t;
	const struct state *s;       /* state after the current event */
	const struct state *prev;    /* state before it (same as s when there is none) */
	long cur;                    /* current record index, -1 = before the first event */
	const struct ev_rec *ev;     /* current record, NULL if cur < 0 */
	cJSON *evj;                  /* current event parsed, NULL if none or bad */
	float anim;                  /* 0..1: progress of the current event's animation (1 = at rest) */
	int32_t sel_cat, sel_pid;    /* selection (-1 none): filters the log, Shift+arrows jump by it */
	int mx, my;                  /* mouse position, -1 if unknown */
	const struct frame_info *info;

	struct anchor procs[MAX_ANCHORS], objs[MAX_ANCHORS], logrows[MAX_ANCHORS];
	int nprocs, nobjs, nlog;
	SDL_Rect timeline;           /* the scrubber's area (for clicks and drags) */
	SDL_Rect panel_procs, panel_objs, panel_log;
	char tip[160];               /* tooltip text under the mouse, "" if none */
};

/* An object kind's view. */
struct obj_view {
	/* Preferred content height in pixels for a card of width w. */
	int (*height)(struct frame_ctx *f, const struct obj *o, int w);
	/* Draw o's content into r. prev is the same object before the current event (NULL if it is new). */
	void (*draw)(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r);
	/* Subtitle for the card header ("fd 3 → fd 4", "key 0x1234"), into buf. */
	void (*subtitle)(const struct obj *o, char *buf, size_t len);
};

extern const struct obj_view *const obj_views[];   /* indexed like obj_kinds[] */

/* Draw a whole frame into f->g's renderer (size g->w x g->h). */
void frame_draw(struct frame_ctx *f);
/* Panels (frame.c lays them out). */
void procs_draw(struct frame_ctx *f, SDL_Rect r);
void objs_draw(struct frame_ctx *f, SDL_Rect r);
void log_draw(struct frame_ctx *f, SDL_Rect r);
void timeline_draw(struct frame_ctx *f, SDL_Rect r);
void help_draw(struct frame_ctx *f);
/* Record index under x in the timeline (the last event at or before that time), -1 before the first. */
long timeline_pick(const struct frame_ctx *f, int x);
/* Arrows and moving chips for the current event, over everything else. */
void arrows_draw(struct frame_ctx *f);

/* Helpers shared by views. */
/* Anchor rect of a process / object drawn this frame, NULL if not on screen. */
const SDL_Rect *frame_proc_rect(const struct frame_ctx *f, int32_t pid);
const SDL_Rect *frame_obj_rect(const struct frame_ctx *f, int32_t cat);
/* Is the current event about object cat? */
int frame_ev_on(const struct frame_ctx *f, int32_t cat);
/* The current event's type name ("" if none). */
const char *frame_ev_type(const struct frame_ctx *f);
/* Name of a process for labels: "name(pid)"; "pid N" when it is not in the state. */
const char *frame_proc_label(const struct frame_ctx *f, int32_t pid, char *buf, size_t len);
/* Draw a row of pids ("2 upper, 3 cat") after a label; returns the width used. */
int frame_pids(struct frame_ctx *f, int x, int y, int maxw, SDL_Color c, const char *label, const int32_t *pids, int n);
/* Ease-out of the animation (0..1). */
float frame_ease(float t);
/* Byte as display text: printable as itself, \n, \t, \0, else two hex digits. */
const char *frame_byte(uint8_t b, char buf[8]);
/* "4 KiB", "12 B" */
const char *frame_size(uint64_t n, char *buf, size_t len);

#endif
