/* labs/pipes/filter.c: read numbers, one a line, from stdin and print their squares (pipeline.c's middle stage).
 * Reads byte by byte from the pipe, so the trace shows every read. */
#include "lab.h"

int main(void)
{
	char line[32];
	size_t len = 0;
	char c;
	while (read(0, &c, 1) == 1) {
		if (c != '\n' && len < sizeof line - 1) {
			line[len++] = c;
			continue;
		}
		line[len] = '\0';
		long v = atol(line);
		say(1, "%ld\n", v * v);
		len = 0;
	}
	return 0;
}
