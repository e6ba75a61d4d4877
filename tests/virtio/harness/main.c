/* tests/virtio/harness/main.c: drives kernel/virtio_console.c and kernel/trace.c on bare metal under QEMU and
 * reports on the serial console, one line each:
 *   check ok - WHAT / check fail - WHAT   (tests/virtio/run numbers them as TAP lines)
 *   stat NAME VALUE                       (figures; the trace file is then checked on the host)
 * The kernel command line (device tree /chosen/bootargs) says how many events: "count=N". */
#include "kernel/fdt.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/virtio_console.h"
#include "kernel/lib/string.h"
#include "arch/aarch64/include/io.h"

static int failures;

static void check(bool ok, const char *what)
{
	printk("check %s - %s\n", ok ? "ok" : "fail", what);
	failures += !ok;
}

/* arg_u64: the value of "key=N" in the command line, or def. */
static u64 arg_u64(const char *args, const char *key, u64 def)
{
	size_t kl = strlen(key);
	for (const char *p = args; p && *p; p++) {
		if ((p == args || p[-1] == ' ') && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			u64 v = 0;
			for (p += kl + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (u64)(*p - '0');
			return v;
		}
	}
	return def;
}

/* emit_pipe_write: an event shaped like the kernel's pipe.write (about 200 bytes). */
static void emit_pipe_write(u64 i)
{
	static const char payload[64] = "hello, pipe! \x01\x02 binary \"quoted\" \\ and more text to fill it.....";
	struct jw *w = trace_begin("pipe.write", 2 + (int)(i & 3));
	if (!w)
		return;
	jw_int(w, "pipe", 1);
	jw_uint(w, "head", i * 64 + 64);
	jw_uint(w, "tail", i * 64);
	jw_uint(w, "cap", 65536);
	jw_int(w, "readers", 1);
	jw_int(w, "writers", 1);
	jw_uint(w, "n", 64);
	jw_bytes(w, "data", payload, 64, TRACE_DATA_MAX);
	trace_end(w);
}

static u64 per_op_ns(u64 t0, u64 n) { return n ? (time_ns() - t0) * 1000 / n : 0; } /* picoseconds/op */

void mmu_on(void);
__attribute__((noinline)) static u64 noop_call(u64 x) { __asm__ volatile("" ::: "memory"); return x + 1; }

int hmain(void)
{
	mmu_on(); /* first: the code is built like the kernel's, with unaligned accesses (Normal memory only) */
	timer_hz = read_sysreg(cntfrq_el0);

	const void *dtb = (const void *)0x40000000UL;
	int len = 0;
	const char *args = fdt_check(dtb, 1 << 20) == 0 ? fdt_getprop(dtb, "/chosen", "bootargs", &len) : NULL;
	if (!args)
		args = "";
	u64 count = arg_u64(args, "count", 100000);
	printk("stat mmu %d\n", (int)(read_sysreg(sctlr_el1) & 1));

	u64 t0 = time_ns();
	int r = virtcons_init();
	printk("stat init_ns %llu\n", (unsigned long long)(time_ns() - t0));
	check(r == 0, "virtcons_init finds the console and completes the handshake");
	if (r)
		return 1;
	int tp = virtcons_port("ipclab.trace"), lp = virtcons_port("ipclab.log");
	printk("stat trace_port %d\nstat log_port %d\n", tp, lp);
	check(tp == 1 && lp == 2, "ports are found by name (ipclab.trace = 1, ipclab.log = 2)");
	check(virtcons_port("nonesuch") < 0, "an unknown port name gives -ENOENT");

	/* The log port: plain writes, one descriptor each, plus one longer than a buffer. */
	static char big[10000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (i % 100 == 99) ? '\n' : (char)('a' + i % 26);
	long w1 = virtcons_write(lp, "harness: log line 1\n", 20);
	long w2 = virtcons_write(lp, big, sizeof big);
	long w3 = virtcons_write(lp, "harness: log end\n", 17);
	virtcons_sync(lp);
	check(w1 == 20 && w2 == (long)sizeof big && w3 == 17, "virtcons_write to the log port returns the length");

	trace_init(args, true);
	check(trace_enabled, "trace_init finds ipclab.trace and enables tracing");

	/* Tracing off costs an inline test. */
	trace_enabled = false;
	t0 = time_ns();
	int nulls = 0;
	for (int i = 0; i < 1000000; i++) {
		__asm__ volatile("" ::: "memory");
		nulls += trace_begin("pipe.write", 1) == NULL;
	}
	printk("stat off_ps_per_event %llu\n", (unsigned long long)per_op_ns(t0, 1000000));
	trace_enabled = true;
	check(nulls == 1000000, "trace_begin returns NULL while tracing is off");

	spinlock_t l = SPINLOCK_INIT("bench");

	if (arg_u64(args, "micro", 0)) {
		u64 sink = 0;
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			sink += time_ns();
		printk("stat micro_time_ns_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			sink += read_sysreg(cntvct_el0);
		printk("stat micro_cntvct_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			sink += read_sysreg(mpidr_el1);
		printk("stat micro_mpidr_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++) {
			u64 f = read_sysreg(daif);
			__asm__ volatile("msr daifset, #2" ::: "memory");
			write_sysreg(daif, f);
		}
		printk("stat micro_daif_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			__asm__ volatile("sevl\n wfe" ::: "memory");
		printk("stat micro_sevl_wfe_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		static char jb[4096];
		struct jw jw;
		t0 = time_ns();
		for (int i = 0; i < 100000; i++) {
			jw_init(&jw, jb, sizeof jb);
			jw_obj_begin(&jw, NULL);
			jw_int(&jw, "readers", i);
			jw_obj_end(&jw);
		}
		printk("stat micro_jw_int_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		static const char payload[64] = "hello, pipe! \x01\x02 binary \"quoted\" \\ and more text to fill it.....";
		t0 = time_ns();
		for (int i = 0; i < 100000; i++) {
			jw_init(&jw, jb, sizeof jb);
			jw_obj_begin(&jw, NULL);
			jw_bytes(&jw, "data", payload, 64, 64);
			jw_obj_end(&jw);
		}
		printk("stat micro_jw_bytes64_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			memcpy(jb, payload, 40);
		printk("stat micro_memcpy40_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			sink += noop_call(i);
		printk("stat micro_call_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++)
			__asm__ volatile("" ::: "memory");
		printk("stat micro_loop_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		t0 = time_ns();
		for (int i = 0; i < 100000; i++) {
			for (int k = 0; k < 64; k++)
				((volatile char *)jb)[k] = payload[k];
		}
		printk("stat micro_bytecopy64_ps %llu\n", (unsigned long long)per_op_ns(t0, 100000));
		printk("stat sink %llu\n", (unsigned long long)(sink & 1));
	}

	/* The main run: count pipe.write events as fast as the port takes them. */
	struct virtcons_stats s0, s1;
	virtcons_stats(tp, &s0);
	u64 seq0 = trace_events();
	t0 = time_ns();
	for (u64 i = 0; i < count; i++)
		emit_pipe_write(i);
	trace_flush();
	u64 dt = time_ns() - t0;
	virtcons_stats(tp, &s1);
	check(trace_events() - seq0 == count, "trace_events counts every event");
	printk("stat run_events %llu\nstat run_ns %llu\nstat run_bytes %llu\nstat run_bufs %llu\nstat run_waits %llu\n",
	       (unsigned long long)count, (unsigned long long)dt, (unsigned long long)(s1.bytes - s0.bytes),
	       (unsigned long long)(s1.bufs - s0.bufs), (unsigned long long)(s1.waits - s0.waits));
	printk("stat events_per_s %llu\nstat bytes_per_s %llu\n", (unsigned long long)(dt ? count * 1000000000ull / dt : 0),
	       (unsigned long long)(dt ? (s1.bytes - s0.bytes) * 1000000000ull / dt : 0));

	/* Cost of the event machinery alone: begin + end, and a full pipe.write. The host is busy with other work
	 * too, so each figure is the best of 8 rounds of 2,500 events. */
	u64 best_empty = ~0ull, best_pipe = ~0ull, best_lock = ~0ull, best_lt = ~0ull, sink2 = 0;
	for (int round = 0; round < 8; round++) {
		t0 = time_ns();
		for (int i = 0; i < 2500; i++) {
			struct jw *w = trace_begin("trace.mark", 0);
			trace_end(w);
		}
		best_empty = MIN(best_empty, per_op_ns(t0, 2500));
		t0 = time_ns();
		for (int i = 0; i < 2500; i++)
			emit_pipe_write((u64)i);
		best_pipe = MIN(best_pipe, per_op_ns(t0, 2500));
		t0 = time_ns();
		for (int i = 0; i < 2500; i++)
			spin_unlock_irqrestore(&l, spin_lock_irqsave(&l));
		best_lock = MIN(best_lock, per_op_ns(t0, 2500));
		t0 = time_ns();
		for (int i = 0; i < 2500; i++) {
			u64 f = spin_lock_irqsave(&l);
			sink2 += time_ns();
			spin_unlock_irqrestore(&l, f);
		}
		best_lt = MIN(best_lt, per_op_ns(t0, 2500));
	}
	printk("stat lock_time_ps %llu\n", (unsigned long long)(best_lt + (sink2 & 1)));
	printk("stat empty_event_ps %llu\nstat pipe_event_ps %llu\nstat spinlock_ps %llu\n",
	       (unsigned long long)best_empty, (unsigned long long)best_pipe, (unsigned long long)best_lock);

	/* Overflow: an event longer than TRACE_EVENT_MAX, and one left open, become trace.overflow. */
	static char huge[3 * TRACE_EVENT_MAX];
	memset(huge, 'x', sizeof huge);
	u64 ovf_seq = trace_events();
	struct jw *w = trace_begin("pipe.write", 7);
	jw_bytes(w, "data", huge, sizeof huge, sizeof huge);
	trace_end(w);
	w = trace_begin("pipe.wake", 7);
	jw_arr_begin(w, "woken");
	trace_end(w);
	printk("stat overflow_seq %llu\n", (unsigned long long)ovf_seq);
	check(trace_events() == ovf_seq + 2, "overflowing events keep their seq numbers");

	/* trace_tick sends a partial batch (one buffer), and nothing when there is nothing new. */
	struct virtcons_stats a, b, c;
	w = trace_begin("trace.mark", 0);
	jw_str(w, "text", "tick");
	trace_end(w);
	virtcons_stats(tp, &a);
	trace_tick();
	virtcons_stats(tp, &b);
	trace_tick();
	virtcons_stats(tp, &c);
	check(b.bufs == a.bufs + 1 && c.bufs == b.bufs && virtcons_pending(tp) == 0,
	      "trace_tick sends a partly filled batch, and nothing when there is nothing new");

	w = trace_begin("kernel.halt", 0);
	jw_int(w, "status", 0);
	trace_end(w);
	trace_flush();
	virtcons_stats(tp, &s1);
	printk("stat events %llu\nstat total_bytes %llu\nstat total_bufs %llu\nstat notifies %llu\nstat pages %llu\n",
	       (unsigned long long)trace_events(), (unsigned long long)s1.bytes, (unsigned long long)s1.bufs,
	       (unsigned long long)s1.notifies, (unsigned long long)pages_in_use());
	printk("done %d\n", failures);
	return failures;
}
