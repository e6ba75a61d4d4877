/* kernel/fdt.c: finding a property in the flattened device tree (kernel/fdt.h; Devicetree Specification
 * v0.4, chapter 5). The blob is big-endian and, for our purposes, untrusted: the walk stays inside the structure
 * block and every string is bounded before it is compared. */
#include "kernel/fdt.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define HDR_SIZE 40 /* ten 32-bit fields */

/* Header fields, in 32-bit words from the start (spec 5.2). */
enum { H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP, H_VERSION, H_LAST_COMP, H_BOOT_CPU,
       H_SIZE_STRINGS, H_SIZE_STRUCT };

static u32 be32(const void *p)
{
	const u8 *b = p;
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u32 hdr(const void *blob, int field) { return be32((const u8 *)blob + 4 * field); }

/* fdt_check: see kernel/fdt.h. Also checks that the structure and strings blocks lie inside totalsize and the
 * structure block is 4-byte aligned. Returns 0 or -EINVAL. */
int fdt_check(const void *blob, size_t max_size)
{
	if (!blob || max_size < HDR_SIZE || hdr(blob, H_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	u32 total = hdr(blob, H_TOTALSIZE);
	if (total < HDR_SIZE || total > max_size || hdr(blob, H_VERSION) < 16 || hdr(blob, H_LAST_COMP) > 17)
		return -EINVAL;
	u32 so = hdr(blob, H_OFF_STRUCT), ss = hdr(blob, H_SIZE_STRUCT);
	u32 to = hdr(blob, H_OFF_STRINGS), ts = hdr(blob, H_SIZE_STRINGS);
	if (so % 4 || so > total || ss > total - so || to > total || ts > total - to)
		return -EINVAL;
	return 0;
}

/* fdt_total_size: see kernel/fdt.h. */
size_t fdt_total_size(const void *blob) { return hdr(blob, H_TOTALSIZE); }

/* fdt_read_cells: see kernel/fdt.h. cells other than 1 or 2 give 0. */
u64 fdt_read_cells(const void *p, int cells)
{
	if (cells == 1)
		return be32(p);
	if (cells == 2)
		return (u64)be32(p) << 32 | be32((const u8 *)p + 4);
	return 0;
}

/* name_matches: does the node name (NUL-terminated) match the path component comp[0..clen)? A component without
 * '@' matches a node name with any unit address. */
static bool name_matches(const char *name, const char *comp, size_t clen)
{
	if (strncmp(name, comp, clen) != 0)
		return false;
	if (name[clen] == '\0')
		return true;
	if (name[clen] != '@')
		return false;
	for (size_t i = 0; i < clen; i++)
		if (comp[i] == '@')
			return false;
	return true;
}

#define MAX_COMPONENTS 16

/* fdt_getprop: see kernel/fdt.h. When several nodes match the path (e.g. "/memory" and two memory@... nodes),
 * the first one that has the property wins. Paths deeper than 16 components give NULL. */
const void *fdt_getprop(const void *blob, const char *path, const char *prop, int *len)
{
	if (!blob || !path || !prop || hdr(blob, H_MAGIC) != FDT_MAGIC || fdt_check(blob, fdt_total_size(blob)))
		return NULL;
	/* Split the path into components (empty ones, from "//" or a trailing "/", are ignored). */
	const char *comp[MAX_COMPONENTS];
	size_t clen[MAX_COMPONENTS];
	int ncomp = 0;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		if (ncomp == MAX_COMPONENTS)
			return NULL;
		comp[ncomp] = p;
		clen[ncomp++] = (size_t)(q - p);
		p = q;
	}

	const u8 *st = (const u8 *)blob + hdr(blob, H_OFF_STRUCT);
	const char *strs = (const char *)blob + hdr(blob, H_OFF_STRINGS);
	size_t ss = hdr(blob, H_SIZE_STRUCT), ts = hdr(blob, H_SIZE_STRINGS);
	size_t off = 0;
	int depth = 0;   /* nodes open */
	int matched = 0; /* path components matched by the open nodes below the root */
	while (ss - off >= 4) {
		u32 tok = be32(st + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)st + off;
			size_t n = strnlen(name, ss - off);
			if (n == ss - off)
				return NULL; /* name runs off the block */
			off = ALIGN_UP(off + n + 1, (size_t)4);
			depth++;
			if (depth >= 2 && matched == depth - 2 && matched < ncomp &&
			    name_matches(name, comp[matched], clen[matched]))
				matched = depth - 1;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return NULL;
			if (depth >= 2 && matched == depth - 1)
				matched = depth - 2;
			depth--;
			break;
		case FDT_PROP: {
			if (ss - off < 8)
				return NULL;
			u32 plen = be32(st + off), nameoff = be32(st + off + 4);
			off += 8;
			if (plen > ss - off)
				return NULL;
			const u8 *val = st + off;
			off = ALIGN_UP(off + plen, (size_t)4);
			if (depth == 0)
				return NULL; /* a property outside any node */
			if (depth - 1 != ncomp || matched != ncomp)
				break;
			if (nameoff >= ts || strnlen(strs + nameoff, ts - nameoff) == ts - nameoff)
				return NULL;
			if (strcmp(strs + nameoff, prop) == 0) {
				if (plen > 0x7fffffff)
					return NULL;
				if (len)
					*len = (int)plen;
				return val;
			}
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return NULL;
		default:
			return NULL;
		}
		if (off > ss)
			return NULL;
	}
	return NULL;
}
