/* ipc/sock.c: what every socket has, whatever its type (ipc/sock.h; Linux net/core/sock.c): its life (sk_alloc,
 * sock_hold, sock_put), its send budget (sock_alloc_send_skb, sock_wfree), its waits with SO_RCVTIMEO and
 * SO_SNDTIMEO, and the SOL_SOCKET options (socket(7)). */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define SO_TYPE 3
#define SO_ERROR 4
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define HZ 250 /* Debian's arm64 kernel: timeouts are kept in jiffies of 4 ms */
#define INT_MAX 0x7fffffff

static int next_sock_id = 1;
static int live_socks;
struct list_head sock_list = LIST_HEAD_INIT(sock_list);
spinlock_t sock_list_lock = SPINLOCK_INIT("sock_list");

struct sock *sk_alloc(int type, const struct proto_ops *ops)
{
	struct sock *sk = kmalloc(sizeof *sk);
	if (!sk)
		return NULL;
	sk->lock = (spinlock_t)SPINLOCK_INIT("sock");
	sk->refcnt = 1;
	sk->id = __atomic_fetch_add(&next_sock_id, 1, __ATOMIC_RELAXED);
	sk->sk_type = (u16)type;
	sk->sk_state = TCP_CLOSE;
	sk->ops = ops;
	skb_queue_head_init(&sk->sk_receive_queue);
	sk->sk_max_ack_backlog = UNIX_MAX_DGRAM_QLEN;
	sk->sk_sndbuf = SK_WMEM_MAX;
	sk->sk_rcvbuf = SK_RMEM_MAX;
	sk->sk_rcvtimeo = sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_rcvlowat = 1;
	sk->sk_peer_cred = (struct ucred){ 0, (u32)-1, (u32)-1 };
	wait_queue_init(&sk->rcv_wait, &wchan_unix_recv, sk);
	wait_queue_init(&sk->snd_wait, &wchan_unix_send, sk);
	wait_queue_init(&sk->peer_wait, &wchan_unix_connect, sk);
	list_init(&sk->bind_link);
	list_init(&sk->peer_wake_link);
	list_init(&sk->peer_wakers);
	list_init(&sk->gc_link);
	u64 f = spin_lock_irqsave(&sock_list_lock);
	list_add_tail(&sk->all_link, &sock_list);
	spin_unlock_irqrestore(&sock_list_lock, f);
	__atomic_fetch_add(&live_socks, 1, __ATOMIC_RELAXED);
	return sk;
}

struct sock *sock_hold(struct sock *sk)
{
	__atomic_fetch_add(&sk->refcnt, 1, __ATOMIC_RELAXED);
	return sk;
}

void sock_put(struct sock *sk)
{
	int left = __atomic_sub_fetch(&sk->refcnt, 1, __ATOMIC_ACQ_REL);
	if (left < 0)
		panic("sock_put: socket %d put once more than held", sk->id); /* it was freed at 0: a kernel bug */
	if (left)
		return;
	if (sk->sk_destruct)
		sk->sk_destruct(sk);
	u64 f = spin_lock_irqsave(&sock_list_lock);
	list_del(&sk->all_link);
	spin_unlock_irqrestore(&sock_list_lock, f);
	kfree(sk);
	__atomic_fetch_sub(&live_socks, 1, __ATOMIC_RELAXED);
}

int socks_live(void) { return live_socks; }

int sock_error(struct sock *sk)
{
	int err = sk->sk_err;
	sk->sk_err = 0;
	return -err;
}

u64 sock_deadline(u64 timeo)
{
	return timeo == MAX_SCHEDULE_TIMEOUT || timeo == 0 ? 0 : time_ns() + timeo;
}

int sock_intr_errno(u64 timeo) { return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR; }

int sk_wait(struct sock *sk, struct wait_queue *wq, u64 timeo, u64 deadline)
{
	if (!timeo)
		return -EAGAIN;
	int r = sleep_on_timeout(wq, &sk->lock, deadline);
	return r == -ETIMEDOUT ? -EAGAIN : r ? sock_intr_errno(timeo) : 0;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, size_t size, bool nonblock, int *err)
{
	u64 timeo = sock_sndtimeo(sk, nonblock), deadline = sock_deadline(timeo);
	unix_state_lock(sk);
	for (;;) {
		if ((*err = sock_error(sk)))
			goto fail;
		*err = -EPIPE;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			goto fail;
		if (sk->sk_wmem_alloc < sk->sk_sndbuf)
			break;
		if ((*err = sk_wait(sk, &sk->snd_wait, timeo, deadline)))
			goto fail;
	}
	struct sk_buff *skb = alloc_skb(size);
	if (!skb) {
		*err = -ENOBUFS;
		goto fail;
	}
	skb->sk = sock_hold(sk);
	skb->truesize = (u32)(size + SKB_OVERHEAD);
	sk->sk_wmem_alloc += skb->truesize;
	unix_state_unlock(sk);
	return skb;
fail:
	unix_state_unlock(sk);
	return NULL;
}

/* unix_writable: a writer waiting for room may go on: a quarter of the budget is free (Linux's unix_writable). */
bool unix_writable(const struct sock *sk)
{
	return sk->sk_state != TCP_LISTEN && sk->sk_wmem_alloc * 4 <= sk->sk_sndbuf;
}

void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	unix_state_lock(sk);
	sk->sk_wmem_alloc -= skb->truesize;
	if (unix_writable(sk))
		wake_up(&sk->snd_wait);
	unix_state_unlock(sk);
	skb->sk = NULL;
	sock_put(sk);
}

void sk_wake_all(struct sock *sk)
{
	wake_up(&sk->rcv_wait);
	wake_up(&sk->snd_wait);
	wake_up(&sk->peer_wait);
}

void init_peercred(struct sock *sk)
{
	sk->sk_peer_cred = (struct ucred){ current->tgid, current->cred.euid, current->cred.egid };
}

/* struct old_timeval: SO_RCVTIMEO's value on a 64-bit system (seconds, microseconds). */
struct old_timeval {
	s64 tv_sec, tv_usec;
};

/* sock_set_timeout: *timeo from the user's struct timeval (Linux's sock_set_timeout): whole jiffies, rounded
 * up; {0, 0} means no limit, a negative time not waiting at all. -EINVAL for a short optlen, -EFAULT, -EDOM for
 * microseconds outside 0..999999. */
static int sock_set_timeout(u64 *timeo, u64 optval, int optlen)
{
	struct old_timeval tv;
	if (optlen < (int)sizeof tv)
		return -EINVAL;
	if (copy_from_user(&tv, optval, sizeof tv))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	*timeo = MAX_SCHEDULE_TIMEOUT;
	if ((tv.tv_sec == 0 && tv.tv_usec == 0) || tv.tv_sec >= 1000000000)
		return 0;
	u64 jiffies = (u64)tv.tv_sec * HZ + ((u64)tv.tv_usec + 1000000 / HZ - 1) / (1000000 / HZ);
	*timeo = jiffies * (NSEC_PER_SEC / HZ);
	return 0;
}

/* sock_get_timeout: timeo as a struct timeval ({0, 0}: no limit). */
static struct old_timeval sock_get_timeout(u64 timeo)
{
	if (timeo == MAX_SCHEDULE_TIMEOUT)
		return (struct old_timeval){ 0, 0 };
	return (struct old_timeval){ (s64)(timeo / NSEC_PER_SEC), (s64)(timeo % NSEC_PER_SEC / 1000) };
}

/* sock_setsockopt: setsockopt(SOL_SOCKET) (Linux's sk_setsockopt): SO_SNDBUF and SO_RCVBUF take twice the value
 * asked, at most twice net.core.wmem_max/rmem_max and at least SOCK_MIN_SNDBUF/SOCK_MIN_RCVBUF (socket(7): the
 * kernel doubles it for its bookkeeping overhead; the *FORCE forms pass the maximum, -EPERM without privilege);
 * SO_PASSCRED; SO_RCVTIMEO, SO_SNDTIMEO; SO_RCVLOWAT is kept (1 for 0). AF_UNIX enforces SO_SNDBUF (the send
 * budget); SO_RCVBUF is kept but bounds nothing, as in Linux. -EINVAL for optlen below an int, -EFAULT,
 * -ENOPROTOOPT for an option that cannot be set here (SO_TYPE, SO_ERROR, SO_PEERCRED...). */
int sock_setsockopt(struct sock *sk, int optname, u64 optval, int optlen)
{
	int val;
	if (optlen < (int)sizeof val)
		return -EINVAL;
	if (copy_from_user(&val, optval, sizeof val))
		return -EFAULT;
	switch (optname) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		if (optname == SO_SNDBUFFORCE && !cred_capable())
			return -EPERM;
		val = optname == SO_SNDBUF ? (int)MIN((u32)val, SK_WMEM_MAX) : MAX(val, 0);
		val = MIN(val, INT_MAX / 2);
		unix_state_lock(sk);
		sk->sk_sndbuf = MAX(val * 2, SOCK_MIN_SNDBUF);
		if (unix_writable(sk))
			wake_up(&sk->snd_wait);
		unix_state_unlock(sk);
		return 0;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		if (optname == SO_RCVBUFFORCE && !cred_capable())
			return -EPERM;
		val = optname == SO_RCVBUF ? (int)MIN((u32)val, SK_RMEM_MAX) : MAX(val, 0);
		sk->sk_rcvbuf = MAX(MIN(val, INT_MAX / 2) * 2, SOCK_MIN_RCVBUF);
		return 0;
	case SO_PASSCRED:
		sk->passcred = val != 0;
		return 0;
	case SO_RCVLOWAT:
		sk->sk_rcvlowat = val < 0 ? INT_MAX : val ? val : 1;
		return 0;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return sock_set_timeout(&sk->sk_sndtimeo, optval, optlen);
	default:
		return -ENOPROTOOPT;
	}
}

/* sock_getsockopt: getsockopt(SOL_SOCKET) (Linux's sk_getsockopt): the value, cut to *optlen bytes, whose new
 * value is the length written. SO_TYPE, SO_DOMAIN (the family), SO_PROTOCOL (AF_UNIX: 0), SO_ERROR (the pending error, which
 * it clears), SO_SNDBUF, SO_RCVBUF, SO_PASSCRED, SO_PEERCRED (a struct ucred), SO_RCVLOWAT, SO_SNDLOWAT (1),
 * SO_RCVTIMEO and SO_SNDTIMEO (a struct timeval), SO_ACCEPTCONN. -EFAULT, -EINVAL for a negative *optlen,
 * -ENOPROTOOPT for another option. */
int sock_getsockopt(struct sock *sk, int optname, u64 optval, u64 optlen)
{
	int len;
	if (copy_from_user(&len, optlen, sizeof len))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	union {
		int val;
		struct ucred cred;
		struct old_timeval tv;
	} v = { 0 };
	int lv = sizeof(int);
	switch (optname) {
	case SO_TYPE: v.val = sk->sk_type; break;
	case SO_DOMAIN: v.val = sk->ops->family; break;
	case SO_PROTOCOL: v.val = sk->sk_protocol; break;
	case SO_ERROR:
		unix_state_lock(sk);
		v.val = -sock_error(sk);
		unix_state_unlock(sk);
		break;
	case SO_SNDBUF: v.val = sk->sk_sndbuf; break;
	case SO_RCVBUF: v.val = sk->sk_rcvbuf; break;
	case SO_PASSCRED: v.val = sk->passcred; break;
	case SO_RCVLOWAT: v.val = sk->sk_rcvlowat; break;
	case SO_SNDLOWAT: v.val = 1; break;
	case SO_ACCEPTCONN: v.val = sk->sk_state == TCP_LISTEN; break;
	case SO_PEERCRED:
		unix_state_lock(sk);
		v.cred = sk->sk_peer_cred;
		unix_state_unlock(sk);
		lv = sizeof v.cred;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		v.tv = sock_get_timeout(optname == SO_RCVTIMEO_OLD || optname == SO_RCVTIMEO_NEW ? sk->sk_rcvtimeo
												   : sk->sk_sndtimeo);
		lv = sizeof v.tv;
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = MIN(len, lv);
	if (copy_to_user(optval, &v, (size_t)len) || copy_to_user(optlen, &len, sizeof len))
		return -EFAULT;
	return 0;
}
