/* tracer/names.c: signal names and event summaries for display. */
#include <stdio.h>
#include <string.h>
#include "names.h"

static const char *const names[32] = {
	"?", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
	"SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
	"SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

const char *sig_name(int sig)
{
	static char buf[4][16];
	static int k;
	if (sig >= 1 && sig <= 31)
		return names[sig];
	if (sig >= 32 && sig <= 64) {
		k = (k + 1) % 4;
		snprintf(buf[k], sizeof buf[k], "SIGRTMIN+%d", sig - 32);
		return buf[k];
	}
	return "?";
}

const char *sig_short(int sig)
{
	const char *n = sig_name(sig);
	return strncmp(n, "SIG", 3) ? n : n + 3;
}

const char *sigset_names(unsigned long long set, char *buf, size_t len)
{
	size_t u = 0;
	buf[0] = 0;
	for (int s = 1; s <= 64 && u < len; s++)
		if (set >> (s - 1) & 1)
			u += (size_t)snprintf(buf + u, len - u, "%s%s", u ? " " : "", sig_short(s));
	return buf;
}

/* Fields that every event has, or that only restate the object's state after it. */
static const char *const skip[] = {
	"seq", "ts", "cpu", "pid", "type", "head", "tail", "cap", "readers", "writers", "sems", "msgs", "qnum",
	"cbytes", "qbytes", "more", "attaches", "nattch", "dest", "next_name", NULL,
};

static int skipped(const char *k)
{
	for (int i = 0; skip[i]; i++)
		if (!strcmp(skip[i], k))
			return 1;
	return 0;
}

/* Append s as a quoted string with C escapes, cut at 40 chars. */
static size_t put_str(char *buf, size_t u, size_t len, const char *s)
{
	if (u + 2 >= len)
		return u;
	buf[u++] = '"';
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && u + 6 < len; p++, n++) {
		if (n == 40) {
			u += (size_t)snprintf(buf + u, len - u, "...");
			break;
		}
		if (*p == '\n')
			u += (size_t)snprintf(buf + u, len - u, "\\n");
		else if (*p == '\t')
			u += (size_t)snprintf(buf + u, len - u, "\\t");
		else if (*p == '"' || *p == '\\')
			u += (size_t)snprintf(buf + u, len - u, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			u += (size_t)snprintf(buf + u, len - u, "\\x%02x", *p);
		else
			buf[u++] = (char)*p;
	}
	if (u + 1 < len)
		buf[u++] = '"';
	buf[u < len ? u : len - 1] = 0;
	return u;
}

const char *ev_summary(const cJSON *j, char *buf, size_t len)
{
	size_t u = 0;
	const cJSON *f;
	buf[0] = 0;
	if (!j || !len)
		return buf;
	cJSON_ArrayForEach(f, j) {
		if (!f->string || skipped(f->string) || u + 8 >= len)
			continue;
		u += (size_t)snprintf(buf + u, len - u, "%s%s=", u ? " " : "", f->string);
		if (u >= len)
			break;
		if (cJSON_IsString(f)) {
			u = put_str(buf, u, len, f->valuestring);
		} else if (cJSON_IsNumber(f)) {
			u += (size_t)snprintf(buf + u, len - u, "%.15g", f->valuedouble);
		} else {
			char *s = cJSON_PrintUnformatted(f);
			if (s) {
				if (strlen(s) > 48)
					strcpy(s + 45, "...");
				u += (size_t)snprintf(buf + u, len - u, "%s", s);
				cJSON_free(s);
			}
		}
		if (u >= len)
			u = len - 1;
	}
	buf[u < len ? u : len - 1] = 0;
	return buf;
}
