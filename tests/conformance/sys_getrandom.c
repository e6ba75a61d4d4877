/* sys_getrandom: getrandom(2), which glibc's malloc calls at start-up and programs use for seeds: the bytes asked
 * for (all of them up to 256), different each time, its flags' errors, EFAULT; /dev/urandom gives bytes too. */
#include "conf.h"
#include <fcntl.h>
#include <sys/syscall.h>

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

int main(void)
{
	unsigned char a[256], b[256];
	check(syscall(SYS_getrandom, a, sizeof a, 0) == (long)sizeof a, "256 bytes at once");
	check(syscall(SYS_getrandom, b, sizeof b, GRND_NONBLOCK) == (long)sizeof b, "GRND_NONBLOCK: 256 bytes");
	check(memcmp(a, b, sizeof a) != 0, "two draws differ");
	int zeros = 0;
	for (size_t i = 0; i < sizeof a; i++)
		zeros += a[i] == 0;
	check(zeros < 16, "not mostly zeros");
	check(syscall(SYS_getrandom, a, 0, 0) == 0, "0 bytes: 0");
	check(syscall(SYS_getrandom, a, 16, GRND_RANDOM) == 16, "GRND_RANDOM");
	check(syscall(SYS_getrandom, a, 16, 0x100) < 0 && errno == EINVAL, "an unknown flag: EINVAL");
	check(syscall(SYS_getrandom, a, 16, GRND_RANDOM | GRND_INSECURE) < 0 && errno == EINVAL,
	      "GRND_RANDOM with GRND_INSECURE: EINVAL");
	check(syscall(SYS_getrandom, NULL, 16, 0) < 0 && errno == EFAULT, "a bad buffer: EFAULT");
	int fd = open("/dev/urandom", O_RDONLY);
	check(fd >= 0 && read(fd, a, 32) == 32, "/dev/urandom gives 32 bytes");
	return done();
}
