/* tracer/ui/video.c: --video: a range of events as an animated GIF, a WebM or an MP4 for slides. The frames
 * are the headless renderer's (offscreen.c), each event animated for 1/speed s (bookkeeping events a quarter
 * of that, as in the window); they go as raw BGRA pixels down a pipe to Debian's ffmpeg command, which does
 * the encoding (a GIF through ffmpeg's palettegen/paletteuse filters, WebM as VP9, MP4 as H.264). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "ui.h"
#include "app.h"
#include "player.h"

/* The ffmpeg arguments that encode to a file of kind ext, after the raw input. NULL: unknown kind. */
static const char *codec_args(const char *ext)
{
	if (!strcmp(ext, ".gif"))
		return "-filter_complex \"[0:v]split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=3\" -loop 0";
	if (!strcmp(ext, ".webm"))
		return "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v 0 -crf 33 -pix_fmt yuv420p";
	if (!strcmp(ext, ".mp4"))
		return "-c:v libx264 -preset veryfast -crf 22 -pix_fmt yuv420p -movflags +faststart";
	return NULL;
}

/* Is record i bookkeeping (a scheduler switch, a mask change)? It then stays a quarter of the time. */
static int brief(struct trace *t, size_t i)
{
	const char *n = type_get(t->recs[i].type)->name;
	return !strcmp(n, "sched.switch") || !strcmp(n, "sig.mask");
}

/* Quote path for the shell (single quotes). */
static void shell_quote(const char *s, char *buf, size_t len)
{
	size_t u = 0;
	if (len < 3) {
		buf[0] = 0;
		return;
	}
	buf[u++] = '\'';
	for (; *s && u + 5 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + u, "'\\''", 4);
			u += 4;
		} else {
			buf[u++] = *s;
		}
	}
	buf[u++] = '\'';
	buf[u] = 0;
}

static int put_frame(FILE *out, SDL_Surface *s)
{
	for (int y = 0; y < s->h; y++)
		if (fwrite((const char *)s->pixels + (size_t)y * s->pitch, 4, (size_t)s->w, out) != (size_t)s->w)
			return -1;
	return 0;
}

int export_video(struct trace *t, const struct options *opt, const char *path)
{
	const char *ext = strrchr(path, '.');
	const char *args = ext ? codec_args(ext) : NULL;
	if (!args) {
		fprintf(stderr, "ipctrace: --video %s: the name should end in .gif, .webm or .mp4\n", path);
		return -1;
	}
	if (opt->w % 2 || opt->h % 2) {
		fprintf(stderr, "ipctrace: --video: the size should be even (%dx%d)\n", opt->w, opt->h);
		return -1;
	}
	long from = 0, to = (long)t->n - 1;
	if (opt->from_seq >= 0)
		from = (long)trace_find_seq(t, opt->from_seq);
	if (opt->to_seq >= 0) {
		to = (long)trace_find_seq(t, opt->to_seq);
		if (to >= (long)t->n || t->recs[to].seq != opt->to_seq)
			to--;   /* the last event at or before it */
	}
	if (opt->from_mark) {
		size_t m = trace_find_mark(t, (size_t)(from > 0 ? from : 0), opt->from_mark);
		if (m >= t->n) {
			fprintf(stderr, "ipctrace: --video: no trace.mark starting with \"%s\" in %s\n", opt->from_mark, t->name);
			return -1;
		}
		from = (long)m;
	}
	if (opt->to_mark) {
		size_t m = trace_find_mark(t, (size_t)from + 1, opt->to_mark);
		to = m < t->n ? (long)m : (long)t->n - 1;
	}
	if (to >= (long)t->n)
		to = (long)t->n - 1;
	if (from > to) {
		fprintf(stderr, "ipctrace: --video: no events between --from and --to\n");
		return -1;
	}
	double speed = opt->speed > 0 ? opt->speed : 2, fps = opt->fps > 0 ? opt->fps : 30;
	int per = (int)lround(fps / speed);
	if (per < 1)
		per = 1;
	char qpath[1200], cmd[2000];
	shell_quote(path, qpath, sizeof qpath);
	snprintf(cmd, sizeof cmd, "ffmpeg -hide_banner -loglevel error -y -f rawvideo -pixel_format bgra -video_size %dx%d "
		 "-framerate %g -i - %s %s", opt->w, opt->h, fps, args, qpath);
	struct offscreen *o = offscreen_new(opt->w, opt->h);
	if (!o)
		return -1;
	FILE *out = popen(cmd, "w");
	if (!out) {
		fprintf(stderr, "ipctrace: --video: cannot run ffmpeg: %s\n", strerror(errno));
		offscreen_free(o);
		return -1;
	}
	long frames = 0;
	int rc = 0;
	/* the state before the first event of the range, still for a second */
	SDL_Surface *s = offscreen_render(o, t, from - 1, 1, opt->projector);
	for (int k = 0; k < (int)fps && rc == 0; k++, frames++)
		rc = put_frame(out, s);
	for (long i = from; i <= to && rc == 0; i++) {
		int n = brief(t, (size_t)i) ? (per + 3) / 4 : per;
		for (int k = 0; k < n && rc == 0; k++, frames++) {
			/* the animation plays in the first 90% of the event's time, then it rests */
			float anim = n > 1 ? (float)k / (float)(n - 1) / 0.9f : 1;
			s = offscreen_render(o, t, i, anim > 1 ? 1 : anim, opt->projector);
			rc = put_frame(out, s);
		}
	}
	for (int k = 0; k < (int)fps && rc == 0; k++, frames++)   /* and the last frame for a second */
		rc = put_frame(out, s);
	int st = pclose(out);
	offscreen_free(o);
	if (rc < 0 || st != 0) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			fprintf(stderr, "ipctrace: --video needs the ffmpeg command (Debian's ffmpeg package: scripts/deps)\n");
		else
			fprintf(stderr, "ipctrace: --video: ffmpeg failed (status %d) writing %s\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1, path);
		return -1;
	}
	printf("ipctrace: wrote %s (%ld frames, %.1f s: events %lld to %lld at %g events/s)\n", path, frames, frames / fps,
	       (long long)t->recs[from].seq, (long long)t->recs[to].seq, speed);
	return 0;
}
