/* tests/conformance/fs_seek_data.c: lseek(2) SEEK_DATA and SEEK_HOLE at offsets in, at and past the end of a file,
 * and negative ones: a negative offset is past the end too (ENXIO, not EINVAL: Linux's generic_file_llseek_size
 * compares the offset unsigned, shmem_file_llseek refuses it as ENXIO); found by scripts/fuzz-diff --seed 5150. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include "conf.h"

static void seek(int fd, const char *file, long long off, const char *offname, int whence)
{
	errno = 0;
	long long r = lseek(fd, off, whence);
	printf("%s %s %s: ", file, whence == SEEK_DATA ? "SEEK_DATA" : "SEEK_HOLE", offname);
	if (r < 0)
		printf("%s\n", errname(errno));
	else
		printf("%lld\n", r);
}

int main(void)
{
	int fd = open("/tmp/seek_data", O_CREAT | O_RDWR | O_TRUNC, 0600);
	char buf[100] = { 0 };
	write(fd, buf, sizeof buf);
	int empty = open("/tmp/seek_empty", O_CREAT | O_RDWR | O_TRUNC, 0600);
	struct { long long v; const char *name; } offs[] = {
		{ 0, "0" }, { 50, "50" }, { 99, "99" }, { 100, "100" }, { 101, "101" }, { -1, "-1" },
		{ INT_MIN, "INT_MIN" }, { LLONG_MIN, "LLONG_MIN" }, { LLONG_MAX, "LLONG_MAX" },
	};
	for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++)
		for (int w = SEEK_DATA; w <= SEEK_HOLE; w++) {
			seek(fd, "100-byte file", offs[i].v, offs[i].name, w);
			seek(empty, "empty file", offs[i].v, offs[i].name, w);
		}
	printf("offset after the failures: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	unlink("/tmp/seek_data");
	unlink("/tmp/seek_empty");
	return 0;
}
