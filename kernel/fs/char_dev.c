/* kernel/fs/char_dev.c: character devices by number (Linux's fs/char_dev.c chrdev_open): opening a device node
 * finds its driver by the node's (major, minor), the numbers of Linux's Documentation/admin-guide/devices.txt,
 * whatever the node is called or wherever it is. A number without a driver gives ENXIO. */
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"

#define MKDEV(major, minor) ((major) << 8 | (minor))

/* tty_open: /dev/tty (5,0) is the opening process's controlling terminal (Linux drivers/tty/tty_io.c
 * tty_open_current_tty, ENXIO for a process without one). Until the console is a terminal with sessions, every
 * process's terminal is the console: this is the hook where the controlling terminal is to be found. */
static struct file *tty_open(void) { return console_open(); }

/* struct chrdev: a driver: the file_ops its open files use, or an open function that makes the file itself (the
 * console's, kernel/console.c). */
static const struct chrdev {
	u32 rdev;
	const struct file_ops *fops;
	struct file *(*open)(void);
} chrdevs[] = {
	{ MKDEV(1, 3), &null_fops, NULL },    /* /dev/null */
	{ MKDEV(1, 5), &zero_fops, NULL },    /* /dev/zero */
	{ MKDEV(1, 7), &full_fops, NULL },    /* /dev/full */
	{ MKDEV(1, 8), &random_fops, NULL },  /* /dev/random */
	{ MKDEV(1, 9), &random_fops, NULL },  /* /dev/urandom */
	{ MKDEV(5, 0), NULL, tty_open },      /* /dev/tty */
	{ MKDEV(5, 1), NULL, console_open },  /* /dev/console */
};

struct file *chrdev_open(struct inode *ino, u32 flags, int *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		const struct chrdev *d = &chrdevs[i];
		if (d->rdev != ino->rdev)
			continue;
		struct file *f = d->open ? d->open() : file_alloc(d->fops, flags, NULL);
		if (!f) {
			*err = -ENOMEM;
			return NULL;
		}
		f->flags = flags;
		return f;
	}
	*err = -ENXIO;
	return NULL;
}
