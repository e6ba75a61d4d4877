/* tracer/player.c: moving through a trace, keeping the states before and after the current event. */
#include "player.h"

void player_init(struct player *p, struct trace *t)
{
	p->t = t;
	p->cur = -1;
	state_init(&p->s);
	state_init(&p->prev);
	fx_reset(&p->fx, -1);
}

void player_free(struct player *p)
{
	state_free(&p->s);
	state_free(&p->prev);
}

int player_goto(struct player *p, long i)
{
	struct trace *t = p->t;
	if (i >= (long)t->n)
		i = (long)t->n - 1;
	if (i < -1)
		i = -1;
	if (i == p->cur)
		return 0;
	if (i >= (long)t->built)   /* make sure records up to i are built (live mode builds lazily) */
		while (t->built <= (size_t)i && trace_build(t, 4096))
			;
	if (i == p->cur + 1 && i >= 0) {
		if (state_copy(&p->prev, &p->s) < 0)
			return -1;
		trace_apply_fx(t, (size_t)i, &p->s, &p->fx);
	} else {
		if (trace_seek(t, i - 1, &p->prev) < 0)
			return -1;
		if (state_copy(&p->s, &p->prev) < 0)
			return -1;
		fx_reset(&p->fx, -1);
		if (i >= 0)
			trace_apply_fx(t, (size_t)i, &p->s, &p->fx);
	}
	p->cur = i;
	return 0;
}

long player_find(const struct player *p, int dir, int32_t cat, int32_t pid)
{
	const struct trace *t = p->t;
	for (long i = p->cur + dir; i >= 0 && i < (long)t->n; i += dir) {
		const struct ev_rec *r = &t->recs[i];
		if (cat >= 0 ? r->obj == cat : r->pid == pid)
			return i;
	}
	return -1;
}
