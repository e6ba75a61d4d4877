/* tracer/ui/view_futex.c: a futex word (obj_futex.c's state): the threads asleep on it, first to be woken first,
 * who woke it last and whom, and where a requeue moved sleepers (FUTEX_CMP_REQUEUE: a condition variable's
 * broadcast moves its waiters to the mutex's word). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "ui.h"
#include "objs.h"

static int nlines(const struct futex_blob *b)
{
	return 2 + (b->waker ? 1 : 0) + (b->moved_to || b->moved_from ? 1 : 0);
}

static int height(struct frame_ctx *f, const struct obj *o, int w)
{
	return nlines(o->blob) * gfx_lh(f->g, FS_BODY) + gfx_s(f->g, 4);
}

static void subtitle(const struct obj *o, char *buf, size_t len)
{
	const struct futex_blob *b = o->blob;
	if (b->shared)
		snprintf(buf, len, "shared (keyed by its page)");
	else
		snprintf(buf, len, "private to process %d", b->tgid);
}

static void title(const struct state *s, const struct obj *o, int form, char *buf, size_t len)
{
	const struct futex_blob *b = o->blob;
	snprintf(buf, len, form ? "0x%" PRIx64 : "futex 0x%" PRIx64, b->uaddr);
}

static void draw(struct frame_ctx *f, const struct obj *o, const struct obj *prev, SDL_Rect r)
{
	struct gfx *g = f->g;
	const struct theme *th = &g->th;
	const struct futex_blob *b = o->blob;
	int lh = gfx_lh(g, FS_BODY), y = r.y;
	char a0[160], a1[64], who[48], whom[48];
	if (b->nwait_total && b->pi_owner) {   /* a priority-inheritance lock: the word holds its owner's id */
		frame_proc_label(f, b->pi_owner, who, sizeof who);
		snprintf(a0, sizeof a0, "PI lock held by %s; %u thread%s asleep in FUTEX_LOCK_PI", who, b->nwait_total,
			 b->nwait_total == 1 ? "" : "s");
	} else if (b->nwait_total)
		snprintf(a0, sizeof a0, "%u thread%s asleep in FUTEX_WAIT (the word held %d)", b->nwait_total, b->nwait_total == 1 ? "" : "s", b->val);
	else
		snprintf(a0, sizeof a0, "nobody asleep on it now");
	snprintf(a1, sizeof a1, "%u asleep", b->nwait_total);
	const char *alts[] = { a0, a1 };
	gfx_text_fit(g, FF_SANS, FS_BODY, th->text, r.x, y, AL_LEFT, r.w, alts, 2);
	y += lh;
	if (y + lh > r.y + r.h + gfx_s(g, 4))
		return;
	if (b->nwait)
		frame_pids(f, r.x, y, r.w, th->state[PS_SLEEPING], "queue (first woken first):", b->wait, b->nwait);
	else
		gfx_text(g, FF_SANS, FS_BODY, th->dim, r.x, y, AL_LEFT, r.w, "queue empty");
	y += lh;
	if (y + lh > r.y + r.h + gfx_s(g, 4))
		return;
	if (b->waker) {
		frame_proc_label(f, b->waker, who, sizeof who);
		if (b->nwoken) {
			snprintf(a0, sizeof a0, "last FUTEX_WAKE by %s woke:", who);
			frame_pids(f, r.x, y, r.w, th->ok, a0, b->woken, b->nwoken);
		} else {
			snprintf(a0, sizeof a0, "last FUTEX_WAKE by %s", who);
			gfx_text(g, FF_SANS, FS_BODY, th->ok, r.x, y, AL_LEFT, r.w, a0);
		}
		y += lh;
	}
	if ((b->moved_to || b->moved_from) && y + lh <= r.y + r.h + gfx_s(g, 4)) {
		if (b->moved_from)
			snprintf(a0, sizeof a0, "requeue: %u moved here from 0x%" PRIx64 " without waking", b->nmoved, b->moved_from);
		else
			snprintf(a0, sizeof a0, "requeue: sleepers moved on to 0x%" PRIx64, b->moved_to);
		snprintf(whom, sizeof whom, b->moved_from ? "requeued from 0x%" PRIx64 : "requeued to 0x%" PRIx64,
			 b->moved_from ? b->moved_from : b->moved_to);
		const char *ra[] = { a0, whom };
		gfx_text_fit(g, FF_SANS, FS_BODY, gfx_kind_colour(th, OBJ_FUTEX), r.x, y, AL_LEFT, r.w, ra, 2);
	}
}

const struct obj_view view_futex = { height, draw, subtitle, title, NULL };
