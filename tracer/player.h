/* tracer/player.h: the position in a trace being shown: the current event and the states just before and
 * after it (the views animate from one to the other). Plain C, no SDL. */
#ifndef IPCTRACE_PLAYER_H
#define IPCTRACE_PLAYER_H
#include "trace.h"

struct player {
	struct trace *t;
	long cur;              /* current record index, -1 = before the first event */
	struct state s;        /* state after record cur */
	struct state prev;     /* state after record cur-1 */
	struct ev_effect fx;   /* what record cur did (verb FX_NONE before the first event) */
};

/* Start before the first event. */
void player_init(struct player *p, struct trace *t);
void player_free(struct player *p);
/* Move to record i (clamped to -1..n-1). A step forward applies one event; anything else seeks.
 * Returns 0, -1 on error. */
int player_goto(struct player *p, long i);
/* Next / previous record index after / before cur that acts on catalogue entry cat (or, if cat < 0,
 * whose pid is pid); -1 if none. */
long player_find(const struct player *p, int dir, int32_t cat, int32_t pid);

#endif
