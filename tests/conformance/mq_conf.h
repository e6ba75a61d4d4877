/* tests/conformance/mq_conf.h: helpers shared by the POSIX message queue programs (mq_*.c), after conf.h:
 *   SHOW("what", expr)          runs expr (a call returning -1 and errno on failure) and prints "what: ok" or
 *                               "what: EERRNO"; when what starts with '+', a descriptor it returned is closed
 *   mq_sysctl("msg_max")        the value in /proc/sys/fs/mqueue/NAME (-1 if it cannot be read)
 *   mq_sysctl_set(name, text)   write text there in one write(2): "ok" or the errno's name (of open or write)
 *   mq_make_many, mq_remove_many  queues PREFIX0, PREFIX1, ... of the default attributes, made and removed */
#ifndef MQ_CONF_H
#define MQ_CONF_H
#include <fcntl.h>
#include <mqueue.h>
#include "conf.h"

#define SHOW(what, expr)                                                                                               \
	do {                                                                                                           \
		errno = 0;                                                                                             \
		long r_ = (long)(expr);                                                                                \
		printf("%s: %s\n", what, r_ < 0 ? errname(errno) : "ok");                                              \
		if (r_ >= 0 && (what)[0] == '+')                                                                       \
			close((int)r_);                                                                                \
	} while (0)

static long mq_sysctl(const char *name) __attribute__((unused));
static long mq_sysctl(const char *name)
{
	char path[96], buf[32] = "";
	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", name);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	close(fd);
	return n > 0 ? atol(buf) : -1;
}

static const char *mq_sysctl_set(const char *name, const char *text) __attribute__((unused));
static const char *mq_sysctl_set(const char *name, const char *text)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", name);
	int fd = open(path, O_WRONLY);
	ssize_t r = fd < 0 ? -1 : write(fd, text, strlen(text));
	const char *e = r < 0 ? errname(errno) : "ok";
	close(fd);
	return e;
}

/* mq_make_many: mq_open with O_CREAT of the queues prefix0 .. prefix(n-1), the default attributes, into q[] (-1
 * where it failed); the number made, and in *first_fail the index of the first failure (n if none) with its errno
 * in *first_errno. */
static int mq_make_many(const char *prefix, mqd_t *q, int n, int *first_fail, int *first_errno) __attribute__((unused));
static int mq_make_many(const char *prefix, mqd_t *q, int n, int *first_fail, int *first_errno)
{
	int made = 0;
	*first_fail = n;
	*first_errno = 0;
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%d", prefix, i);
		q[i] = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);
		if (q[i] >= 0) {
			made++;
		} else if (*first_fail == n) {
			*first_fail = i;
			*first_errno = errno;
		}
	}
	return made;
}

/* mq_remove_many: close the descriptors mq_make_many opened and unlink the queues' names. */
static void mq_remove_many(const char *prefix, const mqd_t *q, int n) __attribute__((unused));
static void mq_remove_many(const char *prefix, const mqd_t *q, int n)
{
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%d", prefix, i);
		if (q[i] >= 0)
			mq_close(q[i]);
		mq_unlink(name);
	}
}
#endif
