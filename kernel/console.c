/* kernel/console.c: the console file on the PL011: writes go out byte by byte, reads wait for received bytes
 * (interrupt-driven into a ring). Every process's stdin, stdout and stderr start here (init gets fds 0-2). */
#include "arch/aarch64/platform.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

#define CON_RING 1024
static spinlock_t con_lock = SPINLOCK_INIT("console");
static struct wait_queue con_readers = WAIT_QUEUE_INIT(con_readers, &wchan_console_read, NULL);
static char ring[CON_RING];
static u64 rhead, rtail; /* bytes ever received / ever read */

static ssize_t console_read(struct file *f, u64 ubuf, size_t n)
{
	u64 fl = spin_lock_irqsave(&con_lock);
	while (rhead == rtail) {
		if (f->flags & O_NONBLOCK) {
			spin_unlock_irqrestore(&con_lock, fl);
			return -EAGAIN;
		}
		if (sleep_on(&con_readers, &con_lock) == -ERESTARTSYS) {
			spin_unlock_irqrestore(&con_lock, fl);
			return -ERESTARTSYS;
		}
	}
	char buf[CON_RING];
	size_t k = 0;
	while (k < n && rtail != rhead) {
		char c = ring[rtail++ % CON_RING];
		buf[k++] = c;
		if (c == '\n')
			break;
	}
	spin_unlock_irqrestore(&con_lock, fl);
	if (copy_to_user(ubuf, buf, k))
		return -EFAULT;
	return (ssize_t)k;
}

static ssize_t console_write(struct file *f, u64 ubuf, size_t n)
{
	char buf[256];
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, sizeof buf);
		if (copy_from_user(buf, ubuf + done, k))
			return done ? (ssize_t)done : -EFAULT;
		pl011_write(buf, k);
		done += k;
	}
	return (ssize_t)done;
}

/* console_poll: readable when received bytes wait; always writable (the UART write waits for nothing). */
static u32 console_poll(struct file *f, struct poll_table *pt)
{
	u64 fl = spin_lock_irqsave(&con_lock);
	poll_wait(pt, &con_readers);
	u32 mask = POLLOUT | POLLWRNORM | (rhead != rtail ? POLLIN | POLLRDNORM : 0);
	spin_unlock_irqrestore(&con_lock, fl);
	return mask;
}

static const struct file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.poll = console_poll,
	.kind = "console",
};

struct file *console_open(void) { return file_alloc(&console_ops, O_RDWR, NULL); }

void console_irq(void)
{
	u64 fl = spin_lock_irqsave(&con_lock);
	int c;
	while ((c = pl011_getc()) >= 0) {
		if (rhead - rtail < CON_RING)
			ring[rhead++ % CON_RING] = (char)c;
	}
	pl011_ack();
	spin_unlock_irqrestore(&con_lock, fl);
	wake_up(&con_readers);
}
