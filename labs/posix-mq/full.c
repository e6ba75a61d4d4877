/* labs/posix-mq/full.c: a full POSIX message queue (mq_send(3)): a queue of two messages holds "one" and "two";
 * a third send through a descriptor opened with O_NONBLOCK fails with EAGAIN at once; mq_timedsend waits until its
 * absolute deadline (200 ms away on CLOCK_REALTIME) and fails with ETIMEDOUT; a plain mq_send blocks until a child
 * receives a message 200 ms later, and then completes. The queue's file shows it full, then drained. */
#include <sys/wait.h>
#include "mqlab.h"

#define NAME "/lab-full"

int main(void)
{
	mqd_t q = mq_fresh(NAME, 2, 16);
	if (mq_send(q, "one", 3, 0) < 0 || mq_send(q, "two", 3, 0) < 0)
		lab_die("mq_send");
	mq_show(NAME, "two messages in a queue of two", -1);

	mqd_t qn = mq_open(NAME, O_WRONLY | O_NONBLOCK);
	if (qn == (mqd_t)-1)
		lab_die("mq_open O_NONBLOCK");
	int r = mq_send(qn, "three", 5, 0);
	say(1, "mq_send with O_NONBLOCK: %s\n", r < 0 ? strerror(errno) : "sent (not expected)");
	trace_mark("nonblock %s", r < 0 && errno == EAGAIN ? "EAGAIN" : "other");
	mq_close(qn);

	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl); /* mq_timedsend's deadline is absolute, on CLOCK_REALTIME */
	dl.tv_nsec += 200 * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	r = mq_timedsend(q, "three", 5, 0, &dl);
	say(1, "mq_timedsend, 200 ms: %s\n", r < 0 ? strerror(errno) : "sent (not expected)");
	trace_mark("timedsend %s", r < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "other");

	pid_t child = fork();
	if (child == 0) {
		char buf[16];
		lab_sleep_ms(200); /* the parent blocks first */
		ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
		say(1, "child received \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
		_exit(n == 3 ? 0 : 1);
	}
	if (mq_send(q, "three", 5, 0) < 0) /* blocks: the queue is full until the child receives */
		lab_die("mq_send");
	say(1, "mq_send of \"three\" completed once the child had received\n");
	int st;
	waitpid(child, &st, 0);
	char buf[16];
	for (int i = 0; i < 2; i++) {
		ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
		if (n < 0)
			lab_die("mq_receive");
		say(1, "received \"%.*s\"\n", (int)n, buf);
	}
	mq_show(NAME, "drained", -1);
	mq_close(q);
	mq_unlink(NAME);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
