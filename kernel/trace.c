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

#ifndef IPCLAB_REV
#define IPCLAB_REV "unknown" /* mk/kernel.mk passes -DIPCLAB_REV='"1a2b3c4"' (git rev-parse --short HEAD) */
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

/* Writing the common fields. Under QEMU's TCG a load or store costs a few ns (a software TLB lookup each) while
 * arithmetic is nearly free, so digits are gathered in a register and stored 8 bytes at a time, and literals are
 * stored as immediates. Stores may run up to 7 bytes past the text's end: trace_begin_on always has
 * TRACE_EVENT_MAX bytes of room. Unaligned 8-byte stores need the MMU on (Normal memory), as in the kernel. */
static inline void store8(char *p, u64 w) { __builtin_memcpy(p, &w, 8); }
#define PUT_LIT(p, lit) (__builtin_memcpy(p, lit, sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/* digits8: x (< 10^8) as exactly 8 ASCII digits in a little-endian word (the first digit in the lowest byte).
 * Straight-line: a loop costs TCG a translation-block hop per iteration. */
static inline u64 digits8(u32 x)
{
	u64 w = 0;
#pragma GCC unroll 8
	for (int i = 0; i < 8; i++) {
		w = (w << 8) | (u64)('0' + x % 10);
		x /= 10;
	}
	return w;
}

/* put_u64: v in decimal at p, without leading zeros; returns the end. */
static char *put_u64(char *p, u64 v)
{
	if (v >= 100000000u) {
		p = put_u64(p, v / 100000000u);
		store8(p, digits8((u32)(v % 100000000u)));
		return p + 8;
	}
	u64 w = digits8((u32)v);
	u64 d = w - 0x3030303030303030ull; /* each byte now 0..9: no borrow between bytes */
	int z = d ? __builtin_ctzll(d) / 8 : 7; /* leading zero digits (kept one for v == 0) */
	store8(p, w >> (8 * z));
	return p + 8 - z;
}

static inline int cpu_id(void)
{
	return (int)(read_sysreg(mpidr_el1) & 0xff);
}

/* The window: the free part of the port's open buffer that trace_begin_on writes events into. Events in it
 * are committed to the port (virtcons_commit) only when the window is refilled, pushed or synced, which saves
 * two calls per event. */
static char *win_start, *win_pos, *win_end;

/* window_commit: tell the port about the events written in the window, and forget the window. */
static void window_commit(void)
{
	if (win_pos != win_start)
		virtcons_commit(port, (size_t)(win_pos - win_start));
	win_start = win_pos = win_end = NULL;
}

/* window_refill: a window of at least TRACE_EVENT_MAX bytes (the port sends a full buffer and may wait for the
 * host to return one). False when the port cannot give one (it always can once trace_init succeeded). */
static bool window_refill(void)
{
	size_t room;
	window_commit();
	char *p = virtcons_reserve(port, TRACE_EVENT_MAX, &room);
	if (unlikely(!p))
		return false;
	win_start = win_pos = p;
	win_end = p + room;
	return true;
}

/* start_event: write {"seq":..,"ts":..,"cpu":..,"pid":..,"type":"..." at buf and point ev at it, as if written
 * with jw_obj_begin and four members (kernel/lib/jsonw.h: depth 1, a member already written). Straight-line
 * code: under QEMU's TCG every call and return costs as much as a dozen instructions. */
static inline void start_event(char *buf, const char *type)
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
	for (int i = 0; i < TYPE_MAX && type[i]; i++)
		*p++ = type[i];
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
	u64 flags = spin_lock_irqsave(&trace_lock);
	if (unlikely(win_end - win_pos < TRACE_EVENT_MAX) && !window_refill()) {
		spin_unlock_irqrestore(&trace_lock, flags);
		return NULL;
	}
	ev_flags = flags;
	ev_ts = time_ns();
	ev_pid = pid;
	ev_type = type;
	start_event(win_pos, type);
	return &ev;
}

void trace_end(struct jw *w)
{
	size_t len = w->len;
	if (likely(!w->overflow && w->depth == 1 && len + 2 < w->cap)) {
		w->buf[len++] = '}';
	} else {
		/* Too long, or the caller left an object/array open: keep the seq, say what it was. */
		bool nesting = !w->overflow && w->depth != 1;
		start_event(w->buf, "trace.overflow");
		jw_str(w, "event", ev_type);
		jw_str(w, "reason", nesting ? "nesting" : "too long");
		jw_uint(w, "limit", TRACE_EVENT_MAX);
		jw_obj_end(w);
		len = (size_t)jw_finish(w);
	}
	w->buf[len++] = '\n';
	win_pos += len;
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
	if (!window_refill())
		return;
	char *buf = win_pos;
	struct jw w;
	char cut[256];
	for (int attempt = 0; attempt < 2; attempt++) {
		jw_init(&w, buf, TRACE_EVENT_MAX);
		jw_obj_begin(&w, NULL);
		jw_str(&w, "type", "trace.header");
		jw_str(&w, "format", "ipclab-trace");
		jw_int(&w, "version", TRACE_VERSION);
		jw_str(&w, "kernel", "ipclab 0.1 (g" IPCLAB_REV ")");
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
	win_pos += len + 1;
	seq = 0;
	trace_enabled = true;
}

void trace_tick(void)
{
	if (!trace_enabled)
		return;
	u64 flags = spin_lock_irqsave(&trace_lock);
	window_commit();
	virtcons_push(port); /* does nothing when the open buffer is empty */
	spin_unlock_irqrestore(&trace_lock, flags);
}

void trace_flush(void)
{
	if (!trace_enabled)
		return;
	u64 flags = spin_lock_irqsave(&trace_lock);
	window_commit();
	virtcons_sync(port);
	spin_unlock_irqrestore(&trace_lock, flags);
}

u64 trace_events(void)
{
	return seq;
}
