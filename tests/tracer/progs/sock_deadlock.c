/* sock_deadlock: both ends of a socketpair read first (tests/tracer/sock-deadlock.jsonl): the parent and its child
 * each sleep in read on an empty socket that only the other could fill: a deadlock the tracer's wait-for graph
 * finds through the sockets' peers. It never ends by itself: run it with a timeout. Same on Linux. */
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>

int main(void)
{
	int sv[2];
	char c;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	if (fork() == 0) {
		read(sv[1], &c, 1);   /* waits for the parent's byte */
		write(sv[1], "b", 1);
		_exit(0);
	}
	write(sv[0], "", 0);
	read(sv[0], &c, 1);           /* waits for the child's byte: neither writes first */
	write(sv[0], "a", 1);
	printf("not reached\n");
	return 0;
}
