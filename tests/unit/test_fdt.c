/* tests/unit/test_fdt.c: kernel/fdt.c on the device tree QEMU gives `-M virt,gic-version=2 -cpu cortex-a72
 * -m 256M -initrd ... -append "trace=on -- /bin/x a b"` (tests/unit/data/virt.dtb, dumped with dumpdtb= and cut
 * to its content), on small trees built here, and on corrupted copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/errno.h"
#include "kernel/fdt.h"

#define DTB_PATH "tests/unit/data/virt.dtb"

static uint8_t *dtb;
static size_t dtb_size;

static int load_dtb(void **state)
{
	(void)state;
	FILE *f = fopen(DTB_PATH, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	dtb_size = (size_t)ftell(f);
	rewind(f);
	dtb = malloc(dtb_size);
	size_t got = fread(dtb, 1, dtb_size, f);
	fclose(f);
	return got == dtb_size ? 0 : -1;
}

static int free_dtb(void **state)
{
	(void)state;
	free(dtb);
	return 0;
}

static const char *str(const char *path, const char *prop)
{
	int len = -1;
	const char *s = fdt_getprop(dtb, path, prop, &len);
	if (s && (len < 1 || s[len - 1] != '\0'))
		fail_msg("%s %s is not a string", path, prop);
	return s;
}

static void test_check(void **state)
{
	(void)state;
	assert_int_equal(fdt_check(dtb, dtb_size), 0);
	assert_int_equal(fdt_total_size(dtb), dtb_size);
	assert_int_equal(fdt_check(dtb, dtb_size - 1), -EINVAL); /* totalsize beyond what we may read */
	assert_int_equal(fdt_check(dtb, 39), -EINVAL);
	assert_int_equal(fdt_check(NULL, 100), -EINVAL);
	uint8_t *c = malloc(dtb_size);
	struct {
		size_t at;
		uint8_t v;
	} bad[] = { { 0, 0xd1 }, { 23, 15 } /* version 15 */, { 4, 0xff } /* totalsize */, { 8, 0xff } /* struct */,
		    { 11, 0x41 } /* struct offset not aligned */, { 12, 0xff } /* strings */, { 36, 0xff }, { 32, 0xff } };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memcpy(c, dtb, dtb_size);
		c[bad[i].at] = bad[i].v;
		if (fdt_check(c, dtb_size) != -EINVAL)
			fail_msg("accepted a header with byte %zu = %#x", bad[i].at, bad[i].v);
	}
	free(c);
}

static void test_chosen_and_memory(void **state)
{
	(void)state;
	int len = -1;
	assert_string_equal(str("/chosen", "bootargs"), "trace=on -- /bin/x a b");
	assert_string_equal(str("/chosen", "stdout-path"), "/pl011@9000000");
	const void *p = fdt_getprop(dtb, "/chosen", "linux,initrd-start", &len);
	assert_non_null(p);
	assert_int_equal(len, 4);
	assert_int_equal(fdt_read_cells(p, 1), 0x48000000);

	p = fdt_getprop(dtb, "/", "#address-cells", &len);
	assert_non_null(p);
	assert_int_equal(len, 4);
	assert_int_equal(fdt_read_cells(p, 1), 2);
	p = fdt_getprop(dtb, "/memory", "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_int_equal(fdt_read_cells(p, 2), 0x40000000);
	assert_int_equal(fdt_read_cells((const uint8_t *)p + 8, 2), 256u << 20);
	assert_ptr_equal(fdt_getprop(dtb, "/memory@40000000", "reg", NULL), p); /* len may be NULL */
}

static void test_paths(void **state)
{
	(void)state;
	int len;
	assert_string_equal(str("/", "compatible"), "linux,dummy-virt");
	assert_string_equal(str("/pl011@9000000", "compatible"), "arm,pl011"); /* the first of two strings */
	const char *c = fdt_getprop(dtb, "/pl011", "compatible", &len);
	assert_int_equal(len, (int)sizeof "arm,pl011\0arm,primecell");
	assert_memory_equal(c, "arm,pl011\0arm,primecell", (size_t)len);
	assert_string_equal(str("/intc", "compatible"), "arm,cortex-a15-gic");
	assert_string_equal(str("/intc@8000000/v2m", "compatible"), "arm,gic-v2m-frame");
	assert_string_equal(str("/cpus/cpu@0", "device_type"), "cpu");
	assert_string_equal(str("/cpus/cpu", "compatible"), "arm,cortex-a72");
	assert_string_equal(str("//chosen/", "bootargs"), "trace=on -- /bin/x a b");
	assert_string_equal(str("/timer", "compatible"), "arm,armv8-timer");
	/* 32 virtio_mmio@... nodes: without a unit address the first matches, with one that one */
	const void *r = fdt_getprop(dtb, "/virtio_mmio", "reg", &len);
	assert_int_equal(fdt_read_cells(r, 2), 0x0a000000);
	r = fdt_getprop(dtb, "/virtio_mmio@a003e00", "reg", &len);
	assert_int_equal(fdt_read_cells(r, 2), 0x0a003e00);

	assert_null(fdt_getprop(dtb, "/chosen", "nosuch", &len));
	assert_null(fdt_getprop(dtb, "/nosuch", "compatible", &len));
	assert_null(fdt_getprop(dtb, "/pl011@9000001", "compatible", &len));
	assert_null(fdt_getprop(dtb, "/pl01", "compatible", &len));     /* a prefix of a name is not the name */
	assert_null(fdt_getprop(dtb, "/chose", "bootargs", &len));
	assert_null(fdt_getprop(dtb, "/chosen@0", "bootargs", &len));   /* a unit address must match */
	assert_null(fdt_getprop(dtb, "/cpus", "device_type", &len));    /* only on the child */
	assert_null(fdt_getprop(dtb, "/cpu@0", "device_type", &len));   /* not at the root */
	assert_null(fdt_getprop(dtb, "/chosen", "bootarg", &len));
	assert_null(fdt_getprop(dtb, "/chosen/x", "bootargs", &len));
	assert_null(fdt_getprop(dtb, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", "x", &len));
}

static void test_read_cells(void **state)
{
	(void)state;
	const uint8_t v[8] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 };
	assert_int_equal(fdt_read_cells(v, 1), 0x12345678);
	assert_int_equal(fdt_read_cells(v, 2), 0x123456789abcdef0ull);
	assert_int_equal(fdt_read_cells(v + 1, 1), 0x3456789a); /* unaligned */
	assert_int_equal(fdt_read_cells(v, 3), 0);
}

/* A small tree built here: a builder for the structure and strings blocks. */
struct tb {
	uint8_t b[4096];
	size_t slen;   /* structure block length */
	uint8_t st[2048];
	char strs[512];
	size_t strslen;
};

static void be32w(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void tok(struct tb *t, uint32_t v)
{
	be32w(t->st + t->slen, v);
	t->slen += 4;
}

static void node(struct tb *t, const char *name)
{
	tok(t, 1);
	size_t n = strlen(name) + 1;
	memcpy(t->st + t->slen, name, n);
	t->slen += n;
	while (t->slen % 4)
		t->st[t->slen++] = 0;
}

static void prop(struct tb *t, const char *name, const char *val)
{
	uint32_t off = (uint32_t)t->strslen;
	memcpy(t->strs + t->strslen, name, strlen(name) + 1);
	t->strslen += strlen(name) + 1;
	tok(t, 3);
	tok(t, (uint32_t)strlen(val) + 1);
	tok(t, off);
	memcpy(t->st + t->slen, val, strlen(val) + 1);
	t->slen += strlen(val) + 1;
	while (t->slen % 4)
		t->st[t->slen++] = 0;
}

/* finish: header, empty reservation map, structure block, strings; returns the total size. */
static size_t finish(struct tb *t)
{
	memset(t->b, 0, 40 + 16);
	size_t so = 40 + 16, to = so + t->slen, total = to + t->strslen;
	be32w(t->b, 0xd00dfeed);
	be32w(t->b + 4, (uint32_t)total);
	be32w(t->b + 8, (uint32_t)so);
	be32w(t->b + 12, (uint32_t)to);
	be32w(t->b + 16, 40);
	be32w(t->b + 20, 17);
	be32w(t->b + 24, 16);
	be32w(t->b + 32, (uint32_t)t->strslen);
	be32w(t->b + 36, (uint32_t)t->slen);
	memcpy(t->b + so, t->st, t->slen);
	memcpy(t->b + to, t->strs, t->strslen);
	return total;
}

static void test_built_tree(void **state)
{
	(void)state;
	struct tb t = { .slen = 0 };
	node(&t, "");
	prop(&t, "model", "root");
	node(&t, "a");
	tok(&t, 4); /* FDT_NOP */
	prop(&t, "x", "a.x");
	node(&t, "c");
	prop(&t, "x", "a/c.x");
	node(&t, "b");
	prop(&t, "x", "a/c/b.x"); /* /a/c/b, not /a/b */
	tok(&t, 2);
	tok(&t, 2);
	node(&t, "b@1");
	prop(&t, "y", "a/b@1.y");
	tok(&t, 2);
	node(&t, "b@2");
	prop(&t, "x", "a/b@2.x");
	tok(&t, 2);
	prop(&t, "late", "a.late"); /* after child nodes (the spec forbids it; still found) */
	tok(&t, 2);
	node(&t, "b");
	prop(&t, "x", "b.x");
	tok(&t, 2);
	tok(&t, 2);
	tok(&t, 9);
	size_t total = finish(&t);
	uint8_t *p = malloc(total);
	memcpy(p, t.b, total);
	assert_int_equal(fdt_check(p, total), 0);
	int len;
	assert_string_equal(fdt_getprop(p, "/", "model", &len), "root");
	assert_string_equal(fdt_getprop(p, "/a", "x", &len), "a.x");
	assert_string_equal(fdt_getprop(p, "/a/c", "x", &len), "a/c.x");
	assert_string_equal(fdt_getprop(p, "/a/c/b", "x", &len), "a/c/b.x");
	assert_string_equal(fdt_getprop(p, "/a/b", "x", &len), "a/b@2.x"); /* b@1 has no x: the next b@ */
	assert_string_equal(fdt_getprop(p, "/a/b", "y", &len), "a/b@1.y");
	assert_null(fdt_getprop(p, "/a/b@2", "y", &len));
	assert_string_equal(fdt_getprop(p, "/a", "late", &len), "a.late");
	assert_string_equal(fdt_getprop(p, "/b", "x", &len), "b.x");
	assert_null(fdt_getprop(p, "/c", "x", &len));
	free(p);

	/* the same tree cut off anywhere in the structure block: no overread, and NULL for what is gone */
	for (size_t cut = 0; cut <= t.slen; cut += 4) {
		struct tb u = t;
		u.slen = cut;
		total = finish(&u);
		p = malloc(total);
		memcpy(p, u.b, total);
		if (fdt_check(p, total) == 0) {
			fdt_getprop(p, "/b", "x", &len);
			fdt_getprop(p, "/a/b", "y", &len);
		}
		free(p);
	}
}

/* Random corruption of the real blob (header included): whatever fdt_check accepts, the lookups stay inside. */
static void test_random_corruption(void **state)
{
	(void)state;
	srand(4242);
	const char *paths[][2] = { { "/chosen", "bootargs" }, { "/memory", "reg" }, { "/intc/v2m", "compatible" },
				   { "/nosuch", "x" } };
	for (int round = 0; round < 3000; round++) {
		uint8_t *c = malloc(dtb_size);
		memcpy(c, dtb, dtb_size);
		int flips = 1 + rand() % 8;
		for (int i = 0; i < flips; i++) {
			size_t at = rand() % 2 ? (size_t)rand() % 64 : (size_t)rand() % dtb_size;
			c[at] = rand() % 3 ? (uint8_t)rand() : (uint8_t)(rand() % 10);
		}
		if (fdt_check(c, dtb_size) == 0) {
			for (size_t i = 0; i < 4; i++) {
				int len = -1;
				const uint8_t *v = fdt_getprop(c, paths[i][0], paths[i][1], &len);
				if (v)
					assert_true(len >= 0 && v >= c && v + len <= c + dtb_size);
			}
		}
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),	      cmocka_unit_test(test_chosen_and_memory),
		cmocka_unit_test(test_paths),	      cmocka_unit_test(test_read_cells),
		cmocka_unit_test(test_built_tree), cmocka_unit_test(test_random_corruption),
	};
	return cmocka_run_group_tests_name("fdt", tests, load_dtb, free_dtb);
}
