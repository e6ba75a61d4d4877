/* pipe_big: a 64 MiB transfer through a pipe, written and read in changing chunk sizes, checked byte for byte
 * against the same pseudo-random stream and with a checksum. */
#include <stdint.h>
#include <sys/wait.h>
#include "conf.h"

#define TOTAL (64u << 20)

/* The stream: byte i of xorshift-generated 32-bit words, reproducible on both sides. */
static uint32_t next(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13; x ^= x >> 17; x ^= x << 5;
	return *s = x;
}

static void fill(uint8_t *buf, size_t n, uint32_t *s)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)next(s);
}

static uint8_t wbuf[200000], rbuf[200000], ebuf[200000];
static const size_t sizes[] = { 1, 4096, 65536, 7, 100000, 4095, 32768, 131072, 12345, 200000 };

int main(void)
{
	int p[2];
	check(pipe(p) == 0, "pipe");
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		uint32_t s = 12345;
		size_t sent = 0;
		for (int k = 0; sent < TOTAL; k++) {
			size_t n = sizes[k % 10];
			if (n > TOTAL - sent)
				n = TOTAL - sent;
			fill(wbuf, n, &s);
			if (write(p[1], wbuf, n) != (ssize_t)n)
				_exit(1);
			sent += n;
		}
		_exit(0);
	}
	close(p[1]);
	uint32_t s = 12345, sum1 = 1, sum2 = 0; /* Adler-32 style checksum of what arrived */
	size_t got = 0, wrong = 0;
	ssize_t n;
	for (int k = 3; (n = read(p[0], rbuf, sizes[k % 10])) > 0; k++) {
		fill(ebuf, n, &s);
		for (ssize_t i = 0; i < n; i++) {
			wrong += rbuf[i] != ebuf[i];
			sum1 = (sum1 + rbuf[i]) % 65521;
			sum2 = (sum2 + sum1) % 65521;
		}
		got += n;
	}
	check(n == 0, "read ends with EOF");
	check(got == TOTAL, "received %zu bytes", got);
	check(wrong == 0, "bytes different from the stream sent: %zu", wrong);
	printf("checksum: %08x\n", (unsigned)(sum2 << 16 | sum1));
	int st;
	check(waitpid(c, &st, 0) == c && st == 0, "writer exited 0");
	return done();
}
