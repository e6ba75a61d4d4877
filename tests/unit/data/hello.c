/* tests/unit/data/hello.c: built as a static AArch64 musl executable, a real input for tests/unit/test_elf.c. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s, argc %d\n", argv[0], argc);
	return 0;
}
