/* tracer/queue_parties.c: the processes around a message queue, shared by System V queues (obj_msg.c) and POSIX
 * queues (obj_mqueue.c): who sleeps sending or receiving, and who was last seen doing either (see objs.h). */
#include <string.h>
#include "objs.h"
#include "state.h"

void parties_seen(struct queue_parties *q, int send, int32_t pid)
{
	if (send)
		seen_add(q->sseen, &q->nsseen, SEENMAX, pid);
	else
		seen_add(q->rseen, &q->nrseen, SEENMAX, pid);
}

int parties_block(struct queue_parties *q, int send, int32_t pid)
{
	int32_t *l = send ? q->send_wait : q->recv_wait;
	uint8_t *n = send ? &q->nsend : &q->nrecv;
	if (*n == WAITMAX || pidlist_has(l, *n, pid))
		return -1;
	l[*n] = pid;
	return (*n)++;
}

int parties_unwait(struct queue_parties *q, int32_t pid)
{
	pidlist_remove(q->send_wait, &q->nsend, pid);
	for (int i = 0; i < q->nrecv; i++)
		if (q->recv_wait[i] == pid) {
			pidlist_remove(q->recv_wait, &q->nrecv, pid);
			return i;
		}
	return -1;
}

int parties_pids(const struct queue_parties *q, int32_t *out, int max)
{
	uint8_t n = 0;
	pidlist_add_all(out, &n, max, q->send_wait, q->nsend);
	pidlist_add_all(out, &n, max, q->recv_wait, q->nrecv);
	pidlist_add_all(out, &n, max, q->sseen, q->nsseen);
	pidlist_add_all(out, &n, max, q->rseen, q->nrseen);
	return n;
}

int parties_releasers(const struct queue_parties *q, int recv, int32_t *out, int max)
{
	const int32_t *l = recv ? q->sseen : q->rseen;
	int n = recv ? q->nsseen : q->nrseen;
	if (n > max)
		n = max;
	memcpy(out, l, sizeof *out * (size_t)n);
	return n;
}
