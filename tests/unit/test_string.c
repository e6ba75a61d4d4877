/* tests/unit/test_string.c: kernel/lib/string.c, built as k_memcpy... (tests/unit/unit.mk) and compared with
 * libc over every alignment of source and destination, many lengths, and guard bytes around the target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memmove(void *dst, const void *src, size_t n);
void *k_memset(void *dst, int c, size_t n);
int k_memcmp(const void *a, const void *b, size_t n);
size_t k_strlen(const char *s);
size_t k_strnlen(const char *s, size_t max);
int k_strcmp(const char *a, const char *b);
int k_strncmp(const char *a, const char *b, size_t n);
char *k_strchr(const char *s, int c);
char *k_strrchr(const char *s, int c);
size_t k_strlcpy(char *dst, const char *src, size_t size);

#define AREA 512
static const size_t lengths[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 300 };

static int sign(int x) { return (x > 0) - (x < 0); }

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

static void test_memcpy_alignments(void **state)
{
	(void)state;
	unsigned char src[AREA], dst[AREA], ref[AREA];
	fill_pattern(src, AREA, 1);
	for (size_t so = 0; so < 16; so++)
		for (size_t d = 0; d < 16; d++)
			for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
				size_t n = lengths[li];
				memset(dst, 0xee, AREA);
				memset(ref, 0xee, AREA);
				memcpy(ref + d, src + so, n);
				assert_ptr_equal(k_memcpy(dst + d, src + so, n), dst + d);
				assert_memory_equal(dst, ref, AREA); /* guards before and after unchanged */
			}
}

static void test_memcpy_large(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	unsigned char *a = malloc(n + 16), *b = malloc(n + 16);
	fill_pattern(a, n + 16, 9);
	for (size_t off = 0; off < 9; off += 4) {
		memset(b, 0, n + 16);
		k_memcpy(b + off, a + 3, n);
		assert_memory_equal(b + off, a + 3, n);
	}
	free(a);
	free(b);
}

static void test_memmove_overlap(void **state)
{
	(void)state;
	unsigned char buf[AREA], ref[AREA];
	for (size_t s = 0; s < 40; s++)
		for (size_t d = 0; d < 40; d++)
			for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
				size_t n = lengths[li];
				if (n + (s > d ? s : d) > AREA)
					continue;
				fill_pattern(buf, AREA, 3);
				fill_pattern(ref, AREA, 3);
				memmove(ref + d, ref + s, n);
				assert_ptr_equal(k_memmove(buf + d, buf + s, n), buf + d);
				assert_memory_equal(buf, ref, AREA);
			}
}

static void test_memset(void **state)
{
	(void)state;
	unsigned char buf[AREA], ref[AREA];
	int values[] = { 0, 0x5a, 0xff, 0x1234 /* only the low byte counts */ };
	for (size_t v = 0; v < 4; v++)
		for (size_t d = 0; d < 16; d++)
			for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
				size_t n = lengths[li];
				memset(buf, 0xee, AREA);
				memset(ref, 0xee, AREA);
				memset(ref + d, values[v], n);
				assert_ptr_equal(k_memset(buf + d, values[v], n), buf + d);
				assert_memory_equal(buf, ref, AREA);
			}
}

static void test_memcmp(void **state)
{
	(void)state;
	unsigned char a[64], b[64];
	fill_pattern(a, 64, 5);
	memcpy(b, a, 64);
	assert_int_equal(k_memcmp(a, b, 64), 0);
	assert_int_equal(k_memcmp(a, b, 0), 0);
	for (size_t i = 0; i < 64; i++) {
		b[i] = (unsigned char)(a[i] + 0x80); /* differs as unsigned: sign must follow unsigned order */
		assert_int_equal(sign(k_memcmp(a, b, 64)), sign(memcmp(a, b, 64)));
		assert_int_equal(k_memcmp(a, b, i), 0);
		b[i] = a[i];
	}
}

static void test_strlen_strnlen(void **state)
{
	(void)state;
	assert_int_equal(k_strlen(""), 0);
	assert_int_equal(k_strlen("hello"), 5);
	char big[300];
	memset(big, 'x', 299);
	big[299] = 0;
	assert_int_equal(k_strlen(big), 299);
	assert_int_equal(k_strnlen("hello", 3), 3);
	assert_int_equal(k_strnlen("hello", 10), 5);
	assert_int_equal(k_strnlen("hello", 0), 0);
	char nonul[4] = { 'a', 'b', 'c', 'd' }; /* strnlen must not read past max */
	assert_int_equal(k_strnlen(nonul, 4), 4);
}

static void test_strcmp_strncmp(void **state)
{
	(void)state;
	const char *s[] = { "", "a", "ab", "abc", "abd", "b", "\x80", "\x7f", "abc\x90" };
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		for (size_t j = 0; j < sizeof s / sizeof s[0]; j++) {
			assert_int_equal(sign(k_strcmp(s[i], s[j])), sign(strcmp(s[i], s[j])));
			for (size_t n = 0; n < 6; n++)
				assert_int_equal(sign(k_strncmp(s[i], s[j], n)), sign(strncmp(s[i], s[j], n)));
		}
}

static void test_strchr_strrchr(void **state)
{
	(void)state;
	const char *s = "hello, world";
	assert_ptr_equal(k_strchr(s, 'o'), s + 4);
	assert_ptr_equal(k_strrchr(s, 'o'), s + 8);
	assert_ptr_equal(k_strchr(s, 'z'), NULL);
	assert_ptr_equal(k_strrchr(s, 'z'), NULL);
	assert_ptr_equal(k_strchr(s, 0), s + strlen(s));
	assert_ptr_equal(k_strrchr(s, 0), s + strlen(s));
	assert_ptr_equal(k_strchr(s, 'h' + 256), s); /* c is converted to char */
	const char *hi = "a\xe9z";
	assert_ptr_equal(k_strchr(hi, 0xe9), hi + 1);
	assert_ptr_equal(k_strrchr(hi, 0xe9), hi + 1);
}

static void test_strlcpy(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'z', sizeof buf);
	assert_int_equal(k_strlcpy(buf, "hello", sizeof buf), 5);
	assert_string_equal(buf, "hello");
	memset(buf, 'z', sizeof buf);
	assert_int_equal(k_strlcpy(buf, "hello, world", sizeof buf), 12);
	assert_string_equal(buf, "hello, ");
	memset(buf, 'z', sizeof buf);
	assert_int_equal(k_strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 'z');
	assert_int_equal(k_strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_alignments), cmocka_unit_test(test_memcpy_large),
		cmocka_unit_test(test_memmove_overlap),	  cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),		  cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_strncmp),	  cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strlcpy),
	};
	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
