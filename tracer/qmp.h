/* tracer/qmp.h: holding a live guest back through QEMU's monitor (QMP, docs/interop/qmp-spec in QEMU):
 * `stop` the virtual machine while the tracer's picture is behind the kernel, `cont` once it has caught up.
 * Stopped, the guest's clock stops too, so its timeouts do not fire. Not reading the trace socket also holds
 * the guest, but only after QEMU's socket buffers (hundreds of KiB: a whole lab) are full. Plain C, no SDL. */
#ifndef IPCTRACE_QMP_H
#define IPCTRACE_QMP_H

struct qmp {
	int fd;                /* the monitor's unix socket, -1 when there is none */
	int stopped;           /* we stopped the virtual machine */
	int pending;           /* commands sent whose reply ("return" or "error") has not been read yet */
	int col;               /* the reply line being read: characters of it read so far */
	char head[12];         /* ... and its first ones, to tell a reply from an event */
};

/* Connect to QEMU's QMP socket at path (waiting up to wait_ms for it to appear) and enter command mode.
 * Returns 0, or -1 when there is no monitor there (q->fd stays -1: holding is then by not reading only). */
int qmp_open(struct qmp *q, const char *path, int wait_ms);
/* Stop (hold = 1) or continue (0) the virtual machine, if that changes anything. */
void qmp_hold(struct qmp *q, int hold);
/* Continue the virtual machine if we stopped it, and disconnect. */
void qmp_close(struct qmp *q);

#endif
