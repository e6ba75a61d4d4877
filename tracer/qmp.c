/* tracer/qmp.c: stop and continue a live guest through QEMU's monitor (qmp.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "qmp.h"

/* Read and drop what the monitor said (replies, events); waits up to ms for the first bytes. */
static void drain(struct qmp *q, int ms)
{
	char buf[4096];
	struct pollfd p = { q->fd, POLLIN, 0 };
	while (poll(&p, 1, ms) > 0) {
		ssize_t n = read(q->fd, buf, sizeof buf);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			close(q->fd);   /* QEMU went away */
			q->fd = -1;
			return;
		}
		ms = 0;
	}
}

static int send_cmd(struct qmp *q, const char *cmd)
{
	char line[128];
	int n = snprintf(line, sizeof line, "{\"execute\":\"%s\"}\r\n", cmd);
	if (q->fd < 0 || send(q->fd, line, (size_t)n, MSG_NOSIGNAL) != n)   /* QEMU gone: an error, not SIGPIPE */
		return -1;
	return 0;
}

int qmp_open(struct qmp *q, const char *path, int wait_ms)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	q->fd = -1;
	q->stopped = 0;
	if (strlen(path) >= sizeof a.sun_path)
		return -1;
	strcpy(a.sun_path, path);
	for (int waited = 0;; waited += 50) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
			q->fd = fd;
			break;
		}
		close(fd);
		if (waited >= wait_ms)
			return -1;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	drain(q, 500);   /* the greeting */
	if (send_cmd(q, "qmp_capabilities") < 0) {
		qmp_close(q);
		return -1;
	}
	drain(q, 500);
	return q->fd >= 0 ? 0 : -1;
}

void qmp_hold(struct qmp *q, int hold)
{
	if (q->fd < 0 || hold == q->stopped)
		return;
	if (send_cmd(q, hold ? "stop" : "cont") == 0)
		q->stopped = hold;
	drain(q, 0);
}

void qmp_close(struct qmp *q)
{
	if (q->fd < 0)
		return;
	if (q->stopped)
		send_cmd(q, "cont");
	drain(q, 100);
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->stopped = 0;
}
