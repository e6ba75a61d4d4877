/* tracer/fjson.c: cJSON-compatible parsing into an arena (see fjson.h). Mirrors cJSON 1.7's parser rule by
 * rule (whitespace is any byte <= 32, numbers are what strtod reads from [0-9+-eE.], \u escapes with
 * surrogate pairs, nesting limit), so both accept the same lines and give the same trees. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fjson.h"

#define NESTING_LIMIT CJSON_NESTING_LIMIT

struct p {
	const unsigned char *s;
	size_t len, off;
	struct fjson *a;
	int depth;
};

static cJSON *node(struct p *p)
{
	struct fjson *a = p->a;
	if (a->nnodes == a->cap_nodes)
		return NULL;   /* sized beforehand: cannot happen */
	cJSON *n = &a->nodes[a->nnodes++];
	memset(n, 0, sizeof *n);
	return n;
}

static inline void ws(struct p *p)
{
	size_t o = p->off, len = p->len;
	const unsigned char *s = p->s;
	if (o < len && s[o] > 32)   /* the usual case: no whitespace */
		return;
	while (o < len && s[o] <= 32)
		o++;
	p->off = o;
}

/* Bytes that end the quick scan of a string: the closing quote and a backslash. */
static const unsigned char str_stop[256] = { ['"'] = 1, ['\\'] = 1 };
#define STR_SLACK 16   /* the string arena is this much bigger than needed: short copies may overrun */

static unsigned hex4(const unsigned char *h)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = h[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return 0;   /* as cJSON's parse_hex4 */
		v = v << 4 | d;
	}
	return v;
}

/* Parse a string at p->off (the opening quote); returns its decoded copy in the arena or NULL.
 * *outlen gets its decoded length in bytes (it may hold NUL bytes from \u0000). */
static char *str_slow(struct p *p, size_t i, int *outlen);

static inline __attribute__((always_inline)) char *str(struct p *p, int *outlen)
{
	const unsigned char *s = p->s;
	if (p->off >= p->len || s[p->off] != '"')
		return NULL;
	size_t i = p->off + 1, len = p->len;
	/* fast path: no escapes before the closing quote (most keys and values) */
	/* 8 bytes at a time: the lowest byte equal to '"' or '\\' (bit tricks: exact for the lowest match) */
	while (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && i + 8 <= len) {
		uint64_t w, q, b;
		memcpy(&w, s + i, 8);
		q = w ^ 0x2222222222222222ull;
		b = w ^ 0x5c5c5c5c5c5c5c5cull;
		uint64_t m = ((q - 0x0101010101010101ull) & ~q) | ((b - 0x0101010101010101ull) & ~b);
		m &= 0x8080808080808080ull;
		if (m) {
			i += (size_t)__builtin_ctzll(m) >> 3;
			goto found;
		}
		i += 8;
	}
	while (i < len && !str_stop[s[i]])
		i++;
found:
	if (i < len && s[i] == '"') {
		struct fjson *a = p->a;
		char *out = a->strs + a->nstrs;
		size_t n = i - (p->off + 1);
		if (n <= 16 && p->off + 1 + 16 <= len) {   /* constant-size copies, no call (see STR_SLACK) */
			memcpy(out, s + p->off + 1, 8);
			memcpy(out + 8, s + p->off + 9, 8);
		} else {
			memcpy(out, s + p->off + 1, n);
		}
		out[n] = 0;
		if (outlen)
			*outlen = (int)n;
		a->nstrs += n + 1;
		p->off = i + 1;
		return out;
	}
	return str_slow(p, i, outlen);
}

/* The rest of str() for a string with escapes: i is where the quick scan stopped. */
__attribute__((noinline)) static char *str_slow(struct p *p, size_t i, int *outlen)
{
	const unsigned char *s = p->s;
	/* find the closing quote, skipping escaped characters */
	while (i < p->len && s[i] != '"') {
		if (s[i] == '\\') {
			if (i + 1 >= p->len)
				return NULL;
			i++;
		}
		i++;
	}
	if (i >= p->len)
		return NULL;
	size_t end = i;
	struct fjson *a = p->a;
	char *out = a->strs + a->nstrs, *o = out;
	for (i = p->off + 1; i < end;) {
		if (s[i] != '\\') {
			*o++ = (char)s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b': *o++ = '\b'; i += 2; break;
		case 'f': *o++ = '\f'; i += 2; break;
		case 'n': *o++ = '\n'; i += 2; break;
		case 'r': *o++ = '\r'; i += 2; break;
		case 't': *o++ = '\t'; i += 2; break;
		case '"': case '\\': case '/': *o++ = (char)s[i + 1]; i += 2; break;
		case 'u': {
			if (end - i < 6)
				return NULL;
			unsigned long cp = hex4(s + i + 2);
			size_t n = 6;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return NULL;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - (i + 6) < 6 || s[i + 6] != '\\' || s[i + 7] != 'u')
					return NULL;
				unsigned long lo = hex4(s + i + 8);
				if (lo < 0xdc00 || lo > 0xdfff)
					return NULL;
				cp = 0x10000 + (((cp & 0x3ff) << 10) | (lo & 0x3ff));
				n = 12;
			}
			if (cp < 0x80) {
				*o++ = (char)cp;
			} else if (cp < 0x800) {
				*o++ = (char)(0xc0 | (cp >> 6));
				*o++ = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				*o++ = (char)(0xe0 | (cp >> 12));
				*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*o++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*o++ = (char)(0xf0 | (cp >> 18));
				*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
				*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*o++ = (char)(0x80 | (cp & 0x3f));
			}
			i += n;
			break;
		}
		default:
			return NULL;
		}
	}
	if (outlen)
		*outlen = (int)(o - out);
	*o++ = 0;
	a->nstrs += (size_t)(o - out);
	p->off = end + 1;
	return out;
}

static int num_slow(struct p *p, cJSON *n);

static inline __attribute__((always_inline)) int num(struct p *p, cJSON *n)
{
	/* fast path: -?[0-9]{1,18} followed by a byte that cannot continue a number */
	{
		const unsigned char *s = p->s;
		size_t i = p->off, d0, len = p->len;
		int neg = s[i] == '-';
		i += (size_t)neg;
		d0 = i;
		size_t lim = len - d0 < 18 ? len : d0 + 18;
		int64_t v = 0;
		while (i < lim && (unsigned)(s[i] - '0') <= 9)
			v = v * 10 + (s[i++] - '0');
		unsigned char c = i < len ? s[i] : ' ';
		if (i > d0 && !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.')) {
			n->type = cJSON_Number;
			n->valuedouble = neg ? -(double)v : (double)v;
			/* cJSON clamps the double to int; |v| < 10^18 rounds nowhere near INT_MAX: clamp v itself */
			n->valueint = neg ? (v > -(int64_t)INT_MIN ? INT_MIN : (int)-v) : (v > INT_MAX ? INT_MAX : (int)v);
			p->off = i;
			return 1;
		}
	}
	return num_slow(p, n);
}

/* The rest of num(): anything but a plain integer of up to 18 digits, as cJSON reads it. */
__attribute__((noinline)) static int num_slow(struct p *p, cJSON *n)
{
	char small[64], *buf = small;
	size_t k = 0;
	int simple = 1;   /* only an optional '-' and up to 18 digits: exact without strtod */
	while (p->off + k < p->len) {   /* as cJSON: every byte of [0-9+-eE.], however many */
		unsigned char c = p->s[p->off + k];
		if ((c >= '0' && c <= '9') || (c == '-' && k == 0))
			;
		else if (c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.')
			simple = 0;
		else
			break;
		k++;
	}
	if (k >= sizeof small && !(buf = malloc(k + 1))) {
		p->a->oom = 1;
		return 0;
	}
	memcpy(buf, p->s + p->off, k);
	buf[k] = 0;
	double d;
	size_t used;
	int digits = (int)k - (buf[0] == '-');
	if (simple && digits >= 1 && digits <= 18) {
		int64_t v = 0;
		for (size_t i = buf[0] == '-'; i < k; i++)
			v = v * 10 + (buf[i] - '0');
		d = buf[0] == '-' ? -(double)v : (double)v;
		used = k;
	} else {
		char *e;
		d = strtod(buf, &e);   /* the C locale: the tracer never calls setlocale */
		used = (size_t)(e - buf);
	}
	if (buf != small)
		free(buf);
	if (used == 0)
		return 0;
	n->type = cJSON_Number;
	n->valuedouble = d;
	n->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
	p->off += used;
	return 1;
}

static int value(struct p *p, cJSON *n);

/* Array or object (close = ']' or '}'). */
static int container(struct p *p, cJSON *n, int obj)
{
	if (p->depth >= NESTING_LIMIT)
		return 0;
	p->depth++;
	n->type = obj ? cJSON_Object : cJSON_Array;
	p->off++;
	ws(p);
	if (p->off < p->len && p->s[p->off] == (obj ? '}' : ']')) {
		p->off++;
		p->depth--;
		return 1;
	}
	if (p->off >= p->len)
		return 0;
	cJSON *last = NULL;
	for (;;) {
		cJSON *c = node(p);
		if (!c)
			return 0;
		if (last) {
			last->next = c;
			c->prev = last;
		} else {
			n->child = c;
		}
		last = c;
		ws(p);
		if (obj) {
			if (!(c->string = str(p, NULL)))
				return 0;

			ws(p);
			if (p->off >= p->len || p->s[p->off] != ':')
				return 0;
			p->off++;
			ws(p);
		}
		/* the usual members inline: a string or a number (else value() decides, as it would) */
		unsigned char vc = p->off < p->len ? p->s[p->off] : 0;
		if (vc == '"') {
			c->type = cJSON_String;
			if (!(c->valuestring = str(p, &c->valueint)))
				return 0;
		} else if (vc == '-' || (vc >= '0' && vc <= '9')) {
			if (!num(p, c))
				return 0;
		} else if (!value(p, c)) {
			return 0;
		}
		ws(p);
		if (p->off < p->len && p->s[p->off] == ',') {
			p->off++;
			continue;
		}
		break;
	}
	if (p->off >= p->len || p->s[p->off] != (obj ? '}' : ']'))
		return 0;
	n->child->prev = last;
	p->off++;
	p->depth--;
	return 1;
}

static int value(struct p *p, cJSON *n)
{
	const unsigned char *s = p->s + p->off;
	size_t left = p->len - p->off;
	if (left == 0)
		return 0;
	switch (*s) {
	case '"':
		n->type = cJSON_String;
		return (n->valuestring = str(p, &n->valueint)) != NULL;   /* valueint: byte length (see fjson.h) */
	case '[':
		return container(p, n, 0);
	case '{':
		return container(p, n, 1);
	case 'n':
		if (left >= 4 && !memcmp(s, "null", 4)) {
			n->type = cJSON_NULL;
			p->off += 4;
			return 1;
		}
		return 0;
	case 'f':
		if (left >= 5 && !memcmp(s, "false", 5)) {
			n->type = cJSON_False;
			p->off += 5;
			return 1;
		}
		return 0;
	case 't':
		if (left >= 4 && !memcmp(s, "true", 4)) {
			n->type = cJSON_True;
			n->valueint = 1;
			p->off += 4;
			return 1;
		}
		return 0;
	default:
		if (*s == '-' || (*s >= '0' && *s <= '9'))
			return num(p, n);
		return 0;
	}
}

/* Make *buf hold at least `want` elements of `size` bytes, its contents not kept (a batch starts empty): a
 * bigger buffer is a fresh malloc, never a realloc that would copy the old one (megabytes, since the heap, not
 * mmap, serves it once the process has freed one of that size), with a quarter more room so that the next
 * slightly bigger batch does not allocate again. Returns 0, -1 (no memory: *buf freed, *cap 0). */
static int reserve(void **buf, size_t *cap, size_t want, size_t size)
{
	if (*cap >= want)
		return 0;
	size_t nc = want + want / 4;
	free(*buf);
	*buf = malloc(nc * size);
	*cap = *buf ? nc : 0;
	return *buf ? 0 : -1;
}

int fjson_begin(struct fjson *a, size_t bytes)
{
	/* every node takes at least one input byte (plus the root); strings shrink when decoded; a member read
	 * flat takes at least 5 (`"":0,`) */
	if (reserve((void **)&a->nodes, &a->cap_nodes, bytes + 2, sizeof *a->nodes) < 0 ||
	    reserve((void **)&a->strs, &a->cap_strs, bytes + 2 + STR_SLACK, 1) < 0 ||
	    reserve((void **)&a->mems, &a->cap_mems, bytes / 4 + 2, sizeof *a->mems) < 0) {
		a->oom = 1;
		return -1;
	}
	a->nnodes = a->nstrs = a->nmems = 0;
	return 0;
}

cJSON *fjson_parse_more(struct fjson *a, const char *s, size_t len, size_t *err_off)
{
	if (err_off)
		*err_off = 0;
	if (a->nnodes + len + 2 > a->cap_nodes || a->nstrs + len + 2 + STR_SLACK > a->cap_strs)
		return NULL;   /* the batch was sized too small (a caller bug): refuse rather than overflow */
	struct p p = { (const unsigned char *)s, len, 0, a, 0 };
	if (len > 4 && !memcmp(s, "\xef\xbb\xbf", 3))
		p.off = 3;
	cJSON *root = node(&p);
	ws(&p);
	if (!value(&p, root)) {
		if (err_off)
			*err_off = p.off;
		return NULL;
	}
	ws(&p);
	if (p.off < len) {   /* trailing bytes after the value */
		if (err_off)
			*err_off = p.off;
		return NULL;
	}
	return root;
}

/* The tag of a key's first 4 bytes loaded little-endian into w: the bytes up to the first NUL among them, without
 * a branch on the key's length. */
static inline uint32_t word_key_tag(uint32_t w)
{
	uint32_t z = (w - 0x01010101u) & ~w & 0x80808080u;   /* exact for the lowest zero byte */
	return z ? w & ((1u << (__builtin_ctz(z) & ~7u)) - 1) : w;
}

/* fjson_key_tag of a key in the string arena (at least 4 bytes readable from k: STR_SLACK). */
static inline uint32_t arena_key_tag(const char *k)
{
	uint32_t w;
	memcpy(&w, k, 4);
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? word_key_tag(w) : fjson_key_tag(k);
}

/* fjson_key_tag of a key of kl bytes held undecoded at k, no escape in it, with 4 bytes readable at k. */
static inline uint32_t src_key_tag(const unsigned char *k, int kl)
{
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__) {
		char t[5] = { 0 };
		memcpy(t, k, kl < 4 ? (size_t)kl : 4);
		return fjson_key_tag(t);
	}
	uint32_t w;
	memcpy(&w, k, 4);
	if (kl < 4)
		w &= (1u << (kl * 8)) - 1;
	return word_key_tag(w);   /* a NUL byte in the key ends the tag, as in the arena */
}

/* The members of an object are read as container() reads them, rule for rule, but into an array of
 * fjson_member instead of linked cJSON nodes: no node to clear and link for a string, a number or a literal,
 * and a lookup later compares 4-byte tags in one small array instead of following pointers.
 * read_members reads on after the k members already in m: p->off is just after the '{' (k == 0) or just after
 * the k-th member's value. Returns the number of members with p->off after the '}', or -1 (malformed, or more
 * than max). */
static int read_members(struct p *p, struct fjson_member *m, int k, int max)
{
	const unsigned char *s = p->s;
	size_t len = p->len;
	if (max >= FJSON_OBJ_SLOTS)
		max = FJSON_OBJ_SLOTS - 1;
	ws(p);
	if (k == 0 && p->off < len && s[p->off] == '}') {
		p->off++;
		return 0;
	}
	if (k > 0) {   /* after a value: a comma and more members, or the end */
		if (p->off >= len || s[p->off] != ',')
			goto close;
		p->off++;
	}
	for (;;) {
		if (k >= max)
			return -1;
		struct fjson_member *f = &m[k++];
		ws(p);
		size_t ks = p->off + 1;   /* the key's first byte in s */
		int kl;
		if (!(f->key = str(p, &kl)))
			return -1;
		/* its tag from s when the key has no escape (s then holds it as decoded): reading the arena's copy
		 * just written stalls the load on the stores (a third of this function's time) */
		f->tag = (size_t)kl == p->off - 1 - ks && ks + 4 <= len ? src_key_tag(s + ks, kl) : arena_key_tag(f->key);
		ws(p);
		if (p->off >= len || s[p->off] != ':')
			return -1;
		p->off++;
		ws(p);
		unsigned char vc = p->off < len ? s[p->off] : 0;
		cJSON tmp;   /* num() and value() set the type; the values only some of them set */
		tmp.valueint = 0;
		tmp.valuedouble = 0;
		if (vc == '"') {
			f->type = cJSON_String;
			if (!(f->v.str = str(p, &f->valueint)))
				return -1;
		} else if (vc == '[' || vc == '{') {
			cJSON *t = node(p);
			if (!t || !value(p, t))
				return -1;
			t->string = (char *)f->key;
			f->type = t->type;
			f->v.tree = t;
			f->valueint = 0;
		} else {   /* a number or a literal (anything else fails as value() fails) */
			if (!((vc == '-' || (vc >= '0' && vc <= '9')) ? num(p, &tmp) : value(p, &tmp)))
				return -1;
			f->type = tmp.type;
			f->v.num = tmp.valuedouble;
			f->valueint = tmp.valueint;
		}
		ws(p);
		if (p->off < len && s[p->off] == ',') {
			p->off++;
			continue;
		}
		break;
	}
close:
	if (p->off >= len || s[p->off] != '}')
		return -1;
	p->off++;
	return k;
}

/* The end of a flat read: nothing but whitespace after the object, then the members (k of them, at the arena's
 * nmems) are taken and indexed into *o. Returns 1, or 0 (trailing bytes: the arena given back). */
static int object_done(struct fjson *a, struct p *p, int k, size_t nn, size_t ns, struct fjson_obj *o)
{
	ws(p);
	if (k < 0 || p->off < p->len) {   /* malformed, or trailing bytes after the object */
		a->nnodes = nn;   /* give back what the attempt took: the tree parser reads the line again */
		a->nstrs = ns;
		return 0;
	}
	struct fjson_member *m = a->mems + a->nmems;
	a->nmems += (size_t)k;
	o->m = m;
	o->n = k;
	memset(o->slot, 0, sizeof o->slot);
	for (int i = 0; i < k; i++) {   /* index the first member of each key */
		unsigned h = fjson_obj_hash(m[i].tag);
		while (o->slot[h] && !(m[o->slot[h] - 1].tag == m[i].tag && fjson_same_key(m[i].tag, m[o->slot[h] - 1].key, m[i].key)))
			h = (h + 1) % FJSON_OBJ_SLOTS;
		if (!o->slot[h])
			o->slot[h] = (uint8_t)(i + 1);
	}
	return 1;
}

/* The arena has room for a flat read of len bytes (as fjson_parse_more checks). */
static int flat_room(const struct fjson *a, size_t len)
{
	return a->nnodes + len + 2 <= a->cap_nodes && a->nstrs + len + 2 + STR_SLACK <= a->cap_strs &&
	       a->nmems + len / 4 + 1 <= a->cap_mems;
}

int fjson_object_more(struct fjson *a, const char *s, size_t len, int max, struct fjson_obj *o)
{
	if (!flat_room(a, len))
		return 0;   /* the batch was sized too small: fjson_parse_more refuses it too */
	size_t nn = a->nnodes, ns = a->nstrs;
	struct p p = { (const unsigned char *)s, len, 0, a, 1 };   /* depth 1: inside the object, as container() */
	ws(&p);
	if (p.off >= len || s[p.off] != '{')
		return 0;   /* a byte-order mark, a line that is no object: the tree parser decides */
	p.off++;
	return object_done(a, &p, read_members(&p, a->mems + a->nmems, 0, max), nn, ns, o);
}

int fjson_object_resume(struct fjson *a, const char *s, size_t len, int max, const struct fjson_pre *pre,
			struct fjson_obj *o)
{
	if (!flat_room(a, len) || pre->n > max || pre->n > FJSON_PRE_MAX || pre->end > len)   /* FJSON_PRE_MAX < the slots */
		return 0;
	size_t nn = a->nnodes, ns = a->nstrs;
	struct fjson_member *m = a->mems + a->nmems;
	for (int i = 0; i < pre->n; i++) {
		m[i].key = pre->key[i];
		m[i].tag = pre->tag[i];
		if (pre->str[i]) {   /* copied as str() copies a string with no escape */
			size_t n = pre->num[i];
			char *out = a->strs + a->nstrs;
			memcpy(out, pre->str[i], n);
			out[n] = 0;
			a->nstrs += n + 1;
			m[i].type = cJSON_String;
			m[i].v.str = out;
			m[i].valueint = (int)n;
		} else {   /* as num()'s fast path reads a plain integer of up to 18 digits */
			m[i].type = cJSON_Number;
			m[i].v.num = (double)pre->num[i];
			m[i].valueint = pre->num[i] > INT_MAX ? INT_MAX : (int)pre->num[i];
		}
	}
	struct p p = { (const unsigned char *)s, len, pre->end, a, 1 };
	return object_done(a, &p, read_members(&p, m, pre->n, max), nn, ns, o);
}

cJSON *fjson_parse(struct fjson *a, const char *s, size_t len, size_t *err_off)
{
	if (fjson_begin(a, len) < 0)
		return NULL;
	return fjson_parse_more(a, s, len, err_off);
}

void fjson_free(struct fjson *a)
{
	free(a->nodes);
	free(a->strs);
	free(a->mems);
	memset(a, 0, sizeof *a);
}
