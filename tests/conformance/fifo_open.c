/* fifo_open: the open rules of a FIFO (POSIX open(), fifo(7)): opening for reading blocks until a writer opens
 * and vice versa; O_NONBLOCK for reading succeeds at once, O_NONBLOCK for writing with no reader is ENXIO;
 * O_RDWR never blocks; an opener and closer still lets a blocked open through; unread data goes with the last
 * close; data flows as through a pipe. */
#include "conf.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define F "/tmp/fifo_open.f"

/* child_after: fork a child that sleeps ms, then opens F with flags, writes msg (if any), sleeps hold ms and
 * exits. */
static pid_t child_after(int ms, int flags, const char *msg, int hold)
{
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		int fd = open(F, flags);
		if (fd < 0)
			_exit(2);
		if (msg && write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
			_exit(3);
		sleep_ms(hold);
		_exit(0);
	}
	return pid;
}

static int reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	char buf[64];
	struct stat st;
	int r;
	signal(SIGPIPE, SIG_IGN);
	mkdir("/tmp", 0777);
	unlink(F);
	check(mkfifo(F, 0600) == 0, "mkfifo");

	/* Non-blocking opens. */
	int rfd = open(F, O_RDONLY | O_NONBLOCK);
	check(rfd >= 0, "O_RDONLY|O_NONBLOCK with no writer opens at once");
	check(read(rfd, buf, sizeof buf) == 0, "read with no writer: 0 (end of file)");
	check(fstat(rfd, &st) == 0 && S_ISFIFO(st.st_mode), "fstat: S_IFIFO");
	r = (int)lseek(rfd, 0, SEEK_SET);
	check(r < 0 && errno == ESPIPE, "lseek: %s", err_of(r));
	int wfd = open(F, O_WRONLY | O_NONBLOCK);
	check(wfd >= 0, "O_WRONLY|O_NONBLOCK with a reader opens");
	check(write(wfd, "ab", 2) == 2 && read(rfd, buf, sizeof buf) == 2, "data flows");
	r = (int)read(rfd, buf, sizeof buf);
	check(r < 0 && errno == EAGAIN, "empty with a writer, O_NONBLOCK: %s", err_of(r));
	close(wfd);
	close(rfd);
	r = open(F, O_WRONLY | O_NONBLOCK);
	check(r < 0 && errno == ENXIO, "O_WRONLY|O_NONBLOCK with no reader: %s", err_of(r));

	/* O_RDWR never blocks; the last close drops unread data. */
	int fd = open(F, O_RDWR);
	check(fd >= 0, "O_RDWR opens at once");
	check(write(fd, "xyz", 3) == 3, "O_RDWR: write");
	close(fd);
	fd = open(F, O_RDWR | O_NONBLOCK);
	r = (int)read(fd, buf, sizeof buf);
	check(r < 0 && errno == EAGAIN, "after the last close the data is gone: %s", err_of(r));
	close(fd);

	/* A reader blocks until a writer opens. */
	long long t0 = now_ns();
	pid_t pid = child_after(200, O_WRONLY, "hello", 0);
	rfd = open(F, O_RDONLY);
	long long waited = (now_ns() - t0) / 1000000;
	check(rfd >= 0, "blocking O_RDONLY open returns");
	check(waited >= 150, "it waited for the writer (>= 150 ms)");
	memset(buf, 0, sizeof buf);
	r = (int)read(rfd, buf, sizeof buf);
	check(r == 5 && strcmp(buf, "hello") == 0, "read what the writer wrote: %s", buf);
	check(reap(pid) == 0, "writer exited 0");
	check(read(rfd, buf, sizeof buf) == 0, "then end of file");
	close(rfd);

	/* A writer blocks until a reader opens. */
	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		sleep_ms(200);
		int fd2 = open(F, O_RDONLY);
		char b[16] = { 0 };
		ssize_t n = read(fd2, b, sizeof b - 1);
		_exit(n == 5 && strcmp(b, "world") == 0 ? 0 : 1);
	}
	wfd = open(F, O_WRONLY);
	waited = (now_ns() - t0) / 1000000;
	check(wfd >= 0, "blocking O_WRONLY open returns");
	check(waited >= 150, "it waited for the reader (>= 150 ms)");
	check(write(wfd, "world", 5) == 5, "write");
	check(reap(pid) == 0, "the reader got world");
	r = (int)write(wfd, "x", 1);
	check(r < 0 && errno == EPIPE, "write after the reader left: %s", err_of(r));
	close(wfd);

	/* A writer that opens and closes at once still lets the blocked reader through. */
	pid = child_after(200, O_WRONLY, NULL, 0);
	rfd = open(F, O_RDONLY);
	check(rfd >= 0, "reader released by a writer that closed at once");
	check(read(rfd, buf, sizeof buf) == 0, "and reads end of file");
	check(reap(pid) == 0, "writer exited 0");
	close(rfd);

	/* Two readers blocked, one writer releases both. */
	pid_t a = fork();
	if (a == 0) {
		int f1 = open(F, O_RDONLY);
		_exit(f1 >= 0 ? 0 : 1);
	}
	pid_t b = fork();
	if (b == 0) {
		int f1 = open(F, O_RDONLY);
		_exit(f1 >= 0 ? 0 : 1);
	}
	sleep_ms(200);
	wfd = open(F, O_WRONLY);
	check(wfd >= 0, "writer opens with two readers waiting");
	check(reap(a) == 0 && reap(b) == 0, "both readers were released");
	close(wfd);

	check(unlink(F) == 0, "unlink");
	return done();
}
