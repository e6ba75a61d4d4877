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

/* An object read flat: its top-level members in the order of the text (repeated keys kept, as cJSON), and a
 * small hash table of them by key for fjson_obj_get. */
#define FJSON_OBJ_SLOTS 32      /* more than any object read flat has members (fjson_object_more's max) */
struct fjson_obj {
	struct fjson_member *m;
	int n;
	uint8_t slot[FJSON_OBJ_SLOTS];   /* 1 + the index in m of the first member with a key, 0 empty */
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

/* Two keys with the same fjson_key_tag are equal: a NUL among the first 4 bytes ends both, else the rest is. */
static inline int fjson_same_key(uint32_t tag, const char *a, const char *b)
{
	if ((tag >> 24) == 0)
		return 1;
	for (a += 4, b += 4; *a == *b; a++, b++)
		if (!*a)
			return 1;
	return 0;
}

/* The slot of a key tag in fjson_obj.slot (Fibonacci hashing of the tag). */
static inline unsigned fjson_obj_hash(uint32_t tag)
{
	return (tag * 0x9e3779b1u) >> 27;   /* FJSON_OBJ_SLOTS == 32 */
}

/* The first member of o with this key (tag: fjson_key_tag(key)), NULL if none: what cJSON's
 * GetObjectItemCaseSensitive finds in the tree of the same text. */
static inline const struct fjson_member *fjson_obj_get(const struct fjson_obj *o, const char *key, uint32_t tag)
{
	for (unsigned h = fjson_obj_hash(tag); o->slot[h]; h = (h + 1) % FJSON_OBJ_SLOTS) {
		const struct fjson_member *m = &o->m[o->slot[h] - 1];
		if (m->tag == tag && fjson_same_key(tag, m->key, key))
			return m;
	}
	return NULL;
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
 * (< FJSON_OBJ_SLOTS) members (after optional whitespace, no byte-order mark): fills *o (valid until the batch ends) and returns 1.
 * Every value is read by the same rules as fjson_parse_more (strings, numbers, literals; arrays and objects
 * become ordinary cJSON trees), so the members are what the tree's would be. Returns 0, using no arena memory,
 * for anything else (not an object, more members, malformed, no memory): parse that with fjson_parse_more,
 * which decides and says where the error is. */
int fjson_object_more(struct fjson *a, const char *s, size_t len, int max, struct fjson_obj *o);
/* Members at the start of an object that the caller has already read, exactly as the parser would read them:
 * a key with no escape (a literal: it is not copied), and a string value with no escape, control byte or NUL,
 * or a number written as a plain integer of 1 to 18 digits (no sign). */
#define FJSON_PRE_MAX 8
struct fjson_pre {
	size_t end;                        /* the offset just after the last one's value */
	int n;                             /* how many (at most FJSON_PRE_MAX) */
	const char *key[FJSON_PRE_MAX];
	uint32_t tag[FJSON_PRE_MAX];       /* fjson_key_tag(key[i]) */
	const char *str[FJSON_PRE_MAX];    /* a string: its bytes in s; NULL for a number */
	int64_t num[FJSON_PRE_MAX];        /* a string's length in bytes, or the number (0 to 10^18 - 1) */
};
/* fjson_object_more for an object whose first pre->n members the caller has read (pre): reads on from
 * pre->end, and returns what fjson_object_more would (1 and *o, or 0 with no arena memory used). */
int fjson_object_resume(struct fjson *a, const char *s, size_t len, int max, const struct fjson_pre *pre,
			struct fjson_obj *o);
/* Free the arena's memory. */
void fjson_free(struct fjson *a);

#endif
