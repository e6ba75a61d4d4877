/* kernel/fs/char_dev.c: character devices by number (Linux's fs/char_dev.c chrdev_open): opening a device node
 * finds its driver by the node's (major, minor), the numbers of Linux's Documentation/admin-guide/devices.txt,
 * whatever the node is called or wherever it is. A number without a driver gives ENXIO. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/tty.h"

#define MKDEV(major, minor) ((major) << 8 | (minor))

/* struct chrdev: a driver: the file_ops its open files use, or an open function that makes the file itself (the
 * terminals': kernel/tty.c tty_dev_open, which also gives the errors: /dev/tty without a controlling terminal is
 * ENXIO). */
static const struct chrdev {
	u32 rdev;
	const struct file_ops *fops;
	struct file *(*open)(u32 rdev, u32 flags, int *err);
} chrdevs[] = {
	{ MKDEV(1, 3), &null_fops, NULL },    /* /dev/null */
	{ MKDEV(1, 5), &zero_fops, NULL },    /* /dev/zero */
	{ MKDEV(1, 7), &full_fops, NULL },    /* /dev/full */
	{ MKDEV(1, 8), &random_fops, NULL },  /* /dev/random */
	{ MKDEV(1, 9), &random_fops, NULL },  /* /dev/urandom */
	{ MKDEV(5, 0), NULL, tty_dev_open },    /* /dev/tty: the caller's controlling terminal */
	{ MKDEV(5, 1), NULL, tty_dev_open },    /* /dev/console */
	{ MKDEV(204, 64), NULL, tty_dev_open }, /* /dev/ttyAMA0: the PL011 */
};

struct file *chrdev_open(struct inode *ino, u32 flags, int *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		const struct chrdev *d = &chrdevs[i];
		if (d->rdev != ino->rdev)
			continue;
		if (d->open)
			return d->open(ino->rdev, flags, err);
		struct file *f = file_alloc(d->fops, flags & ~(u32)O_NOCTTY, NULL);
		if (!f)
			*err = -ENOMEM;
		return f;
	}
	*err = -ENXIO;
	return NULL;
}
