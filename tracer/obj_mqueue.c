/* tracer/obj_mqueue.c: POSIX message queues (mq.*; mq_overview(7), traces/FORMAT.md "POSIX message queues"). Each
 * event carries the queue after it: its attributes (mq_maxmsg, mq_msgsize, mq_curmsgs), the bytes queued, its
 * messages in receive order (highest priority first, FIFO within one) and the notification's owner. The model
 * adds the name, whether it was unlinked, how the notification was registered (mq.notify), and the senders
 * asleep on a full queue and receivers on an empty one (mq.block / mq.wake). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"
#include "names.h"

enum { V_CREATE, V_SEND, V_RECV, V_BLOCK, V_WAKE, V_NOTIFY, V_UNLINK, V_DESTROY };

static const struct ev_type types[] = {
	{ "mq.create", 1, V_CREATE }, { "mq.send", 0, V_SEND },     { "mq.recv", 0, V_RECV },
	{ "mq.block", 0, V_BLOCK },   { "mq.wake", 0, V_WAKE },     { "mq.notify", 0, V_NOTIFY },
	{ "mq.unlink", 0, V_UNLINK }, { "mq.destroy", 0, V_DESTROY }, { NULL, 0, 0 },
};

/* The queue's state fields that are present (all of them required but on mq.destroy). */
static void queue(struct apply_ctx *c, struct mq_blob *b)
{
	int64_t v;
	if (ev_int(c, "curmsgs", &v, 1))
		b->curmsgs = (uint32_t)v;
	if (ev_int(c, "maxmsg", &v, 1))
		b->maxmsg = (uint32_t)v;
	if (ev_int(c, "msgsize", &v, 1))
		b->msgsize = (uint32_t)v;
	if (ev_int(c, "qsize", &v, 1))
		b->qsize = (uint32_t)v;
	if (ev_pid(c, "notify_pid", &v, 0))
		b->notify_pid = (int32_t)v;
	if (!b->notify_pid)
		b->notify[0] = 0;
	b->more = ev_int(c, "more", &v, 0) ? (uint32_t)v : 0;
	if (msgs_parse(c, b->msgs, &b->nmsgs, MSG_LISTMAX, 1) && b->nmsgs + b->more != b->curmsgs)
		ev_diag(c, "POSIX queue lists %u messages (+%u more) but curmsgs is %u", b->nmsgs, b->more, b->curmsgs);
}

static void unwait(struct mq_blob *b, int32_t pid)
{
	parties_unwait(&b->q, pid);
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct mq_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid, woken[32];
	uint8_t nw = 0;
	int64_t v;
	const char *s;
	if (verb == V_DESTROY) {
		fx->verb = FX_REMOVE;
		return APPLY_REMOVE;
	}
	queue(c, b);
	switch (verb) {
	case V_CREATE:
		if (ev_str(c, "name", &s, 1))
			snprintf(b->name, sizeof b->name, "%s", s);
		if (ev_int(c, "mode", &v, 0))
			b->mode = (int32_t)v;
		return APPLY_OK;
	case V_SEND:
	case V_RECV: {
		int failed = fx->err[0] != 0;
		fx->verb = failed ? FX_FAIL : verb == V_SEND ? FX_PUT : FX_TAKE;
		fx->mtype = ev_int(c, "prio", &v, !failed) ? v : 0;
		fx->n = ev_int(c, "size", &v, !failed) ? v : 0;
		if (!failed) {
			ev_fx_data(c, "text");
			parties_seen(&b->q, verb == V_SEND, pid);
		}
		unwait(b, pid);
		return APPLY_OK;
	}
	case V_BLOCK: {
		if (!ev_str(c, "op", &s, 1))
			return APPLY_OK;
		int send = !strcmp(s, "send");
		struct proc_wait pw = { .kind = send ? WAIT_MQ_SEND : WAIT_MQ_RECV };
		parties_block(&b->q, send, pid);
		if (send) {
			pw.arg = ev_int(c, "prio", &v, 0) ? v : 0;
			fx->n = ev_int(c, "size", &v, 0) ? v : 0;
			fx->mtype = pw.arg;
		}
		char w[40];
		snprintf(w, sizeof w, "mqueue %lld %s", (long long)o->id, s);
		proc_block(c, pid, pw, o, w);
		fx->sub = send ? 1 : 0;
		return APPLY_OK;
	}
	case V_WAKE:
		ev_pids(c, "woken", woken, &nw, 32, 1);
		fx->verb = FX_WAKE;
		fx->sub = ev_str(c, "op", &s, 0) && !strcmp(s, "send") ? 1 : 0;
		for (int i = 0; i < nw; i++) {
			unwait(b, woken[i]);
			proc_wake(c, woken[i]);
		}
		return APPLY_OK;
	case V_NOTIFY: {
		const char *op = "?", *how = "?";
		ev_str(c, "op", &op, 1);
		ev_str(c, "notify", &how, 0);
		int32_t owner = ev_pid(c, "owner", &v, 1) ? (int32_t)v : 0;
		fx->verb = FX_CTL;
		b->notify_sig = ev_int(c, "signo", &v, 0) ? (int16_t)v : 0;
		if (!strcmp(op, "register")) {
			snprintf(b->notify, sizeof b->notify, "%s", how);
			if (!strcmp(how, "signal"))
				snprintf(fx->text, sizeof fx->text, "mq_notify: %s when a message arrives", sig_name(b->notify_sig));
			else
				snprintf(fx->text, sizeof fx->text, "mq_notify: %s", how);
		} else if (!strcmp(op, "fire")) {
			/* the registration is used up; its signal's sig.generate follows */
			snprintf(fx->text, sizeof fx->text, "a message arrived in the empty queue: notification %s%s", !strcmp(how, "signal") ? "by " : "(",
				 !strcmp(how, "signal") ? sig_name(b->notify_sig) : how);
			if (strcmp(how, "signal"))
				snprintf(fx->text + strlen(fx->text), sizeof fx->text - strlen(fx->text), ")");
			b->notify[0] = 0;
			/* SIGEV_THREAD: the kernel sends the cookie to the C library's netlink socket, waking the thread asleep
			 * in recv on it (its sched.switch said "netlink N recv"; netlink sockets have no events of their own) */
			if (ev_int(c, "sock", &v, 0)) {
				char w[sizeof c->s->procs[0].wchan];
				snprintf(w, sizeof w, "netlink %lld recv", (long long)v);
				for (int i = 0; i < c->s->nprocs; i++)
					if (c->s->procs[i].state == PS_SLEEPING && !strcmp(c->s->procs[i].wchan, w)) {
						int32_t t = c->s->procs[i].pid;
						fx_add_pid(fx, t);
						proc_wake(c, t);
					}
			}
		} else {
			snprintf(fx->text, sizeof fx->text, "mq_notify removed");
			b->notify[0] = 0;
		}
		if (owner && owner != pid)
			fx_add_pid(fx, owner);
		return APPLY_OK;
	}
	case V_UNLINK:
		b->unlinked = 1;
		fx->verb = FX_CTL;
		snprintf(fx->text, sizeof fx->text, "mq_unlink");
		return APPLY_OK;
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct mq_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "'%s'%s curmsgs %u maxmsg %u msgsize %u qsize %u notify %d %s send_wait %u recv_wait %u msgs",
				    b->name, b->unlinked ? " unlinked" : "", b->curmsgs, b->maxmsg, b->msgsize, b->qsize, b->notify_pid,
				    b->notify[0] ? b->notify : "-", b->q.nsend, b->q.nrecv);
	for (int i = 0; i < b->nmsgs && u < len; i++)
		u += (size_t)snprintf(buf + u, len - u, " [%" PRId64 " %u '%s']", b->msgs[i].mtype, b->msgs[i].size, b->msgs[i].preview);
}

static void forget(struct obj *o, int32_t pid)
{
	unwait(o->blob, pid);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct mq_blob *b = o->blob;
	uint8_t n = (uint8_t)parties_pids(&b->q, out, max);
	if (b->notify_pid)
		pidlist_add(out, &n, max, b->notify_pid);
	return n;
}

/* A receiver on an empty queue waits for the senders seen, a sender on a full one for the receivers seen. */
static int releasers(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max)
{
	const struct mq_blob *b = o->blob;
	if (w->kind != WAIT_MQ_RECV && w->kind != WAIT_MQ_SEND)
		return 0;
	return parties_releasers(&b->q, w->kind == WAIT_MQ_RECV, out, max);
}

const struct obj_kind kind_mq = {
	.name = "mq", .label = "POSIX queue", .id_field = "mq", .id_max = INT64_MAX,
	.blob_size = sizeof(struct mq_blob), .types = types, .apply = apply, .dump = dump, .forget = forget,
	.pids = pids, .releasers = releasers,
};
