/* ipc/skbuff.c: socket buffers (ipc/sock.h struct sk_buff; Linux net/core/skbuff.c): one piece of data in a
 * receive queue, with the control data that travels with it. A small one keeps its bytes in the sk_buff; a large
 * one in pages, as Linux's paged sk_buffs keep theirs in page fragments. */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"

_Static_assert(sizeof(struct sk_buff) + SKB_SMALL <= 2048 - 16, "a small sk_buff fits kmalloc's 2 KiB class");

struct sk_buff *alloc_skb(size_t size)
{
	bool paged = size > SKB_SMALL;
	struct sk_buff *skb = kmalloc(sizeof *skb + (paged ? 0 : size));
	if (!skb)
		return NULL;
	list_init(&skb->list);
	if (paged) {
		skb->npages = (u32)((size + PAGE_SIZE - 1) / PAGE_SIZE);
		if (!(skb->pages = pages_alloc(skb->npages))) {
			kfree(skb);
			return NULL;
		}
	}
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	if (skb->fp) {
		/* its files never arrived: they leave flight and are closed (Linux's unix_destruct_scm) */
		for (int i = 0; i < skb->fp->count; i++)
			unix_notinflight(skb->fp->uid, skb->fp->fp[i]);
		scm_fp_release(skb->fp);
	}
	if (skb->sk)
		sock_wfree(skb);
	if (skb->pages)
		pages_free(skb->pages, skb->npages);
	kfree(skb);
}

/* skb_copy: n bytes between skb's data at off and kernel or user memory, one page piece at a time: to_skb
 * copies into skb. With an iterator, a short copy (a fault) is -EFAULT. */
static int skb_copy(const struct sk_buff *skb, size_t off, struct iov_iter *it, void *buf, size_t n, bool to_skb)
{
	while (n) {
		u8 *p;
		size_t k;
		if (skb->pages) {
			p = (u8 *)skb->pages[off / PAGE_SIZE] + off % PAGE_SIZE;
			k = MIN(n, PAGE_SIZE - off % PAGE_SIZE);
		} else {
			p = (u8 *)skb->data + off;
			k = n;
		}
		if (it) {
			if ((to_skb ? copy_from_iter(p, k, it) : copy_to_iter(p, k, it)) != k)
				return -EFAULT;
		} else {
			memcpy(to_skb ? p : buf, to_skb ? buf : p, k);
			buf = (u8 *)buf + k;
		}
		off += k;
		n -= k;
	}
	return 0;
}

int skb_copy_datagram_from_iter(struct sk_buff *skb, size_t off, struct iov_iter *from, size_t n)
{
	return skb_copy(skb, off, from, NULL, n, true);
}

int skb_copy_datagram_iter(const struct sk_buff *skb, size_t off, struct iov_iter *to, size_t n)
{
	return skb_copy(skb, off, to, NULL, n, false);
}

void skb_copy_bits(const struct sk_buff *skb, size_t off, void *buf, size_t n)
{
	skb_copy(skb, off, NULL, buf, n, false);
}

void skb_queue_head_init(struct sk_buff_head *q)
{
	list_init(&q->head);
	q->qlen = 0;
}

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add_tail(&skb->list, &q->head);
	q->qlen++;
}

struct sk_buff *skb_peek(const struct sk_buff_head *q)
{
	return list_empty(&q->head) ? NULL : list_first_entry(&q->head, struct sk_buff, list);
}

struct sk_buff *skb_peek_next(const struct sk_buff *skb, const struct sk_buff_head *q)
{
	return skb->list.next == &q->head ? NULL : list_entry(skb->list.next, struct sk_buff, list);
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	list_del(&skb->list);
	list_init(&skb->list);
	q->qlen--;
}

struct sk_buff *skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = skb_peek(q);
	if (skb)
		skb_unlink(skb, q);
	return skb;
}

void skb_queue_splice_init(struct sk_buff_head *q, struct sk_buff_head *list)
{
	struct sk_buff *skb;
	while ((skb = skb_dequeue(q)))
		skb_queue_tail(list, skb);
}

void skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;
	while ((skb = skb_dequeue(q)))
		kfree_skb(skb);
}
