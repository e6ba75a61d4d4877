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

static struct pinfo *pinfo(struct pinfo **v, size_t *n, int32_t pid)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].pid == pid)
			return &(*v)[i];
	struct pinfo *nv = realloc(*v, sizeof **v * (*n + 1));
	if (!nv)
		return NULL;
	*v = nv;
	struct pinfo *p = &nv[(*n)++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	return p;
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
	default:
		jstr(o, name);
		fprintf(o, ",\"args\":{}}");
	}
}

int export_chrome(struct trace *t, FILE *o)
{
	struct state s;
	struct pinfo *pi = NULL;
	size_t npi = 0;
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
		trace_apply_rec(t, i, &s);
		const char *line = trace_line(t, i);
		cJSON *j = line && !(r->flags & EVF_BAD) ? cJSON_ParseWithLength(line, r->len) : NULL;
		const struct type_info *ti = type_get(r->type);
		int32_t pid = r->pid < 0 ? 0 : r->pid;
		/* the instant event itself, with its fields as args */
		fprintf(o, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":", pid, pid);
		ts_us(o, r->ts);
		fprintf(o, ",\"cat\":");
		jstr(o, ti->kind >= 0 ? obj_kinds[ti->kind]->name : ti->family == 1 ? "sig" : ti->family == 0 ? "proc" : "other");
		fprintf(o, ",\"name\":");
		jstr(o, (r->flags & EVF_BAD) ? "bad line" : ti->name);
		fprintf(o, ",\"args\":");
		char *args = j ? cJSON_PrintUnformatted(j) : NULL;
		if (args) {
			fputs(args, o);
			cJSON_free(args);
		} else {
			fprintf(o, "{\"line\":%u}", r->line);
		}
		fputc('}', o);
		cJSON_Delete(j);
		/* process names and sleeping slices */
		for (int k = 0; k < s.nprocs; k++) {
			const struct proc *p = &s.procs[k];
			struct pinfo *q = pinfo(&pi, &npi, p->pid);
			if (!q)
				continue;
			if (strcmp(q->name, p->name)) {
				memcpy(q->name, p->name, sizeof q->name);
				fprintf(o, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"process_name\",\"args\":{\"name\":", p->pid, p->pid);
				jstr(o, p->name);
				fprintf(o, "}}");
			}
			int sl = p->state == PS_SLEEPING;
			if (sl != q->sleeping) {
				fprintf(o, ",\n{\"ph\":\"%s\",\"pid\":%d,\"tid\":%d,\"ts\":", sl ? "B" : "E", p->pid, p->pid);
				ts_us(o, r->ts);
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
		for (size_t k = 0; k < npi; k++) {   /* gone (reaped) while sleeping: close the slice */
			if (pi[k].sleeping && !state_proc(&s, pi[k].pid)) {
				fprintf(o, ",\n{\"ph\":\"E\",\"pid\":%d,\"tid\":%d,\"ts\":", pi[k].pid, pi[k].pid);
				ts_us(o, r->ts);
				fputc('}', o);
				pi[k].sleeping = 0;
			}
		}
		/* counter of the object this event touched */
		if (r->obj >= 0) {
			const struct obj *ob = state_obj_by_cat(&s, r->obj);
			if (ob)
				counters(o, ob, r->ts);
		}
	}
	uint64_t end = t->n ? t->recs[t->n - 1].ts : 0;
	for (size_t k = 0; k < npi; k++)
		if (pi[k].sleeping) {
			fprintf(o, ",\n{\"ph\":\"E\",\"pid\":%d,\"tid\":%d,\"ts\":", pi[k].pid, pi[k].pid);
			ts_us(o, end);
			fputc('}', o);
		}
	fprintf(o, "\n]}\n");
	free(pi);
	state_free(&s);
	return ferror(o) ? -1 : 0;
}
