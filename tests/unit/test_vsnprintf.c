/* tests/unit/test_vsnprintf.c: kernel/lib/vsnprintf.c against the host's snprintf (glibc), for hand-picked
 * formats, every combination of flags, width and precision for each integer conversion and length, and every
 * truncation size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include "kernel/lib/printf.h"

/* Format with both and compare the text and the returned length. */
#define SAME(...)                                                                         \
	do {                                                                              \
		char h_[256], k_[256];                                                    \
		int hn_ = snprintf(h_, sizeof h_, __VA_ARGS__);                           \
		int kn_ = k_snprintf(k_, sizeof k_, __VA_ARGS__);                         \
		if (hn_ != kn_ || strcmp(h_, k_) != 0)                                    \
			fail_msg("%s: host [%s] %d, kernel [%s] %d", #__VA_ARGS__, h_, hn_, k_, kn_); \
	} while (0)

/* The tests use formats gcc warns about on purpose (flags that C says are ignored, %s of NULL). */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void test_basic(void **state)
{
	(void)state;
	SAME("");
	SAME("plain text");
	SAME("%d %i %u", 42, -42, 42u);
	SAME("%d %d", INT32_MIN, INT32_MAX);
	SAME("%u %x %X %o", UINT32_MAX, UINT32_MAX, 0xabcdefu, 0777u);
	SAME("%s|%c|%%|", "str", 'q');
	SAME("%p %p", (void *)0x1234, (void *)0xffff000012345678ull);
	SAME("%p|%20p|%-20p|", (void *)0, (void *)0, (void *)0x10);
	SAME("%10p|%-10p|", (void *)0xabc, (void *)0xabc);
	SAME("%s", "(null) is spelled out by glibc");
}

static void test_lengths(void **state)
{
	(void)state;
	SAME("%hhd %hhu %hhx", 300, 300, -1);
	SAME("%hd %hu %hx", 70000, 70000, -1);
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0xfeedfacecafebeeful);
	SAME("%lld %llu %llo", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
	SAME("%zu %zd %zx", (size_t)SIZE_MAX, (ssize_t)-3, (size_t)0x1000);
	SAME("%td %tx", (ptrdiff_t)-12345, (ptrdiff_t)0x77);
	SAME("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, (uintmax_t)0xabc);
}

static void test_flags_width_precision(void **state)
{
	(void)state;
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%05d] [%-05d] [%+05d] [% 05d]", -42, -42, 42, 42);
	SAME("[%.5d] [%8.5d] [%-8.5d] [%08.5d]", -42, 42, 42, 42);
	SAME("[%.0d] [%.0u] [%.0x] [%#.0x] [%#.0o] [%5.0d]", 0, 0u, 0u, 0u, 0u, 0);
	SAME("[%#x] [%#X] [%#o] [%#x] [%#o] [%#08x] [%#-8x] [%#.5o]", 255u, 255u, 8u, 0u, 0u, 255u, 255u, 8u);
	SAME("[%*d] [%-*d] [%*d] [%.*d] [%.*d]", 6, 1, 6, 2, -6, 3, 4, 5, -1, 6);
	SAME("[%*.*s] [%.*s] [%.0s] [%10.2s] [%-10s]", 8, 3, "abcdef", 2, "xyz", "gone", "hello", "hi");
	SAME("[%5c] [%-5c] [%c]", 'a', 'b', 200);
}

/* Every flag subset, widths and precisions, for each integer conversion and length, over boundary values. */
static void test_combinations(void **state)
{
	(void)state;
	const char *flags[] = { "", "-", "0", " ", "+", "#", "-0", "+0", " 0", "#0", "-#", "+ ", "-+#0 " };
	const char *widths[] = { "", "1", "5", "21", "*" };
	const char *precs[] = { "", ".", ".0", ".1", ".3", ".22", ".*" };
	const char *lens[] = { "hh", "h", "", "l", "ll", "z", "j" };
	const char convs[] = "diuxXo";
	const long long vals[] = { 0, 1, -1, 7, 127, 128, -128, 255, 65535, -32768, 1000000, INT32_MIN, INT32_MAX,
				   UINT32_MAX, INT64_MIN, INT64_MAX };
	char fmt[32];
	int count = 0;
	for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
			for (size_t p = 0; p < sizeof precs / sizeof *precs; p++)
				for (size_t l = 0; l < sizeof lens / sizeof *lens; l++)
					for (size_t c = 0; convs[c]; c++)
						for (size_t v = 0; v < sizeof vals / sizeof *vals; v++) {
							snprintf(fmt, sizeof fmt, "<%%%s%s%s%s%c>", flags[f], widths[w],
								 precs[p], lens[l], convs[c]);
							char h[128], k[128];
							int hn, kn;
							/* star arguments: width 7 (or -7), precision 4 (or -2) */
							int sw = v % 2 ? -7 : 7, sp = v % 3 ? 4 : -2;
							bool ws = widths[w][0] == '*', ps = precs[p][0] && precs[p][1] == '*';
							bool wide = lens[l][0] == 'l' || lens[l][0] == 'z' || lens[l][0] == 'j';
#define RUN(...)                                                                           \
	do {                                                                               \
		hn = snprintf(h, sizeof h, fmt, __VA_ARGS__);                              \
		kn = k_snprintf(k, sizeof k, fmt, __VA_ARGS__);                            \
	} while (0)
#define RUN_V(x)                     \
	do {                         \
		if (ws && ps)        \
			RUN(sw, sp, x); \
		else if (ws)         \
			RUN(sw, x);     \
		else if (ps)         \
			RUN(sp, x);     \
		else                 \
			RUN(x);         \
	} while (0)
							if (wide)
								RUN_V(vals[v]);
							else
								RUN_V((int)vals[v]);
							if (hn != kn || strcmp(h, k) != 0)
								fail_msg("%s with %lld: host [%s] %d, kernel [%s] %d", fmt,
									 vals[v], h, hn, k, kn);
							count++;
						}
	assert_true(count > 10000);
}

/* Truncation: every buffer size from 0 up gives the host's bytes, a NUL, and the full length. */
static void test_truncation(void **state)
{
	(void)state;
	const char *fmt = "pid %d wrote %zu bytes to %s (%#x)";
	char full[128];
	int len = snprintf(full, sizeof full, fmt, 12, (size_t)65536, "pipe 3", 0xbeefu);
	for (size_t size = 0; size <= (size_t)len + 2; size++) {
		char k[128];
		memset(k, 'Z', sizeof k);
		int kn = k_snprintf(k, size, fmt, 12, (size_t)65536, "pipe 3", 0xbeefu);
		assert_int_equal(kn, len);
		if (size == 0) {
			assert_int_equal(k[0], 'Z'); /* nothing written at all */
			continue;
		}
		size_t copied = size - 1 < (size_t)len ? size - 1 : (size_t)len;
		assert_memory_equal(k, full, copied);
		assert_int_equal(k[copied], '\0');
		assert_int_equal(k[copied + 1], 'Z'); /* nothing past the NUL */
	}
	assert_int_equal(k_snprintf(NULL, 0, "%d", 12345), 5);
}

static void test_kernel_specifics(void **state)
{
	(void)state;
	char k[64];
	/* %s of NULL, unknown conversion and a lone trailing '%' (undefined in C; defined here) */
	assert_int_equal(k_snprintf(k, sizeof k, "%s|%5s", (char *)NULL, (char *)NULL), 13);
	assert_string_equal(k, "(null)|(null)");
	const char *odd = "a%qb%";
	assert_int_equal(k_snprintf(k, sizeof k, odd), 5);
	assert_string_equal(k, "a%qb%");
}

static int via_va(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = k_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vsnprintf_va_list(void **state)
{
	(void)state;
	char k[64];
	assert_int_equal(via_va(k, sizeof k, "%d-%s-%x", -1, "two", 3u), 8);
	assert_string_equal(k, "-1-two-3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),	    cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_flags_width_precision), cmocka_unit_test(test_combinations),
		cmocka_unit_test(test_truncation), cmocka_unit_test(test_kernel_specifics),
		cmocka_unit_test(test_vsnprintf_va_list),
	};
	return cmocka_run_group_tests_name("vsnprintf", tests, NULL, NULL);
}
