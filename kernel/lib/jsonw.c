/* kernel/lib/jsonw.c: the JSON writer of kernel/lib/jsonw.h (RFC 8259), on the path of every traced event, so it
 * formats integers itself (two digits per step) and copies runs of plain characters with memcpy.
 *
 * Every write first checks that it fits with one byte left for the final NUL; the first one that does not sets
 * `overflow`, and after that nothing more is written. */
#include "kernel/lib/jsonw.h"
#include "kernel/lib/string.h"

static const char hexdig[16] = "0123456789abcdef";

/* room: may n more bytes be written (keeping one for the NUL)? Sets overflow when not. */
static inline bool room(struct jw *w, size_t n)
{
	if (unlikely(w->overflow))
		return false;
	if (unlikely(n >= w->cap - w->len)) {
		w->overflow = true;
		return false;
	}
	return true;
}

static inline void put(struct jw *w, const char *s, size_t n)
{
	if (room(w, n)) {
		char *o = w->buf + w->len;
		if (n > 32)
			memcpy(o, s, n);
		else
			for (size_t i = 0; i < n; i++) /* short pieces (numbers, keys): cheaper than a call */
				o[i] = s[i];
		w->len += n;
	}
}

static inline void putc1(struct jw *w, char c)
{
	if (room(w, 1))
		w->buf[w->len++] = c;
}

/* Byte classes for string content: 0 copied as is, 1 needs an escape (controls, '"', '\\', DEL), 2 a byte
 * >= 0x80 (jw_str checks UTF-8, jw_bytes escapes it). A table, since every byte of every string is looked up. */
enum { PLAIN = 0, ESC = 1, HIGH = 2 };
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const u8 byte_class[256] = {
	R16(ESC), R16(ESC),                                                   /* 0x00..0x1f */
	PLAIN, PLAIN, ESC, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN,
	R16(PLAIN), R16(PLAIN),                                               /* 0x30..0x4f */
	PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, ESC, PLAIN, PLAIN, PLAIN,
	R16(PLAIN),                                                           /* 0x60..0x6f */
	PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, ESC,
	R16(HIGH), R16(HIGH), R16(HIGH), R16(HIGH), R16(HIGH), R16(HIGH), R16(HIGH), R16(HIGH),
};
#define class_of(c) byte_class[(unsigned char)(c)]

/* escape: the escape for byte c into e (at most 6 bytes); returns its length. short_forms: \n \t \r \b \f for
 * those controls (jw_str); jw_bytes writes every byte outside 0x20..0x7e as \u00XX (traces/FORMAT.md). */
static size_t escape(char *e, unsigned char c, bool short_forms)
{
	e[0] = '\\';
	if (c == '"' || c == '\\') {
		e[1] = (char)c;
		return 2;
	}
	if (short_forms) {
		char s = c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : c == '\b' ? 'b' : c == '\f' ? 'f' : 0;
		if (s) {
			e[1] = s;
			return 2;
		}
	}
	e[1] = 'u';
	e[2] = '0';
	e[3] = '0';
	e[4] = hexdig[c >> 4];
	e[5] = hexdig[c & 15];
	return 6;
}

/* utf8_len: length of the well-formed UTF-8 sequence at s (n bytes available, s[0] >= 0x80), or 0 if it is not
 * one (RFC 3629 section 4: no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* piece: how the string's bytes at s[0..n) start: *len bytes of output from *src (copied as they are) or from
 * esc (an escape). Returns the input bytes consumed. */
static inline size_t piece(const unsigned char *s, size_t n, bool utf8, char esc[6], const char **src, size_t *len)
{
	size_t l;
	if (utf8 && s[0] >= 0x80 && (l = utf8_len(s, n)) != 0) {
		*src = (const char *)s;
		*len = l;
		return l;
	}
	*src = esc;
	*len = escape(esc, s[0], utf8);
	return 1;
}

/* quoted: s[0..n) as a JSON string with its quotes. utf8: pass well-formed UTF-8 through (jw_str); otherwise
 * every byte outside 0x20..0x7e is escaped (jw_bytes). */
static void quoted(struct jw *w, const unsigned char *s, size_t n, bool utf8)
{
	char esc[6];
	const char *src;
	size_t len, i = 0;
	putc1(w, '"');
	if (likely(!w->overflow && w->cap - w->len > 7)) {
		/* Straight into the buffer while even the longest piece (6 bytes) leaves room for the NUL. */
		char *o = w->buf + w->len, *safe_end = w->buf + w->cap - 7;
		while (i < n && o <= safe_end) {
			if (likely(class_of(s[i]) == PLAIN)) {
				*o++ = (char)s[i++];
				continue;
			}
			i += piece(s + i, n - i, utf8, esc, &src, &len);
			for (size_t k = 0; k < len; k++)
				*o++ = src[k];
		}
		w->len = (size_t)(o - w->buf);
	}
	/* Near the end of the buffer: piece by piece, each checked. */
	while (i < n && !w->overflow) {
		size_t j = i;
		while (j < n && class_of(s[j]) == PLAIN)
			j++;
		if (j > i) {
			put(w, (const char *)s + i, j - i);
			i = j;
			continue;
		}
		i += piece(s + i, n - i, utf8, esc, &src, &len);
		put(w, src, len);
	}
	putc1(w, '"');
}

/* member: the comma before a member or element, and "key": inside an object. */
static void member(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth - 1])
			putc1(w, ',');
		w->first[w->depth - 1] = false;
	}
	if (key) {
		quoted(w, (const unsigned char *)key, strlen(key), true);
		putc1(w, ':');
	}
}

/* jw_init: start writing into buf (cap bytes; cap 0 makes every write overflow). */
void jw_init(struct jw *w, char *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->depth = 0;
	w->overflow = cap == 0;
	if (cap)
		buf[0] = '\0';
}

static void open_(struct jw *w, const char *key, char c)
{
	member(w, key);
	if (w->depth == JW_MAX_DEPTH) {
		w->overflow = true; /* too deep: the text could not be closed correctly */
		return;
	}
	putc1(w, c);
	w->first[w->depth++] = true;
}

static void close_(struct jw *w, char c)
{
	if (w->depth == 0) {
		w->overflow = true; /* unbalanced */
		return;
	}
	w->depth--;
	putc1(w, c);
}

/* jw_obj_begin / jw_obj_end / jw_arr_begin / jw_arr_end: open or close an object or array. Opening more than
 * JW_MAX_DEPTH, or closing at depth 0, makes jw_finish fail. */
void jw_obj_begin(struct jw *w, const char *key) { open_(w, key, '{'); }
void jw_obj_end(struct jw *w) { close_(w, '}'); }
void jw_arr_begin(struct jw *w, const char *key) { open_(w, key, '['); }
void jw_arr_end(struct jw *w) { close_(w, ']'); }

/* Two decimal digits for each value 0..99. */
static const char digits2[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				 "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				 "8081828384858687888990919293949596979899";

/* fmt_u64: v in decimal, ending at end (exclusive); returns the first character. */
static char *fmt_u64(char *end, u64 v)
{
	char *p = end;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		p[0] = digits2[2 * r];
		p[1] = digits2[2 * r + 1];
	}
	if (v >= 10) {
		p -= 2;
		p[0] = digits2[2 * v];
		p[1] = digits2[2 * v + 1];
	} else {
		*--p = (char)('0' + v);
	}
	return p;
}

/* jw_int: a signed integer member. */
void jw_int(struct jw *w, const char *key, int64_t v)
{
	char tmp[24], *end = tmp + sizeof tmp;
	member(w, key);
	char *p = fmt_u64(end, v < 0 ? -(u64)v : (u64)v);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(end - p));
}

/* jw_uint: an unsigned integer member. */
void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	char tmp[24], *end = tmp + sizeof tmp;
	member(w, key);
	char *p = fmt_u64(end, v);
	put(w, p, (size_t)(end - p));
}

/* jw_bool: true or false. */
void jw_bool(struct jw *w, const char *key, bool v)
{
	member(w, key);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

/* jw_hex: see kernel/lib/jsonw.h ("0x1f", "0x0"). */
void jw_hex(struct jw *w, const char *key, uint64_t v)
{
	char tmp[24], *end = tmp + sizeof tmp, *p = end;
	member(w, key);
	*--p = '"';
	do {
		*--p = hexdig[v & 15];
		v >>= 4;
	} while (v);
	*--p = 'x';
	*--p = '0';
	*--p = '"';
	put(w, p, (size_t)(end - p));
}

/* jw_str: see kernel/lib/jsonw.h. Well-formed UTF-8 passes through; a byte that is not part of it (and DEL)
 * is written as \u00XX, so the output is always valid UTF-8 JSON. NULL writes null. */
void jw_str(struct jw *w, const char *key, const char *s)
{
	member(w, key);
	if (!s) {
		put(w, "null", 4);
		return;
	}
	quoted(w, (const unsigned char *)s, strlen(s), true);
}

/* jw_bytes: see kernel/lib/jsonw.h. Writes the first min(n, max) bytes. */
void jw_bytes(struct jw *w, const char *key, const void *data, size_t n, size_t max)
{
	member(w, key);
	quoted(w, data, n < max ? n : max, false);
}

/* jw_finish: see kernel/lib/jsonw.h. */
long jw_finish(struct jw *w)
{
	if (w->cap)
		w->buf[w->len] = '\0';
	if (w->overflow || w->depth != 0)
		return -1;
	return (long)w->len;
}
