/* kernel/fdt.h: reading the flattened device tree QEMU passes (kernel/fdt.c).
 * (Devicetree Specification v0.4, chapter 5: header magic 0xd00dfeed, big-endian, FDT_BEGIN_NODE 1,
 * FDT_END_NODE 2, FDT_PROP 3, FDT_NOP 4, FDT_END 9.) */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H
#include "kernel/types.h"

/* fdt_check: 0 when blob points at a valid header (magic, version >= 16, sizes within max_size bytes),
 * else -EINVAL. */
int fdt_check(const void *blob, size_t max_size);
/* fdt_total_size: the header's totalsize (bytes); only after fdt_check succeeded. */
size_t fdt_total_size(const void *blob);

/* fdt_getprop: find property `prop` of the node at `path` ("/chosen", "/memory@40000000", "/" ...; a path
 * component without "@unit" matches a node name with any unit address). Returns a pointer to the value inside
 * the blob and sets *len (bytes), or NULL when absent or the blob is malformed. */
const void *fdt_getprop(const void *blob, const char *path, const char *prop, int *len);

/* fdt_read_cells: a big-endian value of `cells` 32-bit cells (1 or 2) at p. */
u64 fdt_read_cells(const void *p, int cells);
#endif
