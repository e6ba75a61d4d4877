/* tracer/state.c: the IPC state: processes and objects, copy (snapshots), canonical dump. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <inttypes.h>
#include "state.h"
#include "kinds.h"
#include "objs.h"

void state_init(struct state *s)
{
	memset(s, 0, sizeof *s);
	s->seq = -1;
}

void state_free(struct state *s)
{
	if (s->packed) {
		if (!s->packed_ext)
			free(s->packed);
		state_init(s);
		return;
	}
	for (int i = 0; i < s->nobjs; i++)
		free(s->objs[i].blob);
	free(s->objs);
	free(s->procs);
	state_init(s);
}

size_t state_pack_size(const struct state *src)
{
	size_t b = sizeof *src->procs * (size_t)src->nprocs + sizeof *src->objs * (size_t)src->nobjs;
	b = (b + 15) & ~(size_t)15;
	for (int i = 0; i < src->nobjs; i++)
		b += (src->objs[i].size + 15) & ~(size_t)15;
	return b;
}

void state_pack_into(struct state *dst, const struct state *src, void *mem)
{
	size_t procs = sizeof *src->procs * (size_t)src->nprocs, objs = sizeof *src->objs * (size_t)src->nobjs;
	char *b = mem;
	*dst = *src;
	dst->packed = b;
	dst->packed_ext = 1;
	dst->procs = src->nprocs ? memcpy(b, src->procs, procs) : NULL;
	dst->objs = src->nobjs ? memcpy(b + procs, src->objs, objs) : NULL;
	dst->cap_procs = src->nprocs;
	dst->cap_objs = src->nobjs;
	char *p = b + ((procs + objs + 15) & ~(size_t)15);
	for (int i = 0; i < src->nobjs; i++) {
		dst->objs[i].blob = memcpy(p, src->objs[i].blob, src->objs[i].size);
		p += (src->objs[i].size + 15) & ~(size_t)15;
	}
}

int state_pack(struct state *dst, const struct state *src)
{
	char *b = malloc(state_pack_size(src) + 1);
	if (!b)
		return -1;
	state_pack_into(dst, src, b);
	dst->packed_ext = 0;
	return 0;
}

int state_copy(struct state *dst, const struct state *src)
{
	if (dst == src)
		return 0;
	if (dst->packed)   /* a snapshot is not reused as a working state */
		state_free(dst);
	/* reuse dst's arrays when large enough: seeks copy states often */
	for (int i = 0; i < dst->nobjs; i++)
		free(dst->objs[i].blob);
	struct proc *procs = dst->procs;
	struct obj *objs = dst->objs;
	int cp = dst->cap_procs, co = dst->cap_objs;
	if (cp < src->nprocs) {
		free(procs);
		cp = src->nprocs;
		procs = cp ? malloc(sizeof *procs * cp) : NULL;
	}
	if (co < src->nobjs) {
		free(objs);
		co = src->nobjs;
		objs = co ? malloc(sizeof *objs * co) : NULL;
	}
	*dst = *src;
	dst->packed = NULL;
	dst->packed_ext = 0;
	dst->procs = procs;
	dst->objs = objs;
	dst->cap_procs = cp;
	dst->cap_objs = co;
	if ((src->nprocs && !procs) || (src->nobjs && !objs)) {
		dst->nprocs = dst->nobjs = 0;
		return -1;
	}
	if (src->nprocs)
		memcpy(procs, src->procs, sizeof *procs * src->nprocs);
	for (int i = 0; i < src->nobjs; i++) {
		objs[i] = src->objs[i];
		objs[i].blob = malloc(src->objs[i].size ? src->objs[i].size : 1);
		if (!objs[i].blob) {
			dst->nobjs = i;
			return -1;
		}
		memcpy(objs[i].blob, src->objs[i].blob, src->objs[i].size);
	}
	return 0;
}

struct proc *state_proc(struct state *s, int32_t pid)
{
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	return NULL;
}

struct proc *state_proc_get(struct state *s, int32_t pid, int *added)
{
	struct proc *p = state_proc(s, pid);
	if (added)
		*added = 0;
	if (p)
		return p;
	if (s->nprocs == s->cap_procs) {
		int nc = s->cap_procs ? s->cap_procs * 2 : 16;
		struct proc *np = realloc(s->procs, sizeof *np * nc);
		if (!np)
			return NULL;
		s->procs = np;
		s->cap_procs = nc;
	}
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->tgid = pid;
	p->ppid = -1;
	p->state = PS_RUNNABLE;
	p->cpu = -1;
	p->wait.obj = -1;
	strcpy(p->name, "?");
	if (added)
		*added = 1;
	return p;
}

void state_proc_remove(struct state *s, int32_t pid)
{
	struct proc *p = state_proc(s, pid);
	if (!p)
		return;
	int i = (int)(p - s->procs);
	memmove(p, p + 1, sizeof *p * (s->nprocs - i - 1));
	s->nprocs--;
}

struct obj *state_obj(struct state *s, int kind, int64_t id)
{
	for (int i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == kind && s->objs[i].id == id)
			return &s->objs[i];
	return NULL;
}

struct obj *state_obj_by_cat(const struct state *s, int32_t cat)
{
	for (int i = 0; i < s->nobjs; i++)
		if (s->objs[i].cat == cat)
			return &s->objs[i];
	return NULL;
}

struct obj *state_obj_add(struct state *s, int kind, int64_t id, int32_t cat, uint32_t size)
{
	if (s->nobjs == s->cap_objs) {
		int nc = s->cap_objs ? s->cap_objs * 2 : 16;
		struct obj *no = realloc(s->objs, sizeof *no * nc);
		if (!no)
			return NULL;
		s->objs = no;
		s->cap_objs = nc;
	}
	void *blob = calloc(1, size ? size : 1);
	if (!blob)
		return NULL;
	struct obj *o = &s->objs[s->nobjs++];
	memset(o, 0, sizeof *o);
	o->kind = (uint16_t)kind;
	o->id = id;
	o->cat = cat;
	o->size = size;
	o->blob = blob;
	return o;
}

void state_obj_remove(struct state *s, struct obj *o)
{
	int i = (int)(o - s->objs);
	free(o->blob);
	memmove(o, o + 1, sizeof *o * (s->nobjs - i - 1));
	s->nobjs--;
}

int obj_resize(struct obj *o, uint32_t size)
{
	if (size == o->size)
		return 0;
	void *nb = realloc(o->blob, size ? size : 1);
	if (!nb)
		return -1;
	if (size > o->size)
		memset((char *)nb + o->size, 0, size - o->size);
	o->blob = nb;
	o->size = size;
	return 0;
}

void pidlist_add(int32_t *list, uint8_t *n, int max, int32_t pid)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == pid)
			return;
	if (*n < max)
		list[(*n)++] = pid;
}

void pidlist_add_all(int32_t *list, uint8_t *n, int max, const int32_t *from, int count)
{
	for (int i = 0; i < count; i++)
		pidlist_add(list, n, max, from[i]);
}

void pidlist_remove(int32_t *list, uint8_t *n, int32_t pid)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == pid) {
			memmove(&list[i], &list[i + 1], sizeof *list * (*n - i - 1));
			(*n)--;
			return;
		}
}

int pidlist_has(const int32_t *list, int n, int32_t pid)
{
	for (int i = 0; i < n; i++)
		if (list[i] == pid)
			return 1;
	return 0;
}

void seen_add(int32_t *list, uint8_t *n, int max, int32_t pid)
{
	pidlist_remove(list, n, pid);
	if (*n == max)
		pidlist_remove(list, n, list[0]);
	list[(*n)++] = pid;
}

static const char *const ps_names[] = { "running", "runnable", "sleeping", "zombie" };

size_t state_dump(const struct state *s, char *buf, size_t len)
{
	size_t used = 0;
	char tmp[4096];
#define PUT(...) do { int k_ = snprintf(buf ? buf + (used < len ? used : len) : NULL, \
		used < len ? len - used : 0, __VA_ARGS__); if (k_ > 0) used += (size_t)k_; } while (0)
	PUT("seq %" PRId64 " ts %" PRIu64 " halted %d/%d\n", s->seq, s->ts, s->halted, s->halt_status);
	for (int i = 0; i < s->nprocs; i++) {
		const struct proc *p = &s->procs[i];
		PUT("proc %d ppid %d pgid %d sid %d %s %s wchan '%s' wait %d/%d/%d/%c/%d/%d/%" PRId64 " pend %" PRIx64 " blk %" PRIx64
		    " caught %" PRIx64 " ign %" PRIx64 " h %d/%d st %d\n",
		    p->pid, p->ppid, p->pgid, p->sid, p->name, ps_names[p->state % 4], p->wchan, p->wait.kind, p->wait.obj, p->wait.semnum,
		    p->wait.mode ? p->wait.mode : '-', p->wait.semop, p->wait.nsops, p->wait.arg, p->pending, p->blocked,
		    p->caught, p->ignored, p->nframes, proc_in_handler(p), p->status);
		for (int k = 0; k < 33; k++)
			if (p->rtqueued[k])
				PUT("  rt %d x%d\n", 32 + k, p->rtqueued[k]);
		for (int k = 0; k < p->nrtq; k++)
			PUT("  rtq %d code %d value %s%" PRIx64 "\n", p->rtq[k].sig, p->rtq[k].code, p->rtq[k].has_value ? "0x" : "-",
			    p->rtq[k].value);
	}
	for (int i = 0; i < s->nobjs; i++) {
		const struct obj *o = &s->objs[i];
		const struct obj_kind *k = obj_kinds[o->kind];
		tmp[0] = 0;
		k->dump(o, tmp, sizeof tmp);
		PUT("%s %" PRId64 " cat %d%s: %s\n", k->name, o->id, o->cat, o->orphan ? " orphan" : "", tmp);
	}
#undef PUT
	if (buf && len)
		buf[used < len ? used : len - 1] = 0;
	return used;
}
