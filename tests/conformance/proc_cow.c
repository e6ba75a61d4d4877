/* proc_cow: after fork, parent and child have separate memory: writes by one (data, bss, heap, stack) are not
 * seen by the other, and a child that execs another program and dirties a lot of memory, or exits, leaves the
 * parent's memory intact (a freed page still mapped by the parent would show up here). */
#include <stdint.h>
#include <sys/wait.h>
#include "conf.h"

#define BIG (1 << 20)
static unsigned char bss[BIG];
static unsigned char data[8192] = { 1 };

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static size_t wrong(const unsigned char *p, size_t n, unsigned seed)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += p[i] != (unsigned char)(seed + i * 7);
	return w;
}

/* dirty: what an exec'ed child does: take and write 16 MiB of heap and 256 KiB of stack, then exit. */
static int dirty(void)
{
	unsigned char *h = malloc(16 << 20);
	if (!h)
		return 1;
	memset(h, 0xee, 16 << 20);
	volatile unsigned char stack[256 * 1024];
	for (size_t i = 0; i < sizeof stack; i++)
		stack[i] = 0xdd;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "dirty") == 0)
		return dirty();
	unsigned char stack[64 * 1024];
	unsigned char *heap = malloc(BIG);
	fill(bss, BIG, 1);
	fill(data, sizeof data, 2);
	fill(stack, sizeof stack, 3);
	fill(heap, BIG, 4);

	/* The child overwrites everything and exits. */
	pid_t c = fork();
	if (c == 0) {
		fill(bss, BIG, 11); fill(data, sizeof data, 12); fill(stack, sizeof stack, 13); fill(heap, BIG, 14);
		_exit(wrong(bss, BIG, 11) + wrong(heap, BIG, 14) == 0 ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	check(st == 0, "the child saw its own writes");
	check(wrong(bss, BIG, 1) == 0, "parent's bss unchanged by the child's writes");
	check(wrong(data, sizeof data, 2) == 0, "parent's data unchanged");
	check(wrong(stack, sizeof stack, 3) == 0, "parent's stack unchanged");
	check(wrong(heap, BIG, 4) == 0, "parent's heap unchanged");

	/* The parent writes while the child waits; the child keeps the old contents. */
	int p[2];
	pipe(p);
	c = fork();
	if (c == 0) {
		char x;
		read(p[0], &x, 1);
		_exit(wrong(bss, BIG, 1) + wrong(stack, sizeof stack, 3) + wrong(heap, BIG, 4) == 0 ? 0 : 1);
	}
	fill(bss, BIG, 21); fill(stack, sizeof stack, 23); fill(heap, BIG, 24);
	write(p[1], "x", 1);
	waitpid(c, &st, 0);
	check(st == 0, "the child kept the memory as it was at fork");
	fill(bss, BIG, 1); fill(stack, sizeof stack, 3); fill(heap, BIG, 4);

	/* Children exec a program that dirties memory, several times. */
	int bad = 0;
	for (int i = 0; i < 5; i++) {
		fflush(stdout);
		c = fork();
		if (c == 0) {
			char *args[] = { argv[0], "dirty", NULL };
			execve(argv[0], args, (char *[]){ NULL });
			_exit(127);
		}
		waitpid(c, &st, 0);
		bad += st != 0;
	}
	check(bad == 0, "5 exec'ed children ran and exited 0");
	check(wrong(bss, BIG, 1) == 0, "parent's bss intact after them");
	check(wrong(data, sizeof data, 2) == 0, "parent's data intact");
	check(wrong(stack, sizeof stack, 3) == 0, "parent's stack intact");
	check(wrong(heap, BIG, 4) == 0, "parent's heap intact");
	free(heap);
	return done();
}
