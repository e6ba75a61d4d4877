/* tests/conformance/sockaddr_un.h: AF_UNIX addresses for the sock_* conformance programs (unix(7) "Address
 * format"):
 *   path_addr(&a, "/tmp/x")      a path name, its length counting the NUL (as bind stores it)
 *   abstract_addr(&a, "name")    an abstract name: a NUL byte, then the name's bytes and no NUL after
 *   show_name(&a, len)           "len N path P", "len N abstract @P" or "len N unnamed" for a name a call returned
 * Include after conf.h. */
#ifndef SOCKADDR_UN_H
#define SOCKADDR_UN_H
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *path) __attribute__((unused));
static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name) __attribute__((unused));
static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* show_name: in a static buffer, overwritten by the next call (use one per printf). */
static const char *show_name(const struct sockaddr_un *a, socklen_t len) __attribute__((unused));
static const char *show_name(const struct sockaddr_un *a, socklen_t len)
{
	static char buf[160];
	size_t off = offsetof(struct sockaddr_un, sun_path);
	if (len <= off)
		snprintf(buf, sizeof buf, "len %u unnamed", (unsigned)len);
	else if (a->sun_path[0])
		snprintf(buf, sizeof buf, "len %u path %s", (unsigned)len, a->sun_path);
	else
		snprintf(buf, sizeof buf, "len %u abstract @%.*s", (unsigned)len, (int)(len - off - 1), a->sun_path + 1);
	return buf;
}
#endif
