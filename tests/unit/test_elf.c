/* tests/unit/test_elf.c: kernel/elf.c on hand-built ELF headers (one for each rule of elf_parse), on a real
 * static AArch64 musl executable (tests/unit/data/hello.c, path in $UNIT_ELF_SAMPLE), on every truncation of it
 * and on random corruption. Images are in malloc'd blocks of their exact size, so ASan sees any overread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/elf.h"
#include "kernel/errno.h"

#define LIMIT (1ull << 39) /* a user address-space limit like the kernel's */

static void w16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { w16(p, (uint16_t)v), w16(p + 2, (uint16_t)(v >> 16)); }
static void w64(uint8_t *p, uint64_t v) { w32(p, (uint32_t)v), w32(p + 4, (uint32_t)(v >> 32)); }

struct ph {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

/* An image of `size` bytes: ELF header, program headers at 64, the rest zero. */
struct img {
	uint8_t b[0x4000];
	size_t size;
};

static void build(struct img *m, uint16_t type, uint64_t entry, const struct ph *ph, int n)
{
	memset(m->b, 0, sizeof m->b);
	m->size = 0x3000;
	memcpy(m->b, "\177ELF", 4);
	m->b[4] = 2; /* ELFCLASS64 */
	m->b[5] = 1; /* little-endian */
	m->b[6] = 1; /* EV_CURRENT */
	w16(m->b + 16, type);
	w16(m->b + 18, 183); /* EM_AARCH64 */
	w32(m->b + 20, 1);
	w64(m->b + 24, entry);
	w64(m->b + 32, 64); /* e_phoff */
	w16(m->b + 52, 64);
	w16(m->b + 54, 56);
	w16(m->b + 56, (uint16_t)n);
	for (int i = 0; i < n; i++) {
		uint8_t *p = m->b + 64 + 56 * i;
		w32(p, ph[i].type);
		w32(p + 4, ph[i].flags);
		w64(p + 8, ph[i].offset);
		w64(p + 16, ph[i].vaddr);
		w64(p + 24, ph[i].vaddr);
		w64(p + 32, ph[i].filesz);
		w64(p + 40, ph[i].memsz);
		w64(p + 48, 0x1000);
	}
}

/* parse: elf_parse on an exact-size copy. */
static int parse(const struct img *m, struct elf_info *info)
{
	void *p = malloc(m->size);
	memcpy(p, m->b, m->size);
	int r = elf_parse(p, m->size, LIMIT, info);
	free(p);
	return r;
}

/* The shape of a static executable: text (with the headers) and data, like musl's. */
static const struct ph good[] = {
	{ 1, 5, 0, 0x400000, 0x1800, 0x1800 },
	{ 1, 6, 0x1f48, 0x411f48, 0x100, 0x900 },
	{ 0x6474e551, 6, 0, 0, 0, 0 }, /* PT_GNU_STACK: ignored */
};

static void test_good(void **state)
{
	(void)state;
	struct img m;
	struct elf_info info;
	build(&m, 2, 0x400100, good, 3);
	assert_int_equal(parse(&m, &info), 0);
	assert_int_equal(info.entry, 0x400100);
	assert_int_equal(info.phdr, 0x400040); /* no PT_PHDR: from the segment that holds offset 64 */
	assert_int_equal(info.phent, 56);
	assert_int_equal(info.phnum, 3);
	assert_int_equal(info.nloads, 2);
	assert_int_equal(info.loads[0].vaddr, 0x400000);
	assert_int_equal(info.loads[0].memsz, 0x1800);
	assert_int_equal(info.loads[0].flags, 5);
	assert_int_equal(info.loads[1].offset, 0x1f48);
	assert_int_equal(info.loads[1].filesz, 0x100);
	assert_int_equal(info.loads[1].memsz, 0x900);
	assert_int_equal(info.loads[1].flags, 6);

	struct ph with_phdr[4] = { { 6, 4, 64, 0x400040, 56 * 4, 56 * 4 }, good[0], good[1], good[2] };
	build(&m, 2, 0x400100, with_phdr, 4);
	w64(m.b + 64 + 16, 0x400abc); /* PT_PHDR's address wins */
	assert_int_equal(parse(&m, &info), 0);
	assert_int_equal(info.phdr, 0x400abc);

	build(&m, 3, 0x400100, good, 3); /* ET_DYN without PT_INTERP: static-pie, at its link address */
	assert_int_equal(parse(&m, &info), 0);

	struct ph zero[3] = { good[0], { 1, 6, 0x2000, 0x500000, 0, 0 }, good[1] }; /* memsz 0: left out */
	build(&m, 2, 0x400100, zero, 3);
	assert_int_equal(parse(&m, &info), 0);
	assert_int_equal(info.nloads, 2);
	assert_int_equal(info.loads[1].vaddr, 0x411f48);

	struct ph notext[1] = { { 1, 6, 0x2000, 0x500000, 0x100, 0x100 } }; /* headers not loaded: phdr 0 */
	build(&m, 2, 0x500000, notext, 1);
	assert_int_equal(parse(&m, &info), 0);
	assert_int_equal(info.phdr, 0);
}

/* bad: each mutation of the good image must give -ENOEXEC. */
static void test_header_rules(void **state)
{
	(void)state;
	struct img m;
	struct elf_info info;
	struct {
		size_t at;
		int width;
		uint64_t value;
		const char *why;
	} bad[] = {
		{ 0, 1, 0x7e, "magic" },
		{ 3, 1, 'G', "magic" },
		{ 4, 1, 1, "ELFCLASS32" },
		{ 5, 1, 2, "big-endian" },
		{ 6, 1, 0, "EV_NONE" },
		{ 16, 2, 1, "ET_REL" },
		{ 16, 2, 4, "ET_CORE" },
		{ 18, 2, 62, "EM_X86_64" },
		{ 24, 8, LIMIT, "entry at the limit" },
		{ 32, 8, 0x2ff0, "program headers past the end" },
		{ 32, 8, UINT64_MAX - 8, "phoff overflow" },
		{ 54, 2, 32, "phentsize" },
		{ 56, 2, 0, "phnum 0" },
		{ 56, 2, 0xffff, "phnum PN_XNUM" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		build(&m, 2, 0x400100, good, 3);
		if (bad[i].width == 1)
			m.b[bad[i].at] = (uint8_t)bad[i].value;
		else if (bad[i].width == 2)
			w16(m.b + bad[i].at, (uint16_t)bad[i].value);
		else
			w64(m.b + bad[i].at, bad[i].value);
		if (parse(&m, &info) != -ENOEXEC)
			fail_msg("accepted: %s", bad[i].why);
	}
	build(&m, 2, 0x400100, good, 3);
	m.size = 63; /* shorter than an ELF header */
	assert_int_equal(parse(&m, &info), -ENOEXEC);
	m.size = 64 + 56 * 3 - 1; /* program headers cut */
	assert_int_equal(parse(&m, &info), -ENOEXEC);
}

static void test_segment_rules(void **state)
{
	(void)state;
	struct img m;
	struct elf_info info;
	struct {
		struct ph ph;
		const char *why;
	} bad[] = {
		{ { 3, 4, 0x200, 0, 0x20, 0x20 }, "PT_INTERP" },
		{ { 1, 6, 0x2000, 0x500000, 0x200, 0x100 }, "filesz > memsz" },
		{ { 1, 6, 0x2f00, 0x500f00, 0x200, 0x200 }, "file bytes past the end" },
		{ { 1, 6, UINT64_MAX - 0xff, 0x500f00, 0x200, 0x200 }, "offset + filesz overflow" },
		{ { 1, 6, 0x2000, 0x500004, 0x10, 0x10 }, "vaddr and offset not congruent mod 4096" },
		{ { 1, 6, 0x2000, LIMIT - 0x1000, 0x10, 0x1001 }, "past the user limit" },
		{ { 1, 6, 0x2000, UINT64_MAX - 0xfff, 0x10, 0x2000 }, "vaddr + memsz overflow" },
		{ { 1, 6, 0x1000, 0x401000, 0x10, 0x10 }, "overlaps the text segment" },
		{ { 1, 6, 0x2800, 0x401800, 0x10, 0x10 }, "shares the text segment's last page" },
		{ { 1, 6, 0x2000, 0x3ff000, 0x10, 0x1001 }, "shares the text segment's first page" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct ph ph[3] = { good[0], good[1], bad[i].ph };
		build(&m, 2, 0x400100, ph, 3);
		if (parse(&m, &info) != -ENOEXEC)
			fail_msg("accepted: %s", bad[i].why);
	}

	/* ELF_MAX_LOADS segments are fine, one more is not */
	struct ph many[ELF_MAX_LOADS + 1];
	for (int i = 0; i < ELF_MAX_LOADS + 1; i++)
		many[i] = (struct ph){ 1, 4, 0x1000, 0x400000 + 0x10000 * (uint64_t)i, 0x100, 0x100 };
	build(&m, 2, 0x400000, many, ELF_MAX_LOADS);
	assert_int_equal(parse(&m, &info), 0);
	assert_int_equal(info.nloads, ELF_MAX_LOADS);
	build(&m, 2, 0x400000, many, ELF_MAX_LOADS + 1);
	assert_int_equal(parse(&m, &info), -ENOEXEC);

	/* no PT_LOAD at all */
	struct ph none[1] = { good[2] };
	build(&m, 2, 0x400000, none, 1);
	assert_int_equal(parse(&m, &info), -ENOEXEC);
}

/* load_sample: the real executable, or NULL (test skipped) when it was not built. */
static uint8_t *load_sample(size_t *size)
{
	const char *path = getenv("UNIT_ELF_SAMPLE");
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *p = malloc(*size);
	if (fread(p, 1, *size, f) != *size) {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void test_real_binary(void **state)
{
	(void)state;
	size_t size;
	uint8_t *p = load_sample(&size);
	if (!p)
		skip();
	struct elf_info info;
	assert_int_equal(elf_parse(p, size, LIMIT, &info), 0);
	assert_int_equal(info.entry, rd64(p + 24));
	assert_int_equal(info.phent, 56);
	assert_true(info.nloads >= 2);
	assert_int_equal(info.loads[0].offset, 0); /* text holds the ELF header, so AT_PHDR points into it */
	assert_int_equal(info.phdr, info.loads[0].vaddr + rd64(p + 32));
	assert_true(info.loads[0].flags & 1);   /* text: executable */
	assert_true(info.loads[1].flags & 2);   /* data: writable */
	assert_true(info.entry >= info.loads[0].vaddr && info.entry < info.loads[0].vaddr + info.loads[0].memsz);
	assert_int_equal(elf_parse(p, size, 0x400000, &info), -ENOEXEC); /* below the limit it is not */
	free(p);
}

/* Every prefix of the real binary: no overread; prefixes that hold all the file bytes still parse. */
static void test_real_binary_truncated(void **state)
{
	(void)state;
	size_t size;
	uint8_t *p = load_sample(&size);
	if (!p)
		skip();
	struct elf_info full;
	assert_int_equal(elf_parse(p, size, LIMIT, &full), 0);
	uint64_t need = 0;
	for (uint32_t i = 0; i < full.nloads; i++)
		if (full.loads[i].offset + full.loads[i].filesz > need)
			need = full.loads[i].offset + full.loads[i].filesz;
	for (size_t len = 0; len <= size; len += len < 4096 ? 1 : 97) {
		uint8_t *q = malloc(len ? len : 1);
		memcpy(q, p, len);
		struct elf_info info;
		int r = elf_parse(q, len, LIMIT, &info);
		assert_int_equal(r, len >= need ? 0 : -ENOEXEC);
		free(q);
	}
	free(p);
}

/* Random corruption of the headers: any verdict is fine, but a success must describe a sane image. */
static void test_random_corruption(void **state)
{
	(void)state;
	struct img m;
	srand(777);
	for (int round = 0; round < 50000; round++) {
		build(&m, 2, 0x400100, good, 3);
		int flips = 1 + rand() % 3;
		for (int i = 0; i < flips; i++)
			m.b[rand() % (64 + 56 * 3)] ^= (uint8_t)(1u << (rand() % 8));
		struct elf_info info;
		if (parse(&m, &info) != 0)
			continue;
		assert_true(info.nloads >= 1 && info.nloads <= ELF_MAX_LOADS);
		for (uint32_t i = 0; i < info.nloads; i++) {
			const struct elf_load *l = &info.loads[i];
			assert_true(l->filesz <= l->memsz);
			assert_true(l->offset + l->filesz <= m.size && l->offset + l->filesz >= l->offset);
			assert_true(l->vaddr + l->memsz <= LIMIT && l->vaddr + l->memsz > l->vaddr);
			assert_int_equal((l->vaddr - l->offset) % 4096, 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_header_rules),
		cmocka_unit_test(test_segment_rules),
		cmocka_unit_test(test_real_binary),
		cmocka_unit_test(test_real_binary_truncated),
		cmocka_unit_test(test_random_corruption),
	};
	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
