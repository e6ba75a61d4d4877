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

/* Count the replies in what the monitor said: a reply is a line that starts {"return" or {"error"; the others are
 * events ({"timestamp": ..., "event": "STOP"}) and the greeting (QEMU's docs/interop/qmp-spec, "Commands
 * Responses"). Lines may come split across reads. */
static void count_replies(struct qmp *q, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			q->head[q->col < (int)sizeof q->head - 1 ? q->col : (int)sizeof q->head - 1] = 0;
			if ((!strncmp(q->head, "{\"return\"", 9) || !strncmp(q->head, "{\"error\"", 8)) && q->pending > 0)
				q->pending--;
			q->col = 0;
		} else if (q->col < (int)sizeof q->head - 1) {
			q->head[q->col++] = buf[i];
		}
	}
}

/* Read what the monitor said (replies, events), counting the replies; waits up to ms for the first bytes. */
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
		count_replies(q, buf, (size_t)n);
		ms = 0;
	}
}

/* Read until every command sent has its reply, or QEMU closed, or ms passed. */
static void await_replies(struct qmp *q, int ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (q->fd >= 0 && q->pending > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return;
		drain(q, (int)left);
	}
}

static int send_cmd(struct qmp *q, const char *cmd)
{
	char line[128];
	int n = snprintf(line, sizeof line, "{\"execute\":\"%s\"}\r\n", cmd);
	if (q->fd < 0 || send(q->fd, line, (size_t)n, MSG_NOSIGNAL) != n)   /* QEMU gone: an error, not SIGPIPE */
		return -1;
	q->pending++;
	return 0;
}

int qmp_open(struct qmp *q, const char *path, int wait_ms)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	q->fd = -1;
	q->stopped = 0;
	q->pending = 0;
	q->col = 0;
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
	/* QEMU drops the commands it has not dispatched yet when their client goes (monitor/qmp.c,
	 * monitor_qmp_cleanup_queue_and_resume): a "cont" must have its reply before we close, or the guest
	 * stays stopped for ever (make lab would wait for it) */
	if (q->stopped)
		send_cmd(q, "cont");
	await_replies(q, 2000);
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->stopped = 0;
}
