/* kernel/lib/jsonw.h: a JSON writer into a fixed buffer, for trace events (kernel/lib/jsonw.c).
 * No allocation. Nesting up to JW_MAX_DEPTH objects/arrays; commas are inserted automatically.
 * When the buffer would overflow, the writer stops writing and sets `overflow`; jw_finish then reports it,
 * so a caller never emits a truncated line.
 *
 *   struct jw w; jw_init(&w, buf, sizeof buf);
 *   jw_obj_begin(&w, NULL); jw_int(&w, "seq", 3); jw_str(&w, "type", "pipe.write");
 *   jw_bytes(&w, "data", p, n, 64); jw_arr_begin(&w, "woken"); jw_int(&w, NULL, 12); jw_arr_end(&w);
 *   jw_obj_end(&w); len = jw_finish(&w);   // -> {"seq":3,"type":"pipe.write",...}  (no newline)
 *
 * `key` is the member name inside an object and must be NULL inside an array. */
#ifndef KERNEL_LIB_JSONW_H
#define KERNEL_LIB_JSONW_H
#include "kernel/types.h"

#define JW_MAX_DEPTH 8

/* struct jw: writer state. buf/cap: the output buffer; len: bytes written; overflow: set when it did not fit. */
struct jw {
	char *buf;
	size_t len, cap;
	int depth;
	bool first[JW_MAX_DEPTH]; /* no member written yet at this depth */
	bool overflow;
};

void jw_init(struct jw *w, char *buf, size_t cap);
void jw_obj_begin(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_uint(struct jw *w, const char *key, uint64_t v);
void jw_bool(struct jw *w, const char *key, bool v);
/* jw_hex: a 64-bit value as a string "0x..." (lower-case, no leading zeros, "0x0" for zero). */
void jw_hex(struct jw *w, const char *key, uint64_t v);
/* jw_str: a NUL-terminated string, JSON-escaped ("\"", "\\", control characters as \n \t or \u00XX). */
void jw_str(struct jw *w, const char *key, const char *s);
/* jw_bytes: arbitrary bytes as a JSON string of at most max of the n bytes: 0x20..0x7e as themselves
 * (escaped where JSON needs it), every other byte as \u00XX (traces/FORMAT.md "data"). */
void jw_bytes(struct jw *w, const char *key, const void *data, size_t n, size_t max);
/* jw_finish: length of the finished text (NUL-terminated in buf), or -1 if it overflowed or nesting is open. */
long jw_finish(struct jw *w);
#endif
