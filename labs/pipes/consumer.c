/* labs/pipes/consumer.c: read numbers, one a line, from stdin until end of file; print how many and their sum
 * (pipeline.c's last stage). */
#include "lab.h"

int main(void)
{
	char buf[256], line[32];
	size_t len = 0;
	long count = 0, sum = 0;
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (len < sizeof line - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			sum += atol(line);
			count++;
			len = 0;
		}
	}
	say(1, "consumer: %ld lines, sum %ld\n", count, sum);
	return 0;
}
