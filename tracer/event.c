/* tracer/event.c: typed access to the fields of a parsed event, with problems reported by line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "event.h"
#include "trace.h"

void ev_diag(struct apply_ctx *c, const char *fmt, ...)
{
	if (!c->t)
		return;
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	trace_diag(c->t, c->rec->line, c->rec->seq, "%s", msg);
}

void ev_oom(struct apply_ctx *c)
{
	if (c->t)
		trace_oom(c->t, c->rec->line);
}



static void ix_build(struct apply_ctx *c)
{
	struct ev_index *ix = &c->ix;
	int n = 0;
	ix->state = 1;
	for (const cJSON *m = c->j ? c->j->child : NULL; m; m = m->next) {
		if (!m->string)
			continue;
		if (++n > EV_IX_MAX) {
			ix->state = 2;
			return;
		}
		uint32_t tag = ev_key_tag(m->string);
		unsigned h = fjson_obj_hash(tag);
		for (;; h = (h + 1) % EV_IX_SLOTS) {
			if (!ix->node[h]) {
				ix->node[h] = m;
				ix->tag[h] = tag;
				break;
			}
			if (ix->tag[h] == tag && fjson_same_key(tag, ix->node[h]->string, m->string))
				break;   /* a repeated key: the first one counts */
		}
	}
}

/* Member i of a flat read as a cJSON node (made once per event: later calls return the same node). */
static const cJSON *flat_node(struct apply_ctx *c, int i)
{
	const struct fjson_member *m = &c->o->m[i];
	if (m->type == cJSON_Array || m->type == cJSON_Object)
		return m->v.tree;
	cJSON *n = &c->nodes[i];
	if (!(c->made & 1u << i)) {
		c->made |= 1u << i;
		*n = (cJSON){ .type = m->type, .string = (char *)m->key, .valueint = m->valueint,
			      .valuestring = m->type == cJSON_String ? m->v.str : NULL,
			      .valuedouble = m->type == cJSON_Number ? m->v.num : 0 };
	}
	return n;
}

const cJSON *ev_root(struct apply_ctx *c)
{
	if (c->j || !c->o)
		return c->j;
	cJSON *root = &c->nodes[EV_IX_MAX], *last = NULL;
	*root = (cJSON){ .type = cJSON_Object };
	for (int i = 0; i < c->o->n; i++) {
		cJSON *n = (cJSON *)flat_node(c, i);
		n->prev = last;
		n->next = NULL;
		if (last)
			last->next = n;
		else
			root->child = n;
		last = n;
	}
	if (root->child)
		root->child->prev = last;   /* as cJSON: the first child's prev is the last */
	c->j = root;
	return root;
}

/* Keys of up to 3 bytes are equal iff their tags are. */
const cJSON *ev_get_tag(struct apply_ctx *c, const char *key, uint32_t tag)
{
	if (c->o) {   /* read flat: the members' own index */
		const struct fjson_member *m = fjson_obj_get(c->o, key, tag);
		return m ? flat_node(c, (int)(m - c->o->m)) : NULL;
	}
	struct ev_index *ix = &c->ix;
	if (__builtin_expect(ix->state != 1, 0)) {
		if (!ix->state)
			ix_build(c);
		if (ix->state != 1)
			return jget(c->j, key);
	}
	for (unsigned h = fjson_obj_hash(tag);; h = (h + 1) % EV_IX_SLOTS) {
		const cJSON *m = ix->node[h];
		if (!m)
			return NULL;
		if (ix->tag[h] == tag && fjson_same_key(tag, m->string, key))
			return m;
	}
}

static const cJSON *field(struct apply_ctx *c, const char *key, uint32_t tag, int required)
{
	const cJSON *f = ev_get_tag(c, key, tag);
	if (!f && required)
		ev_diag(c, "missing field '%s'", key);
	return f;
}

/* The cJSON type (flags masked off) of field `key` (first match) into *type, its number into *num (0 if none) and its
 * string into *str (NULL if none), with no node made for a member read flat. Returns 0 when the field is absent
 * (reported if `required`). */
static int field_value(struct apply_ctx *c, const char *key, uint32_t tag, int required, int *type, double *num,
		       const char **str)
{
	if (c->o) {
		const struct fjson_member *m = fjson_obj_get(c->o, key, tag);
		if (m) {
			*type = m->type;
			*num = m->type == cJSON_Number ? m->v.num : 0;
			*str = m->type == cJSON_String ? m->v.str : NULL;
			return 1;
		}
	} else {
		const cJSON *f = ev_get_tag(c, key, tag);
		if (f) {
			*type = f->type & 0xff;
			*num = f->valuedouble;
			*str = f->valuestring;
			return 1;
		}
	}
	if (required)
		ev_diag(c, "missing field '%s'", key);
	return 0;
}

int ev_int_tag(struct apply_ctx *c, const char *key, uint32_t tag, int64_t *out, int required)
{
	int type;
	double d;
	const char *str;
	if (!field_value(c, key, tag, required, &type, &d, &str))
		return 0;
	if (type == cJSON_Number && num_int64(d, out))
		return 1;
	/* which of the two it is not: an integer, or within int64 */
	if (type != cJSON_Number || !(d == d) || (fabs(d) <= 9.2e18 && d != (double)(int64_t)d) ||
	    (fabs(d) > 9.2e18 && d != floor(d)))
		ev_diag(c, "field '%s' should be an integer", key);
	else   /* %g: the double nearest to the text, not the text itself (9223372036854775807 reads as 2^63), so
		* only the digits that are sure */
		ev_diag(c, "field '%s': %.3g out of range (beyond 64 bits)", key, d);
	return 0;
}

int ev_pid(struct apply_ctx *c, const char *key, int64_t *out, int required)
{
	int64_t v;
	if (!ev_int(c, key, &v, required))
		return 0;
	if (v < 0 || v > PID_MAX_LIMIT) {
		ev_diag(c, "field '%s': pid %lld out of range (0..%d)", key, (long long)v, PID_MAX_LIMIT);
		return 0;
	}
	*out = v;
	return 1;
}

int ev_str_tag(struct apply_ctx *c, const char *key, uint32_t tag, const char **out, int required)
{
	int type;
	double d;
	const char *str;
	if (!field_value(c, key, tag, required, &type, &d, &str))
		return 0;
	if (type != cJSON_String) {
		ev_diag(c, "field '%s' should be a string", key);
		return 0;
	}
	*out = str;
	return 1;
}

int ev_hex(struct apply_ctx *c, const char *key, uint64_t *out, int required)
{
	const char *s;
	if (!ev_str(c, key, &s, required))
		return 0;
	char *end;
	if (strncmp(s, "0x", 2) != 0 || !s[2] || (*out = strtoull(s + 2, &end, 16), *end)) {
		ev_diag(c, "field '%s' should be a hex string \"0x...\"", key);
		return 0;
	}
	return 1;
}

const cJSON *ev_arr(struct apply_ctx *c, const char *key, int required)
{
	const cJSON *f = field(c, key, ev_key_tag(key), required);
	if (!f)
		return NULL;
	if ((f->type & 0xff) != cJSON_Array) {
		ev_diag(c, "field '%s' should be an array", key);
		return NULL;
	}
	return f;
}

int ev_pids(struct apply_ctx *c, const char *key, int32_t *out, uint8_t *n, int max, int required)
{
	const cJSON *a = ev_arr(c, key, required), *e;
	*n = 0;
	if (!a)
		return 0;
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsNumber(e) || e->valuedouble != (double)json_i64(e)) {
			ev_diag(c, "field '%s' should be an array of pids", key);
			return 0;
		}
		int64_t v = json_i64(e);
		if (v < 0 || v > PID_MAX_LIMIT) {
			ev_diag(c, "field '%s': pid %lld out of range (0..%d)", key, (long long)v, PID_MAX_LIMIT);
			continue;
		}
		if (*n < max)
			out[(*n)++] = (int32_t)v;
	}
	return 1;
}

int ev_bytes(const cJSON *str, uint8_t *out, int max)
{
	/* the parser turned each \u00XX into UTF-8; code points up to 0xff are the original bytes */
	int n = 0;
	if (!cJSON_IsString(str) || !str->valuestring)
		return 0;
	const unsigned char *p = (const unsigned char *)str->valuestring;
	size_t len = strlen(str->valuestring);
	if (str->valueint > 0 && (size_t)str->valueint > len)
		len = (size_t)str->valueint;
	const unsigned char *end = p + len;
	while (p < end && n < max) {
		if (*p < 0x80)
			out[n++] = *p++;
		else if ((*p & 0xe0) == 0xc0 && p + 1 < end && (p[1] & 0xc0) == 0x80) {
			out[n++] = (uint8_t)(((p[0] & 0x1f) << 6) | (p[1] & 0x3f));
			p += 2;
		} else {
			out[n++] = '?';
			p++;
			while (p < end && (*p & 0xc0) == 0x80)
				p++;
		}
	}
	return n;
}

void fx_reset(struct ev_effect *e, int32_t pid)
{
	e->verb = FX_NONE;
	e->flags = e->npids = e->nsops = e->ndata = 0;
	e->sig = 0;
	e->sub = -1;
	e->pid = pid;
	e->obj = -1;
	e->npids_total = 0;
	e->n = e->mtype = 0;
	e->addr = 0;
	e->err[0] = e->text[0] = 0;
}

void fx_add_pid(struct ev_effect *e, int32_t pid)
{
	if (e->npids < FX_PIDS)
		e->pids[e->npids++] = pid;
	e->npids_total++;
}

void ev_fx_data(struct apply_ctx *c, const char *key)
{
	uint8_t tmp[FX_DATA + 1];
	if (!c->fx_data)
		return;
	const cJSON *f = ev_get(c, key);
	int n = ev_bytes(f, tmp, FX_DATA + 1);
	c->fx->ndata = (uint8_t)(n > FX_DATA ? FX_DATA : n);
	memcpy(c->fx->data, tmp, c->fx->ndata);
	if (n > FX_DATA)
		c->fx->flags |= FXF_MORE_DATA;
}

int ev_fx_err(struct apply_ctx *c)
{
	const char *e;
	const cJSON *f = ev_get(c, "err");
	if (!f)
		return 0;
	if (ev_str(c, "err", &e, 0))
		snprintf(c->fx->err, sizeof c->fx->err, "%s", e);
	else
		snprintf(c->fx->err, sizeof c->fx->err, "error");
	return 1;
}
