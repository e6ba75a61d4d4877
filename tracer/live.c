/* tracer/live.c: live input (unix socket / stdin / growing file) spooled to a file behind the trace. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "live.h"

/* Seconds on the monotonic clock. */
static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int connect_unix(const char *path, int wait_s)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof a.sun_path) {
		fprintf(stderr, "ipctrace: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	int said = 0;
	for (int tries = 0;; tries++) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			perror("ipctrace: socket");
			return -1;
		}
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
			return fd;
		int e = errno;
		close(fd);
		if ((e != ENOENT && e != ECONNREFUSED) || tries >= wait_s * 10) {
			fprintf(stderr, "ipctrace: cannot connect to %s: %s\n", path, strerror(e));
			return -1;
		}
		if (!said++)
			fprintf(stderr, "ipctrace: waiting for the trace socket %s (start QEMU with "
				"-chardev socket,id=trace,path=%s,server=on,wait=on)...\n", path, path);
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

int live_open(struct live *l, const char *spec, const char *save_path, int wait_s, struct trace *t)
{
	memset(l, 0, sizeof *l);
	l->in = -1;
	l->spool = -1;
	l->qmp.fd = -1;
	if (!strcmp(spec, "-")) {
		l->in = 0;
	} else {
		l->in = connect_unix(spec, wait_s);
		if (l->in < 0)
			return -1;
		snprintf(l->qmp_path, sizeof l->qmp_path, "%s.qmp", spec);
		/* QEMU opens its monitor right after the trace socket got its reader: connect now, so that the first
		 * hold is immediate (a lab runs in a second or two) */
		l->qmp_was = qmp_open(&l->qmp, l->qmp_path, 300) == 0;
		l->qmp_tried = mono();
	}
	if (save_path) {
		l->spool = open(save_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		snprintf(l->spool_path, sizeof l->spool_path, "%s", save_path);
	} else {
		char tmpl[] = "/tmp/ipctrace-live-XXXXXX";
		l->spool = mkstemp(tmpl);
		if (l->spool >= 0)
			unlink(tmpl);
	}
	if (l->spool < 0) {
		fprintf(stderr, "ipctrace: cannot create the spool file %s: %s\n", save_path ? save_path : "in /tmp",
			strerror(errno));
		live_close(l);
		return -1;
	}
	char name[200];
	const char *base = strrchr(spec, '/');
	snprintf(name, sizeof name, "live: %s", !strcmp(spec, "-") ? "stdin" : base ? base + 1 : spec);
	if (trace_open_fd(t, l->spool, name) < 0) {
		live_close(l);
		return -1;
	}
	return 0;
}

int live_follow(struct live *l, const char *path, struct trace *t)
{
	memset(l, 0, sizeof *l);
	l->in = -1;
	l->spool = -1;
	l->follow = 1;
	l->qmp.fd = -1;
	if (trace_open_file(t, path) < 0) {
		fprintf(stderr, "ipctrace: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

long live_pump(struct live *l, struct trace *t, int timeout_ms, size_t max)
{
	if (l->follow) {
		struct stat st;
		if (fstat(t->bk.fd, &st) == 0 && (uint64_t)st.st_size > t->bk.size) {
			long n = (long)((uint64_t)st.st_size - t->bk.size);
			trace_grow(t, (uint64_t)st.st_size);
			return n;
		}
		return 0;
	}
	if (l->eof || l->in < 0)
		return -1;
	long total = 0;
	char buf[65536];
	while ((size_t)total < max) {
		struct pollfd p = { l->in, POLLIN, 0 };
		int r = poll(&p, 1, total ? 0 : timeout_ms);
		if (r <= 0)
			break;
		size_t want = max - (size_t)total < sizeof buf ? max - (size_t)total : sizeof buf;
		ssize_t n = read(l->in, buf, want);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			l->eof = 1;
			trace_set_eof(t);
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = pwrite(l->spool, buf + off, (size_t)(n - off), (off_t)(l->bytes + (uint64_t)off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				perror("ipctrace: writing the spool file");
				l->eof = 1;
				trace_set_eof(t);
				return -1;
			}
			off += w;
		}
		l->bytes += (uint64_t)n;
		total += n;
		trace_grow(t, l->bytes);
		if (total > (1 << 22))
			break;   /* let the caller draw */
	}
	if (l->eof && !total)
		return -1;
	return total;
}

void live_hold(struct live *l, int hold)
{
	double now = mono();
	/* not there at the start: try again when first needed, once a second (never after losing it) */
	if (hold && l->qmp.fd < 0 && !l->qmp_was && l->qmp_path[0] && !l->eof && now - l->qmp_tried > 1.0) {
		l->qmp_tried = now;
		l->qmp_was = qmp_open(&l->qmp, l->qmp_path, 0) == 0;
	}
	qmp_hold(&l->qmp, hold && !l->eof);
}

int live_holding(const struct live *l)
{
	return l->qmp.stopped;
}

int live_can_hold(const struct live *l)
{
	return l->qmp.fd >= 0;
}

void live_close(struct live *l)
{
	qmp_close(&l->qmp);
	if (l->in > 0)
		close(l->in);
	l->in = -1;
	/* the spool fd belongs to the trace's backing (not owned): close it here */
	if (l->spool >= 0)
		close(l->spool);
	l->spool = -1;
}
