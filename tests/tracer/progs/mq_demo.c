/* mq_demo: the POSIX message queue pictures of the tracer's tests (tests/tracer/mq-demo.jsonl): a queue of 4
 * messages at most, sent at priorities 1, 5, 5 and 9 (received highest first, FIFO within one), a sender asleep on
 * the full queue, a receiver asleep on the empty one, mq_notify's registration and its firing. Same on Linux. */
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 32 };
	char buf[32];
	unsigned prio;
	mq_unlink("/demo");
	mqd_t q = mq_open("/demo", O_CREAT | O_RDWR, 0600, &at);
	mq_send(q, "low", 3, 1);
	mq_send(q, "mid-a", 5, 5);
	mq_send(q, "mid-b", 5, 5);
	mq_send(q, "urgent", 6, 9);
	if (fork() == 0) {   /* the queue is full: the child sleeps in mq_send until the parent receives */
		mq_send(q, "late", 4, 5);
		_exit(0);
	}
	usleep(20000);
	mq_receive(q, buf, sizeof buf, &prio);
	wait(NULL);
	while (mq_receive(q, buf, sizeof buf, &prio) >= 0 && prio != 1)
		;
	/* one left? none: the queue is empty; a child sleeps in mq_receive until the parent sends */
	if (fork() == 0) {
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
		_exit(n == 5 ? 0 : 1);
	}
	usleep(20000);
	mq_send(q, "wake!", 5, 3);
	wait(NULL);
	/* notification: SIGUSR1 when a message arrives in the empty queue */
	signal(SIGUSR1, SIG_IGN);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	mq_notify(q, &ev);
	mq_send(q, "note", 4, 0);
	mq_receive(q, buf, sizeof buf, &prio);
	mq_close(q);
	mq_unlink("/demo");
	printf("mq_demo done\n");
	return 0;
}
