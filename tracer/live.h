/* tracer/live.h: reading a trace while it is written: from a unix socket (QEMU's chardev, started with
 * server=on,wait=on so the guest waits for us), from stdin ("-"), or from a file that grows (--follow).
 * Bytes received are appended to a spool file that backs the trace, so every event is kept (pause, step
 * back) without holding the text in memory. Plain C, no SDL. */
#ifndef IPCTRACE_LIVE_H
#define IPCTRACE_LIVE_H
#include "trace.h"
#include "qmp.h"

struct live {
	int in;                /* socket or stdin, -1 once closed */
	int spool;             /* file the received bytes go to (the trace reads it) */
	int follow;            /* following a growing file: the trace reads the file itself */
	int eof;               /* the writer closed the stream */
	uint64_t bytes;        /* bytes received so far */
	char spool_path[256];  /* "" when the spool is an unlinked temporary file */
	char qmp_path[260];    /* QEMU's monitor beside the socket (SOCKET.qmp, scripts/qemu-ipclab), "" for stdin */
	struct qmp qmp;        /* QEMU's monitor, when connected */
	double qmp_tried;      /* when a connection was last tried, s */
	int qmp_was;           /* the monitor was connected once (lost: QEMU is going; no new try) */
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
/* Hold the guest back (hold = 1: the picture is behind) or let it run: through QEMU's monitor when there is one
 * (the virtual machine stops, and its clock with it), else by not reading (the caller stops calling
 * live_pump). */
void live_hold(struct live *l, int hold);
/* Is the guest stopped by live_hold? */
int live_holding(const struct live *l);
/* Can live_hold stop the guest (QEMU's monitor is connected)? Then reading everything is safe. */
int live_can_hold(const struct live *l);
/* Close the input and the spool (a held guest is let go). */
void live_close(struct live *l);

#endif
