/* kernel/printk.c: the kernel log. Lines go to an in-memory ring (so nothing printed before the virtio console
 * is up is lost), to the virtio port "ipclab.log" once it is up, and to the PL011 with `verbose`. */
#include "arch/aarch64/platform.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/virtio_console.h"

#define LOG_RING 16384
static char log_ring[LOG_RING];
static size_t log_len;     /* bytes ever written to the ring */
static size_t log_sent;    /* bytes ever sent to the log port */
static int log_port = -1;
bool printk_verbose;
static spinlock_t printk_lock = SPINLOCK_INIT("printk");

static void log_flush_locked(void)
{
	if (log_port < 0)
		return;
	if (log_len - log_sent > LOG_RING)
		log_sent = log_len - LOG_RING;
	while (log_sent < log_len) {
		size_t off = log_sent % LOG_RING;
		size_t n = MIN(log_len - log_sent, LOG_RING - off);
		virtcons_write(log_port, log_ring + off, n);
		log_sent += n;
	}
}

/* printk_attach_port: from now on the log also goes to virtio port `port` (what was logged before is sent). */
void printk_attach_port(int port)
{
	u64 f = spin_lock_irqsave(&printk_lock);
	log_port = port;
	log_flush_locked();
	spin_unlock_irqrestore(&printk_lock, f);
}

static void log_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_ring[(log_len + i) % LOG_RING] = s[i];
	log_len += n;
	if (printk_verbose)
		pl011_write(s, n);
	log_flush_locked();
}

void printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = k_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	u64 f = spin_lock_irqsave(&printk_lock);
	log_write(buf, n);
	spin_unlock_irqrestore(&printk_lock, f);
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	__asm__ volatile("msr daifset, #2");
	va_start(ap, fmt);
	int n = k_snprintf(buf, sizeof buf, "\nkernel panic: ");
	n += k_vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	pl011_write(buf, n);
	trace_flush_panic(); /* what led here reaches the host too */
	if (log_port >= 0 && !spin_holding(&printk_lock)) {
		log_write(buf, n);
	}
	machine_halt(70);
}

bool __ratelimit(struct ratelimit_state *rs, const char *func)
{
	u64 now = time_ns();
	if (!rs->begin_ns || now - rs->begin_ns >= RATELIMIT_INTERVAL_NS) {
		if (rs->missed)
			printk("%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin_ns = now;
		rs->printed = rs->missed = 0;
	}
	if (rs->printed < RATELIMIT_BURST) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}
