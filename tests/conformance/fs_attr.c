/* fs_attr: what a file is, changed: umask applied to every create (open, mkdir, mknod; a symlink is always
 * 0777), fchmodat/fchmod, fchownat/fchown/lchown with Linux's rules for who may (the owner may chgrp to its own
 * groups; only root may give a file away; S_ISUID and S_ISGID drop on chown and on an unprivileged write),
 * utimensat/futimens with UTIME_NOW and UTIME_OMIT, and the ctime each change sets (POSIX umask(), chmod(),
 * chown(), utimensat(); Linux fs/attr.c, fs/utimes.c). */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define D "/tmp/fs_attr.d"

static unsigned mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) < 0 ? 0xffff : st.st_mode & 07777;
}

/* as_user: run fn in a child with uid and gid 1000 (groups 1000 and 2000); returns its exit status. */
static int as_user(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		gid_t groups[] = { 1000, 2000 };
		if (setgroups(2, groups) < 0 || setresgid(1000, 1000, 1000) < 0 || setresuid(1000, 1000, 1000) < 0)
			_exit(99);
		fn();
		_exit(done());
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void unprivileged(void)
{
	struct stat st;
	int r = chown(D "/root-file", 1000, -1);
	check(r < 0 && errno == EPERM, "user: chown of root's file: %s", err_of(r));
	r = chmod(D "/root-file", 0777);
	check(r < 0 && errno == EPERM, "user: chmod of root's file: %s", err_of(r));
	r = chown(D "/mine", 0, -1);
	check(r < 0 && errno == EPERM, "user: give its own file to root: %s", err_of(r));
	r = chown(D "/mine", 1000, -1);
	check(r == 0, "user: chown to itself: %s", err_of(r));
	r = chown(D "/mine", -1, 2000);
	check(r == 0 && stat(D "/mine", &st) == 0 && st.st_gid == 2000, "user: chgrp to a group it is in: %s",
	      err_of(r));
	r = chown(D "/mine", -1, 3000);
	check(r < 0 && errno == EPERM, "user: chgrp to a group it is not in: %s", err_of(r));
	r = chmod(D "/mine", 02755);
	check(r == 0 && mode_of(D "/mine") == 02755, "user: chmod g+s in its group: %o", mode_of(D "/mine"));
	check(chown(D "/mine", -1, 1000) == 0, "user: chgrp back to 1000");
	check(mode_of(D "/mine") == 0755, "user: chgrp of a g+x file drops S_ISGID: %o", mode_of(D "/mine"));
	check(chown(D "/mine", -1, 3000) < 0 && chmod(D "/mine", 02755) == 0, "user: chmod g+s");
	r = chown(D "/mine", -1, 2000);
	check(r == 0 && chmod(D "/mine", 0755) == 0, "user: chmod back");
	/* chmod g+s of a file whose group the caller is not in drops the bit: root made other-group for us. */
	r = chmod(D "/other-group", 02755);
	check(r == 0 && mode_of(D "/other-group") == 0755, "user: g+s on a file of another group drops: %o",
	      mode_of(D "/other-group"));
	int fd = open(D "/suid", O_WRONLY);
	check(fd >= 0 && write(fd, "x", 1) == 1, "user: write to a setuid file it may write");
	close(fd);
	check(mode_of(D "/suid") == 0777, "user: the write dropped S_ISUID and S_ISGID: %o", mode_of(D "/suid"));
	/* utimensat: explicit times need ownership; "now" needs ownership or write permission. */
	struct timespec t[2] = { { 1000, 0 }, { 2000, 0 } };
	r = utimensat(AT_FDCWD, D "/root-file", t, 0);
	check(r < 0 && errno == EPERM, "user: utimensat with times on root's file: %s", err_of(r));
	r = utimensat(AT_FDCWD, D "/root-file", NULL, 0);
	check(r < 0 && errno == EACCES, "user: utimensat now on root's 0644 file: %s", err_of(r));
	r = utimensat(AT_FDCWD, D "/suid", NULL, 0);
	check(r == 0, "user: utimensat now on root's 0777 file: %s", err_of(r));
	struct timespec nn[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	r = utimensat(AT_FDCWD, D "/suid", nn, 0);
	check(r == 0, "user: UTIME_NOW twice counts as now: %s", err_of(r));
	struct timespec no[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	r = utimensat(AT_FDCWD, D "/suid", no, 0);
	check(r < 0 && errno == EPERM, "user: NOW and OMIT is not plain now: %s", err_of(r));
	r = truncate(D "/root-file", 0);
	check(r < 0 && errno == EACCES, "user: truncate root's 0644 file: %s", err_of(r));
}

int main(void)
{
	struct stat st;
	int r;
	mkdir("/tmp", 0777);
	mkdir(D, 0777);
	chmod(D, 0777);

	/* umask. */
	mode_t old = umask(0);
	check(old == 022, "the umask starts at 022: %o", old);
	check(umask(077) == 0, "umask returns the old mask");
	close(open(D "/a", O_CREAT | O_WRONLY, 0666));
	check(mode_of(D "/a") == 0600, "open O_CREAT 0666 under 077: %o", mode_of(D "/a"));
	mkdir(D "/d", 0777);
	check(mode_of(D "/d") == 0700, "mkdir 0777 under 077: %o", mode_of(D "/d"));
	mkfifo(D "/p", 0666);
	check(mode_of(D "/p") == 0600, "mkfifo 0666 under 077: %o", mode_of(D "/p"));
	mknod(D "/n", S_IFREG | 0644, 0);
	check(mode_of(D "/n") == 0600, "mknod 0644 under 077: %o", mode_of(D "/n"));
	symlink("a", D "/l");
	check(mode_of(D "/l") == 0777, "a symlink is 0777 whatever the umask: %o", mode_of(D "/l"));
	check(umask(01777) == 077 && umask(022) == 0777, "umask keeps only the permission bits");
	pid_t pid = fork();
	if (pid == 0)
		_exit(umask(0) == 022 ? 0 : 1);
	int status;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork copies the umask");

	/* chmod. */
	check(chmod(D "/a", 04755) == 0 && mode_of(D "/a") == 04755, "chmod 04755");
	int fd = open(D "/a", O_RDONLY);
	check(fchmod(fd, 0640) == 0 && mode_of(D "/a") == 0640, "fchmod 0640");
	check(fchmod(fd, 0170644) == 0 && stat(D "/a", &st) == 0 && st.st_mode == (S_IFREG | 0644),
	      "fchmod ignores the type bits");
	close(fd);
	check(chmod(D "/l", 0600) == 0 && mode_of(D "/a") == 0600 && mode_of(D "/l") == 0777,
	      "chmod follows a link");
	r = chmod(D "/none", 0600);
	check(r < 0 && errno == ENOENT, "chmod of a missing file: %s", err_of(r));
	r = fchmod(99, 0600);
	check(r < 0 && errno == EBADF, "fchmod of a bad fd: %s", err_of(r));
	r = chmod((char *)1, 0600);
	check(r < 0 && errno == EFAULT, "chmod of a bad pointer: %s", err_of(r));

	/* chown by root. */
	check(chown(D "/a", 1234, 5678) == 0 && stat(D "/a", &st) == 0 && st.st_uid == 1234 && st.st_gid == 5678,
	      "root: chown 1234:5678");
	check(chown(D "/a", -1, 42) == 0 && stat(D "/a", &st) == 0 && st.st_uid == 1234 && st.st_gid == 42,
	      "-1 leaves the owner");
	check(lchown(D "/l", 7, 8) == 0 && lstat(D "/l", &st) == 0 && st.st_uid == 7 && stat(D "/a", &st) == 0 &&
	      st.st_uid == 1234, "lchown changes the link, not the file");
	check(fchownat(AT_FDCWD, D "/l", 9, 9, 0) == 0 && stat(D "/a", &st) == 0 && st.st_uid == 9,
	      "fchownat without AT_SYMLINK_NOFOLLOW follows");
	r = fchownat(AT_FDCWD, D "/l", 9, 9, 0x8000);
	check(r < 0 && errno == EINVAL, "fchownat with a bad flag: %s", err_of(r));
	chmod(D "/a", 06755);
	check(chown(D "/a", -1, -1) == 0, "root: chown -1 -1");
	check(mode_of(D "/a") == 0755, "chown drops S_ISUID and a group-executable S_ISGID, even by root: %o",
	      mode_of(D "/a"));
	chmod(D "/a", 06745);
	chown(D "/a", 0, 0);
	check(mode_of(D "/a") == 02745, "a S_ISGID without group execute stays: %o", mode_of(D "/a"));
	chmod(D "/d", 06755);
	chown(D "/d", 0, 0);
	check(mode_of(D "/d") == 06755, "a directory keeps both: %o", mode_of(D "/d"));
	chmod(D "/d", 02777);
	chown(D "/d", 0, 4321);
	close(open(D "/d/in", O_CREAT | O_WRONLY, 0644));
	mkdir(D "/d/sub", 0755);
	check(stat(D "/d/in", &st) == 0 && st.st_gid == 4321, "a file made in a S_ISGID directory takes its group");
	check(stat(D "/d/sub", &st) == 0 && st.st_gid == 4321 && (st.st_mode & S_ISGID),
	      "a directory made there takes its group and S_ISGID");

	/* ctime: every change sets it. */
	struct stat before, after;
	stat(D "/a", &before);
	sleep_ms(20);
	chmod(D "/a", 0644);
	stat(D "/a", &after);
	check(after.st_ctim.tv_sec * 1000000000LL + after.st_ctim.tv_nsec >
	      before.st_ctim.tv_sec * 1000000000LL + before.st_ctim.tv_nsec, "chmod sets the ctime");
	check(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
	      "and not the mtime");

	/* utimensat. */
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1500000000, 5 } };
	check(utimensat(AT_FDCWD, D "/a", t, 0) == 0, "utimensat with times");
	stat(D "/a", &st);
	check(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789 && st.st_mtim.tv_sec == 1500000000 &&
	      st.st_mtim.tv_nsec == 5, "stat shows them");
	struct timespec neg[2] = { { -1, 0 }, { 4000000000LL, 0 } };
	check(utimensat(AT_FDCWD, D "/a", neg, 0) == 0 && stat(D "/a", &st) == 0 && st.st_atim.tv_sec == -1 &&
	      st.st_mtim.tv_sec == 4000000000LL, "before 1970 and after 2038");
	struct timespec omit[2] = { { 5, UTIME_OMIT }, { 6, 0 } };
	check(utimensat(AT_FDCWD, D "/a", omit, 0) == 0 && stat(D "/a", &st) == 0 && st.st_atim.tv_sec == -1 &&
	      st.st_mtim.tv_sec == 6, "UTIME_OMIT leaves the atime");
	struct timespec now0, now1;
	clock_gettime(CLOCK_REALTIME, &now0);
	struct timespec nowt[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	check(utimensat(AT_FDCWD, D "/a", nowt, 0) == 0, "UTIME_NOW for the atime");
	clock_gettime(CLOCK_REALTIME, &now1);
	stat(D "/a", &st);
	check(st.st_atim.tv_sec >= now0.tv_sec - 1 && st.st_atim.tv_sec <= now1.tv_sec && st.st_mtim.tv_sec == 6,
	      "the atime is now, the mtime unchanged");
	check(utimensat(AT_FDCWD, D "/a", NULL, 0) == 0 && stat(D "/a", &st) == 0 && st.st_mtim.tv_sec >= now0.tv_sec - 1,
	      "NULL times: both now");
	check(utimensat(AT_FDCWD, D "/l", t, AT_SYMLINK_NOFOLLOW) == 0 && lstat(D "/l", &st) == 0 &&
	      st.st_mtim.tv_sec == 1500000000 && stat(D "/a", &st) == 0 && st.st_mtim.tv_sec != 1500000000,
	      "AT_SYMLINK_NOFOLLOW sets the link's times");
	fd = open(D "/a", O_RDONLY);
	check(futimens(fd, t) == 0 && stat(D "/a", &st) == 0 && st.st_mtim.tv_sec == 1500000000, "futimens");
	r = (int)syscall(SYS_utimensat, fd, NULL, t, AT_SYMLINK_NOFOLLOW);
	check(r < 0 && errno == EINVAL, "utimensat of an fd with flags: %s", err_of(r));
	close(fd);
	struct timespec both_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	r = utimensat(AT_FDCWD, D "/none", both_omit, 0);
	check(r == 0, "both UTIME_OMIT: 0 without looking the path up: %s", err_of(r));
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	r = utimensat(AT_FDCWD, D "/a", bad, 0);
	check(r < 0 && errno == EINVAL, "tv_nsec of 10^9: %s", err_of(r));
	r = utimensat(AT_FDCWD, D "/a", t, 0x8000);
	check(r < 0 && errno == EINVAL, "a bad flag: %s", err_of(r));
	r = (int)syscall(SYS_utimensat, AT_FDCWD, D "/a", 1L, 0); /* musl's utimensat reads times itself */
	check(r < 0 && errno == EFAULT, "a bad times pointer: %s", err_of(r));
	r = utimensat(AT_FDCWD, D "/none", t, 0);
	check(r < 0 && errno == ENOENT, "a missing file: %s", err_of(r));
	r = (int)syscall(SYS_utimensat, 99, NULL, t, 0); /* glibc's utimensat refuses a NULL path itself */
	check(r < 0 && errno == EBADF, "futimens of a bad fd: %s", err_of(r));

	/* An unprivileged process. */
	close(open(D "/root-file", O_CREAT | O_WRONLY, 0644));
	close(open(D "/mine", O_CREAT | O_WRONLY, 0755));
	chown(D "/mine", 1000, 1000);
	close(open(D "/other-group", O_CREAT | O_WRONLY, 0755));
	chown(D "/other-group", 1000, 3000);
	close(open(D "/suid", O_CREAT | O_WRONLY, 0777));
	chmod(D "/suid", 06777);
	check(as_user(unprivileged) == 0, "the unprivileged checks");

	const char *names[] = { "a", "p", "n", "l", "d/in", "root-file", "mine", "other-group", "suid" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[64];
		snprintf(path, sizeof path, D "/%s", names[i]);
		if (unlink(path) < 0)
			check(0, "unlink %s: %s", path, errname(errno));
	}
	check(rmdir(D "/d/sub") == 0 && rmdir(D "/d") == 0 && rmdir(D) == 0, "rmdir all");
	return done();
}
