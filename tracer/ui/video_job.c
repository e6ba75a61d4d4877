/* tracer/ui/video_job.c: the window's `v` key: a video of a range of events, rendered in the background by a
 * child ipctrace (--video, video.c) while the window goes on. The child gets the trace's open file as its fd 9
 * (it reads /dev/fd/9), so it works for a live session's spool, even unlinked, and after the window has quit;
 * its messages go to OUT.log, removed when it succeeds. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "ui.h"
#include "app.h"

#define CHILD_FD 9    /* the trace's fd in the child */

int video_job_start(struct video_job *j, struct trace *t, int64_t from_seq, int64_t to_seq, int projector, char *err, size_t len)
{
	if (j->pid > 0) {
		snprintf(err, len, "a video is still being rendered: %s", j->out);
		return -1;
	}
	if (t->bk.fd < 0) {
		snprintf(err, len, "this trace is not in a file: no video");
		return -1;
	}
	char exe[512], from[24], to[24];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		snprintf(err, len, "video: cannot find this program: %s", strerror(errno));
		return -1;
	}
	exe[n] = 0;
	snprintf(j->out, sizeof j->out, "ipctrace-seq%lld-%lld.mp4", (long long)from_seq, (long long)to_seq);
	snprintf(j->log, sizeof j->log, "%s.log", j->out);
	snprintf(from, sizeof from, "%lld", (long long)from_seq);
	snprintf(to, sizeof to, "%lld", (long long)to_seq);
	char *argv[] = { exe, "--video", j->out, "--from", from, "--to", to, "--size", "1920x1080", "--name", t->name,
			 projector ? "--projector" : "--quiet", "/dev/fd/9", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, j->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	/* dup2 to another number clears close-on-exec (the trace's fd has it) */
	int tmp = t->bk.fd == CHILD_FD ? dup(t->bk.fd) : t->bk.fd;
	posix_spawn_file_actions_adddup2(&fa, tmp, CHILD_FD);
	extern char **environ;
	int rc = posix_spawn(&j->pid, exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (tmp != t->bk.fd)
		close(tmp);
	if (rc != 0) {
		j->pid = 0;
		snprintf(err, len, "video: cannot start %s: %s", exe, strerror(rc));
		return -1;
	}
	return 0;
}

int video_job_poll(struct video_job *j, char *msg, size_t len)
{
	int st;
	if (j->pid <= 0 || waitpid(j->pid, &st, WNOHANG) != j->pid)
		return 0;
	j->pid = 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		unlink(j->log);
		snprintf(msg, len, "saved the video %s", j->out);
		return 1;
	}
	snprintf(msg, len, "the video failed: see %s", j->log);
	return -1;
}
