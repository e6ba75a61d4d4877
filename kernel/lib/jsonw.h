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
 * `key` is the member name inside an object and must be NULL inside an array.
 *
 * Speed (every traced event goes through here, and under QEMU's TCG every guest instruction, memory access,
 * call and taken branch is expensive): the writers are inline. When `key` is a string literal of at most
 * JW_FAST_KEY_MAX plain characters (our own identifiers always are) and the buffer has room for the worst case,
 * the comma and the `"key":` are stored as one or two 8-byte constants built at compile time, integers are
 * formatted eight digits at a time in a register, and strings are scanned eight bytes at a time. Any other
 * case (a key computed at run time, a buffer nearly full, an overflow) takes the checked out-of-line path in
 * jsonw.c, which writes exactly the same text. The fast paths may store up to 8 bytes past the text's end,
 * always inside `cap`; bytes past `len` are unspecified until jw_finish writes the NUL. */
#ifndef KERNEL_LIB_JSONW_H
#define KERNEL_LIB_JSONW_H
#include "kernel/types.h"

#define JW_MAX_DEPTH 8
#define JW_FAST_KEY_MAX 11 /* longest key of the compile-time fast path: ,"key":T (T: '"', '[' or '{') fits 16 bytes */

/* struct jw: writer state. buf/cap: the output buffer; pos: the end of the text written so far (jw_len);
 * overflow: set when it did not fit. lim: the inline fast paths write only while pos + their worst case <= lim
 * (buf + cap - 1: one byte is kept for the NUL; buf once overflowed, so they all fall through to the checked
 * path). open: where the innermost object or array's content starts (buf at the top): a member written there is
 * the first one and needs no comma, so no per-member state is kept. */
struct jw {
	char *buf;
	char *pos;
	char *lim;
	char *open;
	size_t cap;
	int depth;
	bool overflow;
};

void jw_init(struct jw *w, char *buf, size_t cap);
static inline void jw_obj_begin(struct jw *w, const char *key);
static inline void jw_obj_end(struct jw *w);
static inline void jw_arr_begin(struct jw *w, const char *key);
static inline void jw_arr_end(struct jw *w);
static inline void jw_int(struct jw *w, const char *key, int64_t v);
static inline void jw_uint(struct jw *w, const char *key, uint64_t v);
static inline void jw_bool(struct jw *w, const char *key, bool v);
/* jw_hex: a 64-bit value as a string "0x..." (lower-case, no leading zeros, "0x0" for zero). */
static inline void jw_hex(struct jw *w, const char *key, uint64_t v);
/* jw_str: a NUL-terminated string, JSON-escaped ("\"", "\\", control characters as \n \t or \u00XX). */
static inline void jw_str(struct jw *w, const char *key, const char *s);
/* jw_bytes: arbitrary bytes as a JSON string of at most max of the n bytes: 0x20..0x7e as themselves
 * (escaped where JSON needs it), every other byte as \u00XX (traces/FORMAT.md "data"). */
static inline void jw_bytes(struct jw *w, const char *key, const void *data, size_t n, size_t max);
/* jw_finish: length of the finished text (NUL-terminated in buf), or -1 if it overflowed or nesting is open. */
long jw_finish(struct jw *w);
/* jw_len: bytes written so far. */
static inline size_t jw_len(const struct jw *w) { return (size_t)(w->pos - w->buf); }

/* ---- Internals: the out-of-line, fully checked writers (jsonw.c) ----
 * `cold`: the compiler moves the paths that call them out of the callers' hot code, which keeps that code
 * dense (QEMU chains translated blocks directly only within a guest page). */
#define JW__COLD __attribute__((cold))
JW__COLD void jw__open_slow(struct jw *w, const char *key, char c);
JW__COLD void jw__close_slow(struct jw *w, char c);
JW__COLD void jw__int_slow(struct jw *w, const char *key, int64_t v);
JW__COLD void jw__uint_slow(struct jw *w, const char *key, uint64_t v);
JW__COLD void jw__bool_slow(struct jw *w, const char *key, bool v);
JW__COLD void jw__hex_slow(struct jw *w, const char *key, uint64_t v);
JW__COLD void jw__str_slow(struct jw *w, const char *key, const char *s);
JW__COLD void jw__bytes_slow(struct jw *w, const char *key, const void *data, size_t n);
/* Unchecked pieces for the fast paths (jsonw.c). jw__u64_big: v >= 10^8 in decimal at o (touches at most 24
 * bytes), returns the end. jw__hex_body: "0x..." with quotes (at most 24). jw__str_body: the escaped content of
 * NUL-terminated s (no quotes), touching only [o, end); NULL when it does not fit. jw__bytes_body: the escaped
 * content of n bytes (touches at most 6 * n + 2 bytes); both inline below, with their rare cases (escapes, UTF-8)
 * out of line: jw__esc_byte, jw__str_special. jw__s64_big: v, with its '-', when |v| >= 10^7. */
char *jw__u64_big(char *o, u64 v);
char *jw__s64_big(char *o, s64 v);
char *jw__hex_body(char *o, u64 v);
JW__COLD char *jw__esc_byte(char *o, u8 c);
JW__COLD char *jw__str_special(char *o, const u8 **pp);

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "jsonw's word stores assume a little-endian machine"
#endif
#define JW__AI static inline __attribute__((always_inline))

JW__AI void jw__st8(char *p, u64 x) { __builtin_memcpy(p, &x, 8); }
JW__AI u64 jw__ld8(const void *p)
{
	u64 x;
	__builtin_memcpy(&x, p, 8);
	return x;
}

typedef u64 __attribute__((may_alias)) jw__u64a;
#ifdef __SANITIZE_ADDRESS__
u64 jw__ld8_word(const void *p);
#else
/* jw__ld8_word: the aligned word at p (see jw__str_body). */
JW__AI u64 jw__ld8_word(const void *p) { return *(const jw__u64a *)p; }
#endif

#define JW__ONES 0x0101010101010101ull
#define JW__HIGHS 0x8080808080808080ull
/* jw__special8: the bytes of the little-endian word x that a JSON string cannot hold as they are: below 0x20
 * (NUL included), '"', '\\', and 0x7f and above. The lowest set 0x80 bit marks exactly the first such byte
 * (the bit tricks may also mark bytes after it, never before). */
JW__AI u64 jw__special8(u64 x)
{
	u64 q = x ^ (JW__ONES * '"'), b = x ^ (JW__ONES * '\\');
	u64 lt = (x - JW__ONES * 0x20) & ~x;
	u64 zq = (q - JW__ONES) & ~q;
	u64 zb = (b - JW__ONES) & ~b;
	u64 hi = ((x & ~JW__HIGHS) + JW__ONES) | x;
	return (lt | zq | zb | hi) & JW__HIGHS;
}

/* jw__bytes_body: see above. Eight bytes per step while eight remain, then byte by byte. */
JW__AI char *jw__bytes_body(char *o, const u8 *p, size_t n)
{
	const u8 *e = p + n;
	while (e - p >= 8) {
		u64 x = jw__ld8(p), sp = jw__special8(x);
		jw__st8(o, x);
		if (likely(!sp)) {
			o += 8;
			p += 8;
			continue;
		}
		unsigned k = (unsigned)__builtin_ctzll(sp) >> 3;
		o = jw__esc_byte(o + k, p[k]);
		p += k + 1;
	}
	while (p < e) {
		u8 c = *p++;
		if (likely((u8)(c - 0x20) < 0x5f && c != '"' && c != '\\'))
			*o++ = (char)c;
		else
			o = jw__esc_byte(o, c);
	}
	return o;
}

/* jw__str_body: see above. Reads aligned 8-byte words, so it never reads past the NUL into another page (the
 * word holding the NUL may reach a few bytes beyond the string, which is harmless). */
JW__AI char *jw__str_body(char *o, const char *end, const char *s)
{
	const u8 *p = (const u8 *)s;
	for (;;) {
		if (unlikely(end - o < 8))
			return NULL;
		unsigned off = (unsigned)((uintptr_t)p & 7);
		u64 x = jw__ld8_word(p - off) >> (8 * off); /* bytes before p are dropped; zeros come in */
		u64 sp = jw__special8(x);
		jw__st8(o, x);
		if (likely(!sp)) {
			o += 8;
			p += 8;
			continue;
		}
		unsigned k = (unsigned)__builtin_ctzll(sp) >> 3;
		o += k;
		p += k;
		if (k == 8 - off)
			continue; /* only the zeros shifted in: p is now aligned */
		if (*p == 0)
			return o;
		o = jw__str_special(o, &p);
	}
}

/* jw__digits8: x (< 10^8) as exactly 8 ASCII digits in a little-endian word (the first digit in the lowest
 * byte), with no division in the loop sense: split into 4+4 digits, each half into 2+2 with a multiply by
 * 10486 >> 20 (= /100 below 10^4), then into 1+1 with 103 >> 10 (= /10 below 100), all lanes at once. */
JW__AI u64 jw__digits8(u32 x)
{
	u64 hi = x / 10000u;
	u64 v = hi | (u64)(x - (u32)hi * 10000u) << 32;
	u64 q = ((v * 10486) >> 20) & 0x0000007f0000007full;
	v = q | (v - q * 100) << 16;
	q = ((v * 103) >> 10) & 0x000f000f000f000full;
	v = q | (v - q * 10) << 8;
	return v | 0x3030303030303030ull;
}

/* jw__u64: v in decimal at o, no leading zeros; returns the end. Touches 8 bytes (24 when v >= 10^8). */
JW__AI char *jw__u64(char *o, u64 v)
{
	if (likely(v < 100000000u)) { /* one straight path for 0..10^8-1: in TCG a branch costs more than a multiply */
		u64 d = jw__digits8((u32)v);
		/* leading '0's: the low zero bytes of d - "00000000" (keep the last digit: at most 7) */
		unsigned z = (unsigned)__builtin_ctzll((d - 0x3030303030303030ull) | (1ull << 56)) >> 3;
		jw__st8(o, d >> (8 * z));
		return o + 8 - z;
	}
	return jw__u64_big(o, v);
}

/* Compile-time keys. jw__kb: byte i of L"k":T (L = lead: ',' or none when 0; n = strlen(k); T = tail, none
 * when 0). */
JW__AI u64 jw__kb(const char *k, size_t n, size_t i, int lead, int tail)
{
	if (lead) {
		if (i == 0)
			return (u8)lead;
		i--;
	}
	return i == 0 ? '"' : i <= n ? (u8)k[i - 1] : i == n + 1 ? '"' : i == n + 2 ? ':' : i == n + 3 ? (u8)tail : 0;
}
#define JW__KW(k, n, j, l, t)                                                                                     \
	(jw__kb(k, n, 8 * (j), l, t) | jw__kb(k, n, 8 * (j) + 1, l, t) << 8 | jw__kb(k, n, 8 * (j) + 2, l, t) << 16 | \
	 jw__kb(k, n, 8 * (j) + 3, l, t) << 24 | jw__kb(k, n, 8 * (j) + 4, l, t) << 32 |                            \
	 jw__kb(k, n, 8 * (j) + 5, l, t) << 40 | jw__kb(k, n, 8 * (j) + 6, l, t) << 48 |                            \
	 jw__kb(k, n, 8 * (j) + 7, l, t) << 56)
JW__AI size_t jw__klen(const char *k) { return k ? __builtin_strlen(k) : 0; }
JW__AI bool jw__kplain(const char *k, size_t n, size_t i)
{
	return i >= n || (k[i] >= 0x20 && k[i] < 0x7f && k[i] != '"' && k[i] != '\\');
}
/* jw__fastkey: key is NULL, or its length and characters are known at compile time, it is short and needs no
 * escaping. Folds to a constant (n must be a local: __builtin_constant_p of a call is always 0); false for a key
 * computed at run time (the checked path escapes it). */
JW__AI bool jw__fastkey(const char *k)
{
	size_t n = jw__klen(k);
	return __builtin_constant_p(n) && n <= JW_FAST_KEY_MAX &&
	       (jw__kplain(k, n, 0) & jw__kplain(k, n, 1) & jw__kplain(k, n, 2) & jw__kplain(k, n, 3) &
		jw__kplain(k, n, 4) & jw__kplain(k, n, 5) & jw__kplain(k, n, 6) & jw__kplain(k, n, 7) &
		jw__kplain(k, n, 8) & jw__kplain(k, n, 9) & jw__kplain(k, n, 10) & jw__kplain(k, n, 11));
}
#define JW__FASTKEY(k) jw__fastkey(k)
#define JW__KEY_ROOM 16 /* bytes jw__key may touch */

/* jw__key: the comma if one is due, then "key": and the tail character (if not 0) at o; returns the end.
 * Only for JW__FASTKEY keys. With or without the comma, the piece is a constant: one is picked (no branch). */
JW__AI char *jw__key(struct jw *w, char *o, const char *k, int tail)
{
	bool c = o != w->open;
	if (!k) {
		*o = ',';
		o += c;
		if (tail)
			*o++ = (char)tail;
		return o;
	}
	size_t n = __builtin_strlen(k), len = n + 3 + (tail != 0);
	jw__st8(o, c ? JW__KW(k, n, 0, ',', tail) : JW__KW(k, n, 0, 0, tail));
	if (len + 1 > 8)
		jw__st8(o + 8, c ? JW__KW(k, n, 1, ',', tail) : JW__KW(k, n, 1, 0, tail));
	return o + len + c;
}

/* jw__fits: may a fast path touch `need` more bytes? (lim is buf once overflowed: never.) */
JW__AI bool jw__fits(const struct jw *w, size_t need) { return likely(w->lim - w->pos >= (ptrdiff_t)need); }

JW__AI void jw__open(struct jw *w, const char *key, char c)
{
	if (JW__FASTKEY(key) && likely(w->depth < JW_MAX_DEPTH) && jw__fits(w, JW__KEY_ROOM + 1)) {
		w->open = w->pos = jw__key(w, w->pos, key, c);
		w->depth++;
	} else {
		jw__open_slow(w, key, c);
	}
}
JW__AI void jw__close(struct jw *w, char c)
{
	if (likely(w->depth > 0) && jw__fits(w, 1)) {
		*w->pos++ = c;
		w->depth--;
	} else {
		jw__close_slow(w, c);
	}
}

/* jw_obj_begin / jw_obj_end / jw_arr_begin / jw_arr_end: open or close an object or array. Opening more than
 * JW_MAX_DEPTH, or closing at depth 0, makes jw_finish fail. */
JW__AI void jw_obj_begin(struct jw *w, const char *key) { jw__open(w, key, '{'); }
JW__AI void jw_obj_end(struct jw *w) { jw__close(w, '}'); }
JW__AI void jw_arr_begin(struct jw *w, const char *key) { jw__open(w, key, '['); }
JW__AI void jw_arr_end(struct jw *w) { jw__close(w, ']'); }

/* jw_int: a signed integer member. Below 10^7 in magnitude, sign and digits are one word. */
JW__AI void jw_int(struct jw *w, const char *key, int64_t v)
{
	if (JW__FASTKEY(key) && jw__fits(w, JW__KEY_ROOM + 32)) {
		char *o = jw__key(w, w->pos, key, 0);
		bool neg = v < 0;
		u64 a = neg ? -(u64)v : (u64)v;
		if (likely(a < 10000000u)) {
			u64 d = jw__digits8((u32)a);
			/* leading '0's (at least one, as a < 10^7); a negative keeps one for its '-' */
			unsigned z = ((unsigned)__builtin_ctzll((d - 0x3030303030303030ull) | (1ull << 56)) >> 3) - neg;
			d >>= 8 * z;
			jw__st8(o, neg ? (d & ~0xffull) | '-' : d);
			w->pos = o + 8 - z;
		} else {
			w->pos = jw__s64_big(o, v);
		}
	} else {
		jw__int_slow(w, key, v);
	}
}

/* jw_uint: an unsigned integer member. */
JW__AI void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	if (JW__FASTKEY(key) && jw__fits(w, JW__KEY_ROOM + 32))
		w->pos = jw__u64(jw__key(w, w->pos, key, 0), v);
	else
		jw__uint_slow(w, key, v);
}

/* jw_bool: true or false. */
JW__AI void jw_bool(struct jw *w, const char *key, bool v)
{
	if (JW__FASTKEY(key) && jw__fits(w, JW__KEY_ROOM + 8)) {
		char *o = jw__key(w, w->pos, key, 0);
		jw__st8(o, v ? 0x65757274ull /* "true" */ : 0x65736c6166ull /* "false" */);
		w->pos = o + 5 - v;
	} else {
		jw__bool_slow(w, key, v);
	}
}

/* jw_hex: see above ("0x1f", "0x0"). */
JW__AI void jw_hex(struct jw *w, const char *key, uint64_t v)
{
	if (JW__FASTKEY(key) && jw__fits(w, JW__KEY_ROOM + 32))
		w->pos = jw__hex_body(jw__key(w, w->pos, key, 0), v);
	else
		jw__hex_slow(w, key, v);
}

/* jw_str: see above. Well-formed UTF-8 passes through; a byte that is not part of it (and DEL) is written as
 * \u00XX, so the output is always valid UTF-8 JSON. NULL writes null. */
JW__AI void jw_str(struct jw *w, const char *key, const char *s)
{
	if (JW__FASTKEY(key) && likely(s != NULL) && jw__fits(w, JW__KEY_ROOM + 8 + 1)) {
		char *o = jw__str_body(jw__key(w, w->pos, key, '"'), w->lim - 1, s);
		if (likely(o != NULL)) {
			*o++ = '"';
			w->pos = o;
			return;
		}
	}
	jw__str_slow(w, key, s);
}

/* jw_bytes: see above. Writes the first min(n, max) bytes. */
JW__AI void jw_bytes(struct jw *w, const char *key, const void *data, size_t n, size_t max)
{
	if (n > max)
		n = max;
	/* worst case: the key, every byte escaped (6, the last store 8) and the closing quote */
	if (JW__FASTKEY(key) && n <= 4096 && jw__fits(w, JW__KEY_ROOM + 6 * n + 3)) {
		char *o = jw__key(w, w->pos, key, '"');
		if (n)
			o = jw__bytes_body(o, (const u8 *)data, n);
		*o++ = '"';
		w->pos = o;
	} else {
		jw__bytes_slow(w, key, data, n);
	}
}
#endif
