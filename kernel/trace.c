/* kernel/trace.c: the IPC trace (kernel/trace.h, traces/FORMAT.md).
 *
 * Events are written straight into the open transmit buffer of the virtio port "ipclab.trace": trace_begin asks
 * the port for TRACE_EVENT_MAX bytes of room (which sends the buffer first if it has less), writes the common
 * fields by hand (they are the same on every event, so no JSON machinery is needed for them) and hands the caller
 * a jsonw writer positioned after them. trace_end closes the object and adds the '\n'. A buffer (64 KiB, some
 * 400 events) goes to the host when full, at the next timer tick, or at trace_flush; while the host is slow and
 * every buffer is in flight, trace_begin waits for it (virtio_console.c), so nothing is lost.
 *
 * One lock orders everything: seq numbers are handed out under it, so the trace's order is seq order. */
#include "kernel/trace.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/virtio_console.h"
#include "kernel/lib/string.h"
#include "arch/aarch64/include/io.h"

#ifndef IPCLAB_BUILD
#define IPCLAB_BUILD "unknown" /* the build passes -DIPCLAB_BUILD='"g1a2b3c4"' */
#endif
#define TRACE_VERSION 1
#define TRACE_PORT_NAME "ipclab.trace"
#define TRACE_BUFS 8                /* transmit buffers in flight at most */
#define TRACE_BUF_SIZE (64 * 1024)  /* bytes per buffer (one virtio descriptor) */
#define TYPE_MAX 64                 /* longest type name written */

bool trace_enabled;
static spinlock_t trace_lock = SPINLOCK_INIT("trace");
static int port = -1;   /* the trace port's number */
static u64 seq;         /* the next event's seq */
/* The event being written; valid between trace_begin_on and trace_end (the lock holder's). */
static struct jw ev;
static u64 ev_flags;    /* DAIF to restore at trace_end */
static u64 ev_ts;
static int ev_pid;
static const char *ev_type;

/* put_str / put_u64: append to p, return the new end. */
static inline char *put_str(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = s[i];
	return p + n;
}
#define PUT_LIT(p, lit) put_str(p, lit, sizeof(lit) - 1)

static char *put_u64(char *p, u64 v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static inline int cpu_id(void)
{
	return (int)(read_sysreg(mpidr_el1) & 0xff);
}

/* start_event: write {"seq":..,"ts":..,"cpu":..,"pid":..,"type":"..." at buf and point ev at it, as if written
 * with jw_obj_begin and four members (kernel/lib/jsonw.h: depth 1, a member already written). */
static void start_event(char *buf, const char *type)
{
	char *p = buf;
	p = PUT_LIT(p, "{\"seq\":");
	p = put_u64(p, seq);
	p = PUT_LIT(p, ",\"ts\":");
	p = put_u64(p, ev_ts);
	p = PUT_LIT(p, ",\"cpu\":");
	p = put_u64(p, (u64)cpu_id());
	p = PUT_LIT(p, ",\"pid\":");
	if (ev_pid < 0) {
		*p++ = '-';
		p = put_u64(p, -(u64)(s64)ev_pid);
	} else {
		p = put_u64(p, (u64)ev_pid);
	}
	p = PUT_LIT(p, ",\"type\":\"");
	p = put_str(p, type, strnlen(type, TYPE_MAX));
	*p++ = '"';
	ev.buf = buf;
	ev.cap = TRACE_EVENT_MAX; /* jsonw keeps one byte for a NUL: the '\n' goes there */
	ev.len = (size_t)(p - buf);
	ev.depth = 1;
	ev.first[0] = false;
	ev.overflow = false;
}

struct jw *trace_begin_on(const char *type, int pid)
{
	size_t room;
	u64 flags = spin_lock_irqsave(&trace_lock);
	char *buf = virtcons_reserve(port, TRACE_EVENT_MAX, &room);
	if (unlikely(!buf)) {
		spin_unlock_irqrestore(&trace_lock, flags);
		return NULL;
	}
	ev_flags = flags;
	ev_ts = time_ns();
	ev_pid = pid;
	ev_type = type;
	start_event(buf, type);
	return &ev;
}

void trace_end(struct jw *w)
{
	jw_obj_end(w);
	long len = jw_finish(w);
	if (unlikely(len < 0)) {
		/* Too long, or the caller left an object/array open: keep the seq, say what it was. */
		bool nesting = !w->overflow;
		start_event(w->buf, "trace.overflow");
		jw_str(w, "event", ev_type);
		jw_str(w, "reason", nesting ? "nesting" : "too long");
		jw_uint(w, "limit", TRACE_EVENT_MAX);
		jw_obj_end(w);
		len = jw_finish(w);
	}
	w->buf[len] = '\n';
	virtcons_commit(port, (size_t)len + 1);
	seq++;
	spin_unlock_irqrestore(&trace_lock, ev_flags);
}

void trace_init(const char *bootargs, bool enable)
{
	trace_enabled = false;
	port = virtcons_port(TRACE_PORT_NAME);
	if (port < 0 || !enable)
		return;
	/* Big buffers if memory allows; the default ones (4 KiB, enough for one event) otherwise. */
	virtcons_open(port, TRACE_BUFS, TRACE_BUF_SIZE);
	size_t room;
	char *buf = virtcons_reserve(port, TRACE_EVENT_MAX, &room);
	if (!buf)
		return;
	struct jw w;
	char cut[256];
	for (int attempt = 0; attempt < 2; attempt++) {
		jw_init(&w, buf, TRACE_EVENT_MAX);
		jw_obj_begin(&w, NULL);
		jw_str(&w, "type", "trace.header");
		jw_str(&w, "format", "ipclab-trace");
		jw_int(&w, "version", TRACE_VERSION);
		jw_str(&w, "kernel", "ipclab 0.1 (" IPCLAB_BUILD ")");
		jw_str(&w, "bootargs", bootargs ? bootargs : "");
		jw_uint(&w, "timer_hz", timer_hz);
		jw_int(&w, "data_max", TRACE_DATA_MAX);
		jw_int(&w, "event_max", TRACE_EVENT_MAX);
		jw_obj_end(&w);
		if (jw_finish(&w) >= 0)
			break;
		strlcpy(cut, bootargs, sizeof cut); /* an absurdly long command line: send its start */
		bootargs = cut;
	}
	long len = jw_finish(&w);
	if (len < 0)
		return;
	buf[len] = '\n';
	virtcons_commit(port, (size_t)len + 1);
	seq = 0;
	trace_enabled = true;
}

void trace_tick(void)
{
	if (!trace_enabled)
		return;
	u64 flags = spin_lock_irqsave(&trace_lock);
	virtcons_push(port); /* does nothing when the open buffer is empty */
	spin_unlock_irqrestore(&trace_lock, flags);
}

void trace_flush(void)
{
	if (!trace_enabled)
		return;
	u64 flags = spin_lock_irqsave(&trace_lock);
	virtcons_sync(port);
	spin_unlock_irqrestore(&trace_lock, flags);
}

u64 trace_events(void)
{
	return seq;
}
