/* trace_pipes: 20,000 pipe operations for the trace test (scripts/trace-test): 10,000 writes of 16 bytes each
 * followed by a read of them, in one process, between two trace marks. Each operation is one pipe.write or
 * pipe.read event, so the trace must hold exactly 10,000 of each. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "trace_mark.h"

#define ROUNDS 10000

int main(void)
{
	int p[2];
	char buf[16];
	if (pipe(p) < 0)
		return 1;
	trace_mark("trace_pipes: start %d rounds", ROUNDS);
	int bad = 0;
	for (int i = 0; i < ROUNDS; i++) {
		snprintf(buf, sizeof buf, "msg %011d", i);
		if (write(p[1], buf, 16) != 16)
			bad++;
		char in[16];
		if (read(p[0], in, 16) != 16 || memcmp(in, buf, 16) != 0)
			bad++;
	}
	trace_mark("trace_pipes: done, %d bad", bad);
	close(p[0]);
	close(p[1]);
	printf("trace_pipes: %d writes, %d reads, %d bad\n", ROUNDS, ROUNDS, bad);
	return bad != 0;
}
