/* kernel/printk.h: kernel log (kernel/printk.c).
 * printk writes to the kernel log: an in-memory ring, the virtio port "ipclab.log" once it is up, and the PL011
 * console too when the command line says `verbose`. panic prints on the PL011 always, then halts with status 70. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include "kernel/types.h"
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* klog_start: bring up the log's virtio port and print the boot lines (kernel/main.c, which says when it runs);
 * a no-op after the first call. IRQs masked. */
void klog_start(void);
/* klog_tick: from the scheduler tick with the time since boot (ns): klog_start once that is KLOG_DEFER_NS. */
void klog_tick(u64 now_ns);
#define KLOG_DEFER_NS (50 * 1000000UL) /* 50 ms */
/* struct ratelimit_state: one call site's budget (Linux include/linux/ratelimit_types.h): at most
 * RATELIMIT_BURST messages every RATELIMIT_INTERVAL_NS; missed counts the ones held back since. */
struct ratelimit_state {
	u64 begin_ns;
	int printed, missed;
};
#define RATELIMIT_INTERVAL_NS (5 * 1000000000ULL) /* Linux's DEFAULT_RATELIMIT_INTERVAL, 5 s */
#define RATELIMIT_BURST 10                         /* DEFAULT_RATELIMIT_BURST */
/* __ratelimit: may the call site with state rs print now? When a new interval starts after messages were held
 * back, it first logs "func: N callbacks suppressed", as Linux's ___ratelimit does. */
bool __ratelimit(struct ratelimit_state *rs, const char *func);
/* printk_ratelimited: printk, at most RATELIMIT_BURST times per interval from this call site: for what user
 * programs can make the kernel say as often as they like (faults, unimplemented calls). */
#define printk_ratelimited(...)                                                                                    \
	do {                                                                                                       \
		static struct ratelimit_state _rs;                                                                \
		if (__ratelimit(&_rs, __func__))                                                                   \
			printk(__VA_ARGS__);                                                                       \
	} while (0)
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#endif
