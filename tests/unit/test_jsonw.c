/* tests/unit/test_jsonw.c: kernel/lib/jsonw.c. Output is parsed back with cJSON to prove it is JSON and carries
 * the values written: every byte 0..255 through jw_bytes and jw_str, integer edges, overflow at every buffer
 * size, nesting limits, and random documents compared with a cJSON model (cJSON_Compare). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "kernel/lib/jsonw.h"

/* parse: the finished text as JSON, or a test failure. */
static cJSON *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	if (!j)
		fail_msg("not JSON: %s", text);
	return j;
}

static void test_header_example(void **state)
{
	(void)state;
	char buf[256];
	struct jw w;
	jw_init(&w, buf, sizeof buf);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "seq", 3);
	jw_str(&w, "type", "pipe.write");
	jw_bytes(&w, "data", "hi\n", 3, 64);
	jw_arr_begin(&w, "woken");
	jw_int(&w, NULL, 12);
	jw_int(&w, NULL, 13);
	jw_arr_end(&w);
	jw_arr_begin(&w, "empty");
	jw_arr_end(&w);
	jw_obj_begin(&w, "o");
	jw_obj_end(&w);
	jw_bool(&w, "t", true);
	jw_bool(&w, "f", false);
	jw_hex(&w, "pending", 0x4002);
	jw_uint(&w, "cap", 65536);
	jw_obj_end(&w);
	const char *want = "{\"seq\":3,\"type\":\"pipe.write\",\"data\":\"hi\\u000a\",\"woken\":[12,13],\"empty\":[],"
			   "\"o\":{},\"t\":true,\"f\":false,\"pending\":\"0x4002\",\"cap\":65536}";
	assert_int_equal(jw_finish(&w), (long)strlen(want));
	assert_string_equal(buf, want);
	cJSON *j = parse(buf);
	assert_string_equal(cJSON_GetObjectItem(j, "data")->valuestring, "hi\n");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "woken")), 2);
	cJSON_Delete(j);
}

static void test_integers(void **state)
{
	(void)state;
	int64_t s[] = { 0, 1, -1, 9, 10, -10, 99, 100, 999, 1000, 12345, -98765, INT32_MAX, INT32_MIN, INT64_MAX,
			INT64_MIN, INT64_MIN + 1 };
	char buf[64], want[64];
	struct jw w;
	for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
		jw_init(&w, buf, sizeof buf);
		jw_int(&w, NULL, s[i]);
		snprintf(want, sizeof want, "%lld", (long long)s[i]);
		assert_int_equal(jw_finish(&w), (long)strlen(want));
		assert_string_equal(buf, want);
	}
	/* every power of ten and its neighbours, unsigned and hex */
	for (uint64_t p = 1;; p *= 10) {
		uint64_t v[] = { p - 1, p, p + 1 };
		for (int k = 0; k < 3; k++) {
			jw_init(&w, buf, sizeof buf);
			jw_uint(&w, NULL, v[k]);
			snprintf(want, sizeof want, "%llu", (unsigned long long)v[k]);
			assert_true(jw_finish(&w) > 0);
			assert_string_equal(buf, want);
			jw_init(&w, buf, sizeof buf);
			jw_hex(&w, NULL, v[k]);
			snprintf(want, sizeof want, "\"0x%llx\"", (unsigned long long)v[k]);
			assert_true(jw_finish(&w) > 0);
			assert_string_equal(buf, want);
		}
		if (p > UINT64_MAX / 10)
			break;
	}
	jw_init(&w, buf, sizeof buf);
	jw_uint(&w, NULL, UINT64_MAX);
	jw_finish(&w);
	assert_string_equal(buf, "18446744073709551615");
	jw_init(&w, buf, sizeof buf);
	jw_hex(&w, NULL, UINT64_MAX);
	jw_finish(&w);
	assert_string_equal(buf, "\"0xffffffffffffffff\"");
}

/* utf8_decode: code points of a UTF-8 string (as cJSON decodes \u00XX: U+00XX), -1 on a bad sequence. */
static int utf8_decode(const unsigned char *s, size_t n, unsigned *out)
{
	int k = 0;
	for (size_t i = 0; i < n; k++) {
		if (s[i] < 0x80) {
			out[k] = s[i++];
		} else if ((s[i] & 0xe0) == 0xc0 && i + 1 < n) {
			out[k] = (s[i] & 0x1fu) << 6 | (s[i + 1] & 0x3fu);
			i += 2;
		} else {
			return -1;
		}
	}
	return k;
}

/* Every byte 0..255 through jw_bytes: the exact form of traces/FORMAT.md, and back through cJSON. */
static void test_bytes_every_byte(void **state)
{
	(void)state;
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	char buf[4096];
	struct jw w;
	jw_init(&w, buf, sizeof buf);
	jw_bytes(&w, NULL, all, 256, 256);
	long len = jw_finish(&w);
	assert_true(len > 0);

	/* expected text, byte by byte */
	char want[4096], *p = want;
	*p++ = '"';
	for (int i = 0; i < 256; i++) {
		if (i == '"' || i == '\\')
			p += sprintf(p, "\\%c", i);
		else if (i >= 0x20 && i <= 0x7e)
			*p++ = (char)i;
		else
			p += sprintf(p, "\\u%04x", i);
	}
	*p++ = '"';
	*p = 0;
	assert_string_equal(buf, want);

	cJSON *j = parse(buf);
	assert_true(cJSON_IsString(j));
	unsigned cps[256];
	int n = utf8_decode((const unsigned char *)j->valuestring, strlen(j->valuestring), cps);
	/* cJSON's strings end at a NUL: U+0000 cuts them, so check from byte 1 on separately */
	assert_int_equal(n, 0);
	cJSON_Delete(j);
	jw_init(&w, buf, sizeof buf);
	jw_bytes(&w, NULL, all + 1, 255, 255);
	assert_true(jw_finish(&w) > 0);
	j = parse(buf);
	n = utf8_decode((const unsigned char *)j->valuestring, strlen(j->valuestring), cps);
	assert_int_equal(n, 255);
	for (int i = 0; i < 255; i++)
		assert_int_equal(cps[i], i + 1);
	cJSON_Delete(j);
}

static void test_bytes_max(void **state)
{
	(void)state;
	char buf[256];
	struct jw w;
	const char *data = "0123456789abcdefghij";
	jw_init(&w, buf, sizeof buf);
	jw_arr_begin(&w, NULL);
	jw_bytes(&w, NULL, data, 20, 8);  /* cut to max */
	jw_bytes(&w, NULL, data, 3, 8);   /* all of a short one */
	jw_bytes(&w, NULL, data, 0, 8);   /* empty */
	jw_bytes(&w, NULL, data, 20, 0);  /* max 0 */
	jw_bytes(&w, NULL, NULL, 0, 64);  /* no data at all */
	jw_arr_end(&w);
	assert_true(jw_finish(&w) > 0);
	assert_string_equal(buf, "[\"01234567\",\"012\",\"\",\"\",\"\"]");
}

/* jw_str: short escapes, UTF-8 passed through, bytes that are not UTF-8 escaped; always valid JSON. */
static void test_str_escaping(void **state)
{
	(void)state;
	struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
		{ "\n\t\r\b\f\x01\x1f\x7f", "\"\\n\\t\\r\\b\\f\\u0001\\u001f\\u007f\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		{ "\x80", "\"\\u0080\"" },                          /* a lone continuation byte */
		{ "\xc0\x80", "\"\\u00c0\\u0080\"" },               /* overlong NUL */
		{ "\xc3", "\"\\u00c3\"" },                          /* cut sequence at the end */
		{ "\xc3x", "\"\\u00c3x\"" },                        /* cut sequence in the middle */
		{ "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"" },    /* a UTF-16 surrogate */
		{ "\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"" }, /* above U+10FFFF */
		{ "\xe0\x9f\xbf", "\"\\u00e0\\u009f\\u00bf\"" },    /* overlong 3-byte */
		{ "\xef\xbf\xbf", "\"\xef\xbf\xbf\"" },             /* U+FFFF is fine */
		{ "\xff\xfe", "\"\\u00ff\\u00fe\"" },
	};
	char buf[256];
	struct jw w;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		jw_init(&w, buf, sizeof buf);
		jw_str(&w, NULL, cases[i].in);
		assert_true(jw_finish(&w) > 0);
		assert_string_equal(buf, cases[i].out);
		cJSON_Delete(parse(buf));
	}
	jw_init(&w, buf, sizeof buf);
	jw_str(&w, NULL, NULL);
	assert_true(jw_finish(&w) > 0);
	assert_string_equal(buf, "null");

	/* every single byte 1..255 as a string, and as a key */
	for (int c = 1; c < 256; c++) {
		char s[2] = { (char)c, 0 };
		jw_init(&w, buf, sizeof buf);
		jw_obj_begin(&w, NULL);
		jw_str(&w, s, s);
		jw_obj_end(&w);
		assert_true(jw_finish(&w) > 0);
		cJSON *j = parse(buf);
		cJSON *m = j->child;
		assert_non_null(m);
		unsigned cp[4];
		assert_int_equal(utf8_decode((const unsigned char *)m->valuestring, strlen(m->valuestring), cp), 1);
		assert_int_equal(cp[0], c);
		assert_int_equal(utf8_decode((const unsigned char *)m->string, strlen(m->string), cp), 1);
		assert_int_equal(cp[0], c);
		cJSON_Delete(j);
	}
}

/* write_event: a typical trace event. */
static void write_event(struct jw *w)
{
	jw_obj_begin(w, NULL);
	jw_uint(w, "seq", 123456);
	jw_uint(w, "ts", 9876543210);
	jw_int(w, "pid", 7);
	jw_str(w, "type", "pipe.write");
	jw_bytes(w, "data", "hello\n\"world\"\x01", 14, 64);
	jw_arr_begin(w, "woken");
	jw_int(w, NULL, 3);
	jw_int(w, NULL, -4);
	jw_arr_end(w);
	jw_hex(w, "pending", 0xdeadbeef);
	jw_bool(w, "fifo", false);
	jw_obj_end(w);
}

/* Every buffer size: too small gives -1 and no write past cap; big enough gives the full text. */
static void test_overflow_every_size(void **state)
{
	(void)state;
	char ref[512];
	struct jw w;
	jw_init(&w, ref, sizeof ref);
	write_event(&w);
	long full = jw_finish(&w);
	assert_true(full > 0);
	cJSON_Delete(parse(ref));
	for (size_t cap = 0; cap <= (size_t)full + 4; cap++) {
		char *buf = malloc(cap ? cap : 1); /* exact size: ASan reports any write past it */
		jw_init(&w, buf, cap);
		write_event(&w);
		long r = jw_finish(&w);
		if (cap <= (size_t)full) {
			assert_int_equal(r, -1);
			assert_true(w.overflow);
			if (cap)
				assert_true(strlen(buf) < cap);
		} else {
			assert_int_equal(r, full);
			assert_string_equal(buf, ref);
		}
		free(buf);
	}
}

static void test_nesting(void **state)
{
	(void)state;
	char buf[256];
	struct jw w;
	/* JW_MAX_DEPTH levels: fine */
	jw_init(&w, buf, sizeof buf);
	for (int i = 0; i < JW_MAX_DEPTH; i++) {
		if (i % 2)
			jw_arr_begin(&w, "k"); /* inside an object */
		else
			jw_obj_begin(&w, NULL); /* at the top, or inside an array */
		if (i % 2 == 0)
			jw_int(&w, "n", i);
		else
			jw_int(&w, NULL, i);
	}
	for (int i = JW_MAX_DEPTH - 1; i >= 0; i--) {
		if (i % 2)
			jw_arr_end(&w);
		else
			jw_obj_end(&w);
	}
	assert_true(jw_finish(&w) > 0);
	assert_string_equal(buf, "{\"n\":0,\"k\":[1,{\"n\":2,\"k\":[3,{\"n\":4,\"k\":[5,{\"n\":6,\"k\":[7]}]}]}]}");
	cJSON_Delete(parse(buf));

	/* one more: refused */
	jw_init(&w, buf, sizeof buf);
	for (int i = 0; i <= JW_MAX_DEPTH; i++)
		jw_arr_begin(&w, NULL);
	for (int i = 0; i <= JW_MAX_DEPTH; i++)
		jw_arr_end(&w);
	assert_int_equal(jw_finish(&w), -1);

	/* left open, closed too often */
	jw_init(&w, buf, sizeof buf);
	jw_obj_begin(&w, NULL);
	assert_int_equal(jw_finish(&w), -1);
	jw_init(&w, buf, sizeof buf);
	jw_obj_begin(&w, NULL);
	jw_obj_end(&w);
	jw_obj_end(&w);
	assert_int_equal(jw_finish(&w), -1);

	/* arrays of objects: commas between siblings at each level */
	jw_init(&w, buf, sizeof buf);
	jw_arr_begin(&w, NULL);
	for (int i = 0; i < 3; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "val", i);
		jw_arr_begin(&w, "ncnt");
		for (int k = 0; k < i; k++)
			jw_int(&w, NULL, k);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	assert_true(jw_finish(&w) > 0);
	assert_string_equal(buf, "[{\"val\":0,\"ncnt\":[]},{\"val\":1,\"ncnt\":[0]},{\"val\":2,\"ncnt\":[0,1]}]");
	cJSON_Delete(parse(buf));

	/* cap 0 */
	jw_init(&w, NULL, 0);
	jw_int(&w, NULL, 1);
	assert_int_equal(jw_finish(&w), -1);
}

/* Random documents written both with jw and as a cJSON tree; the parsed text must equal the tree. */
static void random_value(struct jw *w, cJSON *parent, const char *key, int depth)
{
	char s[24];
	int kind = rand() % (depth < JW_MAX_DEPTH - 1 ? 7 : 5);
	cJSON *v;
	switch (kind) {
	case 0: {
		int64_t x = (int64_t)(rand() % 2000001) - 1000000;
		jw_int(w, key, x);
		v = cJSON_CreateNumber((double)x);
		break;
	}
	case 1: {
		uint64_t x = (uint64_t)rand() << 20 ^ (uint64_t)rand();
		jw_uint(w, key, x);
		v = cJSON_CreateNumber((double)x);
		break;
	}
	case 2: {
		bool b = rand() % 2;
		jw_bool(w, key, b);
		v = cJSON_CreateBool(b);
		break;
	}
	case 3: {
		size_t n = (size_t)(rand() % 20);
		for (size_t i = 0; i < n; i++)
			s[i] = (char)(1 + rand() % 127); /* ASCII, controls included */
		s[n] = 0;
		jw_str(w, key, s);
		v = cJSON_CreateString(s);
		break;
	}
	case 4: {
		uint64_t x = (uint64_t)rand() * (uint64_t)rand();
		snprintf(s, sizeof s, "0x%llx", (unsigned long long)x);
		jw_hex(w, key, x);
		v = cJSON_CreateString(s);
		break;
	}
	default: {
		bool obj = kind == 5;
		if (obj) {
			jw_obj_begin(w, key);
			v = cJSON_CreateObject();
		} else {
			jw_arr_begin(w, key);
			v = cJSON_CreateArray();
		}
		int n = rand() % 5;
		for (int i = 0; i < n; i++) {
			char k[16];
			snprintf(k, sizeof k, "k%d", i);
			random_value(w, v, obj ? k : NULL, depth + 1);
		}
		if (obj)
			jw_obj_end(w);
		else
			jw_arr_end(w);
	}
	}
	if (!parent)
		return;
	if (key)
		cJSON_AddItemToObject(parent, key, v);
	else
		cJSON_AddItemToArray(parent, v);
}

static void test_random_documents(void **state)
{
	(void)state;
	static char buf[1 << 16];
	srand(99);
	for (int round = 0; round < 2000; round++) {
		struct jw w;
		jw_init(&w, buf, sizeof buf);
		cJSON *model = cJSON_CreateArray();
		jw_arr_begin(&w, NULL);
		int n = 1 + rand() % 6;
		for (int i = 0; i < n; i++)
			random_value(&w, model, NULL, 1);
		jw_arr_end(&w);
		assert_true(jw_finish(&w) > 0);
		cJSON *got = parse(buf);
		if (!cJSON_Compare(got, model, true)) {
			char *m = cJSON_PrintUnformatted(model);
			fail_msg("differs: %s\nmodel: %s", buf, m);
		}
		cJSON_Delete(got);
		cJSON_Delete(model);
	}
}

/* ---- The inline fast paths (kernel/lib/jsonw.h) against the checked path ----
 * A literal key takes the fast path when the buffer has room; a key whose text the compiler cannot see takes the
 * checked path (rt() launders the pointer). Both must write the same bytes. */
static const char *rt(const char *k)
{
	__asm__ volatile("" : "+r"(k));
	return k;
}

/* event_fast / event_slow: the same pipe-shaped event, keys as literals or through rt(). */
static void event_fast(struct jw *w, const void *data, size_t n, const char *name, int64_t v)
{
	jw_obj_begin(w, NULL);
	jw_uint(w, "seq", 4294967296ull);
	jw_uint(w, "ts", 9876543210);
	jw_int(w, "pid", v);
	jw_str(w, "type", "pipe.write");
	jw_int(w, "pipe", 1);
	jw_uint(w, "head", 299);
	jw_uint(w, "tail", 298);
	jw_uint(w, "cap", 65536);
	jw_int(w, "readers", 1);
	jw_int(w, "writers", -1);
	jw_bytes(w, "data", data, n, 64);
	jw_str(w, "next_name", name);
	jw_str(w, "prev_state", NULL);
	jw_arr_begin(w, "woken");
	jw_int(w, NULL, 3);
	jw_int(w, NULL, v);
	jw_obj_begin(w, NULL);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_hex(w, "pending", (uint64_t)v);
	jw_bool(w, "freed", v & 1);
	jw_bool(w, "fifo", !(v & 1));
	jw_str(w, "a_key_of_13ch", "long key: checked path");
	jw_str(w, "q\"k", "a key that needs escaping");
	jw_obj_end(w);
}

static void event_slow(struct jw *w, const void *data, size_t n, const char *name, int64_t v)
{
	jw_obj_begin(w, rt(NULL));
	jw_uint(w, rt("seq"), 4294967296ull);
	jw_uint(w, rt("ts"), 9876543210);
	jw_int(w, rt("pid"), v);
	jw_str(w, rt("type"), "pipe.write");
	jw_int(w, rt("pipe"), 1);
	jw_uint(w, rt("head"), 299);
	jw_uint(w, rt("tail"), 298);
	jw_uint(w, rt("cap"), 65536);
	jw_int(w, rt("readers"), 1);
	jw_int(w, rt("writers"), -1);
	jw_bytes(w, rt("data"), data, n, 64);
	jw_str(w, rt("next_name"), name);
	jw_str(w, rt("prev_state"), NULL);
	jw_arr_begin(w, rt("woken"));
	jw_int(w, rt(NULL), 3);
	jw_int(w, rt(NULL), v);
	jw_obj_begin(w, rt(NULL));
	jw_obj_end(w);
	jw_arr_end(w);
	jw_hex(w, rt("pending"), (uint64_t)v);
	jw_bool(w, rt("freed"), v & 1);
	jw_bool(w, rt("fifo"), !(v & 1));
	jw_str(w, rt("a_key_of_13ch"), "long key: checked path");
	jw_str(w, rt("q\"k"), "a key that needs escaping");
	jw_obj_end(w);
}

/* Fast and checked paths agree at every buffer size (ASan: exact-size buffers), for a few payloads. */
static void test_fast_matches_checked(void **state)
{
	(void)state;
	static const char bin[] = "hello, pipe! \x01\x02 binary \"quoted\" \\ and more text to fill it...\x7f\x80\xff";
	const struct {
		const char *data;
		size_t n;
		const char *name;
		int64_t v;
	} cases[] = {
		{ "x", 1, "pipebench", 2 },
		{ bin, sizeof bin - 1, "caf\xc3\xa9\n\"x\"", -7 },
		{ "", 0, "", INT64_MIN },
		{ bin + 3, 17, "\x01\x7f\xc3", INT64_MAX },
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		char ref[2048], got[2048];
		struct jw w;
		jw_init(&w, ref, sizeof ref);
		event_slow(&w, cases[c].data, cases[c].n, cases[c].name, cases[c].v);
		long full = jw_finish(&w);
		assert_true(full > 0);
		cJSON_Delete(parse(ref));
		jw_init(&w, got, sizeof got);
		event_fast(&w, cases[c].data, cases[c].n, cases[c].name, cases[c].v);
		assert_int_equal(jw_finish(&w), full);
		assert_string_equal(got, ref);
		for (size_t cap = 0; cap <= (size_t)full + 40; cap++) {
			char *buf = malloc(cap ? cap : 1);
			jw_init(&w, buf, cap);
			event_fast(&w, cases[c].data, cases[c].n, cases[c].name, cases[c].v);
			long r = jw_finish(&w);
			if (cap <= (size_t)full) {
				assert_int_equal(r, -1);
				assert_true(w.overflow);
				if (cap)
					assert_true(strlen(buf) < cap && memcmp(buf, ref, strlen(buf)) == 0);
			} else {
				assert_int_equal(r, full);
				assert_string_equal(buf, ref);
			}
			free(buf);
		}
	}
}

/* Literal keys of every length around JW_FAST_KEY_MAX, as first and as later members, before every kind of
 * value (some add a character after the key's colon): the same text as the checked path. */
#define KEYS(X) X("a") X("ab") X("abc") X("abcd") X("abcde") X("abcdef") X("abcdefg") X("abcdefgh") \
	X("abcdefghi") X("abcdefghij") X("abcdefghijk") X("abcdefghijkl") X("abcdefghijklm") X("abcdefghijklmn")
#define ONE(k)                                                                                                    \
	jw_obj_begin(w, K(k));                                                                                    \
	jw_int(w, K(k), -5);                                                                                      \
	jw_uint(w, K(k), 123456789012ull);                                                                        \
	jw_bool(w, K(k), true);                                                                                   \
	jw_hex(w, K(k), 0xabc);                                                                                   \
	jw_str(w, K(k), "v");                                                                                     \
	jw_bytes(w, K(k), "b\x01", 2, 64);                                                                        \
	jw_arr_begin(w, K(k));                                                                                    \
	jw_arr_end(w);                                                                                            \
	jw_obj_end(w);
#define K(k) k
static void keys_literal(struct jw *w)
{
	jw_obj_begin(w, NULL);
	KEYS(ONE)
	jw_obj_end(w);
}
#undef K
#define K(k) rt(k)
static void keys_runtime(struct jw *w)
{
	jw_obj_begin(w, NULL);
	KEYS(ONE)
	jw_obj_end(w);
}
#undef K
#undef ONE

static void test_fast_keys_every_length(void **state)
{
	(void)state;
	char ref[4096], got[4096];
	struct jw w;
	jw_init(&w, ref, sizeof ref);
	keys_runtime(&w);
	long full = jw_finish(&w);
	assert_true(full > 0);
	cJSON_Delete(parse(ref));
	jw_init(&w, got, sizeof got);
	keys_literal(&w);
	assert_int_equal(jw_finish(&w), full);
	assert_string_equal(got, ref);
}

/* ref_bytes / ref_str: the expected JSON string of FORMAT.md (jw_bytes) and of jw_str, byte by byte. */
static size_t ref_bytes(char *o, const unsigned char *s, size_t n)
{
	char *p = o;
	*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			p += sprintf(p, "\\%c", s[i]);
		else if (s[i] >= 0x20 && s[i] <= 0x7e)
			*p++ = (char)s[i];
		else
			p += sprintf(p, "\\u%04x", s[i]);
	}
	*p++ = '"';
	*p = 0;
	return (size_t)(p - o);
}

/* Strings at every alignment and length, with an awkward byte at every position: the 8-byte scans of jw_bytes
 * (unaligned loads while 8 bytes remain) and jw_str (aligned loads) against the byte-by-byte reference. */
static void test_fast_strings_every_alignment(void **state)
{
	(void)state;
	static const unsigned char awkward[] = { '"', '\\', 0x01, 0x1f, 0x7f, 0x80, 0xff, '\n', 0x20, 0x7e };
	unsigned char src[64 + 8 + 1];
	char got[1024], want[1024];
	struct jw w;
	for (size_t align = 0; align < 8; align++) {
		for (size_t n = 0; n <= 64; n++) {
			for (size_t pos = 0; pos <= n; pos++) { /* pos == n: all plain */
				for (size_t a = 0; a < (pos < n ? sizeof awkward : 1); a++) {
					unsigned char *s = src + align;
					for (size_t i = 0; i < n; i++)
						s[i] = (unsigned char)('A' + (i * 7 + align) % 26);
					if (pos < n)
						s[pos] = awkward[a];
					s[n] = 0;
					/* jw_bytes: the exact FORMAT.md form */
					jw_init(&w, got, sizeof got);
					jw_bytes(&w, NULL, s, n, 64);
					assert_int_equal(jw_finish(&w), (long)ref_bytes(want, s, n));
					assert_string_equal(got, want);
					/* jw_str: same as the checked path (which test_str_escaping pins down) */
					if (pos < n && awkward[a] == 0)
						continue;
					jw_init(&w, got, sizeof got);
					jw_str(&w, NULL, (const char *)s);
					assert_true(jw_finish(&w) > 0);
					jw_init(&w, want, sizeof want);
					jw_arr_begin(&w, rt(NULL));
					jw_str(&w, rt(""), (const char *)s); /* a run-time key: the checked path */
					jw_arr_end(&w);
					assert_true(jw_finish(&w) > 0);
					/* want is ["":"..."]: compare the string part */
					want[strlen(want) - 1] = 0;
					assert_string_equal(got, want + 4);
				}
			}
		}
	}
}

/* Integers through the fast path: the eight-digit word, its leading zeros, the groups above 10^8. */
static void test_fast_integers(void **state)
{
	(void)state;
	char got[64], want[64];
	struct jw w;
	uint64_t x = 88172645463325252ull;
	for (long i = 0; i < 2000000; i++) {
		uint64_t v;
		if (i < 1000000)
			v = (uint64_t)i;
		else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v = x >> (x & 63); /* every magnitude */
		}
		jw_init(&w, got, sizeof got);
		jw_uint(&w, "k", v);
		snprintf(want, sizeof want, "\"k\":%llu", (unsigned long long)v);
		assert_int_equal(jw_finish(&w), (long)strlen(want));
		assert_string_equal(got, want);
		jw_init(&w, got, sizeof got);
		jw_int(&w, NULL, -(int64_t)(v >> 1));
		snprintf(want, sizeof want, "%lld", -(long long)(v >> 1));
		jw_finish(&w);
		assert_string_equal(got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_example),	 cmocka_unit_test(test_integers),
		cmocka_unit_test(test_bytes_every_byte), cmocka_unit_test(test_bytes_max),
		cmocka_unit_test(test_str_escaping),	 cmocka_unit_test(test_overflow_every_size),
		cmocka_unit_test(test_nesting),		 cmocka_unit_test(test_random_documents),
		cmocka_unit_test(test_fast_matches_checked), cmocka_unit_test(test_fast_strings_every_alignment),
		cmocka_unit_test(test_fast_integers),	 cmocka_unit_test(test_fast_keys_every_length),
	};
	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}
