/* kernel/mem.c: the memory devices of Linux's drivers/char/mem.c: /dev/null (1,3) reads as the end of a file
 * and takes every write; /dev/zero (1,5) reads as zeros and takes every write; /dev/full (1,7) reads as zeros
 * and is always full: every write gives ENOSPC. Their offset stays 0 whatever lseek asks. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"

static ssize_t read_null(struct file *f, u64 ubuf, size_t n, u64 *pos) { return 0; }

/* write_null: every byte taken, none looked at (so a buffer that is not mapped is no error). */
static ssize_t write_null(struct file *f, u64 ubuf, size_t n, u64 *pos) { return (ssize_t)n; }

/* read_zero: n zero bytes to ubuf, a page at a time; a signal stops a long read (the bytes so far). -EFAULT
 * when nothing was written. */
static ssize_t read_zero(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, PAGE_SIZE - ((ubuf + done) & (PAGE_SIZE - 1)));
		if (clear_user(ubuf + done, k))
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		if (done < n && signal_pending(current))
			return (ssize_t)done;
	}
	return (ssize_t)done;
}

static ssize_t write_full(struct file *f, u64 ubuf, size_t n, u64 *pos) { return -ENOSPC; }

const struct file_ops null_fops = { .read_at = read_null, .write_at = write_null, .llseek = noop_llseek, .kind = "null" };
const struct file_ops zero_fops = { .read_at = read_zero, .write_at = write_null, .llseek = noop_llseek, .kind = "zero" };
const struct file_ops full_fops = { .read_at = read_zero, .write_at = write_full, .llseek = noop_llseek, .kind = "full" };
