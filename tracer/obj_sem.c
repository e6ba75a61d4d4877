/* tracer/obj_sem.c: System V semaphore sets (sem.*). Events carry every semaphore's state (`sems`); kept here
 * besides: SEM_UNDO adjustments, and each process's use of each semaphore (units taken with P and not given
 * back, V done): whom a sleeper waits for, in the wait-for graph. Both come from completed semops.
 * Versions (traces/FORMAT.md): sem.wake lists every sleeper a change let through (version 1) or comes once
 * per sleeper, with `err` when it was woken to fail (version 2); sem.rmid lists the sleepers it fails
 * (version 1) or follows their wakes (version 2). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_OP, V_BLOCK, V_WAKE, V_CTL, V_UNDO, V_RMID };
#define SEM_UNDO_FLAG 0x1000
#define NSEMS_MAX 256      /* semaphores kept per set */

static const struct ev_type types[] = {
	{ "sem.create", 1, V_CREATE }, { "sem.op", 0, V_OP }, { "sem.block", 0, V_BLOCK },
	{ "sem.wake", 0, V_WAKE }, { "sem.ctl", 0, V_CTL }, { "sem.undo", 0, V_UNDO },
	{ "sem.rmid", 0, V_RMID }, { NULL, 0, 0 },
};

static int32_t getint(const cJSON *o, const char *k, int32_t dflt)
{
	const cJSON *f = jget(o, k);
	return cJSON_IsNumber(f) ? json_i32(f) : dflt;
}

static void pids_of(const cJSON *o, const char *k, int32_t *out, uint8_t *n, uint16_t *total)
{
	const cJSON *a = jget(o, k), *e;
	*n = 0;
	*total = 0;
	cJSON_ArrayForEach(e, a) {
		if (*n < WAITMAX && cJSON_IsNumber(e))
			out[(*n)++] = json_i32(e);
		(*total)++;
	}
}

/* Copy `sems` (the state after the event) into the blob, resizing it. o->blob may move. */
static void read_sems(struct apply_ctx *c, struct obj *o, int required)
{
	const cJSON *a = ev_arr(c, "sems", required), *e;
	if (!a)
		return;
	int n = cJSON_GetArraySize(a);
	if (n > NSEMS_MAX)
		n = NSEMS_MAX;
	if (obj_resize(o, (uint32_t)(sizeof(struct sem_blob) + sizeof(struct sem_one) * n)) < 0) {
		ev_oom(c);
		return;
	}
	struct sem_blob *b = o->blob;
	if (b->nsems && b->nsems != n)
		ev_diag(c, "semaphore set %lld had %d semaphores, now %d", (long long)o->id, b->nsems, n);
	b->nsems = n;
	int i = 0;
	cJSON_ArrayForEach(e, a) {
		if (i >= n)
			break;
		struct sem_one *s = &b->sems[i++];
		if (!cJSON_IsObject(e)) {
			ev_diag(c, "sems[%d] should be an object", i - 1);
			continue;
		}
		s->semval = getint(e, "val", 0);
		s->sempid = getint(e, "pid", 0);
		pids_of(e, "ncnt", s->ncnt, &s->nncnt, &s->ncnt_total);
		pids_of(e, "zcnt", s->zcnt, &s->nzcnt, &s->zcnt_total);
	}
}

static void undo_add(struct sem_blob *b, int32_t pid, int num, int adj)
{
	for (int i = 0; i < b->nundo; i++)
		if (b->undo[i].pid == pid && b->undo[i].semnum == num) {
			b->undo[i].semadj = (int16_t)(b->undo[i].semadj + adj);
			if (!b->undo[i].semadj)
				b->undo[i] = b->undo[--b->nundo];
			return;
		}
	if (adj && b->nundo < SEM_UNDOMAX)
		b->undo[b->nundo++] = (struct sem_undo){ pid, (uint16_t)num, (int16_t)adj };
}

/* pid's completed sem_op `op` on semaphore num: a P takes -op units, a V gives back what pid itself took
 * (a V of units it did not take, a producer's, changes no hold) and marks it a poster. */
static void use(struct sem_blob *b, int32_t pid, int num, int op)
{
	struct sem_user *u = NULL;
	for (int i = 0; i < b->nuser && !u; i++)
		if (b->user[i].pid == pid && b->user[i].semnum == num)
			u = &b->user[i];
	if (!u) {
		if (b->nuser == SEM_USERMAX) {   /* full: forget the oldest entry that holds nothing */
			int k = 0;
			while (k < b->nuser && b->user[k].held)
				k++;
			if (k == b->nuser)
				return;
			memmove(&b->user[k], &b->user[k + 1], sizeof *b->user * (size_t)(b->nuser - k - 1));
			b->nuser--;
		}
		u = &b->user[b->nuser++];
		*u = (struct sem_user){ .pid = pid, .semnum = (uint16_t)num };
	}
	int held = u->held - op;
	u->held = (int16_t)(held < 0 ? 0 : held > INT16_MAX ? INT16_MAX : held);
	if (op > 0)
		u->posted = 1;
}

/* Read `sops` into c->fx (the semop's operations); with `done` (the semop completed), update SEM_UNDO
 * adjustments and holds. Returns the count. */
static int read_sops(struct apply_ctx *c, struct sem_blob *b, int done)
{
	const cJSON *a = ev_arr(c, "sops", 1), *e;
	struct ev_effect *fx = c->fx;
	int n = 0;
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) < 2) {
			ev_diag(c, "sops entries should be [num, op, flg]");
			continue;
		}
		int num = json_i32(cJSON_GetArrayItem(e, 0));
		int op = json_i32(cJSON_GetArrayItem(e, 1));
		const cJSON *f = cJSON_GetArrayItem(e, 2);
		int flg = cJSON_IsNumber(f) ? json_i32(f) : 0;
		if (num < 0 || num >= b->nsems) {
			ev_diag(c, "sops: semaphore %d out of range (nsems %d)", num, b->nsems);
			continue;
		}
		if (op < INT16_MIN || op > INT16_MAX) {
			ev_diag(c, "sops: sem_op %d out of range (a short)", op);
			continue;
		}
		n++;
		if (fx->nsops < FX_SOPS)
			fx->sops[fx->nsops++] = (struct fx_sop){ (int16_t)num, (int16_t)op, (uint8_t)!!(flg & SEM_UNDO_FLAG) };
		if (!done)
			continue;
		if ((flg & SEM_UNDO_FLAG) && op)
			undo_add(b, c->rec->pid, num, -op);
		if (op)
			use(b, c->rec->pid, num, op);
	}
	return n;
}

/* The semaphore a sleeper waits on: the one whose semncnt / semzcnt lists it (as GETNCNT / GETZCNT count it);
 * else the first of its operations that cannot proceed. */
static struct proc_wait sem_wait_of(struct apply_ctx *c, const struct sem_blob *b, int32_t pid, int nsops)
{
	const struct ev_effect *fx = c->fx;
	struct proc_wait w = { .kind = WAIT_SEM, .obj = -1, .semnum = -1, .nsops = (int16_t)nsops };
	for (int i = 0; i < b->nsems && w.semnum < 0; i++) {
		if (pidlist_has(b->sems[i].ncnt, b->sems[i].nncnt, pid))
			w.semnum = (int16_t)i, w.semop = -1;
		else if (pidlist_has(b->sems[i].zcnt, b->sems[i].nzcnt, pid))
			w.semnum = (int16_t)i, w.semop = 0;
	}
	for (int k = 0; k < fx->nsops; k++) {
		const struct fx_sop *s = &fx->sops[k];
		int val = b->sems[s->num].semval;
		int stuck = s->op < 0 ? val < -s->op : s->op == 0 ? val != 0 : 0;
		if (w.semnum == s->num || (w.semnum < 0 && stuck)) {
			w.semnum = s->num;
			w.semop = s->op;
			break;
		}
	}
	return w;
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct sem_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int64_t v;
	int32_t woken[64];
	uint8_t nw = 0;
	char w[32];
	const char *s;
	switch (verb) {
	case V_CREATE:
		read_sems(c, o, 1);
		b = o->blob;
		if (ev_int(c, "key", &v, 0))
			b->key = v;
		if (ev_int(c, "mode", &v, 0))
			b->mode = (int32_t)v;
		if (ev_int(c, "nsems", &v, 1) && v != b->nsems)
			ev_diag(c, "sem.create: nsems %lld but %d in sems", (long long)v, b->nsems);
		return APPLY_OK;
	case V_OP:
		read_sems(c, o, 1);
		b = o->blob;
		read_sops(c, b, !fx->err[0]);
		fx->verb = fx->err[0] ? FX_FAIL : FX_SEMOP;
		return APPLY_OK;
	case V_BLOCK: {
		read_sems(c, o, 1);
		b = o->blob;
		int n = read_sops(c, b, 0);
		snprintf(w, sizeof w, "semop %lld", (long long)o->id);
		proc_block(c, c->rec->pid, sem_wait_of(c, b, c->rec->pid, n), o, w);
		return APPLY_OK;
	}
	case V_WAKE:
		read_sems(c, o, 1);
		ev_pids(c, "woken", woken, &nw, 64, 1);
		fx->verb = FX_WAKE;
		for (int i = 0; i < nw; i++)
			proc_wake(c, woken[i]);
		return APPLY_OK;
	case V_CTL:
		read_sems(c, o, 1);
		b = o->blob;
		fx->verb = FX_CTL;
		if (ev_str(c, "cmd", &s, 0)) {
			snprintf(fx->text, sizeof fx->text, "%s", s);
			if (!strcmp(s, "SETVAL") || !strcmp(s, "SETALL"))
				for (int i = 0; i < b->nuser; i++)
					b->user[i].held = 0;   /* semctl(2): the values are set outright; nobody holds units */
		}
		return APPLY_OK;
	case V_UNDO: {
		read_sems(c, o, 1);
		b = o->blob;
		const cJSON *a = ev_arr(c, "adj", 0), *e;
		int i = 0;
		cJSON_ArrayForEach(e, a) {
			int adj = json_i32(e);
			if (adj && i < b->nsems && fx->nsops < FX_SOPS)
				fx->sops[fx->nsops++] = (struct fx_sop){ (int16_t)i, (int16_t)(adj < INT16_MIN ? INT16_MIN : adj > INT16_MAX ? INT16_MAX : adj), 1 };
			if (adj > 0 && i < b->nsems)
				use(b, c->rec->pid, i, adj);
			i++;
		}
		for (int k = 0; k < b->nundo;)
			if (b->undo[k].pid == c->rec->pid)
				b->undo[k] = b->undo[--b->nundo];
			else
				k++;
		fx->verb = FX_SEMOP;
		snprintf(fx->text, sizeof fx->text, "SEM_UNDO");
		return APPLY_OK;
	}
	case V_RMID:
		ev_pids(c, "woken", woken, &nw, 64, 0);
		fx->verb = FX_REMOVE;
		for (int i = 0; i < nw; i++)
			proc_wake(c, woken[i]);
		return APPLY_REMOVE;
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct sem_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "key %" PRId64 " nsems %d", b->key, b->nsems);
	for (int i = 0; i < b->nsems && u < len; i++) {
		const struct sem_one *s = &b->sems[i];
		u += (size_t)snprintf(buf + u, len - u, " [%d pid %d n", s->semval, s->sempid);
		for (int k = 0; k < s->nncnt && u < len; k++)
			u += (size_t)snprintf(buf + u, len - u, " %d", s->ncnt[k]);
		if (u < len)
			u += (size_t)snprintf(buf + u, len - u, " z");
		for (int k = 0; k < s->nzcnt && u < len; k++)
			u += (size_t)snprintf(buf + u, len - u, " %d", s->zcnt[k]);
		if (u < len)
			u += (size_t)snprintf(buf + u, len - u, "]");
	}
	for (int i = 0; i < b->nundo && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " undo %d:%d%+d", b->undo[i].pid, b->undo[i].semnum,
				      b->undo[i].semadj);
	for (int i = 0; i < b->nuser && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " user %d:%d held %d%s", b->user[i].pid, b->user[i].semnum,
				      b->user[i].held, b->user[i].posted ? " V" : "");
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct sem_blob *b = o->blob;
	uint8_t n = 0;
	for (int i = 0; i < b->nsems; i++) {
		pidlist_add_all(out, &n, max, b->sems[i].ncnt, b->sems[i].nncnt);
		pidlist_add_all(out, &n, max, b->sems[i].zcnt, b->sems[i].nzcnt);
	}
	for (int i = 0; i < b->nuser; i++)
		if (b->user[i].held)
			pidlist_add(out, &n, max, b->user[i].pid);
	for (int i = 0; i < b->nundo; i++)
		pidlist_add(out, &n, max, b->undo[i].pid);
	return n;
}

/* A P waits for the processes holding units of its semaphore (their V gives them back) and those seen giving
 * units to it (producers). A wait for zero: unknown. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct sem_blob *b = o->blob;
	int n = 0;
	if (w->kind != WAIT_SEM || w->semop >= 0)
		return 0;
	for (int i = 0; i < b->nuser && n < max; i++)
		if (b->user[i].semnum == w->semnum && (b->user[i].held || b->user[i].posted))
			out[n++] = b->user[i].pid;
	return n;
}

const struct obj_kind kind_sem = {
	.name = "sem", .label = "semaphore set", .id_field = "semid", .id_max = INT32_MAX,
	.blob_size = sizeof(struct sem_blob), .types = types, .apply = apply, .dump = dump, .pids = pids,
	.releasers = releasers,
};
