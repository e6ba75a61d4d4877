/* tracer/proc.c: process and scheduling events (proc.*, sched.switch, syscall.enosys, trace.mark,
 * kernel.halt), and the shared step of applying any event: the acting process runs on its CPU. */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include "kinds.h"
#include "trace.h"

enum { V_FORK, V_EXEC, V_EXIT, V_REAP, V_RELEASE, V_SWITCH, V_ENOSYS, V_MARK, V_HALT, V_OVERFLOW, V_PGRP };

static const struct ev_type types[] = {
	{ "proc.fork", 0, V_FORK }, { "proc.exec", 0, V_EXEC }, { "proc.exit", 0, V_EXIT },
	{ "proc.reap", 0, V_REAP }, { "proc.release", 0, V_RELEASE }, { "sched.switch", 0, V_SWITCH }, { "syscall.enosys", 0, V_ENOSYS },
	{ "trace.mark", 0, V_MARK }, { "kernel.halt", 0, V_HALT }, { "trace.overflow", 0, V_OVERFLOW },
	{ "proc.pgrp", 0, V_PGRP }, { NULL, 0, 0 },
};

/* p's name is now `name`: kept in the trace's name history while building (the log shows each process's name
 * as it was at each event). */
static void set_name(struct apply_ctx *c, struct proc *p, const char *name)
{
	snprintf(p->name, sizeof p->name, "%s", name);
	if (c->t)
		trace_name_change(c->t, p->pid, (uint32_t)(c->rec - c->t->recs), p->name);
}

void proc_block(struct apply_ctx *c, int32_t pid, struct proc_wait w, const struct obj *o, const char *wchan)
{
	struct proc *p = state_proc_get(c->s, pid, NULL);
	if (!p) {
		ev_oom(c);
		return;
	}
	p->state = PS_SLEEPING;
	snprintf(p->wchan, sizeof p->wchan, "%s", wchan);
	w.obj = o ? o->cat : -1;
	w.id = o ? o->id : 0;
	p->wait = w;
	c->rec->flags |= EVF_BLOCK;
	if (pid == c->rec->pid) {
		c->fx->verb = FX_BLOCK;
		c->fx->obj = w.obj;
		c->fx->sub = w.kind == WAIT_SEM ? w.semnum : w.kind == WAIT_PIPE_WRITE ? 1 : 0;
	}
}

static void clear_wait(struct proc *p)
{
	p->wchan[0] = 0;
	p->wait = (struct proc_wait){ .kind = WAIT_NONE, .obj = -1 };
}

void proc_wake(struct apply_ctx *c, int32_t pid)
{
	fx_add_pid(c->fx, pid);
	struct proc *p = state_proc(c->s, pid);
	if (!p || p->state != PS_SLEEPING)
		return;
	p->state = PS_RUNNABLE;
	clear_wait(p);
}

void proc_wake_named(struct apply_ctx *c, const char *text)
{
	int32_t woken[32];
	uint8_t n = 0;
	if (!ev_pids(c, "woken", woken, &n, 32, 1))
		return;
	c->fx->verb = FX_WAKE;
	snprintf(c->fx->text, sizeof c->fx->text, "%s", text);
	for (int i = 0; i < n; i++)
		proc_wake(c, woken[i]);
}

void proc_forget_waits(struct apply_ctx *c, int32_t pid)
{
	struct proc *p = state_proc(c->s, pid);
	if (p && p->state == PS_SLEEPING) {
		p->state = PS_RUNNABLE;
		clear_wait(p);
	}
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
	if (p->state == PS_SLEEPING && p->wait.obj >= 0) {
		/* it runs without a wake event: its sleep ended otherwise (a timeout: FUTEX_WAIT's, a timed lock's), so it
		 * no longer waits in the object's queue */
		struct obj *o = state_obj_by_cat(c->s, p->wait.obj);
		if (o && obj_kinds[o->kind]->forget)
			obj_kinds[o->kind]->forget(o, p->pid);
	}
	if (p->state != PS_ZOMBIE) {
		p->state = PS_RUNNING;
		clear_wait(p);
	}
	p->cpu = (int16_t)cpu;
}

static void apply(struct apply_ctx *c, int verb)
{
	struct state *s = c->s;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid;
	struct proc *p = state_proc(s, pid);
	int64_t v;
	const char *str;
	switch (verb) {
	case V_FORK: {
		if (!ev_pid(c, "child", &v, 1))
			return;
		int added;
		struct proc *ch = state_proc_get(s, (int32_t)v, &added);
		if (!ch) {
			ev_oom(c);
			return;
		}
		if (!added)
			ev_diag(c, "proc.fork: child %d already exists", ch->pid);
		p = state_proc(s, pid);   /* the array may have moved */
		ch->ppid = pid;
		set_name(c, ch, ev_str(c, "name", &str, 0) ? str : p ? p->name : "?");
		ch->state = PS_RUNNABLE;
		ch->blocked = p ? p->blocked : 0;   /* fork keeps the mask and the dispositions */
		ch->caught = p ? p->caught : 0;
		ch->ignored = p ? p->ignored : 0;
		ch->tgid = ev_pid(c, "tgid", &v, 0) ? (int32_t)v : ch->pid;   /* a thread: its process's id */
		ch->pgid = p ? p->pgid : 0;   /* fork(2): the child is in its parent's process group and session */
		ch->sid = p ? p->sid : 0;
		ch->last_seq = c->rec->seq;
		fx->verb = FX_FORK;
		fx_add_pid(fx, ch->pid);
		return;
	}
	case V_EXEC:
		if (p && ev_str(c, "name", &str, 1)) {
			set_name(c, p, str);
			snprintf(fx->text, sizeof fx->text, "%s", str);
		}
		if (p && ev_pid(c, "ppid", &v, 0))
			p->ppid = (int32_t)v;
		if (p) {   /* execve: caught signals return to the default action; ignored ones stay ignored */
			if (p->state == PS_ZOMBIE)
				p->state = PS_RUNNING;   /* a second thread's execve took the exited main thread's id */
			p->caught = 0;
			p->nframes = 0;
		}
		fx->verb = FX_EXEC;
		return;
	case V_EXIT:
		fx->verb = FX_EXIT;
		if (!p)
			return;
		proc_forget_waits(c, pid);
		if (ev_str(c, "name", &str, 0) && strncmp(p->name, str, sizeof p->name - 1))   /* renamed (prctl) */
			set_name(c, p, str);
		p->state = PS_ZOMBIE;
		clear_wait(p);
		p->pending = 0;
		p->nframes = 0;
		memset(p->rtqueued, 0, sizeof p->rtqueued);
		p->nrtq = 0;
		if (ev_int(c, "status", &v, 1))
			p->status = (int32_t)v;
		fx->n = p->status;
		for (int i = 0; i < 8; i++)
			if (s->running[i] == pid)
				s->running[i] = 0;
		return;
	case V_REAP:
		if (!ev_pid(c, "child", &v, 1))
			return;
		fx->verb = FX_REAP;
		fx_add_pid(fx, (int32_t)v);
		if (ev_int(c, "status", &v, 0))
			fx->n = v;
		if (!state_proc(s, fx->pids[0]))
			ev_diag(c, "proc.reap: no process %d", (int)fx->pids[0]);
		state_proc_remove(s, fx->pids[0]);
		return;
	case V_RELEASE:   /* freed with nobody to wait for it: a thread, or a child whose parent ignores SIGCHLD */
		if (!ev_pid(c, "child", &v, 1))
			return;
		if (!state_proc(s, (int32_t)v))
			ev_diag(c, "proc.release: no process %d", (int)v);
		else if (v == pid && p->state != PS_ZOMBIE)
			ev_diag(c, "proc.release: process %d releases itself before its exit", (int)v);
		if (v == pid && p)
			p->released = 1;   /* a thread releasing itself at its exit: gone after its last switch */
		else
			state_proc_remove(s, (int32_t)v);
		return;
	case V_SWITCH: {
		if (!ev_pid(c, "next", &v, 1))
			return;
		int32_t next = (int32_t)v;
		int released = 0;
		fx->verb = FX_SWITCH;
		if (p && ev_str(c, "prev_state", &str, 1)) {
			if (!strcmp(str, "sleeping")) {
				const char *w = "?";
				ev_str(c, "wchan", &w, 0);
				/* A block event's own words ("futex 0x4a0f10") say more than the channel's name ("futex"). */
				int more = p->state == PS_SLEEPING && !strncmp(p->wchan, w, strlen(w));
				if (p->state != PS_SLEEPING || p->wait.kind == WAIT_NONE)   /* no block event said on what */
					p->wait = (struct proc_wait){ .kind = WAIT_OTHER, .obj = -1 };
				p->state = PS_SLEEPING;
				if (!more)
					snprintf(p->wchan, sizeof p->wchan, "%s", w);
			} else if (!strcmp(str, "zombie")) {
				p->state = PS_ZOMBIE;
				released = p->released;
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
				/* its name now: a new process's, or a new name the trace had no event for (prctl(2)
				 * PR_SET_NAME: busybox names the applets it runs in a forked shell without execve) */
				if (ev_str(c, "next_name", &str, 0) && strncmp(n->name, str, sizeof n->name - 1))
					set_name(c, n, str);
				now_running(c, n, c->rec->cpu);
				n->last_seq = c->rec->seq;
			}
			fx_add_pid(fx, next);
		}
		if (released)
			state_proc_remove(s, pid);   /* its last switch: it was released (proc.release) */
		return;
	}
	case V_ENOSYS:
		fx->verb = FX_ENOSYS;
		if (ev_str(c, "name", &str, 0))
			snprintf(fx->text, sizeof fx->text, "%s", str);
		return;
	case V_MARK:
		c->rec->flags |= EVF_MARK;
		fx->verb = FX_MARK;
		ev_fx_data(c, "text");
		memcpy(fx->text, fx->data, fx->ndata < sizeof fx->text - 1 ? fx->ndata : sizeof fx->text - 1);
		fx->text[fx->ndata < sizeof fx->text - 1 ? fx->ndata : sizeof fx->text - 1] = 0;
		return;
	case V_OVERFLOW: {
		/* the kernel could not write an event (too long); its seq is kept, its effect is lost to us */
		const char *ev = "?", *why = "?";
		ev_str(c, "event", &ev, 0);
		ev_str(c, "reason", &why, 0);
		ev_diag(c, "the kernel dropped a %s event (%s): the state shown may miss its effect", ev, why);
		fx->verb = FX_OVERFLOW;
		snprintf(fx->text, sizeof fx->text, "%s", ev);
		return;
	}
	case V_PGRP: {   /* setpgid(2) / setsid(2): target's process group and session */
		struct proc *t = ev_pid(c, "target", &v, 0) ? state_proc(s, (int32_t)v) : p;
		fx->verb = FX_CTL;
		snprintf(fx->text, sizeof fx->text, "setpgid");
		if (!t)
			return;
		if (ev_pid(c, "pgid", &v, 1))
			t->pgid = (int32_t)v;
		if (ev_pid(c, "sid", &v, 0))
			t->sid = (int32_t)v;
		if (t->pid != c->rec->pid)
			fx_add_pid(fx, t->pid);
		return;
	}
	case V_HALT:
		s->halted = 1;
		if (ev_int(c, "status", &v, 0))
			s->halt_status = (int32_t)v;
		fx->verb = FX_HALT;
		fx->n = s->halt_status;
		return;
	default:
		return;
	}
}

const struct ev_family family_proc = { "proc", types, apply };

/* The catalogue index for an object this event creates: a new entry while building, the one recorded
 * in the event's record while replaying. */
int32_t obj_new_cat(struct apply_ctx *c, int kind, int64_t id)
{
	struct trace *t = c->t;
	struct ev_rec *r = c->rec;
	if (!t)
		return r->obj;
	if (t->ncat == t->cap_cat) {
		size_t nc = t->cap_cat ? t->cap_cat * 2 : 64;
		struct cat_entry *ne = realloc(t->cat, sizeof *ne * nc);
		if (!ne) {
			ev_oom(c);
			return -1;
		}
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
	fx_reset(c->fx, r->pid);
	for (int i = s->nobjs - 1; i >= 0; i--)   /* objects that end without an event (obj_kind's stale) */
		if (obj_kinds[s->objs[i].kind]->stale && obj_kinds[s->objs[i].kind]->stale(&s->objs[i], r->seq))
			state_obj_remove(s, &s->objs[i]);
	s->seq = r->seq;
	s->ts = r->ts;
	if (ev_fx_err(c))
		r->flags |= EVF_ERR;
	if (r->pid > 0) {
		int added;
		struct proc *p = state_proc_get(s, r->pid, &added);
		if (!p)
			ev_oom(c);
		if (p) {
			if (added) {
				p->orphan = 1;
				if (c->t)
					trace_name_change(c->t, p->pid, (uint32_t)(r - c->t->recs), p->name);
			}
			p->last_seq = r->seq;
			/* a process that sleeps or exits acts no more; sched.switch says its own story */
			if (!(ti->family == 0 && (ti->verb == V_SWITCH || ti->verb == V_EXIT || ti->verb == V_REAP)))
				now_running(c, p, r->cpu);
		}
	}
	if (ti->kind >= 0) {
		const struct obj_kind *k = obj_kinds[ti->kind];
		int64_t id;
		struct obj *o;
		if (k->key) {   /* named by several fields (a futex) */
			if (!k->key(c, &id))
				return;
			o = state_obj(s, ti->kind, id);
		} else if (!ev_get(c, k->id_field) && k->find) {   /* an event that names its object another way */
			if (!(o = k->find(c))) {
				ev_diag(c, "%s: no live %s it could be about", ti->name, k->label);
				return;
			}
			id = o->id;
		} else {
			if (!ev_int(c, k->id_field, &id, 1))
				return;   /* reported; EVF_BAD stays for lines that do not parse (replay skips those) */
			if (id < 0 || id > k->id_max) {
				ev_diag(c, "%s %lld out of range (0..%lld)", k->id_field, (long long)id, (long long)k->id_max);
				return;
			}
			o = state_obj(s, ti->kind, id);
		}
		if (ti->creates == 1 || (ti->creates == 2 && !o)) {
			if (o) {   /* only for creates == 1 */
				ev_diag(c, "%s %lld created again while it exists", k->name, (long long)id);
				state_obj_remove(s, o);
			}
			int32_t cat = obj_new_cat(c, ti->kind, id);
			o = state_obj_add(s, ti->kind, id, cat, k->blob_size);
			if (!o) {
				ev_oom(c);
				return;
			}
			o->created_seq = r->seq;
			c->fx->verb = FX_CREATE;
		} else if (!o) {
			int quiet = k->implicit && k->implicit(c);
			if (!quiet) {
				ev_diag(c, "%s for %s %lld that was never created", ti->name, k->name, (long long)id);
				r->flags |= EVF_ORPHAN;
			}
			int32_t cat = obj_new_cat(c, ti->kind, id);
			o = state_obj_add(s, ti->kind, id, cat, k->blob_size);
			if (!o) {
				ev_oom(c);
				return;
			}
			o->orphan = (uint8_t)!quiet;
			o->created_seq = r->seq;
		}
		r->obj = o->cat;
		c->fx->obj = o->cat;
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
