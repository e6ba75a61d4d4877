/* arch/aarch64/timer.c: the EL1 virtual timer (CNTV_*, PPI 27) and the clock (CNTVCT_EL0). One-shot: it is set to
 * the next tick (1/HZ s, for preemption) or an earlier sleeper's deadline. (ARM ARM D11 "The Generic Timer".) */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/platform.h"
#include "kernel/itimer.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/trace.h"

u64 timer_hz;
static u64 next_tick_ns; /* time of the next scheduler tick */
static u64 armed_ns;     /* what the hardware timer is set to */

u64 time_cycles(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

u64 time_ns(void)
{
	return cycles_to_ns(time_cycles());
}

static void arm_at(u64 ns)
{
	u64 now = time_ns();
	u64 delta = ns > now ? ns - now : 0;
	u64 cycles = (delta / 1000) * timer_hz / 1000000 + 1;
	write_sysreg(cntv_tval_el0, cycles);
	write_sysreg(cntv_ctl_el0, 1);
	armed_ns = ns;
}

void timer_set_deadline(u64 ns)
{
	if (ns < armed_ns)
		arm_at(ns);
}

void timer_init(void)
{
	timer_hz = read_sysreg(cntfrq_el0);
	next_tick_ns = time_ns() + 1000000000UL / HZ;
	arm_at(next_tick_ns);
	gic_enable(IRQ_VTIMER);
}

void timer_irq(void)
{
	u64 now = time_ns();
	if (now >= next_tick_ns) {
		next_tick_ns = now + 1000000000UL / HZ;
		sched_tick();
		trace_tick();
		klog_tick(now);
	}
	sleep_expire(now);
	u64 next = MIN(sleep_next_deadline(), itimer_expire(now));
	arm_at(next < next_tick_ns ? next : next_tick_ns);
}
