/* sig_fp: registers survive a handler that runs at an arbitrary point. A periodic ITIMER_REAL interrupts code
 * that keeps values in all 32 SIMD registers (128 bits each) and in x19-x28; the handler overwrites every SIMD
 * register, computes in floating point and changes the rounding mode (FPCR). After many deliveries the
 * interrupted code finds its registers and its rounding mode unchanged, and a floating-point loop computed with
 * the timer running gives bit for bit the result it gives without. */
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"

static volatile int hits, entry_round_ok = 1, handler_round_ok = 1;
static volatile double sink;

static void h(int s)
{
	(void)s;
	if (fegetround() != FE_DOWNWARD)
		entry_round_ok = 0; /* the handler starts with the interrupted code's FPCR */
	static const uint64_t junk[64] = { [0 ... 63] = 0xdeadbeefdeadbeefULL };
	__asm__ volatile("mov x9, %0\n"
			 "ld1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64\n"
			 "ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9], #64\n"
			 "ld1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x9], #64\n"
			 "ld1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x9], #64\n"
			 "mov x9, %0\n"
			 "ld1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x9], #64\n"
			 "ld1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x9], #64\n"
			 "ld1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x9], #64\n"
			 "ld1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x9], #64\n" ::"r"(junk)
			 : "x9", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13",
			   "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26",
			   "v27", "v28", "v29", "v30", "v31", "memory");
	fesetround(FE_UPWARD);
	volatile double a = 1.0, b = 3.0;
	sink = a / b;
	if (fegetround() != FE_UPWARD)
		handler_round_ok = 0;
	hits++;
	/* returns with FE_UPWARD set: sigreturn must restore the interrupted FPCR */
}

static uint64_t in[64], out[64], xin[10], xout[10];

/* spin with known values in v0-v31 and x19-x28 until `target` signals have been handled */
static void spin(int target)
{
	__asm__ volatile("mov x9, %[in]\n"
			 "ld1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64\n"
			 "ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9], #64\n"
			 "ld1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x9], #64\n"
			 "ld1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x9], #64\n"
			 "ld1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x9], #64\n"
			 "ld1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x9], #64\n"
			 "ld1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x9], #64\n"
			 "ld1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x9], #64\n"
			 "mov x9, %[xin]\n"
			 "ldp x19, x20, [x9]\n"
			 "ldp x21, x22, [x9, #16]\n"
			 "ldp x23, x24, [x9, #32]\n"
			 "ldp x25, x26, [x9, #48]\n"
			 "ldp x27, x28, [x9, #64]\n"
			 "1: ldr w10, [%[hits]]\n"
			 "cmp w10, %w[target]\n"
			 "b.lt 1b\n"
			 "mov x9, %[out]\n"
			 "st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64\n"
			 "st1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9], #64\n"
			 "st1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x9], #64\n"
			 "st1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x9], #64\n"
			 "st1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x9], #64\n"
			 "st1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x9], #64\n"
			 "st1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x9], #64\n"
			 "st1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x9], #64\n"
			 "mov x9, %[xout]\n"
			 "stp x19, x20, [x9]\n"
			 "stp x21, x22, [x9, #16]\n"
			 "stp x23, x24, [x9, #32]\n"
			 "stp x25, x26, [x9, #48]\n"
			 "stp x27, x28, [x9, #64]\n"
			 :
			 : [in] "r"(in), [out] "r"(out), [xin] "r"(xin), [xout] "r"(xout), [hits] "r"(&hits),
			   [target] "r"(target)
			 : "x9", "x10", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "v0", "v1",
			   "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16",
			   "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29",
			   "v30", "v31", "cc", "memory");
}

/* a floating-point loop long enough to be interrupted many times */
static volatile int iters = 3000000; /* volatile: the compiler must not compute work() once for both calls */
__attribute__((noinline)) static double work(void)
{
	double s = 0, t = 1;
	int n = iters;
	for (int i = 1; i < n; i++) {
		s += t / i;
		t = -t * 0.9999999;
		s = s * 1.0000001 - 1e-9 * s * s;
	}
	return s;
}

int main(void)
{
	pid_t me = getpid(), wd = fork();
	if (wd == 0) { /* watchdog */
		sleep_ms(60000);
		kill(me, SIGKILL);
		_exit(0);
	}
	for (int i = 0; i < 64; i++)
		in[i] = 0x0101010101010101ULL * (i + 1) ^ ((uint64_t)i << 56);
	for (int i = 0; i < 10; i++)
		xin[i] = 0x1111111111111111ULL * (i + 1);
	fesetround(FE_DOWNWARD);
	double quiet = work();

	signal(SIGALRM, h);
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	spin(20);
	int v_ok = memcmp(in, out, sizeof in) == 0, x_ok = memcmp(xin, xout, sizeof xin) == 0;
	int r_ok = fegetround() == FE_DOWNWARD;
	int before = hits;
	double busy = work();
	int during = hits - before;
	struct itimerval zero = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &zero, NULL);

	check(v_ok, "v0-v31 unchanged after 20 handlers");
	if (!v_ok)
		for (int i = 0; i < 64; i++)
			if (in[i] != out[i])
				printf("  v%d.d[%d]: %016llx, expected %016llx\n", i / 2, i % 2, (unsigned long long)out[i],
				       (unsigned long long)in[i]);
	check(x_ok, "x19-x28 unchanged");
	check(r_ok, "the rounding mode (FPCR) is the interrupted code's again");
	check(handler_round_ok, "in the handler, its own rounding mode held");
	printf("handler entry saw the interrupted rounding mode: %d\n", (int)entry_round_ok);
	check(busy == quiet, "the FP loop gives the same result with the timer running");
	check(during > 0, "signals arrived during the FP loop");
	int st;
	kill(wd, SIGKILL);
	waitpid(wd, &st, 0);
	return done();
}
