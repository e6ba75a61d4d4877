/* kernel/virtio_console.h: virtio console (virtio-serial) over virtio-mmio with the MULTIPORT feature, for
 * output ports found by name (virtio spec 1.1, 4.2 "Virtio Over MMIO" and 5.3 "Console Device"; see
 * ../shared/PLATFORM.md). Transmit only, polled: no interrupts needed.
 *
 * Each port has a few large transmit buffers (one descriptor each) that are filled in turn and handed to the
 * device; while all of them are in flight, a writer polls the used ring until the host has taken one. Nothing
 * is ever dropped: a slow host reader slows the guest down instead.
 *
 * Two ways to send:
 *   - virtcons_write(port, buf, len): copy and send at once (the kernel log). Serialised by the port's lock.
 *   - virtcons_reserve / virtcons_commit / virtcons_push: write straight into the open buffer and send it when it
 *     is full or when asked (the trace: no copy, one descriptor per many events). The caller serialises these
 *     (trace.c's lock) and must not mix them with virtcons_write on the same port. */
#ifndef KERNEL_VIRTIO_CONSOLE_H
#define KERNEL_VIRTIO_CONSOLE_H
#include "kernel/types.h"

#define VIRTCONS_MAX_PORTS 8 /* ports 0..7 are served; a device with more ports has the rest ignored */

/* virtcons_init: scan the 32 virtio-mmio slots (0x0a000000 + i*0x200) for a console (device ID 3), negotiate
 * MULTIPORT (and VERSION_1 on a version 2 transport; legacy version 1 works too), set up the control and transmit
 * queues, do the control handshake (spec 5.3.6.2: DEVICE_READY, then PORT_READY and PORT_OPEN for each port the
 * device adds) and learn the port names. Call once, before any other virtcons_ call, with page_alloc working.
 * Returns 0; -ENODEV when there is no console device or it refuses the features; -ENOMEM. */
int virtcons_init(void);
/* virtcons_port: the number of the port called name ("ipclab.trace"), or -ENOENT (also before/without init). */
int virtcons_port(const char *name);
/* virtcons_open: give port nbuf transmit buffers of size bytes each (size: a multiple of 4096, nbuf: 2..16).
 * Optional: the first use of a port opens it with 4 buffers of 4 KiB. Returns 0, -EBUSY when already open,
 * -EINVAL, -ENOENT (no such port) or -ENOMEM. */
int virtcons_open(int port, unsigned nbuf, size_t size);

/* virtcons_write: send len bytes to port: copies them into transmit buffers and hands them to the device at
 * once (waiting, without loss, while all buffers are in flight). Returns len, -ENOENT for no such port, -ENOMEM when its buffers cannot be allocated. */
long virtcons_write(int port, const void *buf, size_t len);

/* virtcons_reserve: room for at least `need` bytes (need <= the buffer size) at the end of port's open buffer;
 * when the open buffer has less, it is sent and the next one is taken (waiting while it is in flight).
 * Returns where to write and sets *room to the bytes available there (>= need); NULL for no such port or an
 * impossible need. Caller-serialised. */
char *virtcons_reserve(int port, size_t need, size_t *room);
/* virtcons_commit: n bytes were written at the pointer virtcons_reserve returned (n <= its *room). */
void virtcons_commit(int port, size_t n);
/* virtcons_push: hand the open buffer to the device if it holds anything; does not wait. Caller-serialised. */
void virtcons_push(int port);
/* virtcons_pending: bytes committed to port's open buffer and not yet pushed. */
size_t virtcons_pending(int port);
/* virtcons_sync: push the open buffer, then wait until the device has consumed every buffer of port. */
void virtcons_sync(int port);

/* struct virtcons_stats: counters of one port, for benchmarks and tests. */
struct virtcons_stats {
	u64 bytes;   /* bytes handed to the device */
	u64 bufs;    /* buffers (descriptors) handed to the device */
	u64 notifies; /* QueueNotify writes (fewer than bufs when the device asked for no notifications) */
	u64 waits;   /* times a writer found every buffer in flight and polled for the host */
};
/* virtcons_stats: copy port's counters into *st; -ENOENT for no such port. */
int virtcons_stats(int port, struct virtcons_stats *st);
#endif
