/* ipc/unix_gc.c: collecting sockets that only messages in flight keep open (Linux net/unix/garbage.c, the
 * algorithm of Linux 6.1).
 *
 * A socket's file can be sent over a socket (SCM_RIGHTS), even over itself. Send socket A over A, close A's
 * descriptors: A's file is still open, held by the message in A's own queue, and nobody can ever receive that
 * message. Reference counts never reach 0 in such a cycle, so the sockets would leak. The collector finds them:
 *
 * 1. Every socket counts how many times its file is in flight (inflight, kept by unix_inflight/unix_notinflight
 *    as messages are sent and received). A socket whose file has no references but those in flight
 *    (file refcount == inflight) is a candidate: no process holds it.
 * 2. For every candidate, take away the in-flight references that candidates' queues hold (dec_inflight over
 *    the files in their queues). A candidate still counted as in flight is referenced from a queue that is not
 *    a candidate's: something live can still receive it.
 * 3. Such a candidate is not garbage, nor is any candidate its queue holds, and so on: give their references
 *    back (inc_inflight_move_tail) and move them off the candidate list, re-examining each moved one.
 * 4. What stays on the list is garbage: restore its counts, take out of its queues the messages that carry
 *    candidates (the hit list), and free those messages. Closing the files they hold releases the sockets,
 *    which frees what else their queues held.
 *
 * It runs whenever a socket is released while anything is in flight. Everything here is under one lock, which
 * a socket's own lock may be taken inside (to read its queue). */
#include "ipc/sock.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/trace_events.h"
#include "kernel/ucount.h"

#define UNIX_GC_CANDIDATE 1
#define UNIX_GC_MAYBE_CYCLE 2

static struct list_head gc_inflight_list = LIST_HEAD_INIT(gc_inflight_list); /* sockets with inflight > 0 */
static struct list_head gc_candidates = LIST_HEAD_INIT(gc_candidates);
static long unix_tot_inflight;  /* sockets in flight, counted once per message they are in */
static long inflight_files;     /* every file in flight */
static bool gc_in_progress;

static void list_move_tail(struct list_head *n, struct list_head *h)
{
	list_del(n);
	list_add_tail(n, h);
}

/* unix_get_socket: the AF_UNIX socket f is, or NULL: only those can be in a cycle of messages in flight (Linux's
 * unix_get_socket; a netlink socket in flight is a file like any other). */
static struct sock *unix_get_socket(struct file *f)
{
	struct sock *s = sock_from_file(f);
	return s && s->ops->family == AF_UNIX ? s : NULL;
}

void unix_inflight(u32 uid, struct file *f)
{
	struct sock *s = unix_get_socket(f);
	if (s) {
		if (s->inflight++ == 0)
			list_add_tail(&s->gc_link, &gc_inflight_list);
		unix_tot_inflight++;
	}
	ucount_charge(uid, UCOUNT_UNIX_INFLIGHT, 1, RLIM_INFINITY);
	inflight_files++;
}

void unix_notinflight(u32 uid, struct file *f)
{
	struct sock *s = unix_get_socket(f);
	if (s) {
		if (--s->inflight == 0) {
			list_del(&s->gc_link);
			list_init(&s->gc_link);
			s->gc_flags = 0;
		}
		unix_tot_inflight--;
	}
	ucount_uncharge(uid, UCOUNT_UNIX_INFLIGHT, 1);
	inflight_files--;
}

bool too_many_unix_fds(void)
{
	return ucount_read(current->cred.uid, UCOUNT_UNIX_INFLIGHT) > rlimit(RLIMIT_NOFILE) && !cred_capable();
}

long unix_inflight_files(void) { return inflight_files; }

/* scan_inflight: for every message in x's queue that carries candidates, call func on each of them; with a
 * hit list, move such messages from the queue to it. */
static void scan_inflight(struct sock *x, void (*func)(struct sock *), struct sk_buff_head *hitlist)
{
	unix_state_lock(x);
	struct sk_buff *skb = skb_peek(&x->sk_receive_queue), *next;
	for (; skb; skb = next) {
		next = skb_peek_next(skb, &x->sk_receive_queue);
		bool hit = false;
		for (int i = 0; skb->fp && i < skb->fp->count; i++) {
			struct sock *sk = unix_get_socket(skb->fp->fp[i]);
			if (sk && (sk->gc_flags & UNIX_GC_CANDIDATE)) {
				hit = true;
				func(sk);
			}
		}
		if (hit && hitlist) {
			skb_unlink(skb, &x->sk_receive_queue);
			skb_queue_tail(hitlist, skb);
		}
	}
	unix_state_unlock(x);
}

/* scan_children: scan_inflight on x's queue; for a listener, on the queues of its pending connections (what was
 * sent to them before anyone accepted them). */
static void scan_children(struct sock *x, void (*func)(struct sock *), struct sk_buff_head *hitlist)
{
	if (x->sk_state != TCP_LISTEN) {
		scan_inflight(x, func, hitlist);
		return;
	}
	unix_state_lock(x);
	struct sk_buff *skb = skb_peek(&x->sk_receive_queue);
	for (; skb; skb = skb_peek_next(skb, &x->sk_receive_queue)) {
		unix_state_unlock(x); /* an embryo is never in flight: its queue can be scanned alone */
		scan_inflight(skb->sk, func, hitlist);
		unix_state_lock(x);
	}
	unix_state_unlock(x);
}

static void dec_inflight(struct sock *u) { u->inflight--; }
static void inc_inflight(struct sock *u) { u->inflight++; }

static void inc_inflight_move_tail(struct sock *u)
{
	u->inflight++;
	/* a candidate the cursor passed already is looked at again */
	if (u->gc_flags & UNIX_GC_MAYBE_CYCLE)
		list_move_tail(&u->gc_link, &gc_candidates);
}

void unix_gc(void)
{
	if (!unix_tot_inflight || gc_in_progress)
		return;
	gc_in_progress = true;
	/* 1. candidates: in flight, and held by nothing else */
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &gc_inflight_list) {
		struct sock *u = list_entry(pos, struct sock, gc_link);
		if (u->file && u->file->refcount == u->inflight) {
			list_move_tail(&u->gc_link, &gc_candidates);
			u->gc_flags = UNIX_GC_CANDIDATE | UNIX_GC_MAYBE_CYCLE;
		}
	}
	/* 2. remove the references candidates' queues hold */
	list_for_each(pos, &gc_candidates)
		scan_children(list_entry(pos, struct sock, gc_link), dec_inflight, NULL);
	/* 3. a candidate still referenced from outside is live, and so is what its queue holds, recursively. A cursor
	 * keeps the walk safe while entries move to the tail. */
	struct list_head cursor, not_cycle_list = LIST_HEAD_INIT(not_cycle_list);
	list_add(&cursor, &gc_candidates);
	while (cursor.next != &gc_candidates) {
		struct sock *u = list_entry(cursor.next, struct sock, gc_link);
		list_del(&cursor);
		list_add(&cursor, &u->gc_link); /* the cursor moves past u */
		if (u->inflight > 0) {
			list_move_tail(&u->gc_link, &not_cycle_list);
			u->gc_flags &= (u8)~UNIX_GC_MAYBE_CYCLE;
			scan_children(u, inc_inflight_move_tail, NULL);
		}
	}
	list_del(&cursor);
	/* 4. what is left is garbage: restore its counts, and take the messages holding the cycles */
	struct sk_buff_head hitlist;
	skb_queue_head_init(&hitlist);
	trace_unix_gc(&gc_candidates);
	list_for_each(pos, &gc_candidates)
		scan_children(list_entry(pos, struct sock, gc_link), inc_inflight, &hitlist);
	while (!list_empty(&not_cycle_list)) { /* back to the in-flight list */
		struct sock *u = list_first_entry(&not_cycle_list, struct sock, gc_link);
		u->gc_flags = 0;
		list_move_tail(&u->gc_link, &gc_inflight_list);
	}
	/* Here we are. Hitlist is filled. Die. (Each candidate leaves the list as its last message goes.) */
	skb_queue_purge(&hitlist);
	gc_in_progress = false;
}
