/* tests/run-elf/status.c: the program scripts/run-elf-test runs through scripts/run-elf.
 *   status exit N ARGS...   prints "args: ARGS" on stdout and "to stderr" on stderr, exits with N
 *   status signal N         kills itself with signal N (as a fault would: SIGSEGV by a null store)
 * Ordinary C against POSIX; the same binary runs on Linux. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "exit") == 0) {
		printf("args:");
		for (int i = 3; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
		fflush(stdout);
		fprintf(stderr, "to stderr\n");
		return atoi(argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "signal") == 0) {
		int sig = atoi(argv[2]);
		if (sig == SIGSEGV)
			*(volatile int *)0 = 1;
		raise(sig);
	}
	fprintf(stderr, "usage: status exit N ARGS... | status signal N\n");
	return 2;
}
