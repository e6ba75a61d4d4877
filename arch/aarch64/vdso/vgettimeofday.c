/* arch/aarch64/vdso/vgettimeofday.c: clock_gettime, gettimeofday and clock_getres in user space (vdso(7)): the
 * time is the generic timer's virtual counter (CNTVCT_EL0, which the kernel lets EL0 read) converted with the
 * frequency and clock bases the kernel keeps in the data page (struct vdso_data, below the image). No exception,
 * no kernel entry: a few instructions instead of a system call. A clock the data page does not cover (the
 * per-process CPU clocks, unknown ids) goes to the system call, which gives its answer or its error; the vDSO
 * returns what the system call would, a negative errno on failure, as Linux's vDSO does (the C library turns it
 * into errno). Like Linux's, it writes through the caller's pointers directly: a bad pointer is SIGSEGV here,
 * not EFAULT. Built -fPIC without relocations (mk/kernel.mk checks), so it runs wherever it is mapped. */
#define VDSO_BUILD
#include "arch/aarch64/vdso/vdso.h"

#define __NR_gettimeofday 169
#define __NR_clock_gettime 113
#define __NR_clock_getres 114

struct timespec_k {
	s64 tv_sec, tv_nsec;
};
struct timeval_k {
	s64 tv_sec, tv_usec;
};
struct timezone_k {
	s32 tz_minuteswest, tz_dsttime;
};

/* The data page, one page below the image (vdso.lds): hidden, so the reference is PC-relative. */
extern const struct vdso_data _vdso_data __attribute__((visibility("hidden")));

/* syscall2: the system call nr with two arguments; returns x0 (a negative errno on failure). */
static inline long syscall2(long nr, long a0, long a1)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x8) : "memory");
	return x0;
}

/* read_counter: CNTVCT_EL0. The isb keeps the read from being taken early, before the reads of the data page
 * that precede it (Linux's __arch_get_hw_counter does the same). */
static inline u64 read_counter(void)
{
	u64 c;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c)::"memory");
	return c;
}

/* clock_ns: clock clk's time in ns into *ns; 0, or -1 when the data page does not cover clk. Reads the data page
 * under its sequence lock: again when the kernel was changing it (odd seq) or changed it meanwhile. */
static int clock_ns(const struct vdso_data *vd, u64 clk, u64 *ns)
{
	u32 seq;
	u64 base, hz, cycles;
	do {
		seq = __atomic_load_n(&vd->seq, __ATOMIC_ACQUIRE);
		if (seq & 1)
			continue;
		if (clk >= VDSO_CLOCKS || !(vd->clock_mask & (1u << clk)))
			return -1;
		base = vd->clock_base_ns[clk];
		hz = vd->cntfrq;
		cycles = read_counter();
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((seq & 1) || __atomic_load_n(&vd->seq, __ATOMIC_RELAXED) != seq);
	*ns = cycles_to_ns_at(cycles, hz) + base;
	return 0;
}

/* __kernel_clock_gettime(clk, ts): clock_gettime(2). 0, or the system call's result for other clocks. */
int __kernel_clock_gettime(int clk, struct timespec_k *ts)
{
	u64 ns;
	if (clock_ns(&_vdso_data, (u32)clk, &ns))
		return (int)syscall2(__NR_clock_gettime, clk, (long)ts);
	ts->tv_sec = (s64)(ns / 1000000000UL);
	ts->tv_nsec = (s64)(ns % 1000000000UL);
	return 0;
}

/* __kernel_gettimeofday(tv, tz): gettimeofday(2): CLOCK_REALTIME in microseconds; tz (obsolete) reads zero, as
 * Linux's sys_tz does unless settimeofday set it. Either pointer may be NULL. */
int __kernel_gettimeofday(struct timeval_k *tv, struct timezone_k *tz)
{
	u64 ns;
	if (clock_ns(&_vdso_data, 0 /* CLOCK_REALTIME */, &ns))
		return (int)syscall2(__NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		tv->tv_sec = (s64)(ns / 1000000000UL);
		tv->tv_usec = (s64)(ns % 1000000000UL / 1000);
	}
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

/* __kernel_clock_getres(clk, res): clock_getres(2); res may be NULL. The system call answers other clocks. */
int __kernel_clock_getres(int clk, struct timespec_k *res)
{
	const struct vdso_data *vd = &_vdso_data;
	if ((u32)clk >= VDSO_CLOCKS || !(vd->clock_mask & (1u << clk)))
		return (int)syscall2(__NR_clock_getres, clk, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = (s64)vd->res_ns;
	}
	return 0;
}
