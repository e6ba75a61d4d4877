/* labs/posix-mq/prio.c: a POSIX message queue delivers by priority (mq_send(3), mq_receive(3)): six messages sent
 * with priorities 1, 9 and 5 in mixed order come out highest priority first, and in the order they were sent within
 * one priority. The queue's file /dev/mqueue/lab-prio shows QSIZE, the bytes of text it holds, before and after. */
#include "mqlab.h"

#define NAME "/lab-prio"

int main(void)
{
	static const struct { const char *text; unsigned prio; } msgs[] = {
		{ "low 1", 1 }, { "high 1", 9 }, { "mid 1", 5 }, { "low 2", 1 }, { "high 2", 9 }, { "mid 2", 5 },
	};
	mqd_t q = mq_fresh(NAME, 8, 64);
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		if (mq_send(q, msgs[i].text, strlen(msgs[i].text), msgs[i].prio) < 0)
			lab_die("mq_send");
		say(1, "sent     \"%s\" priority %u\n", msgs[i].text, msgs[i].prio);
	}
	mq_show(NAME, "six messages in", -1);
	char buf[64];
	unsigned prio;
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio); /* the buffer must hold mq_msgsize bytes: else EMSGSIZE */
		if (n < 0)
			lab_die("mq_receive");
		say(1, "received \"%.*s\" priority %u\n", (int)n, buf, prio);
	}
	mq_show(NAME, "all received", -1);
	mq_close(q);
	mq_unlink(NAME);
	return 0;
}
