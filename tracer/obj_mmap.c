/* tracer/obj_mmap.c: memory mapped shared (shmem.*, map.*; traces/FORMAT.md "Shared mappings", mmap(2)): shared
 * anonymous memory, which lives from its shmem.create to its shmem.destroy, and files mapped MAP_SHARED, which the
 * model shows while someone maps them. Each object knows its mappings (who, where, which of its pages) and, per
 * page, the first process seen touching it and which mappings have it mapped in: those processes see each other's
 * stores there. A mapping that mremap grew arrives as a second map.create right after the first: the two merge. */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "kinds.h"
#include "objs.h"

enum { V_CREATE, V_DESTROY, V_MAP, V_UNMAP, V_TOUCH };

static const struct ev_type types[] = {
	{ "shmem.create", 1, V_CREATE }, { "shmem.destroy", 0, V_DESTROY }, { "map.create", 2, V_MAP },
	{ "map.remove", 0, V_UNMAP }, { "map.touch", 0, V_TOUCH }, { NULL, 0, 0 },
};

#define PAGE 4096ull

/* The object an event is about: shared memory by its shmem number, a file by MMAP_FILE_ID | its inode number. */
static int key(struct apply_ctx *c, int64_t *id)
{
	int64_t v;
	if (ev_get(c, "shmem")) {
		if (!ev_int(c, "shmem", &v, 1))
			return 0;
		if (v < 0 || v > INT32_MAX) {
			ev_diag(c, "shmem %lld out of range (0..%d)", (long long)v, INT32_MAX);
			return 0;
		}
		*id = v;
		return 1;
	}
	if (!ev_int(c, "ino", &v, 0)) {
		ev_diag(c, "%s without shmem or ino", type_get(c->rec->type)->name);
		return 0;
	}
	if (v < 0 || v >= MMAP_FILE_ID) {
		ev_diag(c, "ino %lld out of range (0..%lld)", (long long)v, (long long)MMAP_FILE_ID - 1);
		return 0;
	}
	*id = MMAP_FILE_ID | v;
	return 1;
}

/* The event's addr (page-aligned), pgoff and page count (pages; map.touch: 1). 0 when one is missing (reported). */
static int range(struct apply_ctx *c, uint64_t *addr, uint64_t *pgoff, uint64_t *pages, int verb)
{
	int64_t off, n = 1;
	if (!ev_hex(c, "addr", addr, 1) || !ev_int(c, "pgoff", &off, 1) || (verb != V_TOUCH && !ev_int(c, "pages", &n, 1)))
		return 0;
	if (off < 0 || n <= 0 || (*addr & (PAGE - 1)) || (uint64_t)n > (UINT64_MAX - *addr) / PAGE) {
		ev_diag(c, "bad mapping: addr 0x%" PRIx64 ", pgoff %lld, pages %lld", *addr, (long long)off, (long long)n);
		return 0;
	}
	*pgoff = (uint64_t)off;
	*pages = (uint64_t)n;
	return 1;
}

/* Add pid's mapping of pages [pgoff, pgoff + n) at addr; one that continues a mapping of pid (mremap's growth)
 * extends it. */
static void map_add(struct mmap_blob *b, int32_t pid, uint64_t addr, uint64_t pgoff, uint64_t n)
{
	for (int i = 0; i < b->nmap; i++) {
		struct mmap_map *m = &b->maps[i];
		if (m->pid == pid && m->addr + m->npages * PAGE == addr && m->pgoff + m->npages == pgoff) {
			m->npages += (uint32_t)n;
			return;
		}
	}
	if (b->nmap == MMAP_MAPMAX) {
		b->more++;
		return;
	}
	b->maps[b->nmap++] = (struct mmap_map){ .pid = pid, .npages = (uint32_t)n, .addr = addr, .pgoff = pgoff };
}

/* Remove pid's mapped pages [addr, addr + n * PAGE): the parts of its mappings around them stay, each with the
 * touches of its own pages. Returns the pages removed from listed mappings. */
static uint64_t map_remove(struct mmap_blob *b, int32_t pid, uint64_t addr, uint64_t n)
{
	uint64_t end = addr + n * PAGE, removed = 0;
	struct mmap_map keep[MMAP_MAPMAX * 2];
	int k = 0;
	for (int i = 0; i < b->nmap; i++) {
		struct mmap_map m = b->maps[i];
		uint64_t mend = m.addr + m.npages * PAGE;
		if (m.pid != pid || mend <= addr || m.addr >= end) {
			keep[k++] = m;
			continue;
		}
		if (m.addr < addr) {   /* the part below */
			struct mmap_map lo = m;
			lo.npages = (uint32_t)((addr - m.addr) / PAGE);
			lo.touched &= mmap_page_mask(lo.pgoff, lo.npages);
			keep[k++] = lo;
		}
		if (mend > end) {      /* the part above */
			struct mmap_map hi = m;
			hi.addr = end;
			hi.pgoff = m.pgoff + (end - m.addr) / PAGE;
			hi.npages = (uint32_t)((mend - end) / PAGE);
			hi.touched &= mmap_page_mask(hi.pgoff, hi.npages);
			keep[k++] = hi;
		}
		removed += ((mend < end ? mend : end) - (m.addr > addr ? m.addr : addr)) / PAGE;
	}
	b->nmap = (uint8_t)(k < MMAP_MAPMAX ? k : MMAP_MAPMAX);
	b->more += (uint16_t)(k - b->nmap);
	memcpy(b->maps, keep, sizeof keep[0] * b->nmap);
	return removed;
}

static int apply(struct apply_ctx *c, struct obj *o, int verb)
{
	struct mmap_blob *b = o->blob;
	struct ev_effect *fx = c->fx;
	int32_t pid = c->rec->pid;
	uint64_t addr, pgoff, n;
	int64_t v;
	const char *how;
	if (!b->creator) {   /* its first event: what it is */
		b->file = (uint8_t)((o->id & MMAP_FILE_ID) != 0);
		b->ino = (uint64_t)(o->id & ~MMAP_FILE_ID);
		b->creator = pid;
	}
	switch (verb) {
	case V_CREATE:
		if (ev_int(c, "npages", &v, 1) && v >= 0 && v <= UINT32_MAX)
			b->npages = (uint32_t)v;
		fx->n = b->npages;
		return APPLY_OK;
	case V_DESTROY:
		if (b->nmap)
			ev_diag(c, "shmem %lld destroyed while %d mappings of it are listed", (long long)o->id, b->nmap);
		fx->verb = FX_REMOVE;
		return APPLY_REMOVE;
	case V_MAP:
		if (!range(c, &addr, &pgoff, &n, verb))
			return APPLY_OK;
		map_add(b, pid, addr, pgoff, n);
		if (b->file && pgoff + n > b->npages)
			b->npages = (uint32_t)(pgoff + n < UINT32_MAX ? pgoff + n : UINT32_MAX);
		fx->verb = FX_ATTACH;
		fx->addr = addr;
		fx->n = (int64_t)n;
		fx->mtype = (int64_t)pgoff;
		if (ev_str(c, "how", &how, 0))
			snprintf(fx->text, sizeof fx->text, "%s", how);
		return APPLY_OK;
	case V_UNMAP:
		if (!range(c, &addr, &pgoff, &n, verb))
			return APPLY_OK;
		if (map_remove(b, pid, addr, n) < n) {
			if (b->more)
				b->more--;   /* one of the mappings past the listed ones */
			else
				ev_diag(c, "map.remove of pages process %d does not map", pid);
		}
		fx->verb = FX_DETACH;
		fx->addr = addr;
		fx->n = (int64_t)n;
		fx->mtype = (int64_t)pgoff;
		if (ev_str(c, "how", &how, 0))
			snprintf(fx->text, sizeof fx->text, "%s", how);
		/* a file is shown while mapped; shared memory lives until its shmem.destroy */
		return b->file && !b->nmap && !b->more ? APPLY_REMOVE : APPLY_OK;
	case V_TOUCH: {
		if (!range(c, &addr, &pgoff, &n, verb))
			return APPLY_OK;
		int found = 0;
		for (int i = 0; i < b->nmap; i++) {
			struct mmap_map *m = &b->maps[i];
			if (m->pid == pid && addr >= m->addr && addr < m->addr + m->npages * PAGE) {
				found = 1;
				m->touched |= mmap_page_mask(pgoff, 1);
			}
		}
		if (!found && !b->more)
			ev_diag(c, "map.touch of a page process %d does not map", pid);
		int alloc = cJSON_IsTrue(ev_get(c, "alloc"));
		if (pgoff < MMAP_PAGEMAX && !b->first[pgoff])
			b->first[pgoff] = pid;
		if (alloc || b->file)
			b->made |= mmap_page_mask(pgoff, 1);
		b->ntouch++;
		fx->verb = FX_TOUCH;
		fx->addr = addr;
		fx->n = (int64_t)pgoff;
		fx->sub = (int16_t)(pgoff < MMAP_PAGEMAX ? (int)pgoff : -1);   /* the page's cell, where its arrow ends */
		if (alloc)
			fx->flags |= FXF_ALLOC;
		snprintf(fx->text, sizeof fx->text, "%s", cJSON_IsTrue(ev_get(c, "write")) ? "store" : "load");
		return APPLY_OK;
	}
	}
	return APPLY_OK;
}

static void dump(const struct obj *o, char *buf, size_t len)
{
	const struct mmap_blob *b = o->blob;
	size_t u = (size_t)snprintf(buf, len, "%s %" PRIu64 " pages %u creator %d made %" PRIx64 " touches %u first [",
				    b->file ? "file" : "shmem", b->ino, b->npages, b->creator, b->made, b->ntouch);
	for (int p = 0; p < MMAP_PAGEMAX && u < len; p++)
		if (b->first[p])
			u += (size_t)snprintf(buf + u, len - u, " %d:%d", p, b->first[p]);
	if (u < len)
		u += (size_t)snprintf(buf + u, len - u, " ] maps [");
	for (int i = 0; i < b->nmap && u < len; i++) {
		const struct mmap_map *m = &b->maps[i];
		u += (size_t)snprintf(buf + u, len - u, " %d@%" PRIx64 "+%u/%" PRIu64 " t%" PRIx64, m->pid, m->addr, m->npages,
				      m->pgoff, m->touched);
	}
	if (u < len)
		snprintf(buf + u, len - u, " ] more %u", b->more);
}

static int pids(const struct obj *o, int32_t *out, int max)
{
	const struct mmap_blob *b = o->blob;
	uint8_t n = 0;
	for (int i = 0; i < b->nmap; i++)
		pidlist_add(out, &n, max, b->maps[i].pid);
	return n;
}

const struct obj_kind kind_mmap = {
	.name = "mmap", .label = "shared mapping", .id_field = "shmem", .id_max = INT64_MAX,
	.blob_size = sizeof(struct mmap_blob), .types = types, .apply = apply, .dump = dump, .key = key, .pids = pids,
};
