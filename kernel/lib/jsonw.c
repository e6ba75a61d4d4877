/* kernel/lib/jsonw.c: the JSON writer of kernel/lib/jsonw.h (RFC 8259). The inline fast paths are in the header;
 * this file has the pieces they call (numbers above 10^8, hex, string bodies eight bytes at a time) and the
 * checked path that everything falls back to: a key computed at run time, a buffer nearly full, an overflow.
 *
 * Every checked write first checks that it fits with one byte left for the final NUL; the first one that does
 * not sets `overflow` (and `lim` to 0, which turns the fast paths off), and after that nothing more is written. */
#include "kernel/lib/jsonw.h"
#include "kernel/lib/string.h"

static const char hexdig[16] = "0123456789abcdef";

static inline void set_overflow(struct jw *w)
{
	w->overflow = true;
	w->lim = w->buf;
}

/* room: may n more bytes be written (keeping one for the NUL)? Sets overflow when not. */
static inline bool room(struct jw *w, size_t n)
{
	if (unlikely(w->overflow))
		return false;
	if (unlikely(n >= w->cap - jw_len(w))) {
		set_overflow(w);
		return false;
	}
	return true;
}

static inline void put(struct jw *w, const char *s, size_t n)
{
	if (room(w, n)) {
		char *o = w->pos;
		if (n > 32)
			memcpy(o, s, n);
		else
			for (size_t i = 0; i < n; i++)
				o[i] = s[i];
		w->pos += n;
	}
}

static inline void putc1(struct jw *w, char c)
{
	if (room(w, 1))
		*w->pos++ = c;
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
	if (likely(!w->overflow && w->cap - jw_len(w) > 7)) {
		/* Straight into the buffer while even the longest piece (6 bytes) leaves room for the NUL. */
		char *o = w->pos, *safe_end = w->buf + w->cap - 7;
		while (i < n && o <= safe_end) {
			if (likely(class_of(s[i]) == PLAIN)) {
				*o++ = (char)s[i++];
				continue;
			}
			i += piece(s + i, n - i, utf8, esc, &src, &len);
			for (size_t k = 0; k < len; k++)
				*o++ = src[k];
		}
		w->pos = o;
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
	if (w->pos != w->open)
		putc1(w, ',');
	if (key) {
		quoted(w, (const unsigned char *)key, strlen(key), true);
		putc1(w, ':');
	}
}

/* jw_init: start writing into buf (cap bytes; cap 0 makes every write overflow). */
void jw_init(struct jw *w, char *buf, size_t cap)
{
	w->buf = w->pos = w->open = buf;
	w->cap = cap;
	w->lim = cap ? buf + cap - 1 : buf;
	w->depth = 0;
	w->overflow = cap == 0;
	if (cap)
		buf[0] = '\0';
}

/* The checked path (see jsonw.h): exactly the text of the fast paths, one checked piece at a time. */
void jw__open_slow(struct jw *w, const char *key, char c)
{
	member(w, key);
	if (w->depth == JW_MAX_DEPTH) {
		set_overflow(w); /* too deep: the text could not be closed correctly */
		return;
	}
	putc1(w, c);
	w->depth++;
	w->open = w->pos;
}

void jw__close_slow(struct jw *w, char c)
{
	if (w->depth == 0) {
		set_overflow(w); /* unbalanced */
		return;
	}
	w->depth--;
	putc1(w, c);
}

/* value: the text of a value after member(). */
static void value(struct jw *w, const char *s, size_t n)
{
	put(w, s, n);
}

void jw__int_slow(struct jw *w, const char *key, int64_t v)
{
	char tmp[32];
	member(w, key);
	value(w, tmp, (size_t)(jw__s64_big(tmp, v) - tmp));
}

void jw__uint_slow(struct jw *w, const char *key, uint64_t v)
{
	char tmp[32];
	member(w, key);
	value(w, tmp, (size_t)(jw__u64(tmp, v) - tmp));
}

void jw__bool_slow(struct jw *w, const char *key, bool v)
{
	member(w, key);
	value(w, v ? "true" : "false", v ? 4 : 5);
}

void jw__hex_slow(struct jw *w, const char *key, uint64_t v)
{
	char tmp[32];
	member(w, key);
	value(w, tmp, (size_t)(jw__hex_body(tmp, v) - tmp));
}

void jw__str_slow(struct jw *w, const char *key, const char *s)
{
	member(w, key);
	if (!s)
		value(w, "null", 4);
	else
		quoted(w, (const unsigned char *)s, strlen(s), true);
}

void jw__bytes_slow(struct jw *w, const char *key, const void *data, size_t n)
{
	member(w, key);
	quoted(w, data, n, false);
}

/* ---- Unchecked pieces of the fast paths: the caller has made room (jsonw.h) ---- */

/* jw__u64_big: v >= 10^8: up to 4 leading digits, then groups of eight. */
char *jw__u64_big(char *o, u64 v)
{
	u64 hi = v / 100000000u, lo = v - hi * 100000000u;
	if (hi >= 100000000u) {
		u64 top = hi / 100000000u;
		o = jw__u64(o, top);
		jw__st8(o, jw__digits8((u32)(hi - top * 100000000u)));
		o += 8;
	} else {
		o = jw__u64(o, hi);
	}
	jw__st8(o, jw__digits8((u32)lo));
	return o + 8;
}

/* jw__s64_big: any v with its sign (the inline jw_int does |v| < 10^7 itself). */
char *jw__s64_big(char *o, s64 v)
{
	*o = '-';
	o += v < 0;
	return jw__u64(o, v < 0 ? -(u64)v : (u64)v);
}

/* jw__hex_body: "0x..." with its quotes. */
char *jw__hex_body(char *o, u64 v)
{
	int nd = (64 - __builtin_clzll(v | 1) + 3) / 4; /* hex digits, at least one */
	char *p = o + 3 + nd;
	o[0] = '"';
	o[1] = '0';
	o[2] = 'x';
	*p = '"';
	do {
		*--p = hexdig[v & 15];
		v >>= 4;
	} while (v);
	return o + 4 + nd;
}

/* jw__esc_byte: the jw_bytes escape of c (not 0x20..0x7e, or '"' or '\\'); one 8-byte store for \u00XX. */
char *jw__esc_byte(char *o, u8 c)
{
	if (c == '"' || c == '\\') {
		o[0] = '\\';
		o[1] = (char)c;
		return o + 2;
	}
	u64 h = c >> 4, l = c & 15;
	h += '0' + (h > 9) * ('a' - '0' - 10);
	l += '0' + (l > 9) * ('a' - '0' - 10);
	jw__st8(o, 0x3030755cull | h << 32 | l << 40); /* \u00XX */
	return o + 6;
}

/* jw__str_special: jw_str's output for the byte at *pp (not NUL, not plain): a well-formed UTF-8 sequence as
 * it is, or an escape. Advances *pp. */
char *jw__str_special(char *o, const u8 **pp)
{
	const u8 *p = *pp;
	size_t l;
	if (p[0] >= 0x80 && (l = utf8_len(p, 4)) != 0) { /* stops at the NUL: it is no continuation byte */
		for (size_t i = 0; i < l; i++)
			o[i] = (char)p[i];
		*pp = p + l;
		return o + l;
	}
	*pp = p + 1;
	return o + escape(o, p[0], true);
}

#ifdef __SANITIZE_ADDRESS__
/* The aligned word holding a string's NUL may reach past the string: fine for the MMU (same page), but
 * AddressSanitizer would report it, so under it the load is this uninstrumented function. */
__attribute__((no_sanitize_address)) u64 jw__ld8_word(const void *p) { return *(const jw__u64a *)p; }
#endif

/* jw_finish: see kernel/lib/jsonw.h. */
long jw_finish(struct jw *w)
{
	if (w->cap)
		*w->pos = '\0';
	if (w->overflow || w->depth != 0)
		return -1;
	return (long)jw_len(w);
}
