/* tracer/ui/gdbsync.c: follow gdb's stops (docs/GDB.md, "Sync with the tracer").
 * scripts/gdb/ipclab.py replaces the sync file (write a temporary file, rename it) on every stop and continue
 * with one JSON line: {"gdb":"stopped","seq":N,"last":N-1,"pending":K,...,"n":C} or {"gdb":"running","seq":N,
 * "n":C}. seq is the kernel's next event number: it stopped after event N-1. C counts notices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "gdbsync.h"

void gdbsync_init(struct gdbsync *g)
{
	memset(g, 0, sizeof *g);
	g->last_n = -1;
	const char *p = getenv("IPCLAB_GDB_SYNC");
	if (p && *p && strcmp(p, "off") != 0)
		snprintf(g->path, sizeof g->path, "%s", p);
}

/* num: the integer after "key": in s, or def. */
static long long num(const char *s, const char *key, long long def)
{
	char k[40];
	snprintf(k, sizeof k, "\"%s\":", key);
	const char *p = strstr(s, k);
	return p ? strtoll(p + strlen(k), NULL, 10) : def;
}

int gdbsync_poll(struct gdbsync *g, struct gdbsync_note *out)
{
	struct stat st;
	if (!g->path[0] || stat(g->path, &st) < 0)
		return 0;
	if (st.st_ino == g->ino && st.st_size == g->size && st.st_mtim.tv_nsec == g->mtime_ns)
		return 0;
	g->ino = st.st_ino;
	g->size = st.st_size;
	g->mtime_ns = st.st_mtim.tv_nsec;
	char buf[1024];
	FILE *f = fopen(g->path, "r");
	if (!f)
		return 0;
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = 0;
	long n = (long)num(buf, "n", -1);
	if (!strstr(buf, "\"gdb\":") || n == g->last_n)
		return 0;
	g->last_n = n;
	out->stopped = strstr(buf, "\"gdb\":\"stopped\"") != NULL;
	out->seq = num(buf, "seq", -1);
	out->pending = (long)num(buf, "pending", -1);
	out->n = n;
	return 1;
}
