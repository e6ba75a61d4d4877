/* tracer/obj_sem.c: System V semaphore sets (sem.*). Events carry every semaphore's state (`sems`);
 * SEM_UNDO adjustments are accumulated here from successful semops. */
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

static void pids(const cJSON *o, const char *k, int32_t *out, uint8_t *n, uint16_t *total)
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
	if (obj_resize(o, (uint32_t)(sizeof(struct sem_blob) + sizeof(struct sem_one) * n)) < 0)
		return;
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
		pids(e, "ncnt", s->ncnt, &s->nncnt, &s->ncnt_total);
		pids(e, "zcnt", s->zcnt, &s->nzcnt, &s->zcnt_total);
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

/* Remember the last sops per semaphore (shown as "-1" chips) and SEM_UNDO adjustments when `undo`. */
static void read_sops(struct apply_ctx *c, struct sem_blob *b, int undo)
{
	const cJSON *a = ev_arr(c, "sops", 1), *e;
	memset(b->last_op, 0, sizeof b->last_op);
	if (!a)
		return;
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
		if (num < 8)
			b->last_op[num] = (int16_t)(op ? op : 0x7fff);   /* 0x7fff: wait-for-zero */
		if (undo && (flg & SEM_UNDO_FLAG) && op)
			undo_add(b, c->rec->pid, num, -op);
	}
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct sem_blob *b = o->blob;
	int64_t v;
	int32_t woken[64];
	uint8_t nw = 0;
	char w[32];
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
	case V_BLOCK: {
		read_sems(c, o, 1);
		b = o->blob;
		int failed = ev_get(c, "err") != NULL;
		read_sops(c, b, verb == V_OP && !failed);
		b->last_pid = c->rec->pid;
		b->last_err = (uint8_t)failed;
		if (verb == V_BLOCK) {
			snprintf(w, sizeof w, "semop %lld", (long long)o->id);
			proc_block(c, c->rec->pid, w, o->cat);
		}
		return APPLY_OK;
	}
	case V_WAKE:
		read_sems(c, o, 1);
		ev_pids(c, "woken", woken, &nw, 64, 1);
		for (int i = 0; i < nw; i++)
			proc_wake(c, woken[i]);
		return APPLY_OK;
	case V_CTL:
		read_sems(c, o, 1);
		return APPLY_OK;
	case V_UNDO: {
		read_sems(c, o, 1);
		b = o->blob;
		for (int i = 0; i < b->nundo;)
			if (b->undo[i].pid == c->rec->pid)
				b->undo[i] = b->undo[--b->nundo];
			else
				i++;
		return APPLY_OK;
	}
	case V_RMID:
		ev_pids(c, "woken", woken, &nw, 64, 0);
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
}

const struct obj_kind kind_sem = {
	"sem", "semaphore set", "semid", sizeof(struct sem_blob), types, apply, dump,
};
