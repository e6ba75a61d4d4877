/* tracer/fjson.h: a fast JSON reader that builds an ordinary cJSON tree in a reusable arena, for the load
 * path (a million events a second). It accepts and decodes exactly what cJSON_ParseWithLength accepts, with
 * the same values, so the rest of the model uses the cJSON API unchanged; integers need no strtod and
 * nodes no malloc. The fuzz target checks it against cJSON. One addition: a string node's valueint (unused
 * by cJSON for strings) holds the decoded length, so payload bytes after a \u0000 are not lost.
 * Plain C, no SDL. */
#ifndef IPCTRACE_FJSON_H
#define IPCTRACE_FJSON_H
#include <stddef.h>
#include <cjson/cJSON.h>

/* Reusable memory for one parsed document at a time. Zero-initialise before first use. */
struct fjson {
	cJSON *nodes;
	size_t nnodes, cap_nodes;
	char *strs;
	size_t nstrs, cap_strs;
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
/* Free the arena's memory. */
void fjson_free(struct fjson *a);

#endif
