/* tracer/obj_msg.c: System V message queues (msg.*). Events carry the queue after them
 * (qnum, cbytes, qbytes, msgs); blocked senders and receivers are tracked from msg.block / msg.wake.
 * Versions (traces/FORMAT.md): msg.wake wakes several receivers at once and msg.rmid lists the senders it
 * fails (version 1), or comes once per receiver handed a message or failed (with `err`) and once for all
 * the senders, with msg.rmid after its wakes (version 2). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_SEND, V_RECV, V_BLOCK, V_WAKE, V_CTL, V_RMID };

static const struct ev_type types[] = {
	{ "msg.create", 1, V_CREATE }, { "msg.send", 0, V_SEND }, { "msg.recv", 0, V_RECV },
	{ "msg.block", 0, V_BLOCK }, { "msg.wake", 0, V_WAKE }, { "msg.ctl", 0, V_CTL },
	{ "msg.rmid", 0, V_RMID }, { NULL, 0, 0 },
};

/* Copy the queue state fields that are present. */
static void queue(struct apply_ctx *c, struct msg_blob *b, int required)
{
	int64_t v;
	if (ev_int(c, "qnum", &v, required))
		b->qnum = (uint32_t)v;
	if (ev_int(c, "cbytes", &v, required))
		b->cbytes = (uint32_t)v;
	if (ev_int(c, "qbytes", &v, 0))
		b->qbytes = (uint32_t)v;
	b->more = ev_int(c, "more", &v, 0) ? (uint32_t)v : 0;
	if (!msgs_parse(c, b->msgs, &b->nmsgs, MSG_LISTMAX, required))
		return;
	if (b->nmsgs + b->more != b->qnum)
		ev_diag(c, "msg queue lists %u messages (+%u more) but qnum is %u", b->nmsgs, b->more, b->qnum);
}

int msgs_parse(struct apply_ctx *c, struct msg_one *out, uint8_t *n, int max, int required)
{
	const cJSON *a = ev_arr(c, "msgs", required), *e;
	if (!a)
		return 0;
	*n = 0;
	cJSON_ArrayForEach(e, a) {
		if (*n >= max)
			break;
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) < 2) {
			ev_diag(c, "msgs entries should be [type, size, \"preview\"]");
			continue;
		}
		struct msg_one *m = &out[(*n)++];
		m->mtype = json_i64(cJSON_GetArrayItem(e, 0));
		m->size = (uint32_t)json_i64(cJSON_GetArrayItem(e, 1));
		const cJSON *p = cJSON_GetArrayItem(e, 2);
		m->preview[0] = 0;
		if (cJSON_IsString(p)) {
			uint8_t bytes[sizeof m->preview];
			int k = ev_bytes(p, bytes, (int)sizeof m->preview - 1);
			for (int i = 0; i < k; i++)
				m->preview[i] = (char)(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
			m->preview[k] = 0;
		}
	}
	return 1;
}

/* pid sleeps on the queue no more (its msgtyp leaves with it). */
static void unwait(struct msg_blob *b, int32_t pid)
{
	int i = parties_unwait(&b->q, pid);
	if (i >= 0)   /* recv_wait moved down by one from i: recv_type follows */
		memmove(&b->recv_type[i], &b->recv_type[i + 1], sizeof b->recv_type[0] * (size_t)(b->q.nrecv - i));
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct msg_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid, woken[64];
	uint8_t nw = 0;
	int64_t v;
	const char *s;
	char w[32];
	switch (verb) {
	case V_CREATE:
		if (ev_int(c, "key", &v, 0))
			b->key = v;
		if (ev_int(c, "mode", &v, 0))
			b->mode = (int32_t)v;
		if (ev_int(c, "qbytes", &v, 1))
			b->qbytes = (uint32_t)v;
		return APPLY_OK;
	case V_SEND:
	case V_RECV: {
		int failed = fx->err[0] != 0;
		queue(c, b, !failed);
		fx->verb = failed ? FX_FAIL : verb == V_SEND ? FX_PUT : FX_TAKE;
		fx->mtype = ev_int(c, "mtype", &v, !failed) ? v : 0;
		fx->n = ev_int(c, "size", &v, !failed) ? v : 0;
		if (!failed) {
			ev_fx_data(c, "text");
			parties_seen(&b->q, verb == V_SEND, pid);
		}
		unwait(b, pid);
		return APPLY_OK;
	}
	case V_BLOCK: {
		queue(c, b, 0);
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		struct proc_wait pw = { .obj = -1 };
		if (!strcmp(s, "send")) {
			parties_block(&b->q, 1, pid);
			pw.kind = WAIT_MSG_SEND;
			pw.arg = ev_int(c, "mtype", &v, 0) ? v : 0;
			fx->n = ev_int(c, "size", &v, 0) ? v : 0;
		} else {
			pw.kind = WAIT_MSG_RECV;
			pw.arg = ev_int(c, "msgtyp", &v, 0) ? v : 0;
			int i = parties_block(&b->q, 0, pid);
			if (i >= 0)
				b->recv_type[i] = pw.arg;
		}
		fx->mtype = pw.arg;
		snprintf(w, sizeof w, "msg %lld %s", (long long)o->id, s);
		proc_block(c, pid, pw, o, w);
		fx->sub = pw.kind == WAIT_MSG_SEND ? 1 : 0;
		return APPLY_OK;
	}
	case V_WAKE:
		queue(c, b, 0);
		ev_pids(c, "woken", woken, &nw, 64, 1);
		fx->verb = FX_WAKE;
		fx->sub = ev_str(c, "op", &s, 0) && !strcmp(s, "send") ? 1 : 0;
		for (int i = 0; i < nw; i++) {
			unwait(b, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	case V_CTL:
		queue(c, b, 0);
		fx->verb = FX_CTL;
		if (ev_str(c, "cmd", &s, 0))
			snprintf(fx->text, sizeof fx->text, "%s", s);
		return APPLY_OK;
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
	const struct msg_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "qnum %u cbytes %u qbytes %u more %u send_wait %u recv_wait %u msgs",
				    b->qnum, b->cbytes, b->qbytes, b->more, b->q.nsend, b->q.nrecv);
	for (int i = 0; i < b->nmsgs && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " [%" PRId64 " %u '%s']", b->msgs[i].mtype, b->msgs[i].size,
				      b->msgs[i].preview);
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	return parties_pids(&((const struct msg_blob *)o->blob)->q, out, max);
}

/* A receiver waits for a sender, a sender on a full queue for a receiver: the processes seen doing that. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct msg_blob *b = o->blob;
	if (w->kind != WAIT_MSG_RECV && w->kind != WAIT_MSG_SEND)
		return 0;
	return parties_releasers(&b->q, w->kind == WAIT_MSG_RECV, out, max);
}

const struct obj_kind kind_msg = {
	.name = "msg", .label = "message queue", .id_field = "msqid", .id_max = INT32_MAX,
	.blob_size = sizeof(struct msg_blob), .types = types, .apply = apply, .dump = dump, .forget = forget,
	.pids = pids, .releasers = releasers,
};
