/* tracer/live.h: reading a trace while it is written: from a unix socket (QEMU's chardev, started with
 * server=on,wait=on so the guest waits for us), from stdin ("-"), or from a file that grows (--follow).
 * Bytes received are appended to a spool file that backs the trace, so every event is kept (pause, step
 * back) without holding the text in memory. Plain C, no SDL. */
#ifndef IPCTRACE_LIVE_H
#define IPCTRACE_LIVE_H
#include "trace.h"

struct live {
	int in;                /* socket or stdin, -1 once closed */
	int spool;             /* file the received bytes go to (the trace reads it) */
	int follow;            /* following a growing file: the trace reads the file itself */
	int eof;               /* the writer closed the stream */
	uint64_t bytes;        /* bytes received so far */
	char spool_path[256];  /* "" when the spool is an unlinked temporary file */
};

/* Connect to `spec`: "-" for stdin, otherwise a unix socket path (waits up to wait_s seconds for it to
 * appear and accept). save_path, if not NULL, keeps the received trace there; otherwise a temporary file
 * is used. Opens t on the spool. Returns 0, or -1 with a message on stderr. */
int live_open(struct live *l, const char *spec, const char *save_path, int wait_s, struct trace *t);
/* Follow a regular file that is still being written; opens t on it. Returns 0, -1 with a message. */
int live_follow(struct live *l, const char *path, struct trace *t);
/* Move what has arrived into the trace, at most `max` bytes (non-blocking; waits up to timeout_ms for the first
 * byte). Not reading holds the writer back: QEMU's trace port is lossless and waits for its reader, so the
 * guest waits (/work/shared/PLATFORM.md, virtio console). Returns bytes added, 0 if none, -1 once the stream
 * has ended (then trace_set_eof was called). */
long live_pump(struct live *l, struct trace *t, int timeout_ms, size_t max);
/* Close the input and the spool. */
void live_close(struct live *l);

#endif
