/* tracer/proc.c: process and scheduling events (proc.*, sched.switch, syscall.enosys, trace.mark,
 * kernel.halt), and the shared step of applying any event: the acting process runs on its CPU. */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include "kinds.h"
#include "trace.h"

enum { V_FORK, V_EXEC, V_EXIT, V_REAP, V_SWITCH, V_ENOSYS, V_MARK, V_HALT, V_OVERFLOW };

static const struct ev_type types[] = {
	{ "proc.fork", 0, V_FORK }, { "proc.exec", 0, V_EXEC }, { "proc.exit", 0, V_EXIT },
	{ "proc.reap", 0, V_REAP }, { "sched.switch", 0, V_SWITCH }, { "syscall.enosys", 0, V_ENOSYS },
	{ "trace.mark", 0, V_MARK }, { "kernel.halt", 0, V_HALT }, { "trace.overflow", 0, V_OVERFLOW }, { NULL, 0, 0 },
};

static void set_name(struct proc *p, const char *name)
{
	snprintf(p->name, sizeof p->name, "%s", name);
}

void proc_block(struct apply_ctx *c, int32_t pid, const char *wchan, int32_t cat)
{
	struct proc *p = state_proc_get(c->s, pid, NULL);
	if (!p)
		return;
	p->state = PS_SLEEPING;
	snprintf(p->wchan, sizeof p->wchan, "%s", wchan);
	p->wait_obj = cat;
	c->rec->flags |= EVF_BLOCK;
}

void proc_wake(struct apply_ctx *c, int32_t pid)
{
	struct proc *p = state_proc(c->s, pid);
	if (!p || p->state != PS_SLEEPING)
		return;
	p->state = PS_RUNNABLE;
	p->wchan[0] = 0;
	p->wait_obj = -1;
}

void proc_forget_waits(struct apply_ctx *c, int32_t pid)
{
	proc_wake(c, pid);
	for (int i = 0; i < c->s->nobjs; i++) {
		struct obj *o = &c->s->objs[i];
		if (obj_kinds[o->kind]->forget)
			obj_kinds[o->kind]->forget(o, pid);
	}
}

/* The process that acted is running on the event's CPU (whoever ran there before is only runnable). */
static void now_running(struct apply_ctx *c, struct proc *p, int cpu)
{
	int slot = cpu & 7;
	int32_t prev = c->s->running[slot];
	if (prev && prev != p->pid) {
		struct proc *q = state_proc(c->s, prev);
		if (q && q->state == PS_RUNNING)
			q->state = PS_RUNNABLE;
	}
	c->s->running[slot] = p->pid;
	if (p->state != PS_ZOMBIE) {
		p->state = PS_RUNNING;
		p->wchan[0] = 0;
		p->wait_obj = -1;
	}
	p->cpu = (int16_t)cpu;
}

static void apply(struct apply_ctx *c, int verb)
{
	struct state *s = c->s;
	int32_t pid = c->rec->pid;
	struct proc *p = state_proc(s, pid);
	int64_t v;
	const char *str;
	switch (verb) {
	case V_FORK: {
		if (!ev_int(c, "child", &v, 1))
			return;
		int added;
		struct proc *ch = state_proc_get(s, (int32_t)v, &added);
		if (!ch)
			return;
		if (!added)
			ev_diag(c, "proc.fork: child %d already exists", ch->pid);
		p = state_proc(s, pid);   /* the array may have moved */
		ch->ppid = pid;
		if (ev_str(c, "name", &str, 0))
			set_name(ch, str);
		else if (p)
			memcpy(ch->name, p->name, sizeof ch->name);
		ch->state = PS_RUNNABLE;
		ch->blocked = p ? p->blocked : 0;
		ch->last_seq = c->rec->seq;
		return;
	}
	case V_EXEC:
		if (p && ev_str(c, "name", &str, 1))
			set_name(p, str);
		if (p && ev_int(c, "ppid", &v, 0))
			p->ppid = (int32_t)v;
		return;
	case V_EXIT:
		if (!p)
			return;
		proc_forget_waits(c, pid);
		p->state = PS_ZOMBIE;
		p->wchan[0] = 0;
		p->wait_obj = -1;
		p->pending = 0;
		if (ev_int(c, "status", &v, 1))
			p->status = (int32_t)v;
		for (int i = 0; i < 8; i++)
			if (s->running[i] == pid)
				s->running[i] = 0;
		return;
	case V_REAP:
		if (!ev_int(c, "child", &v, 1))
			return;
		if (!state_proc(s, (int32_t)v))
			ev_diag(c, "proc.reap: no process %d", (int)v);
		state_proc_remove(s, (int32_t)v);
		return;
	case V_SWITCH: {
		if (!ev_int(c, "next", &v, 1))
			return;
		int32_t next = (int32_t)v;
		if (p && ev_str(c, "prev_state", &str, 1)) {
			if (!strcmp(str, "sleeping")) {
				const char *w = "?";
				ev_str(c, "wchan", &w, 0);
				if (p->state != PS_SLEEPING || p->wait_obj < 0)
					p->wait_obj = -1;
				p->state = PS_SLEEPING;
				snprintf(p->wchan, sizeof p->wchan, "%s", w);
			} else if (!strcmp(str, "zombie")) {
				p->state = PS_ZOMBIE;
			} else {
				p->state = PS_RUNNABLE;
			}
		}
		int slot = c->rec->cpu & 7;
		s->running[slot] = 0;
		if (next > 0) {
			int added;
			struct proc *n = state_proc_get(s, next, &added);
			if (n) {
				if (added && ev_str(c, "next_name", &str, 0))
					set_name(n, str);
				now_running(c, n, c->rec->cpu);
				n->last_seq = c->rec->seq;
			}
		}
		return;
	}
	case V_MARK:
		c->rec->flags |= EVF_MARK;
		return;
	case V_OVERFLOW: {
		/* the kernel could not write an event (too long); its seq is kept, its effect is lost to us */
		const char *ev = "?", *why = "?";
		ev_str(c, "event", &ev, 0);
		ev_str(c, "reason", &why, 0);
		ev_diag(c, "the kernel dropped a %s event (%s): the state shown may miss its effect", ev, why);
		return;
	}
	case V_HALT:
		s->halted = 1;
		if (ev_int(c, "status", &v, 0))
			s->halt_status = (int32_t)v;
		return;
	default:
		return;
	}
}

const struct ev_family family_proc = { "proc", types, apply };

/* The catalogue index for an object this event creates: a new entry while building, the one recorded
 * in the event's record while replaying. */
static int32_t new_cat(struct apply_ctx *c, int kind, int64_t id)
{
	struct trace *t = c->t;
	struct ev_rec *r = c->rec;
	if (!t)
		return r->obj;
	if (t->ncat == t->cap_cat) {
		size_t nc = t->cap_cat ? t->cap_cat * 2 : 64;
		struct cat_entry *ne = realloc(t->cat, sizeof *ne * nc);
		if (!ne)
			return -1;
		t->cat = ne;
		t->cap_cat = nc;
	}
	t->cat[t->ncat] = (struct cat_entry){ (int16_t)kind, id, r->seq, (uint32_t)(r - t->recs) };
	return (int32_t)t->ncat++;
}

/* Apply one parsed event: the common fields, then the kind's or family's handler. */
void apply_event(struct apply_ctx *c)
{
	struct state *s = c->s;
	struct ev_rec *r = c->rec;
	const struct type_info *ti = type_get(r->type);
	s->seq = r->seq;
	s->ts = r->ts;
	if (ev_get(c, "err"))
		r->flags |= EVF_ERR;
	if (r->pid > 0) {
		int added;
		struct proc *p = state_proc_get(s, r->pid, &added);
		if (p) {
			if (added)
				p->orphan = 1;
			p->last_seq = r->seq;
			/* a process that sleeps or exits acts no more; sched.switch says its own story */
			if (!(ti->family == 0 && (ti->verb == V_SWITCH || ti->verb == V_EXIT || ti->verb == V_REAP)))
				now_running(c, p, r->cpu);
		}
	}
	if (ti->kind >= 0) {
		const struct obj_kind *k = obj_kinds[ti->kind];
		int64_t id;
		if (!ev_int(c, k->id_field, &id, 1))
			return;   /* reported; EVF_BAD stays for lines that do not parse (replay skips those) */
		struct obj *o = state_obj(s, ti->kind, id);
		if (ti->creates == 1 || (ti->creates == 2 && !o)) {
			if (o) {   /* only for creates == 1 */
				ev_diag(c, "%s %lld created again while it exists", k->name, (long long)id);
				state_obj_remove(s, o);
			}
			int32_t cat = new_cat(c, ti->kind, id);
			o = state_obj_add(s, ti->kind, id, cat, k->blob_size);
			if (!o)
				return;
			o->created_seq = r->seq;
		} else if (!o) {
			int quiet = k->implicit && k->implicit(c);
			if (!quiet) {
				ev_diag(c, "%s for %s %lld that was never created", ti->name, k->name, (long long)id);
				r->flags |= EVF_ORPHAN;
			}
			int32_t cat = new_cat(c, ti->kind, id);
			o = state_obj_add(s, ti->kind, id, cat, k->blob_size);
			if (!o)
				return;
			o->orphan = (uint8_t)!quiet;
			o->created_seq = r->seq;
		}
		r->obj = o->cat;
		o->last_seq = r->seq;
		if (k->apply(c, o, ti->verb) == APPLY_REMOVE) {
			int32_t cat = o->cat;
			if (k->gone)
				k->gone(c, o);
			if ((o = state_obj_by_cat(s, cat)))   /* gone() may have moved it */
				state_obj_remove(s, o);
		}
	} else if (ti->family >= 0) {
		ev_families[ti->family]->apply(c, ti->verb);
	} else {
		r->flags |= EVF_UNKNOWN;
	}
}
