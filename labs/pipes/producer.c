/* labs/pipes/producer.c [N]: print the numbers 1..N, one a line, on stdout (the first stage of pipeline.c). */
#include "lab.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	for (int i = 1; i <= n; i++)
		say(1, "%d\n", i);
	return 0;
}
