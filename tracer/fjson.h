/* tracer/fjson.h: a fast JSON reader that builds an ordinary cJSON tree in a reusable arena, for the load
 * path (a million events a second). It accepts and decodes exactly what cJSON_ParseWithLength accepts, with
 * the same values, so the rest of the model uses the cJSON API unchanged; integers need no strtod and
 * nodes no malloc. The fuzz target checks it against cJSON. One addition: a string node's valueint (unused
 * by cJSON for strings) holds the decoded length, so payload bytes after a \u0000 are not lost.
 * Plain C, no SDL. */
#ifndef IPCTRACE_FJSON_H
#define IPCTRACE_FJSON_H
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/* One top-level member of an object read flat (fjson_object_more): what a cJSON member node would hold, in
 * half the bytes and with no links. */
struct fjson_member {
	const char *key;        /* decoded key, NUL-terminated (in the arena) */
	union {
		double num;     /* cJSON_Number: the value, as cJSON's valuedouble */
		char *str;      /* cJSON_String: decoded, NUL-terminated (in the arena) */
		cJSON *tree;    /* cJSON_Array, cJSON_Object: the value as an ordinary cJSON node (in the arena) */
	} v;
	int valueint;           /* as cJSON's valueint: a number clamped to int; a string's decoded length in bytes
	                         * (see above: bytes after a \u0000 count); 1 for true */
	uint32_t tag;           /* fjson_key_tag(key): lookups compare it before the key */
	int type;               /* the cJSON type: cJSON_Number, _String, _True, _False, _NULL, _Array, _Object */
};

/* An object read flat: its top-level members in the order of the text (repeated keys kept, as cJSON). */
struct fjson_obj {
	struct fjson_member *m;
	int n;
};

/* The first 4 bytes of a NUL-terminated key, zero-padded (folded at compile time for a literal key): two keys
 * of up to 3 bytes are equal iff their tags are. */
static inline uint32_t fjson_key_tag(const char *k)
{
	uint32_t t = (unsigned char)k[0];
	if (k[0]) {
		t |= (uint32_t)(unsigned char)k[1] << 8;
		if (k[1]) {
			t |= (uint32_t)(unsigned char)k[2] << 16;
			if (k[2])
				t |= (uint32_t)(unsigned char)k[3] << 24;
		}
	}
	return t;
}

/* Reusable memory for one parsed document at a time. Zero-initialise before first use. */
struct fjson {
	cJSON *nodes;
	size_t nnodes, cap_nodes;
	char *strs;
	size_t nstrs, cap_strs;
	struct fjson_member *mems;   /* members of objects read flat */
	size_t nmems, cap_mems;
	int oom;                /* an allocation failed (a parse returned NULL for want of memory, not bad JSON) */
};

/* Parse s[0..len) as one JSON value followed only by whitespace. Returns the root (valid until the next
 * parse with the same arena; never cJSON_Delete it), or NULL with *err_off (if not NULL) set to the byte
 * offset of the error. */
cJSON *fjson_parse(struct fjson *a, const char *s, size_t len, size_t *err_off);
/* Start a batch of documents whose lengths total at most `bytes` (with one separator byte each, as the
 * newlines of a trace): later fjson_parse_more calls never move earlier trees. Returns 0, -1 (no memory). */
int fjson_begin(struct fjson *a, size_t bytes);
/* Parse one more document into the batch (as fjson_parse otherwise). */
cJSON *fjson_parse_more(struct fjson *a, const char *s, size_t len, size_t *err_off);
/* Read s[0..len) flat, as fjson_parse_more would parse it, when it is one JSON object of at most `max`
 * members (after optional whitespace, no byte-order mark): fills *o (valid until the batch ends) and returns 1.
 * Every value is read by the same rules as fjson_parse_more (strings, numbers, literals; arrays and objects
 * become ordinary cJSON trees), so the members are what the tree's would be. Returns 0, using no arena memory,
 * for anything else (not an object, more members, malformed, no memory): parse that with fjson_parse_more,
 * which decides and says where the error is. */
int fjson_object_more(struct fjson *a, const char *s, size_t len, int max, struct fjson_obj *o);
/* Free the arena's memory. */
void fjson_free(struct fjson *a);

#endif
