/* tracer/obj_futex.c: futex wait queues (futex.*; futex(2), traces/FORMAT.md "Futexes"). A thread sleeps on a word
 * (futex.wait) until another wakes it (futex.wake) or moves it to another word (futex.requeue). The model keeps one
 * object per word that threads sleep on: its sleepers in wake order, who woke whom last, and where a requeue moved
 * sleepers. Linux keys a private futex by the address space and the address, a shared one by the page: here a
 * private word is keyed by its process (tgid) and address, a shared one by its address alone (the trace gives no
 * page; processes sharing it are taken to map it at one address, as after fork). FUTEX_CMP_REQUEUE moves the first
 * n sleepers left after its wake-ups, in queue order, as Linux's futex_requeue walks its hash bucket; the trace
 * says how many, the model knows which. Nothing in the trace says who holds a lock built on an ordinary word: the
 * wait-for graph takes the threads seen waking it as the ones that could wake it again. A priority-inheritance
 * lock (FUTEX_LOCK_PI) is the exception: its word holds the owner's id, futex.wait says who that is, and the
 * owner's unlock hands the lock to the thread it wakes; its sleepers wait for the owner alone. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_WAIT, V_WAKE, V_REQUEUE };

static const struct ev_type types[] = {
	{ "futex.wait", 2, V_WAIT }, { "futex.wake", 0, V_WAKE }, { "futex.requeue", 2, V_REQUEUE }, { NULL, 0, 0 },
};

#define ADDR_BITS 48    /* user addresses of aarch64 Linux (48-bit virtual addresses) */

/* The object id of word addr of process tgid (0: a shared word): the tgid's low 15 bits above the address. */
static int64_t futex_id(int32_t tgid, uint64_t addr)
{
	return (int64_t)(((uint64_t)tgid & 0x7fff) << ADDR_BITS | (addr & ((1ull << ADDR_BITS) - 1)));
}

/* The process of the event's actor (a thread's tgid), for private words. */
static int32_t actor_tgid(struct apply_ctx *c)
{
	const struct proc *p = state_proc(c->s, c->rec->pid);
	return p && p->tgid ? p->tgid : c->rec->pid;
}

/* The live word addr of the actor's process, else the shared one at addr; NULL if neither has an object. */
static struct obj *word(struct apply_ctx *c, uint64_t addr)
{
	struct obj *o = state_obj(c->s, OBJ_FUTEX, futex_id(actor_tgid(c), addr));
	return o ? o : state_obj(c->s, OBJ_FUTEX, futex_id(0, addr));
}

/* A word nobody sleeps on any more is gone at the next event after the one that emptied it (which is drawn). */
static int stale(const struct obj *o, int64_t seq)
{
	return !((const struct futex_blob *)o->blob)->nwait_total && o->last_seq < seq;
}

/* Which word the event is about: futex.wait's own (private or shared, as it says); futex.wake's is the one its
 * first woken thread sleeps on (or the actor's word at uaddr: nobody woken); futex.requeue is about the word it
 * moves sleepers to (uaddr2), which exists only if the word at uaddr has sleepers. */
static int key(struct apply_ctx *c, int64_t *id)
{
	int verb = type_get(c->rec->type)->verb;
	uint64_t addr, addr2;
	if (!ev_hex(c, "uaddr", &addr, 1))
		return 0;
	snprintf(c->fx->text, sizeof c->fx->text, "futex 0x%" PRIx64, addr);
	if (verb == V_WAIT) {
		*id = futex_id(cJSON_IsTrue(ev_get(c, "shared")) ? 0 : actor_tgid(c), addr);
		return 1;
	}
	if (verb == V_WAKE) {
		int32_t woken[1];
		uint8_t n = 0;
		ev_pids(c, "woken", woken, &n, 1, 1);
		const struct proc *p = n ? state_proc(c->s, woken[0]) : NULL;
		const struct obj *o = p && p->wait.kind == WAIT_FUTEX ? state_obj_by_cat(c->s, p->wait.obj) : NULL;
		if (!o)
			o = word(c, addr);
		if (!o) {   /* nobody the model saw asleep there (asleep since before the trace): they wake all the same */
			char text[sizeof c->fx->text];
			snprintf(text, sizeof text, "%s", c->fx->text);
			proc_wake_named(c, text);
			return 0;
		}
		*id = o->id;
		return 1;
	}
	const struct obj *from = word(c, addr);
	if (!ev_hex(c, "uaddr2", &addr2, 1) || !from)
		return 0;
	*id = futex_id(((const struct futex_blob *)from->blob)->tgid, addr2);
	return 1;
}

/* pid no longer sleeps on b; returns 1 if it was listed there. */
static int unwait(struct futex_blob *b, int32_t pid)
{
	if (!pidlist_has(b->wait, b->nwait, pid))
		return 0;
	pidlist_remove(b->wait, &b->nwait, pid);
	b->nwait_total--;
	return 1;
}

static void enqueue(struct futex_blob *b, int32_t pid)
{
	if (pidlist_has(b->wait, b->nwait, pid))
		return;
	pidlist_add(b->wait, &b->nwait, FUTEX_WAITMAX, pid);
	b->nwait_total++;
}

/* Sleeper pid now sleeps on word o (a requeue moved it there, or the wait just began). */
static void sleeps_on(struct apply_ctx *c, int32_t pid, const struct obj *o)
{
	struct proc *p = state_proc(c->s, pid);
	const struct futex_blob *b = o->blob;
	if (!p)
		return;
	p->wait.obj = o->cat;
	p->wait.id = o->id;
	snprintf(p->wchan, sizeof p->wchan, "futex 0x%" PRIx64, b->uaddr);
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct futex_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid;
	uint64_t addr;
	int64_t v;
	switch (verb) {
	case V_WAIT:
		if (!ev_hex(c, "uaddr", &addr, 1))
			return APPLY_OK;
		b->uaddr = addr;
		b->shared = cJSON_IsTrue(ev_get(c, "shared"));
		b->tgid = b->shared ? 0 : actor_tgid(c);
		b->val = ev_int(c, "val", &v, 0) ? (int32_t)v : 0;
		b->pi_owner = ev_int(c, "owner", &v, 0) && v > 0 && v <= INT32_MAX ? (int32_t)v : 0;
		enqueue(b, pid);
		proc_block(c, pid, (struct proc_wait){ .kind = WAIT_FUTEX, .arg = b->val }, o, fx->text);
		return APPLY_OK;
	case V_WAKE: {
		int32_t woken[32];
		uint8_t n = 0;
		ev_pids(c, "woken", woken, &n, 32, 1);
		fx->verb = FX_WAKE;
		if (b->pi_owner && n)
			b->pi_owner = woken[0];   /* FUTEX_UNLOCK_PI hands the lock to the sleeper it wakes */
		b->waker = pid;
		b->nwoken = 0;
		seen_add(b->wseen, &b->nwseen, SEENMAX, pid);
		for (int i = 0; i < n; i++) {
			struct proc *p = state_proc(c->s, woken[i]);
			struct obj *on = p && p->wait.kind == WAIT_FUTEX && p->wait.obj != o->cat ? state_obj_by_cat(c->s, p->wait.obj) : NULL;
			if (on && on->kind == OBJ_FUTEX)   /* asleep on a word keyed otherwise (shared as private) */
				unwait(on->blob, woken[i]);
			if (!unwait(b, woken[i]) && b->nwait_total > b->nwait)
				b->nwait_total--;   /* one of the sleepers past the listed ones */
			if (b->nwoken < 4)
				b->woken[b->nwoken++] = woken[i];
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	}
	case V_REQUEUE: {
		uint64_t from_addr;
		if (!ev_hex(c, "uaddr", &from_addr, 1) || !ev_hex(c, "uaddr2", &addr, 1))
			return APPLY_OK;
		struct obj *from = word(c, from_addr);
		struct futex_blob *fb = from ? from->blob : NULL;
		if (!fb || from == o)
			return APPLY_OK;
		b->uaddr = addr;
		b->tgid = fb->tgid;
		b->shared = fb->shared;
		int64_t n = ev_int(c, "n", &v, 1) ? v : 0;
		fx->verb = FX_REQUEUE;
		fx->n = n;
		fx->addr = from_addr;
		snprintf(fx->text, sizeof fx->text, "futex 0x%" PRIx64, addr);
		for (int64_t i = 0; i < n && fb->nwait; i++) {
			int32_t moved = fb->wait[0];
			unwait(fb, moved);
			enqueue(b, moved);
			sleeps_on(c, moved, o);
			fx_add_pid(fx, moved);
		}
		if (n > fx->npids_total)
			ev_diag(c, "futex.requeue: %lld moved but the model knew %d asleep", (long long)n, fx->npids_total);
		fb->moved_to = addr;
		b->moved_from = from_addr;
		b->nmoved = (uint16_t)fx->npids_total;
		return APPLY_OK;
	}
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct futex_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "0x%" PRIx64 " %s %d val %d waiters %u [", b->uaddr, b->shared ? "shared" : "private",
				    b->tgid, b->val, b->nwait_total);
	for (int i = 0; i < b->nwait && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%d", i ? " " : "", b->wait[i]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, "] waker %d woke [", b->waker);
	for (int i = 0; i < b->nwoken && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, "%s%d", i ? " " : "", b->woken[i]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, "] moved_to 0x%" PRIx64 " moved_from 0x%" PRIx64 " n %u", b->moved_to,
				      b->moved_from, b->nmoved);
	if (b->pi_owner && u < len)
		snprintf(buf + u, len - u, " pi_owner %d", b->pi_owner);
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct futex_blob *b = o->blob;
	uint8_t n = 0;
	pidlist_add_all(out, &n, max, b->wait, b->nwait);
	if (b->waker)
		pidlist_add(out, &n, max, b->waker);
	pidlist_add_all(out, &n, max, b->woken, b->nwoken);
	return n;
}

/* A sleeper on a priority-inheritance lock waits for its owner; on another word, for the threads seen waking it. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct futex_blob *b = o->blob;
	if (b->pi_owner && max > 0) {
		out[0] = b->pi_owner;
		return 1;
	}
	int n = b->nwseen < max ? b->nwseen : max;
	memcpy(out, b->wseen, sizeof *out * (size_t)n);
	return n;
}

const struct obj_kind kind_futex = {
	.name = "futex", .label = "futex", .id_field = "uaddr", .id_max = INT64_MAX,
	.blob_size = sizeof(struct futex_blob), .types = types, .apply = apply, .dump = dump, .forget = forget,
	.key = key, .stale = stale, .pids = pids, .releasers = releasers,
};
