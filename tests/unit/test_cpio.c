/* tests/unit/test_cpio.c: kernel/cpio.c on newc archives built here in memory: well-formed ones, every
 * truncation of one, malformed headers, and random corruption. Each archive under test is copied into a
 * malloc'd block of exactly its length, so AddressSanitizer catches any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/cpio.h"
#include "kernel/errno.h"

/* An archive being built. */
struct ar {
	unsigned char buf[8192];
	size_t len;
};

static void pad4(struct ar *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

/* add: one member, as GNU cpio -H newc writes it. namesize is strlen(name) + 1 unless given (>= 0). */
static void add_raw(struct ar *a, const char *magic, const char *name, long namesize, unsigned mode,
		    const void *data, size_t size)
{
	if (namesize < 0)
		namesize = (long)strlen(name) + 1;
	char h[128];
	snprintf(h, sizeof h, "%s%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08lX%08X", magic, 1u, mode, 0u, 0u, 1u,
		 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(a->buf + a->len, h, 110);
	a->len += 110;
	memcpy(a->buf + a->len, name, strlen(name) + 1);
	a->len += strlen(name) + 1;
	pad4(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	pad4(a);
}

static void add(struct ar *a, const char *name, unsigned mode, const char *data)
{
	add_raw(a, "070701", name, -1, mode, data, strlen(data));
}

static void trailer(struct ar *a) { add_raw(a, "070701", "TRAILER!!!", -1, 0, "", 0); }

/* exact: a malloc'd copy of exactly len bytes. */
static void *exact(const void *p, size_t len)
{
	void *q = malloc(len ? len : 1);
	memcpy(q, p, len);
	return q;
}

/* A sample archive: the kind `find . | cpio -o -H newc` makes of an initramfs. */
static void sample(struct ar *a)
{
	a->len = 0;
	add(a, ".", 040755, "");
	add(a, "bin", 040755, "");
	add(a, "./bin/init", 0100755, "\177ELF init program");
	add(a, "bin/x", 0100644, "x");
	add(a, "/etc/motd", 0100644, "hello\n");
	add(a, "ab", 0100644, "12");     /* header + name = 113 bytes: 3 of padding; data 2: 2 */
	add(a, "abc", 0100644, "123");   /* 114: 2 of padding; data 3: 1 */
	add(a, "abcd", 0100644, "1234"); /* 115: 1 of padding; data 4: none */
	trailer(a);
}

static void test_walk(void **state)
{
	(void)state;
	struct ar a;
	sample(&a);
	void *p = exact(a.buf, a.len);
	const char *names[] = { ".", "bin", "bin/init", "bin/x", "etc/motd", "ab", "abc", "abcd" };
	const char *datas[] = { "", "", "\177ELF init program", "x", "hello\n", "12", "123", "1234" };
	size_t off = 0;
	struct cpio_entry e;
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(cpio_next(p, a.len, &off, &e), 1);
		assert_string_equal(e.name, names[i]);
		assert_int_equal(e.size, strlen(datas[i]));
		assert_memory_equal(e.data, datas[i], e.size);
		assert_int_equal(off % 4, 0);
	}
	assert_int_equal(cpio_next(p, a.len, &off, &e), 0);
	assert_int_equal(cpio_next(p, a.len, &off, &e), 0); /* stays at the end */
	free(p);
}

static void test_find(void **state)
{
	(void)state;
	struct ar a;
	sample(&a);
	void *p = exact(a.buf, a.len);
	struct cpio_entry e;
	assert_int_equal(cpio_find(p, a.len, "/bin/init", &e), 0);
	assert_int_equal(e.mode, 0100755);
	assert_memory_equal(e.data, "\177ELF", 4);
	assert_int_equal(cpio_find(p, a.len, "bin/x", &e), 0);
	assert_int_equal(cpio_find(p, a.len, "etc/motd", &e), 0);
	assert_int_equal(cpio_find(p, a.len, "//abcd", &e), 0);
	assert_int_equal(cpio_find(p, a.len, "/bin/none", &e), -ENOENT);
	assert_int_equal(cpio_find(p, a.len, "/bin/in", &e), -ENOENT);
	assert_int_equal(cpio_find(p, a.len, "TRAILER!!!", &e), -ENOENT);
	assert_int_equal(cpio_find(p, 0, "bin/x", &e), -ENOENT);
	free(p);
}

static void test_concatenated(void **state)
{
	(void)state;
	struct ar a = { .len = 0 };
	add(&a, "one", 0100644, "1");
	trailer(&a);
	memset(a.buf + a.len, 0, 64); /* padding between archives, as `cat a.cpio b.cpio` may leave */
	a.len += 64;
	add(&a, "two", 0100644, "2"); /* a second archive: its members count too, as on Linux */
	trailer(&a);
	struct cpio_entry e;
	assert_int_equal(cpio_find(a.buf, a.len, "two", &e), 0);
	assert_int_equal(e.size, 1);
	size_t off = 0;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), 1);
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), 1);
	assert_string_equal(e.name, "two");
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), 0);
	assert_int_equal(off, a.len);
}

static void test_no_trailer_and_padding(void **state)
{
	(void)state;
	struct ar a = { .len = 0 };
	add(&a, "one", 0100644, "1");
	memset(a.buf + a.len, 0, 512); /* zero padding, as after a concatenated archive */
	a.len += 512;
	add(&a, "two", 0100644, "22");
	a.len -= 2; /* last member's data padding missing */
	void *p = exact(a.buf, a.len);
	struct cpio_entry e;
	assert_int_equal(cpio_find(p, a.len, "two", &e), 0);
	assert_int_equal(e.size, 2);
	assert_memory_equal(e.data, "22", 2);
	size_t off = 0;
	int n = 0;
	while (cpio_next(p, a.len, &off, &e) == 1)
		n++;
	assert_int_equal(n, 2);
	assert_int_equal(off, a.len);
	free(p);
}

static void test_crc_magic_and_case(void **state)
{
	(void)state;
	struct ar a = { .len = 0 };
	add_raw(&a, "070702", "crc", -1, 0100644, "abc", 3);
	/* lower-case hex digits are hex digits too */
	for (size_t i = 6; i < 110; i++)
		if (a.buf[i] >= 'A' && a.buf[i] <= 'F')
			a.buf[i] = (unsigned char)(a.buf[i] - 'A' + 'a');
	struct cpio_entry e;
	assert_int_equal(cpio_find(a.buf, a.len, "crc", &e), 0);
	assert_int_equal(e.mode, 0100644);
}

static void test_malformed(void **state)
{
	(void)state;
	struct ar a = { .len = 0 };
	struct cpio_entry e;
	size_t off;

	add_raw(&a, "070707", "old", -1, 0100644, "x", 1); /* the old binary/odc magic */
	off = 0;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), -EINVAL);

	a.len = 0;
	add(&a, "file", 0100644, "data");
	a.buf[6 + 8 * 6] = 'g'; /* a bad hex digit in filesize */
	off = 0;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	assert_int_equal(cpio_find(a.buf, a.len, "x", &e), -EINVAL);

	a.len = 0;
	add_raw(&a, "070701", "file", 0, 0100644, "data", 4); /* namesize 0 */
	off = 0;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), -EINVAL);

	a.len = 0;
	add_raw(&a, "070701", "file", 3, 0100644, "data", 4); /* name not NUL-terminated within namesize */
	off = 0;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), -EINVAL);

	a.len = 0;
	add_raw(&a, "070701", "file", 0xffffffffL, 0100644, "data", 4); /* namesize past the end */
	void *p = exact(a.buf, a.len);
	off = 0;
	assert_int_equal(cpio_next(p, a.len, &off, &e), -EINVAL);
	free(p);

	a.len = 0;
	add(&a, "file", 0100644, "data");
	memcpy(a.buf + 6 + 8 * 6, "FFFFFFFF", 8); /* filesize past the end */
	p = exact(a.buf, a.len);
	off = 0;
	assert_int_equal(cpio_next(p, a.len, &off, &e), -EINVAL);
	free(p);

	/* a header cut short, and non-zero garbage too short to be a header */
	off = 0;
	assert_int_equal(cpio_next("070701000", 9, &off, &e), -EINVAL);
	off = 0;
	assert_int_equal(cpio_next("\0\0\0\0x", 5, &off, &e), -EINVAL);
	off = 0;
	assert_int_equal(cpio_next("\0\0", 2, &off, &e), -EINVAL);
}

/* Every prefix of a good archive: the walk ends (0 or -EINVAL) without reading past the prefix, and every
 * member it returns lies inside it. */
static void test_every_truncation(void **state)
{
	(void)state;
	struct ar a;
	sample(&a);
	for (size_t len = 0; len <= a.len; len++) {
		unsigned char *p = exact(a.buf, len);
		size_t off = 0;
		struct cpio_entry e;
		int r, steps = 0;
		while ((r = cpio_next(p, len, &off, &e)) == 1) {
			assert_true((const unsigned char *)e.data + e.size <= p + len);
			assert_true(off <= len);
			assert_true(++steps < 100);
		}
		assert_true(r == 0 || r == -EINVAL);
		if (len == a.len)
			assert_int_equal(r, 0);
		free(p);
	}
}

/* Random corruption of a good archive: any result is fine, reading out of bounds or looping is not. */
static void test_random_corruption(void **state)
{
	(void)state;
	struct ar a;
	sample(&a);
	srand(12345);
	const char interesting[] = "0123456789abcdefABCDEFgG\0\xff";
	for (int round = 0; round < 20000; round++) {
		unsigned char *p = exact(a.buf, a.len);
		int flips = 1 + rand() % 4;
		for (int i = 0; i < flips; i++)
			p[rand() % a.len] = (unsigned char)interesting[rand() % (sizeof interesting - 1)];
		size_t len = rand() % 4 ? a.len : (size_t)rand() % (a.len + 1);
		size_t off = 0;
		struct cpio_entry e;
		int steps = 0;
		while (cpio_next(p, len, &off, &e) == 1) {
			assert_true(off <= len);
			assert_true(strlen(e.name) < len);
			assert_true(++steps < 100);
		}
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_no_trailer_and_padding),
		cmocka_unit_test(test_crc_magic_and_case),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_random_corruption),
	};
	return cmocka_run_group_tests_name("cpio", tests, NULL, NULL);
}
