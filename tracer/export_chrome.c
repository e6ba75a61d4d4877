/* tracer/export_chrome.c: Chrome Trace Event Format export (for Perfetto UI). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "kinds.h"
#include "objs.h"

#define OBJ_PID 0   /* counters of IPC objects live in a pseudo-process "IPC objects" (pid 0: the kernel) */

/* JSON string with escapes. */
static void jstr(FILE *o, const char *s)
{
	fputc('"', o);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(o, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(o, "\\u%04x", *p);
		else
			fputc(*p, o);
	}
	fputc('"', o);
}

static void ts_us(FILE *o, uint64_t ns)
{
	fprintf(o, "%" PRIu64 ".%03u", ns / 1000, (unsigned)(ns % 1000));
}

/* What we last wrote per process, to emit B/E and names only on change. */
struct pinfo {
	int32_t pid;
	int sleeping;
	char name[16];
};

/* The processes seen, with a hash of their pids (open addressing, grown at half load): linear in events. */
struct pmap {
	struct pinfo *v;
	size_t n, cap;
	int32_t *slot;     /* index + 1, 0 empty */
	size_t nslots;
};

static struct pinfo *pinfo(struct pmap *m, int32_t pid)
{
	if (m->n * 2 >= m->nslots) {
		size_t ns = m->nslots ? m->nslots * 2 : 1024;
		int32_t *sl = calloc(ns, sizeof *sl);
		if (!sl)
			return NULL;
		for (size_t i = 0; i < m->n; i++) {
			size_t h = (uint32_t)m->v[i].pid * 2654435761u % ns;
			while (sl[h])
				h = (h + 1) % ns;
			sl[h] = (int32_t)i + 1;
		}
		free(m->slot);
		m->slot = sl;
		m->nslots = ns;
	}
	size_t h = (uint32_t)pid * 2654435761u % m->nslots;
	for (; m->slot[h]; h = (h + 1) % m->nslots)
		if (m->v[m->slot[h] - 1].pid == pid)
			return &m->v[m->slot[h] - 1];
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		struct pinfo *nv = realloc(m->v, sizeof *nv * nc);
		if (!nv)
			return NULL;
		m->v = nv;
		m->cap = nc;
	}
	struct pinfo *p = &m->v[m->n];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	m->slot[h] = (int32_t)++m->n;
	return p;
}

/* Process pid after an event: its name and sleeping slice, if they changed. */
static void proc_changes(FILE *o, struct pmap *m, const struct state *s, int32_t pid, uint64_t ts)
{
	struct pinfo *q = pinfo(m, pid);
	const struct proc *p = state_proc((struct state *)s, pid);
	if (!q)
		return;
	if (p && strcmp(q->name, p->name)) {
		memcpy(q->name, p->name, sizeof q->name);
		fprintf(o, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"process_name\",\"args\":{\"name\":", p->pid, p->pid);
		jstr(o, p->name);
		fprintf(o, "}}");
	}
	int sl = p && p->state == PS_SLEEPING;   /* gone (reaped) while sleeping: the slice closes */
	if (sl != q->sleeping) {
		fprintf(o, ",\n{\"ph\":\"%s\",\"pid\":%d,\"tid\":%d,\"ts\":", sl ? "B" : "E", pid, pid);
		ts_us(o, ts);
		if (sl) {
			char nm[48];
			snprintf(nm, sizeof nm, "sleep: %s", p->wchan[0] ? p->wchan : "?");
			fprintf(o, ",\"name\":");
			jstr(o, nm);
		}
		fputc('}', o);
		q->sleeping = sl;
	}
}

static void counters(FILE *o, const struct obj *ob, uint64_t ts)
{
	char name[64];
	const char *kn = obj_kinds[ob->kind]->name;
	snprintf(name, sizeof name, "%s %lld", kn, (long long)ob->id);
	fprintf(o, ",\n{\"ph\":\"C\",\"pid\":%d,\"tid\":%d,\"ts\":", OBJ_PID, OBJ_PID);
	ts_us(o, ts);
	fprintf(o, ",\"name\":");
	switch (ob->kind) {
	case OBJ_PIPE: {
		const struct pipe_blob *b = ob->blob;
		snprintf(name, sizeof name, "%s %lld fill (bytes)", b->fifo[0] ? "fifo" : "pipe", (long long)ob->id);
		jstr(o, name);
		fprintf(o, ",\"args\":{\"bytes\":%" PRIu64 "}}", b->head - b->tail);
		break;
	}
	case OBJ_SEM: {
		const struct sem_blob *b = ob->blob;
		snprintf(name, sizeof name, "sem %lld semval", (long long)ob->id);
		jstr(o, name);
		fprintf(o, ",\"args\":{");
		for (int i = 0; i < b->nsems && i < 16; i++)
			fprintf(o, "%s\"sem%d\":%d", i ? "," : "", i, b->sems[i].semval);
		fprintf(o, "}}");
		break;
	}
	case OBJ_MSG: {
		const struct msg_blob *b = ob->blob;
		snprintf(name, sizeof name, "msg %lld", (long long)ob->id);
		jstr(o, name);
		fprintf(o, ",\"args\":{\"cbytes\":%u,\"qnum\":%u}}", b->cbytes, b->qnum);
		break;
	}
	case OBJ_SHM: {
		const struct shm_blob *b = ob->blob;
		snprintf(name, sizeof name, "shm %lld nattch", (long long)ob->id);
		jstr(o, name);
		fprintf(o, ",\"args\":{\"nattch\":%d}}", b->nattch);
		break;
	}
	case OBJ_TTY: {   /* which process group owns the terminal (0: none) */
		const struct tty_blob *b = ob->blob;
		snprintf(name, sizeof name, "tty %lld foreground pgrp", (long long)ob->id);
		jstr(o, name);
		fprintf(o, ",\"args\":{\"pgrp\":%d}}", b->pgrp);
		break;
	}
	default:
		jstr(o, name);
		fprintf(o, ",\"args\":{}}");
	}
}

int export_chrome(struct trace *t, FILE *o)
{
	struct state s;
	struct pmap m = { 0 };
	struct ev_effect fx;
	int32_t running[8] = { 0 };
	state_init(&s);
	fprintf(o, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"format\":\"ipclab-trace\",\"kernel\":");
	jstr(o, t->hdr.kernel);
	fprintf(o, ",\"bootargs\":");
	jstr(o, t->hdr.bootargs);
	fprintf(o, ",\"source\":");
	jstr(o, t->name);
	fprintf(o, "},\"traceEvents\":[\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"process_name\",\"args\":{\"name\":\"IPC objects (kernel)\"}}",
		OBJ_PID, OBJ_PID);
	for (size_t i = 0; i < t->n; i++) {
		struct ev_rec *r = &t->recs[i];
		memcpy(running, s.running, sizeof running);
		trace_apply_fx(t, i, &s, &fx);
		const struct type_info *ti = type_get(r->type);
		int32_t pid = r->pid < 0 ? 0 : r->pid;
		/* the instant event itself, with its fields as args (the line is a JSON object: it parsed) */
		fprintf(o, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":", pid, pid);
		ts_us(o, r->ts);
		fprintf(o, ",\"cat\":");
		jstr(o, ti->kind >= 0 ? obj_kinds[ti->kind]->name : ti->family == 1 ? "sig" : ti->family == 0 ? "proc" : "other");
		fprintf(o, ",\"name\":");
		jstr(o, (r->flags & EVF_BAD) ? "bad line" : ti->name);
		fprintf(o, ",\"args\":");
		const char *line = (r->flags & EVF_BAD) ? NULL : trace_line(t, i);
		if (line)
			fputs(line, o);
		else
			fprintf(o, "{\"line\":%u}", r->line);
		fputc('}', o);
		/* process names and sleeping slices: only the processes this event can have changed (it acted, it
		 * names them, or they were running on a CPU it changed) */
		if (r->pid > 0)
			proc_changes(o, &m, &s, r->pid, r->ts);
		for (int k = 0; k < fx.npids; k++)
			proc_changes(o, &m, &s, fx.pids[k], r->ts);
		for (int k = 0; k < 8; k++)
			if (running[k] && running[k] != s.running[k])
				proc_changes(o, &m, &s, running[k], r->ts);
		/* counter of the object this event touched */
		if (r->obj >= 0) {
			const struct obj *ob = state_obj_by_cat(&s, r->obj);
			if (ob)
				counters(o, ob, r->ts);
		}
	}
	uint64_t end = t->n ? t->recs[t->n - 1].ts : 0;
	for (size_t k = 0; k < m.n; k++)
		if (m.v[k].sleeping) {
			fprintf(o, ",\n{\"ph\":\"E\",\"pid\":%d,\"tid\":%d,\"ts\":", m.v[k].pid, m.v[k].pid);
			ts_us(o, end);
			fputc('}', o);
		}
	fprintf(o, "\n]}\n");
	free(m.v);
	free(m.slot);
	state_free(&s);
	return ferror(o) ? -1 : 0;
}
