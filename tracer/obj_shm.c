/* tracer/obj_shm.c: System V shared memory segments (shm.*): size, shm_nattch, who maps it where, and
 * whether IPC_RMID marked it for destruction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_ATTACH, V_DETACH, V_RMID, V_DESTROY };

static const struct ev_type types[] = {
	{ "shm.create", 1, V_CREATE }, { "shm.attach", 0, V_ATTACH }, { "shm.detach", 0, V_DETACH },
	{ "shm.rmid", 0, V_RMID }, { "shm.destroy", 0, V_DESTROY }, { NULL, 0, 0 },
};

/* Copy the segment state fields that are present. */
static void segment(struct apply_ctx *c, struct shm_blob *b, int required)
{
	int64_t v;
	if (ev_int(c, "size", &v, 0))
		b->size = (uint64_t)v;
	if (ev_int(c, "nattch", &v, required))
		b->nattch = (int32_t)v;
	const cJSON *d = ev_get(c, "dest");
	if (d) {
		if (cJSON_IsBool(d))
			b->dest = (uint8_t)cJSON_IsTrue(d);
		else
			ev_diag(c, "field 'dest' should be true or false");
	}
	const cJSON *a = ev_arr(c, "attaches", required), *e;
	if (!a)
		return;
	b->natt = 0;
	cJSON_ArrayForEach(e, a) {
		if (b->natt >= SHM_ATTMAX)
			break;
		const cJSON *p = cJSON_GetArrayItem(e, 0), *ad = cJSON_GetArrayItem(e, 1);
		if (!cJSON_IsArray(e) || !cJSON_IsNumber(p)) {
			ev_diag(c, "attaches entries should be [pid, \"0xaddr\"]");
			continue;
		}
		int64_t pid = json_i64(p);
		if (pid < 0 || pid > PID_MAX_LIMIT) {
			ev_diag(c, "attaches: pid %lld out of range (0..%d)", (long long)pid, PID_MAX_LIMIT);
			continue;
		}
		struct shm_att *t = &b->att[b->natt++];
		t->pid = (int32_t)pid;
		t->addr = cJSON_IsString(ad) ? strtoull(ad->valuestring, NULL, 16) : 0;
	}
	if (b->natt != b->nattch && b->natt < SHM_ATTMAX)
		ev_diag(c, "shm lists %u attaches but nattch is %d", b->natt, b->nattch);
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct shm_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int64_t v;
	uint64_t addr;
	switch (verb) {
	case V_CREATE:
		if (ev_int(c, "key", &v, 0))
			b->key = v;
		if (ev_int(c, "mode", &v, 0))
			b->mode = (int32_t)v;
		if (ev_int(c, "size", &v, 1))
			b->size = (uint64_t)v;
		return APPLY_OK;
	case V_ATTACH:
	case V_DETACH:
		segment(c, b, 1);
		fx->verb = verb == V_ATTACH ? FX_ATTACH : FX_DETACH;
		if (ev_hex(c, "addr", &addr, 0))
			fx->addr = addr;
		return APPLY_OK;
	case V_RMID:
		segment(c, b, 0);
		b->dest = 1;
		fx->verb = FX_CTL;
		snprintf(fx->text, sizeof fx->text, "IPC_RMID");
		return APPLY_OK;
	case V_DESTROY:
		fx->verb = FX_REMOVE;
		return APPLY_REMOVE;
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct shm_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "key %" PRId64 " size %" PRIu64 " nattch %d dest %d att",
				    b->key, b->size, b->nattch, b->dest);
	for (int i = 0; i < b->natt && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " %d@%" PRIx64, b->att[i].pid, b->att[i].addr);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct shm_blob *b = o->blob;
	uint8_t n = 0;
	for (int i = 0; i < b->natt; i++)
		pidlist_add(out, &n, max, b->att[i].pid);
	return n;
}

const struct obj_kind kind_shm = {
	.name = "shm", .label = "shared memory", .id_field = "shmid", .id_max = INT32_MAX,
	.blob_size = sizeof(struct shm_blob), .types = types, .apply = apply, .dump = dump, .pids = pids,
};
