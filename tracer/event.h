/* tracer/event.h: one trace event: the compact record kept for every line, and the decoded form used while
 * applying it to a state (its members read flat by fjson_object_more, or a cJSON tree for the lines the flat
 * reader hands over) with typed accessors that read either the same way. */
#ifndef IPCTRACE_EVENT_H
#define IPCTRACE_EVENT_H
#include <stdint.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "state.h"
#include "effect.h"
#include "fjson.h"

/* Flags of an event record. */
enum {
	EVF_BAD = 1,      /* the line is not a valid event (malformed JSON, missing or wrong common fields) */
	EVF_UNKNOWN = 2,  /* a type this tracer does not know: shown, nothing applied */
	EVF_ERR = 4,      /* the operation failed (has `err`) */
	EVF_GAP = 8,      /* seq jumped before this event: events were lost */
	EVF_TRUNC = 16,   /* the last line had no newline (writer killed mid-line) */
	EVF_MARK = 32,    /* trace.mark: drawn as a bookmark on the timeline */
	EVF_ORPHAN = 64,  /* refers to an object never created */
	EVF_BLOCK = 128,  /* a process went to sleep */
};

/* The compact record kept per event line: 48 bytes. The line itself stays in the backing store. */
struct ev_rec {
	uint64_t off;     /* byte offset of the line in the backing store */
	uint64_t ts;      /* ns since boot (0 if missing) */
	int64_t seq;      /* sequence number, -1 if missing */
	uint32_t len;     /* length of the line in bytes, without the newline */
	uint32_t line;    /* 1-based line number in the trace file */
	int32_t pid;      /* acting process, -1 if missing */
	int32_t obj;      /* catalogue index of the object it acts on, -1 if none (set when applied) */
	uint16_t type;    /* index in the type table (see types.h) */
	uint8_t flags;    /* EVF_* */
	uint8_t cpu;
	uint8_t scanned;  /* 1: the index scan read seq, ts, cpu, pid and type exactly as the parser will, all in
	                   * range, so the build pass takes them from here (set by the scan, for the build) */
};

struct trace;

/* Index of the top-level members of an event parsed as a tree (one read flat has its own, fjson_obj.slot) by
 * key, built on the first field lookup (zero = not built), so that each lookup is a hash probe instead of a
 * walk with strcmp over every member (absent optional fields such as "err" cost a whole walk otherwise). Keeps
 * the first member of a key, as jget. EV_IX_MAX is also the most members a line read flat may have. */
#define EV_IX_SLOTS FJSON_OBJ_SLOTS   /* hashed by fjson_obj_hash */
#define EV_IX_MAX 24            /* more members than this: lookups walk the list (jget) */
struct ev_index {
	uint8_t state;          /* 0 not built, 1 built, 2 too many members (walk) */
	uint32_t tag[EV_IX_SLOTS];        /* first 4 bytes of the key (zero-padded) */
	const cJSON *node[EV_IX_SLOTS];   /* NULL: empty slot */
};

/* The largest pid Linux gives (PID_MAX_LIMIT of include/linux/threads.h on 64-bit): pids outside 0..this are
 * reported, never truncated into another process. */
#define PID_MAX_LIMIT 4194304

/* Where an apply reports problems. NULL `t` means quiet (replaying from a snapshot). */
struct apply_ctx {
	struct trace *t;        /* trace being built, or NULL when replaying */
	struct state *s;        /* the state being changed */
	struct ev_rec *rec;     /* the record of the event (obj and flags are filled while building) */
	const cJSON *j;         /* the parsed line as a tree, or NULL when it was read flat (o) */
	const struct fjson_obj *o;   /* the line's members read flat (fjson_object_more), or NULL (j) */
	cJSON *nodes;           /* with o: EV_IX_MAX + 1 nodes the accessors fill from its members */
	uint32_t made;          /* with o: bit i set when nodes[i] holds member i */
	struct ev_effect *fx;   /* what the event did, filled by the apply (never NULL) */
	int version;            /* the trace format's version (traces/FORMAT.md): 1 or 2 */
	int fx_data;            /* someone reads c->fx: decode payloads into it (not while loading) */
	struct ev_index ix;     /* zero-initialised with the context */
};

/* No memory to apply the current event: loading stops with an error at its line (trace_oom); no-op when
 * replaying. */
void ev_oom(struct apply_ctx *c);
/* Report a problem with the current event (line number added); no-op when replaying. */
void ev_diag(struct apply_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The first 4 bytes of a NUL-terminated key, zero-padded (folded at compile time for a literal key). */
static inline uint32_t ev_key_tag(const char *k)
{
	return fjson_key_tag(k);
}
/* The versions of the accessors below with the key's tag computed by the caller. */
const cJSON *ev_get_tag(struct apply_ctx *c, const char *key, uint32_t tag);
int ev_int_tag(struct apply_ctx *c, const char *key, uint32_t tag, int64_t *out, int required);
int ev_str_tag(struct apply_ctx *c, const char *key, uint32_t tag, const char **out, int required);

/* The event as a cJSON object whatever way it was read (a flat read is linked into c->nodes the first time),
 * for code that walks an object given to it (the event itself or one of its members). */
const cJSON *ev_root(struct apply_ctx *c);

/* Member `key` of the event (first match, as jget(c->j, key)), NULL if absent. */
static inline const cJSON *ev_get(struct apply_ctx *c, const char *key)
{
	return ev_get_tag(c, key, ev_key_tag(key));
}

/* A JSON number that is an integer within int64 (no fraction, |d| <= 9.2e18: the cast is exact) into *out: 1,
 * else 0 (NaN, a fraction, out of range). The rule of ev_int. */
static inline int num_int64(double d, int64_t *out)
{
	if (!(d >= -9.2e18 && d <= 9.2e18) || d != (double)(int64_t)d)
		return 0;
	*out = (int64_t)d;
	return 1;
}

/* Typed field accessors. Each returns 1 when the field is present with the right type and stores it;
 * 0 when absent (reported if `required`); 0 when of the wrong type (always reported). */
static inline int ev_int(struct apply_ctx *c, const char *key, int64_t *out, int required)
{
	uint32_t tag = ev_key_tag(key);
	if (c->o) {   /* inline, the usual cases of a line read flat: an optional member absent, or an integer */
		const struct fjson_member *m = fjson_obj_get(c->o, key, tag);
		if (!m && !required)
			return 0;
		if (m && m->type == cJSON_Number && num_int64(m->v.num, out))
			return 1;
	}
	return ev_int_tag(c, key, tag, out, required);   /* the rest, and every diagnostic */
}
static inline int ev_str(struct apply_ctx *c, const char *key, const char **out, int required)
{
	return ev_str_tag(c, key, ev_key_tag(key), out, required);
}
/* A pid field: an integer in 0..PID_MAX_LIMIT (out of range: reported, returns 0). */
int ev_pid(struct apply_ctx *c, const char *key, int64_t *out, int required);
/* A hex string "0x..." (sigsets, addresses) into *out. */
int ev_hex(struct apply_ctx *c, const char *key, uint64_t *out, int required);
/* A JSON array of pids into out[0..max); *n gets the count stored. A pid out of range is reported and
 * left out. */
int ev_pids(struct apply_ctx *c, const char *key, int32_t *out, uint8_t *n, int max, int required);
/* An array field; returns it or NULL (absent or wrong type, reported like the others). */
const cJSON *ev_arr(struct apply_ctx *c, const char *key, int required);

/* Member `key` of object o, NULL if absent (first match, as cJSON_GetObjectItemCaseSensitive; faster:
 * most keys differ in their first byte, so strcmp runs rarely). */
static inline cJSON *jget(const cJSON *o, const char *key)
{
	for (cJSON *c = o ? o->child : NULL; c; c = c->next)
		if (c->string && c->string[0] == key[0] && !strcmp(c->string, key))
			return c;
	return NULL;
}

/* A JSON number as an integer, clamped to the type's range (NaN and non-numbers give 0): converting an
 * out-of-range double to an integer type is undefined behaviour in C. */
static inline int64_t num_i64(double d)
{
	if (!(d == d))
		return 0;
	return d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
}
static inline int64_t json_i64(const cJSON *n)
{
	return num_i64(cJSON_IsNumber(n) ? n->valuedouble : 0);
}
static inline int32_t json_i32(const cJSON *n)
{
	int64_t v = json_i64(n);
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

/* The payload field `key` (data, text) into c->fx->data (its first FX_DATA bytes, FXF_MORE_DATA if longer). */
void ev_fx_data(struct apply_ctx *c, const char *key);
/* Copy the event's `err` (if any) into c->fx->err; returns 1 if the event has one. */
int ev_fx_err(struct apply_ctx *c);

/* Decode a payload string node of the trace (bytes as themselves or \u00XX) into out (max bytes); returns
 * the count. Uses the decoded length fjson keeps in valueint, so bytes after a \u0000 survive. */
int ev_bytes(const cJSON *str, uint8_t *out, int max);

#endif
