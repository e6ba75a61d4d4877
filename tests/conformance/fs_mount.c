/* fs_mount: mount(2) of tmpfs instances and umount2(2): a mounted filesystem covers its directory and shows its
 * own files (its own st_dev), ".." leads back out, renames and links across it are EXDEV; umount2 is EBUSY while a
 * file, a cwd or a mount inside uses it; tmpfs's options size= (ENOSPC), nr_inodes=, mode=, uid=, gid= as
 * /proc/mounts shows them; MS_RDONLY (EROFS), MS_NOEXEC, MS_NODEV; and the errors of both calls (Linux mount(2),
 * umount(2), fs/namespace.c, mm/shmem.c). */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define D "/tmp/fs_mount.d"
#define M D "/mnt"

extern char **environ;

/* mounts_line: the /proc/mounts line for mount point path, without its source ("" when none). */
static const char *mounts_line(const char *path)
{
	static char line[512];
	FILE *f = fopen("/proc/mounts", "r");
	line[0] = 0;
	char buf[512];
	while (f && fgets(buf, sizeof buf, f)) {
		char *sp = strchr(buf, ' ');
		if (sp && strncmp(sp + 1, path, strlen(path)) == 0 && sp[1 + strlen(path)] == ' ') {
			snprintf(line, sizeof line, "%s", sp + 1);
			line[strcspn(line, "\n")] = 0;
		}
	}
	if (f)
		fclose(f);
	return line;
}

static long dev_of(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : (long)st.st_dev;
}

static int unprivileged_mount(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		int r = mount("tmpfs", M, "tmpfs", 0, NULL);
		int e1 = r < 0 ? errno : 0;
		r = umount(M);
		_exit(e1 == EPERM && r < 0 && errno == EPERM ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("ran from %s\n", argv[1]);
		return 0;
	}
	char buf[256];
	struct stat st;
	int r, fd;
	mkdir("/tmp", 0777);
	mkdir("/proc", 0555);
	r = mount("proc", "/proc", "proc", 0, NULL);
	check(r == 0, "mount proc on /proc: %s", err_of(r));
	check(mkdir(D, 0755) == 0 && mkdir(M, 0755) == 0, "mkdir " M);
	fd = open(M "/under", O_CREAT | O_WRONLY, 0644);
	close(fd);

	/* A tmpfs covers the directory. */
	check(mount("tmpfs", M, "tmpfs", 0, NULL) == 0, "mount tmpfs on " M);
	check(dev_of(M) != dev_of(D) && dev_of(M) > 0, "its own st_dev");
	check(stat(M, &st) == 0 && (st.st_mode & 07777) == 01777 && st.st_nlink == 2, "its root: mode 1777, nlink 2");
	check(access(M "/under", F_OK) < 0 && errno == ENOENT, "the covered file is hidden");
	printf("mounts: %s\n", mounts_line(M));
	fd = open(M "/f", O_CREAT | O_RDWR, 0644);
	check(fd >= 0 && write(fd, "data", 4) == 4, "a file in it");
	check(stat(M "/..", &st) == 0 && st.st_dev == (dev_t)dev_of(D) && st.st_ino == (ino_t)0 + st.st_ino,
	      ".. from its root is back on the covering filesystem");
	struct stat dst;
	stat(D, &dst);
	check(stat(M "/..", &st) == 0 && st.st_ino == dst.st_ino, ".. is " D " itself");
	r = rename(M "/f", D "/f");
	check(r < 0 && errno == EXDEV, "rename out of it: %s", err_of(r));
	r = link(M "/f", D "/f");
	check(r < 0 && errno == EXDEV, "link out of it: %s", err_of(r));
	r = umount(M);
	check(r < 0 && errno == EBUSY, "umount with a file open: %s", err_of(r));
	close(fd);
	check(chdir(M) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, M) == 0, "chdir into it, getcwd: %s", buf);
	r = umount(M);
	check(r < 0 && errno == EBUSY, "umount with a cwd in it: %s", err_of(r));
	check(chdir("..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, D) == 0, "chdir .. leaves it: %s", buf);
	r = rmdir(M);
	check(r < 0 && errno == EBUSY, "rmdir of the mount point: %s", err_of(r));
	r = rename(M, D "/elsewhere");
	check(r < 0 && errno == EBUSY, "rename of the mount point: %s", err_of(r));
	check(mkdir(M "/sub", 0755) == 0 && mount("tmpfs", M "/sub", "tmpfs", 0, NULL) == 0, "a mount inside it");
	r = umount(M);
	check(r < 0 && errno == EBUSY, "umount with a mount inside: %s", err_of(r));
	check(umount(M "/sub") == 0 && umount(M) == 0, "umount both");
	check(access(M "/under", F_OK) == 0 && access(M "/f", F_OK) < 0, "the covered file shows again");
	r = umount(M);
	check(r < 0 && errno == EINVAL, "umount of a directory that is no mount point: %s", err_of(r));
	chdir("/");

	/* Options. */
	check(mount("none", M, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=700,uid=5,gid=6") == 0,
	      "mount with size=64k,mode=700,uid=5,gid=6, nosuid, nodev");
	printf("mounts: %s\n", mounts_line(M));
	check(stat(M, &st) == 0 && (st.st_mode & 07777) == 0700 && st.st_uid == 5 && st.st_gid == 6,
	      "the root's mode and owner");
	fd = open(M "/big", O_CREAT | O_WRONLY, 0644);
	static char chunk[100000];
	ssize_t w = write(fd, chunk, sizeof chunk);
	check(w == 65536, "a write of 100000 bytes stops at 64 KiB: %ld", (long)w);
	w = write(fd, chunk, 10);
	check(w < 0 && errno == ENOSPC, "then ENOSPC: %s", err_of(w));
	struct statfs sf;
	check(fstatfs(fd, &sf) == 0, "fstatfs");
	printf("statfs: type %#lx bsize %ld blocks %ld bfree %ld bavail %ld namelen %ld frsize %ld flags %#lx\n",
	       (long)sf.f_type, (long)sf.f_bsize, (long)sf.f_blocks, (long)sf.f_bfree, (long)sf.f_bavail,
	       (long)sf.f_namelen, (long)sf.f_frsize, (long)sf.f_flags);
	check(sf.f_files > sf.f_ffree && sf.f_ffree > 0, "inodes: some used, some free");
	close(fd);
	check(statfs("/proc", &sf) == 0 && sf.f_type == 0x9fa0 && sf.f_blocks == 0, "statfs of /proc: PROC_SUPER_MAGIC");
	int pp[2];
	pipe(pp);
	check(fstatfs(pp[0], &sf) == 0 && sf.f_type == 0x50495045, "fstatfs of a pipe: PIPEFS_MAGIC");
	close(pp[0]);
	close(pp[1]);
	r = statfs(D "/none", &sf);
	check(r < 0 && errno == ENOENT, "statfs of a missing path: %s", err_of(r));
	r = (int)syscall(SYS_statfs, M, 1L); /* musl clears the buffer itself first */
	check(r < 0 && errno == EFAULT, "statfs into a bad buffer: %s", err_of(r));
	check(mknod(M "/null", S_IFCHR | 0666, makedev(1, 3)) == 0, "mknod /dev/null's number");
	r = open(M "/null", O_RDWR);
	check(r < 0 && errno == EACCES, "opening a device on a nodev mount: %s", err_of(r));
	check(umount(M) == 0, "umount");
	check(mount("none", M, "tmpfs", 0, "nr_inodes=3") == 0, "mount with nr_inodes=3");
	int made = 0;
	for (int i = 0; i < 5; i++) {
		snprintf(buf, sizeof buf, M "/i%d", i);
		int f = open(buf, O_CREAT | O_WRONLY, 0644);
		if (f < 0) {
			check(errno == ENOSPC, "the next create: %s", errname(errno));
			break;
		}
		made++;
		close(f);
	}
	check(made == 2, "two files besides the root: %d", made);
	check(umount(M) == 0, "umount");
	check(mount("none", M, "tmpfs", 0, "size=10%") == 0 && umount(M) == 0, "size as a percentage");

	/* Read-only and noexec. */
	check(mount("none", M, "tmpfs", MS_RDONLY, NULL) == 0, "mount read-only");
	printf("mounts: %s\n", mounts_line(M));
	r = open(M "/x", O_CREAT | O_WRONLY, 0644);
	check(r < 0 && errno == EROFS, "create: %s", err_of(r));
	r = mkdir(M "/d", 0755);
	check(r < 0 && errno == EROFS, "mkdir: %s", err_of(r));
	r = unlink(M "/none");
	check(r < 0 && errno == EROFS, "unlink of a missing name: %s", err_of(r));
	r = chmod(M, 0755);
	check(r < 0 && errno == EROFS, "chmod of its root: %s", err_of(r));
	check(umount(M) == 0, "umount");
	check(mount("none", M, "tmpfs", MS_NOEXEC, NULL) == 0, "mount noexec");
	int in = open("/tests/fs_mount", O_RDONLY), out = open(M "/prog", O_CREAT | O_WRONLY, 0755);
	fstat(in, &st);
	check(sendfile(out, in, NULL, st.st_size) == st.st_size, "copy this program in (sendfile)");
	close(in);
	close(out);
	pid_t pid = fork();
	if (pid == 0) {
		char *av[] = { M "/prog", "noexec", NULL };
		execve(av[0], av, environ);
		printf("exec on a noexec mount: %s\n", errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	check(umount(M) == 0 && mount("none", M, "tmpfs", 0, NULL) == 0, "mount again, exec allowed");
	in = open("/tests/fs_mount", O_RDONLY);
	out = open(M "/prog", O_CREAT | O_WRONLY, 0755);
	sendfile(out, in, NULL, st.st_size);
	close(in);
	close(out);
	pid = fork();
	if (pid == 0) {
		char *av[] = { M "/prog", "tmpfs", NULL };
		execve(av[0], av, environ);
		printf("exec: %s\n", errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a program runs from tmpfs");
	check(umount(M) == 0, "umount");

	/* Errors. */
	r = mount("x", M, "nosuchfs", 0, NULL);
	check(r < 0 && errno == ENODEV, "an unknown type: %s", err_of(r));
	r = mount("x", M, NULL, 0, NULL);
	check(r < 0 && errno == EINVAL, "no type: %s", err_of(r));
	r = mount("x", M, "tmpfs", 0, "bogus=1");
	check(r < 0 && errno == EINVAL, "an unknown option: %s", err_of(r));
	r = mount("x", M, "tmpfs", 0, "size=12q");
	check(r < 0 && errno == EINVAL, "a bad size: %s", err_of(r));
	r = mount("x", M "/under", "tmpfs", 0, NULL);
	check(r < 0 && errno == ENOTDIR, "onto a file: %s", err_of(r));
	r = mount("x", D "/none", "tmpfs", 0, NULL);
	check(r < 0 && errno == ENOENT, "onto a missing directory: %s", err_of(r));
	r = mount("x", (char *)1, "tmpfs", 0, NULL);
	check(r < 0 && errno == EFAULT, "a bad target pointer: %s", err_of(r));
	r = mount("x", M, (char *)1, 0, NULL);
	check(r < 0 && errno == EFAULT, "a bad type pointer: %s", err_of(r));
	r = umount2(M, 0x100);
	check(r < 0 && errno == EINVAL, "umount2 with a bad flag: %s", err_of(r));
	r = umount(D "/none");
	check(r < 0 && errno == ENOENT, "umount of a missing path: %s", err_of(r));
	r = umount("/");
	check(r < 0 && errno == EINVAL, "umount of /: %s", err_of(r));
	r = umount((char *)1);
	check(r < 0 && errno == EFAULT, "umount of a bad pointer: %s", err_of(r));
	check(unprivileged_mount(), "an unprivileged process may neither mount nor umount: EPERM");
	check(mount("none", M, "tmpfs", 0, NULL) == 0, "mount for MNT_EXPIRE");
	r = umount2(M, MNT_EXPIRE);
	check(r < 0 && errno == EAGAIN, "MNT_EXPIRE once: %s", err_of(r));
	r = umount2(M, MNT_EXPIRE);
	check(r == 0, "MNT_EXPIRE twice: %s", err_of(r));

	check(umount("/proc") == 0, "umount /proc");
	unlink(M "/under");
	check(rmdir(M) == 0 && rmdir(D) == 0, "rmdir all");
	return done();
}
