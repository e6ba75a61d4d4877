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
#include "kernel/printk.h"
#include "arch/aarch64/include/io.h"

#ifndef IPCLAB_REV
#define IPCLAB_REV "unknown" /* mk/kernel.mk passes -DIPCLAB_REV='"1a2b3c4"' (git rev-parse --short HEAD) */
#endif
#define TRACE_VERSION 2
#define TRACE_PORT_NAME "ipclab.trace"
#define TRACE_BUFS 8                /* transmit buffers in flight at most */
#define TRACE_BUF_SIZE (64 * 1024)  /* bytes per buffer (one virtio descriptor) */
#define TYPE_MAX 64                 /* longest type name written */

/* Everything an event touches lives together in one small block (TRACE_HOT), so one page: QEMU empties its TLB
 * at every address-space switch, and refilling an entry costs a page-table walk in software. (The names seq,
 * win_pos, port and trace_enabled are read by scripts/gdb/ipclab.py.) */
#define TRACE_HOT __attribute__((section(".data.trace_hot")))
/* The same for the code every event runs (trace_begin_n's fast path, trace_end, trace_begin_on: under 4 KiB):
 * one page to refill, and jumps inside it stay chained (QEMU links translated blocks directly only within a
 * page). */
#define TRACE_HOT_TEXT __attribute__((section(".text.trace_hot")))
static spinlock_t trace_lock TRACE_HOT __attribute__((aligned(256))) = SPINLOCK_INIT("trace");
bool trace_enabled TRACE_HOT;
static int port TRACE_HOT = -1; /* the trace port's number */
static u64 seq TRACE_HOT;       /* the next event's seq */
/* The event being written; valid between trace_begin_on and trace_end (the lock holder's). */
static struct jw ev TRACE_HOT;
static u64 ev_flags TRACE_HOT; /* DAIF to restore at trace_end */
/* Timestamps: ns = cycles * ns_int + (cycles * ns_frac) >> 64, where ns_int + ns_frac / 2^64 = 10^9 / timer_hz
 * (exact at QEMU's 62.5 MHz: 16 ns per cycle). No division per event. ts_exact: timer_hz could not be
 * expressed so (0 or >= 2^32): use time_ns(). */
static u64 ns_int TRACE_HOT, ns_frac TRACE_HOT;
static bool ts_exact TRACE_HOT;

/* Writing the common fields. Under QEMU's TCG a load or store costs a few ns (a software TLB lookup each), a call
 * or a taken branch more, while arithmetic is nearly free: so digits are formed in a register (jsonw.h's
 * jw__u64) and stored 8 bytes at a time, and literals are stored as immediates. Stores may run up to 7 bytes
 * past the text's end: trace_begin_on always has TRACE_EVENT_MAX bytes of room. Unaligned 8-byte stores need
 * the MMU on (Normal memory), as in the kernel. */
#define PUT_LIT(p, lit) (__builtin_memcpy(p, lit, sizeof(lit) - 1), (p) + sizeof(lit) - 1)

static inline int cpu_id(void)
{
	return (int)(read_sysreg(mpidr_el1) & 0xff);
}

static inline u64 trace_ts(void)
{
	if (unlikely(ts_exact))
		return time_ns();
	isb();
	u64 c = read_sysreg(cntvct_el0);
	return c * ns_int + (u64)(((unsigned __int128)c * ns_frac) >> 64);
}

/* The trace lock, inline: the generic spinlock (kernel/spinlock.c) is two calls, and it writes DAIF on both
 * sides; a DAIF write makes QEMU leave its translated code to look for interrupts. Kernel code mostly runs with
 * IRQs masked already, so DAIF is only written when they were not. Same exclusives as spinlock.c. */
static inline bool trace_trylock(void)
{
	u32 v, fail;
	__asm__ volatile("ldaxr %w0, [%2]\n"
			 "cbnz %w0, 1f\n"
			 "stxr %w1, %w3, [%2]\n"
			 "b 2f\n"
			 "1: mov %w1, #1\n"
			 "2:"
			 : "=&r"(v), "=&r"(fail)
			 : "r"(&trace_lock.locked), "r"(1)
			 : "memory");
	return fail == 0;
}

/* trace_lock_wait: the lock is taken. By this CPU (an event begun while one is open: a bug), or another. */
static __attribute__((noinline)) void trace_lock_wait(int cpu)
{
	if (trace_lock.cpu == cpu)
		panic("trace: trace_begin while this CPU has an event open (lock %s taken twice)", trace_lock.name);
	do
		__asm__ volatile("wfe" ::: "memory"); /* woken by the release clearing our ldaxr's monitor */
	while (!trace_trylock());
}

static inline u64 trace_lock_irqsave(int cpu)
{
	u64 flags = read_sysreg(daif);
	if (unlikely(!(flags & DAIF_MASKED)))
		__asm__ volatile("msr daifset, #2" ::: "memory");
	if (unlikely(!trace_trylock()))
		trace_lock_wait(cpu);
	trace_lock.cpu = cpu;
	return flags;
}

static inline void trace_unlock_irqrestore(u64 flags)
{
	trace_lock.cpu = -1;
	__asm__ volatile("stlr wzr, [%0]" ::"r"(&trace_lock.locked) : "memory");
	if (unlikely(!(flags & DAIF_MASKED)))
		write_sysreg(daif, flags);
}

/* The window: the free part of the port's open buffer that trace_begin_on writes events into. Events in it
 * are committed to the port (virtcons_commit) only when the window is refilled, pushed or synced, which saves
 * two calls per event. */
static char *win_start TRACE_HOT, *win_pos TRACE_HOT, *win_end TRACE_HOT;

/* window_commit: tell the port about the events written in the window, and forget the window. */
static void window_commit(void)
{
	if (win_pos != win_start)
		virtcons_commit(port, (size_t)(win_pos - win_start));
	win_start = win_pos = win_end = NULL;
}

/* window_refill: a window of at least TRACE_EVENT_MAX bytes (the port sends a full buffer and may wait for the
 * host to return one). False when the port cannot give one (it always can once trace_init succeeded). */
static __attribute__((noinline)) bool window_refill(void)
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

/* put_small: v (< 10^8) in decimal. put_num: any v; both inline and without calls, so that trace_begin_n's fast
 * path is a leaf function (no registers to save). ts is above 10^8 after the first 0.1 s. */
static inline __attribute__((always_inline)) char *put_small(char *p, u64 v)
{
	u64 d = jw__digits8((u32)v);
	unsigned z = (unsigned)__builtin_ctzll((d - 0x3030303030303030ull) | (1ull << 56)) >> 3;
	jw__st8(p, d >> (8 * z));
	return p + 8 - z;
}

static inline __attribute__((always_inline)) char *put_num(char *p, u64 v)
{
	if (likely(v < 100000000u))
		return put_small(p, v);
	u64 hi = v / 100000000u, lo = v - hi * 100000000u;
	if (likely(hi < 100000000u)) {
		p = put_small(p, hi);
	} else {
		u64 top = hi / 100000000u;
		p = put_small(p, top);
		jw__st8(p, jw__digits8((u32)(hi - top * 100000000u)));
		p += 8;
	}
	jw__st8(p, jw__digits8((u32)lo));
	return p + 8;
}

/* copy_type: the n (1..TYPE_MAX) characters of type at p with 8-byte (4-byte) loads and stores, the last one
 * overlapping; never reads outside type[0..n). */
static inline __attribute__((always_inline)) char *copy_type(char *p, const char *type, size_t n)
{
	if (likely(n >= 8)) {
		for (size_t i = 0; i + 8 < n; i += 8)
			jw__st8(p + i, jw__ld8(type + i));
		jw__st8(p + n - 8, jw__ld8(type + n - 8));
	} else if (n >= 4) {
		u32 a, b;
		__builtin_memcpy(&a, type, 4);
		__builtin_memcpy(&b, type + n - 4, 4);
		__builtin_memcpy(p, &a, 4);
		__builtin_memcpy(p + n - 4, &b, 4);
	} else {
		for (size_t i = 0; i < n; i++)
			p[i] = type[i];
	}
	return p + n;
}

/* start_event: write {"seq":..,"ts":..,"cpu":..,"pid":..,"type":"..." at buf and point ev at it, as if written
 * with jw_obj_begin and four members (kernel/lib/jsonw.h: depth 1, a member already written). Straight-line
 * code: under QEMU's TCG every call and return costs as much as a dozen instructions. */
static inline __attribute__((always_inline)) void start_event(char *buf, const char *type, size_t n, int cpu, u64 ts,
								  int pid)
{
	char *p = buf;
	p = PUT_LIT(p, "{\"seq\":");
	p = put_num(p, seq);
	p = PUT_LIT(p, ",\"ts\":");
	p = put_num(p, ts);
	p = PUT_LIT(p, ",\"cpu\":");
	p = put_small(p, (u64)cpu);
	p = PUT_LIT(p, ",\"pid\":");
	*p = '-';
	p += pid < 0;
	p = put_num(p, pid < 0 ? -(u64)(s64)pid : (u64)pid);
	p = PUT_LIT(p, ",\"type\":\"");
	p = copy_type(p, type, n);
	*p++ = '"';
	/* ev.cap, ev.depth (1) and ev.overflow (false) stay as trace_init set them: trace_end only takes its fast
	 * path when they still are, and trace_end_overflow puts them back. */
	ev.buf = ev.open = buf; /* pos != open: the next member has a comma */
	ev.pos = p;
	ev.lim = buf + TRACE_EVENT_MAX - 1; /* jsonw keeps one byte for a NUL: the '\n' goes there */
}

/* begin_event: the lock is held: stamp and start the event. */
static inline __attribute__((always_inline)) struct jw *begin_event(const char *type, size_t n, int pid, int cpu,
								     u64 flags, u64 ts)
{
	ev_flags = flags;
	start_event(win_pos, type, n, cpu, ts, pid);
	return &ev;
}

/* trace_begin_slow: everything trace_begin_n leaves out of its fast path: the lock taken (held = false), the
 * window to refill, an odd type length, a timer that needs time_ns(). */
static __attribute__((noinline)) struct jw *trace_begin_slow(const char *type, size_t n, int pid, int cpu, u64 flags,
							      bool held)
{
	if (!held) {
		trace_lock_wait(cpu);
		trace_lock.cpu = cpu;
	}
	if (win_end - win_pos < TRACE_EVENT_MAX && !window_refill()) {
		trace_unlock_irqrestore(flags);
		return NULL;
	}
	if (n - 1 >= TYPE_MAX) /* empty or too long: cut (types are our own short names) */
		n = n ? TYPE_MAX : 0;
	return begin_event(type, n, pid, cpu, flags, trace_ts());
}

TRACE_HOT_TEXT __attribute__((aligned(4096))) struct jw *trace_begin_n(const char *type, size_t n, int pid)
{
	int cpu = cpu_id();
	u64 flags = read_sysreg(daif);
	if (unlikely(!(flags & DAIF_MASKED)))
		__asm__ volatile("msr daifset, #2" ::: "memory");
	if (unlikely(!trace_trylock()))
		return trace_begin_slow(type, n, pid, cpu, flags, false);
	trace_lock.cpu = cpu;
	if (unlikely(win_end - win_pos < TRACE_EVENT_MAX || n - 1 >= TYPE_MAX || ts_exact))
		return trace_begin_slow(type, n, pid, cpu, flags, true);
	isb();
	u64 c = read_sysreg(cntvct_el0);
	return begin_event(type, n, pid, cpu, flags, c * ns_int + (u64)(((unsigned __int128)c * ns_frac) >> 64));
}

/* type_len: strlen(type), at most TYPE_MAX + 1, eight bytes per step. The loads are aligned words, so they never
 * cross into another page past the NUL. */
typedef u64 __attribute__((may_alias)) u64_alias;
static inline size_t type_len(const char *type)
{
	const u64 ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	unsigned off = (unsigned)((uintptr_t)type & 7);
	const u64_alias *q = (const u64_alias *)(type - off);
	u64 x = *q >> (8 * off) | ~0ull << 1 << (63 - 8 * off); /* bytes before type dropped, 0xff shifted in */
	size_t n = 0;
	for (;;) {
		u64 z = (x - ones) & ~x & highs; /* the lowest marked byte is the first NUL */
		if (z)
			return n + (__builtin_ctzll(z) >> 3);
		n += 8 - off;
		if (n > TYPE_MAX)
			return n;
		off = 0;
		x = *++q;
	}
}

TRACE_HOT_TEXT struct jw *trace_begin_on(const char *type, int pid)
{
	return trace_begin_n(type, type_len(type), pid);
}

/* end_event: the event's text (len bytes, '\n' included) is in the window: count it, release the lock. */
static inline __attribute__((always_inline)) void end_event(size_t len)
{
	win_pos += len;
	seq++;
	trace_unlock_irqrestore(ev_flags);
}

/* trace_end_overflow: trace_end found the event too long, or the caller left an object/array open: the
 * same seq becomes a trace.overflow event saying what it was. Its common fields are the event's own, still at the
 * start of its text: {"seq":..,"ts":..,"cpu":..,"pid":..,"type":"TYPE" (nothing writes before its own start). */
static __attribute__((noinline)) void trace_end_overflow(struct jw *w)
{
	bool nesting = !w->overflow && w->depth != 1;
	char type[TYPE_MAX + 1], *t = w->buf;
	while (memcmp(t, ",\"type\":\"", 9) != 0)
		t++;
	t += 9;
	size_t n = 0;
	for (; n < TYPE_MAX && t[n] != '"'; n++)
		type[n] = t[n];
	type[n] = '\0';
	char *p = copy_type(t, "trace.overflow", 14);
	*p++ = '"';
	w->open = w->buf;
	w->pos = p;
	w->lim = w->buf + TRACE_EVENT_MAX - 1;
	w->cap = TRACE_EVENT_MAX;
	w->depth = 1;
	w->overflow = false;
	jw_str(w, "event", type);
	jw_str(w, "reason", nesting ? "nesting" : "too long");
	jw_uint(w, "limit", TRACE_EVENT_MAX);
	*w->pos++ = '}';
	*w->pos++ = '\n';
	end_event(jw_len(w));
}

TRACE_HOT_TEXT void trace_end(struct jw *w)
{
	char *p = w->pos;
	if (unlikely(w->overflow || w->depth != 1 || p + 1 >= w->lim)) { /* "}\n" fits up to lim (the NUL's byte) */
		trace_end_overflow(w);
		return;
	}
	p[0] = '}';
	p[1] = '\n';
	win_pos = p + 2; /* the event started at win_pos (== w->buf) */
	seq++;
	trace_unlock_irqrestore(ev_flags);
}

void trace_init(const char *bootargs, bool enable)
{
	trace_enabled = false;
	port = virtcons_port(TRACE_PORT_NAME);
	if (port < 0 || !enable)
		return;
	/* 10^9 / timer_hz as ns_int + ns_frac / 2^64, by long division in 32-bit steps (no 128-bit divide). */
	ts_exact = timer_hz == 0 || timer_hz >= (1ull << 32);
	if (!ts_exact) {
		u64 r = 1000000000ull % timer_hz, q1 = (r << 32) / timer_hz, r1 = (r << 32) % timer_hz;
		ns_int = 1000000000ull / timer_hz;
		ns_frac = q1 << 32 | (r1 << 32) / timer_hz;
	}
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
	ev.cap = TRACE_EVENT_MAX;
	ev.depth = 1;
	ev.overflow = false;
	trace_enabled = true;
}

void trace_tick(void)
{
	if (!trace_enabled)
		return;
	u64 flags = trace_lock_irqsave(cpu_id());
	window_commit();
	virtcons_push(port); /* does nothing when the open buffer is empty */
	trace_unlock_irqrestore(flags);
}

void trace_flush(void)
{
	if (!trace_enabled)
		return;
	u64 flags = trace_lock_irqsave(cpu_id());
	window_commit();
	virtcons_sync(port);
	trace_unlock_irqrestore(flags);
}

void trace_flush_panic(void)
{
	static bool once;
	if (!trace_enabled || once || !trace_trylock())
		return; /* a panic inside the trace (this CPU holds the lock), or a second panic on the way out */
	once = true;
	trace_lock.cpu = cpu_id();
	window_commit();
	virtcons_sync(port);
}

u64 trace_events(void)
{
	return seq;
}
