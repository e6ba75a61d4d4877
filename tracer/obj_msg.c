/* tracer/obj_msg.c: System V message queues (msg.*). Events carry the queue after them
 * (qnum, cbytes, qbytes, msgs); blocked senders and receivers are tracked from msg.block / msg.wake. */
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
	const cJSON *a = ev_arr(c, "msgs", required), *e;
	if (!a)
		return;
	b->nmsgs = 0;
	cJSON_ArrayForEach(e, a) {
		if (b->nmsgs >= MSG_LISTMAX)
			break;
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) < 2) {
			ev_diag(c, "msgs entries should be [mtype, size, \"preview\"]");
			continue;
		}
		struct msg_one *m = &b->msgs[b->nmsgs++];
		m->mtype = json_i64(cJSON_GetArrayItem(e, 0));
		m->size = (uint32_t)json_i64(cJSON_GetArrayItem(e, 1));
		const cJSON *p = cJSON_GetArrayItem(e, 2);
		m->preview[0] = 0;
		if (cJSON_IsString(p)) {
			uint8_t bytes[sizeof m->preview];
			int n = ev_bytes(p, bytes, (int)sizeof m->preview - 1);
			for (int i = 0; i < n; i++)
				m->preview[i] = (char)(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
			m->preview[n] = 0;
		}
	}
	if (b->nmsgs + b->more != b->qnum)
		ev_diag(c, "msg queue lists %u messages (+%u more) but qnum is %u", b->nmsgs, b->more, b->qnum);
}

static void unwait(struct msg_blob *b, int32_t pid)
{
	pidlist_remove(b->send_wait, &b->nsend, pid);
	for (int i = 0; i < b->nrecv; i++)
		if (b->recv_wait[i] == pid) {
			memmove(&b->recv_type[i], &b->recv_type[i + 1], sizeof b->recv_type[0] * (b->nrecv - i - 1));
			break;
		}
	pidlist_remove(b->recv_wait, &b->nrecv, pid);
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct msg_blob *b = o->blob;
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
		int failed = ev_get(c, "err") != NULL;
		queue(c, b, !failed);
		b->last_pid = pid;
		b->last_op = failed ? 3 : verb == V_SEND ? 1 : 2;
		b->last_mtype = ev_int(c, "mtype", &v, !failed) ? v : 0;
		b->last_size = ev_int(c, "size", &v, !failed) ? (uint32_t)v : 0;
		unwait(b, pid);
		return APPLY_OK;
	}
	case V_BLOCK:
		queue(c, b, 0);
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		if (!strcmp(s, "send")) {
			pidlist_add(b->send_wait, &b->nsend, WAITMAX, pid);
		} else {
			if (b->nrecv < WAITMAX) {
				b->recv_type[b->nrecv] = ev_int(c, "msgtyp", &v, 0) ? v : 0;
				pidlist_add(b->recv_wait, &b->nrecv, WAITMAX, pid);
			}
		}
		snprintf(w, sizeof w, "msg %lld %s", (long long)o->id, s);
		proc_block(c, pid, w, o->cat);
		return APPLY_OK;
	case V_WAKE:
		queue(c, b, 0);
		ev_pids(c, "woken", woken, &nw, 64, 1);
		for (int i = 0; i < nw; i++) {
			unwait(b, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	case V_CTL:
		queue(c, b, 0);
		return APPLY_OK;
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
	const struct msg_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "qnum %u cbytes %u qbytes %u more %u send_wait %u recv_wait %u msgs",
				    b->qnum, b->cbytes, b->qbytes, b->more, b->nsend, b->nrecv);
	for (int i = 0; i < b->nmsgs && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " [%" PRId64 " %u '%s']", b->msgs[i].mtype, b->msgs[i].size,
				      b->msgs[i].preview);
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

const struct obj_kind kind_msg = {
	"msg", "message queue", "msqid", sizeof(struct msg_blob), types, apply, dump, forget,
};
