/* tracer/ui/ui.h: drawing one frame of the tracer from a state. Views only draw; they never change the
 * model and never read an event's JSON: what the current event did comes typed from the model
 * (struct ev_effect, effect.h). One view per object kind (view_NAME.c, registered in views.c), plus panels
 * for processes, signals, the event log, the caption and the timeline. */
#ifndef IPCTRACE_UI_H
#define IPCTRACE_UI_H
#include "gfx.h"
#include "trace.h"
#include "kinds.h"
#include "names.h"
#include "effect.h"
#include "waitgraph.h"

#define MAX_ANCHORS 128
#define MAX_PARTS 512
#define MAX_BOOKMARKS 64

/* A rectangle on screen tied to a process (key = pid), an object (key = catalogue index) or a log row
 * (key = record index): used for arrows, hit tests and tooltips. */
struct anchor {
	int32_t key;
	SDL_Rect r;
};

/* A part of something drawn, for arrows that must end exactly there: a semaphore's row (key = the set's
 * catalogue index, sub = sem_num), a process's signal cell (key = -2 - pid, sub = signal number). */
struct part {
	int32_t key;
	int16_t sub;
	SDL_Rect r;
};
#define PART_SIG_KEY(pid) (-2 - (pid))
/* The part of a process's signal row right of its cells, free for a delivery's chip (view_sig.c, arrows.c). */
#define PART_SIG_FREE 65
/* The part of a process row's first line right of its name (view_procs.c), for a chip about the process. */
#define PART_NAME_FREE 66

/* What the app shows around the frame (top bar, overlays). */
struct frame_info {
	int playing;
	double speed;            /* events per second when playing */
	int live;                /* 0 replay, 1 live connected, 2 live ended */
	long behind;             /* live: events received but not shown yet */
	int holding;             /* live: the guest is held back (the animation is behind) */
	int no_hold;             /* live --no-hold: the guest is never held; the picture skips ahead when behind */
	long skipped;            /* live --no-hold: events skipped to keep up (they are in the log) */
	int64_t video_from;      /* `v` pressed once: the seq a video starts at (-1: none) */
	int video_busy;          /* a video is being rendered in the background */
	int help;                /* show the key help overlay */
	int focus;               /* focus mode: the focused object or process on the whole stage */
	int show_log;            /* projector mode: show the event log column */
	int show_graph;          /* draw every edge of the wait-for graph, not only deadlock cycles */
	const char *toast;       /* a short message shown briefly ("saved ...") */
	long bookmarks[MAX_BOOKMARKS];
	int nbookmarks;
	int dragging;            /* timeline being dragged */
	double loading;          /* 0 < loading < 1: the trace is still loading (fraction read) */
};

/* Everything a frame is drawn from, plus what drawing finds out (anchors, tooltip). */
struct frame_ctx {
	struct gfx *g;
	struct trace *t;
	const struct state *s;       /* state after the current event */
	const struct state *prev;    /* state before it (same as s when there is none) */
	long cur;                    /* current record index, -1 = before the first event */
	const struct ev_rec *ev;     /* current record, NULL if cur < 0 */
	const struct ev_effect *fx;  /* what the current event did, NULL if cur < 0 */
	float anim;                  /* 0..1: progress of the current event's animation (1 = at rest) */
	int32_t sel_cat, sel_pid;    /* selection (-1 none): filters the log, Shift+arrows jump by it */
	int32_t focus_cat, focus_pid;/* focus mode's subject (-1 none; the app picks it) */
	int mx, my;                  /* mouse position, -1 if unknown (and while presenting: no tooltips) */
	const struct frame_info *info;

	struct waitgraph wg;         /* the wait-for graph of s (frame_draw builds it) */
	struct anchor procs[MAX_ANCHORS], objs[MAX_ANCHORS], logrows[MAX_ANCHORS];
	int nprocs, nobjs, nlog;
	struct part parts[MAX_PARTS];
	int nparts;
	SDL_Rect kernel_badge;       /* where signals from the kernel (pid 0) start */
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
	/* Optional: the card's title in state s (form 0, or 1 the short one), into buf; default: the kind's label and
	 * the id. */
	void (*title)(const struct state *s, const struct obj *o, int form, char *buf, size_t len);
	/* Optional: the object whose card draws o (a connection's second socket is drawn in the first one's card),
	 * NULL when o has a card of its own. */
	const struct obj *(*host)(const struct state *s, const struct obj *o);
};

extern const struct obj_view *const obj_views[];   /* indexed like obj_kinds[] */

/* Draw a whole frame into f->g's renderer (size g->w x g->h). */
void frame_draw(struct frame_ctx *f);
/* Panels (frame.c lays them out). */
void procs_draw(struct frame_ctx *f, SDL_Rect r);
void objs_draw(struct frame_ctx *f, SDL_Rect r);
void log_draw(struct frame_ctx *f, SDL_Rect r);
void caption_draw(struct frame_ctx *f, SDL_Rect r);
void timeline_draw(struct frame_ctx *f, SDL_Rect r);
void help_draw(struct frame_ctx *f);
/* The signal stage (view_sig.c): a card of the processes' signals, or one process's 64 signals in focus mode. */
int sigs_wanted(struct frame_ctx *f);
int sigs_height(struct frame_ctx *f, int w);
void sigs_draw(struct frame_ctx *f, SDL_Rect r);
/* The wait-for cycle of a deadlock (view_wait.c): a card on the stage while there is one. */
int wait_wanted(struct frame_ctx *f);
int wait_height(struct frame_ctx *f, int w);
void wait_draw(struct frame_ctx *f, SDL_Rect r);
/* Record index under x in the timeline (the last event at or before that time), -1 before the first. */
long timeline_pick(const struct frame_ctx *f, int x);
/* Arrows and moving chips for the current event, over everything else. */
void arrows_draw(struct frame_ctx *f);
/* The wait-for graph's edges between the process rows and the objects (info->show_graph: the `w` key). */
void waitgraph_draw(struct frame_ctx *f);

/* Helpers shared by views. */
/* Anchor rect of a process / object drawn this frame, NULL if not on screen. */
const SDL_Rect *frame_proc_rect(const struct frame_ctx *f, int32_t pid);
const SDL_Rect *frame_obj_rect(const struct frame_ctx *f, int32_t cat);
/* Rect of part sub of key (see struct part), NULL if not drawn. */
const SDL_Rect *frame_part_rect(const struct frame_ctx *f, int32_t key, int sub);
/* Register a part drawn this frame. */
void frame_part(struct frame_ctx *f, int32_t key, int sub, SDL_Rect r);
/* A card in r: its panel, a header band in colour kc with the first of titles[0..n) that fits, a stripe down its
 * left side; returns the width of the title drawn. *content gets the area below the header, inside the padding. */
int frame_card(struct frame_ctx *f, SDL_Rect r, SDL_Color kc, const char *const *titles, int n, SDL_Rect *content);
/* Is the current event about object cat? */
int frame_ev_on(const struct frame_ctx *f, int32_t cat);
/* The current event's verb (FX_NONE if none). */
int frame_verb(const struct frame_ctx *f);
/* Name of a process for labels: "name(pid)" with its name now (or as it was, when gone); "pid N" if unknown. */
/* frame_proc_name: "name(pid)", or for a thread other than its process's main one "name(tgid/tid)" (its process's id,
 * then its own, as ps -L lists them), into buf. */
const char *frame_proc_name(const struct proc *p, char *buf, size_t len);
const char *frame_proc_label(const struct frame_ctx *f, int32_t pid, char *buf, size_t len);
/* A live object's label: "pipe 3", "FIFO /tmp/x", "semaphore set 2" (short: "sem set 2"). */
const char *frame_obj_label(const struct frame_ctx *f, int32_t cat, int shortform, char *buf, size_t len);
/* What process p waits for, in its mechanism's terms ("P(sem 0) in set 3", "read(pipe 2): empty"); form 0
 * the longest, 2 the shortest. "" when it does not sleep. */
const char *frame_wait_text(const struct frame_ctx *f, const struct proc *p, int form, char *buf, size_t len);
/* Draw a row of pids ("2 upper, 3 cat") after a label, fitting maxw; returns the width used. */
int frame_pids(struct frame_ctx *f, int x, int y, int maxw, SDL_Color c, const char *label, const int32_t *pids, int n);
struct queue_parties;
struct msg_one;
/* The compact card of a message queue, System V (view_msg.c) or POSIX (view_mq.c), in r: its counts (`counts`, or
 * `counts_short` where that does not fit), then who sleeps on it ("asleep: 1 in msgsnd, 2 in msgrcv": send_call,
 * recv_call; or "3 asleep"), or else the keys of its messages m[0..n) in receive order after keys_label
 * ("types: 1 2", "priorities: 5 0"), in colour kc, or "empty". */
void frame_queue_compact(struct frame_ctx *f, SDL_Rect r, const char *counts, const char *counts_short,
			 const struct queue_parties *q, const char *send_call, const char *recv_call, const char *keys_label,
			 const struct msg_one *m, int n, SDL_Color kc);
/* A message queue's messages m[0..n) in receive order as boxes in rows filling area (view_msg.c; System V and POSIX
 * queues): `what` names their mtype ("type", "prio"), more_unlisted counts messages the trace did not list; pm[0..pn)
 * is the queue before the event (pm NULL: new), so a message sent slides into its place and one received leaves. */
struct msg_one;
void msg_queue_draw(struct frame_ctx *f, int32_t cat, const struct msg_one *m, int n, int more_unlisted, const struct msg_one *pm,
		    int pn, SDL_Rect area, const char *what);
/* The height of at most maxrows rows of n message boxes in width w. */
int msg_queue_height(struct frame_ctx *f, int n, int w, int maxrows);
/* The first characters of s (printable ASCII: a message's first bytes) that fit in maxw in the monospaced face, into
 * buf: a preview is cut where the box ends, not shortened with an ellipsis. Returns buf. */
const char *frame_mono_fit(struct gfx *g, int size, const char *s, int maxw, char *buf, size_t len);
/* Ease-out of the animation (0..1). */
float frame_ease(float t);
/* Byte as display text: printable as itself, \n, \t, \0, else two hex digits. */
const char *frame_byte(uint8_t b, char buf[8]);
/* "4 KiB", "12 B" */
const char *frame_size(uint64_t n, char *buf, size_t len);
/* A payload for a chip or caption: quoted, escaped, at most max characters ("..." after). */
const char *frame_quote(const uint8_t *data, int n, int more, int max, char *buf, size_t len);
/* The byte at absolute position pos of pipe o (the shadow ring, else the trace's data): 1 if known. */
int frame_pipe_byte(const struct frame_ctx *f, const struct obj *o, uint64_t pos, uint8_t *b);
/* The terminal whose controlling session is sid (obj_tty.c's state), NULL if none or sid <= 0. */
struct tty_blob;
const struct tty_blob *frame_tty(const struct frame_ctx *f, int32_t sid);
/* Does process pid take part in object cat now (waits on it, named by its state, acts on it now)? */
int frame_involved(const struct frame_ctx *f, int32_t cat, int32_t pid);
/* The caption: what the current event did, in words; form 0 the longest. Returns buf. */
const char *caption_text(const struct frame_ctx *f, int form, char *buf, size_t len);

#endif
