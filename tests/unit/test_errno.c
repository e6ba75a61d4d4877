/* tests/unit/test_errno.c: kernel/errno.c against glibc's strerrorname_np (the same Linux names), and every value
 * kernel/errno.h defines. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/errno.h"

static void test_matches_glibc(void **state)
{
	(void)state;
	for (int e = 1; e <= 133; e++) {
		const char *host = strerrorname_np(e);
		if (!host || e == 41 || e == 58) /* unused numbers in Linux */
			assert_string_equal(errno_name(e), "E?");
		else
			assert_string_equal(errno_name(e), host);
	}
}

static void test_header_values(void **state)
{
	(void)state;
#define N(e) assert_string_equal(errno_name(e), #e)
	N(EPERM), N(ENOENT), N(ESRCH), N(EINTR), N(EIO), N(ENXIO), N(E2BIG), N(ENOEXEC), N(EBADF), N(ECHILD);
	N(EAGAIN), N(ENOMEM), N(EACCES), N(EFAULT), N(EBUSY), N(EEXIST), N(ENODEV), N(ENOTDIR), N(EISDIR);
	N(EINVAL), N(ENFILE), N(EMFILE), N(ENOTTY), N(EFBIG), N(ENOSPC), N(ESPIPE), N(EROFS), N(EMLINK), N(EPIPE);
	N(EDOM), N(ERANGE), N(EDEADLK), N(ENAMETOOLONG), N(ENOSYS), N(ENOTEMPTY), N(ELOOP), N(ENOMSG), N(EIDRM);
	N(ENOTSOCK), N(EOPNOTSUPP), N(EAFNOSUPPORT), N(ETIMEDOUT), N(ERESTARTSYS);
#undef N
}

static void test_edges(void **state)
{
	(void)state;
	assert_string_equal(errno_name(0), "E?");
	assert_string_equal(errno_name(134), "E?");
	assert_string_equal(errno_name(511), "E?");
	assert_string_equal(errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_string_equal(errno_name(517), "E?");
	assert_string_equal(errno_name(-EPIPE), "EPIPE"); /* a kernel return value works too */
	assert_string_equal(errno_name(-2147483647 - 1), "E?");
	assert_string_equal(errno_name(2147483647), "E?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_glibc),
		cmocka_unit_test(test_header_values),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests_name("errno", tests, NULL, NULL);
}
