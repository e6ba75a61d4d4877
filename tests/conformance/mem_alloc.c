/* mem_alloc: memory from the kernel: brk grows and shrinks the heap, anonymous mmap gives zeroed pages that
 * munmap takes back, and malloc (musl: brk and mmap) serves small and large blocks that keep their contents.
 * Below /proc/sys/vm/mmap_min_addr only a process with CAP_SYS_RAWIO (root) may map (Linux
 * security/commoncap.c cap_mmap_addr; mmap(2) EPERM). */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

static int pattern_ok(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i))
			return 0;
	return 1;
}

static void pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i);
}

int main(void)
{
	/* brk */
	uintptr_t b0 = syscall(SYS_brk, 0);
	check(b0 != 0, "brk(0) gives the current break");
	uintptr_t b1 = syscall(SYS_brk, b0 + 100000);
	check(b1 == b0 + 100000, "brk grows the heap by 100000 bytes");
	unsigned char *h = (unsigned char *)b0;
	check(h[0] == 0 && h[99999] == 0, "new heap memory reads as zero");
	memset(h, 0x5a, 100000);
	check(h[0] == 0x5a && h[99999] == 0x5a, "and is writable");
	uintptr_t b2 = syscall(SYS_brk, b0 + 4096);
	check(b2 == b0 + 4096, "brk shrinks it");
	uintptr_t b3 = syscall(SYS_brk, b0 + 100000);
	check(b3 == b0 + 100000, "and grows it again");
	check(h[8192] == 0, "memory given back and taken again is zero");
	uintptr_t b4 = syscall(SYS_brk, 1);
	check(b4 == b3, "an impossible brk leaves the break where it was");
	syscall(SYS_brk, b0);

	/* mmap / munmap */
	size_t len = 3 * 1024 * 1024;
	unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(m != MAP_FAILED, "mmap of 3 MiB anonymous memory");
	check((uintptr_t)m % 4096 == 0, "is page-aligned");
	size_t nz = 0;
	for (size_t i = 0; i < len; i += 4096)
		nz += m[i] != 0;
	check(nz == 0, "every page reads as zero");
	pattern(m, len, 7);
	check(pattern_ok(m, len, 7), "and keeps what is written");
	check(munmap(m + 4096, 4096) == 0, "munmap of one page in the middle");
	check(m[0] == 7 && pattern_ok(m + 8192, len - 8192, 7 + 8192), "the rest is still mapped");
	check(munmap(m, len) == 0, "munmap of the whole range (with a hole) succeeds");
	void *z = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(z == MAP_FAILED && errno == EINVAL, "mmap of 0 bytes: EINVAL");
	check(munmap((char *)m + 1, 4096) == -1 && errno == EINVAL, "munmap of an unaligned address: EINVAL");

	/* malloc: many small blocks and a few large ones, interleaved frees. */
	enum { N = 2000 };
	static unsigned char *small[N];
	int bad = 0;
	for (int i = 0; i < N; i++) {
		size_t n = 16 + (i * 37) % 2000;
		small[i] = malloc(n);
		if (!small[i]) { bad++; continue; }
		pattern(small[i], n, i);
	}
	for (int i = 0; i < N; i += 2)
		free(small[i]), small[i] = NULL;
	unsigned char *big[4];
	static const size_t bigsz[4] = { 200000, 1 << 20, 5 << 20, 16 << 20 };
	for (int i = 0; i < 4; i++) {
		big[i] = malloc(bigsz[i]);
		check(big[i] != NULL, "malloc(%zu)", bigsz[i]);
		if (big[i])
			memset(big[i], i + 1, bigsz[i]);
	}
	for (int i = 1; i < N; i += 2)
		if (small[i] && !pattern_ok(small[i], 16 + (i * 37) % 2000, i))
			bad++;
	check(bad == 0, "2000 small blocks kept their contents (%d bad)", bad);
	for (int i = 0; i < 4; i++) {
		size_t wrong = 0;
		for (size_t j = 0; big[i] && j < bigsz[i]; j += 4096)
			wrong += big[i][j] != i + 1;
		check(big[i] && wrong == 0, "large block %d kept its contents", i);
		free(big[i]);
	}
	for (int i = 1; i < N; i += 2)
		free(small[i]);
	/* Memory given back can be taken again many times. */
	int ok = 1;
	for (int i = 0; i < 50 && ok; i++) {
		unsigned char *x = malloc(4 << 20);
		ok = x != NULL;
		if (x) { x[0] = 1; x[(4 << 20) - 1] = 2; free(x); }
	}
	check(ok, "50 rounds of malloc/free of 4 MiB");
	/* the page at 0, below mmap_min_addr (4096 on Debian's kernel): root may map it, another user may not, and the
	 * next page is anybody's */
	void *low = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(low != MAP_FAILED && (uintptr_t)low == 0, "root maps pages at address 0 (MAP_FIXED)");
	if (low != MAP_FAILED) {
		volatile int *p = (volatile int *)((uintptr_t)low + 0x800);
		*p = 42;
		check(*p == 42 && munmap(low, 8192) == 0, "the page at 0 holds what was stored, and goes");
	}
	pid_t c = fork();
	if (c == 0) {
		if (setuid(1000))
			_exit(2);
		errno = 0;
		void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (m != MAP_FAILED || errno != EPERM)
			_exit(1);
		m = mmap((void *)0x1000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		_exit(m == (void *)0x1000 ? 0 : 3);
	}
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "uid 1000 gets EPERM for the page at 0, and maps the page at 0x1000");
	return done();
}
