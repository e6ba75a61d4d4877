/* tracer/ui/gdbsync.h: follow gdb's stops (docs/GDB.md, "Sync with the tracer"). Plain C, no SDL. */
#ifndef IPCTRACE_GDBSYNC_H
#define IPCTRACE_GDBSYNC_H
#include <stdint.h>
#include <sys/types.h>

struct gdbsync {
	char path[512];        /* the sync file ($IPCLAB_GDB_SYNC); "" when not syncing */
	ino_t ino;             /* the version last seen (gdb replaces the file: a new inode each time) */
	off_t size;
	long mtime_ns;
	long last_n;           /* the notice counter last returned */
};

/* A notice: the kernel stopped (under gdb) after event seq - 1, with `pending` of its events (-1: unknown)
 * still in its trace buffer; or it runs again (stopped = 0). */
struct gdbsync_note {
	int stopped;
	int64_t seq;
	long pending;
	long n;
};

/* gdbsync_init: sync with the file named by $IPCLAB_GDB_SYNC, if set (and not "off"). */
void gdbsync_init(struct gdbsync *g);
/* gdbsync_poll: 1 and *out when gdb wrote a new notice since the last call, else 0. One stat(2) when unchanged. */
int gdbsync_poll(struct gdbsync *g, struct gdbsync_note *out);
#endif
