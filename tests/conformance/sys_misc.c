/* sys_misc: uname, sched_yield, write/writev to stdout, ioctl on a pipe, read of stdout's pipe end, and
 * a system call no kernel has (ENOSYS). */
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sched.h>
#include "conf.h"

int main(void)
{
	struct utsname u;
	check(uname(&u) == 0, "uname");
	check(u.sysname[0] != 0 && u.release[0] != 0 && u.version[0] != 0, "sysname, release and version are set");
	printf("machine: %s\n", u.machine);
	check(sched_yield() == 0, "sched_yield");

	fflush(stdout);
	struct iovec iov[3] = { { "writev ", 7 }, { "to ", 3 }, { "stdout\n", 7 } };
	check(writev(1, iov, 3) == 17, "writev of 3 pieces returns 17");
	check(write(1, "", 0) == 0, "write of 0 bytes returns 0");
	check(writev(1, iov, 0) == 0, "writev of 0 pieces returns 0");

	int p[2];
	pipe(p);
	struct winsize ws;
	int r = ioctl(p[0], TIOCGWINSZ, &ws);
	check(r == -1 && errno == ENOTTY, "TIOCGWINSZ on a pipe: %s", err_of(r));
	r = ioctl(99, TIOCGWINSZ, &ws);
	check(r == -1 && errno == EBADF, "ioctl on a closed fd: %s", err_of(r));
	char c;
	r = read(p[1], &c, 1);
	check(r == -1 && errno == EBADF, "read from a write end: %s", err_of(r));
	r = write(p[0], "x", 1);
	check(r == -1 && errno == EBADF, "write to a read end: %s", err_of(r));
	r = syscall(999);
	check(r == -1 && errno == ENOSYS, "syscall 999: %s", err_of(r));
	return done();
}
