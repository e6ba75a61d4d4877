/* fs_dir: directories: mkdir, getdents64 (names sorted here: the order is the filesystem's), rmdir and unlink
 * errors, nlink counts, chdir/fchdir/getcwd, relative paths with "." and "..", mknod of a FIFO and a file
 * (POSIX mkdir(), rmdir(), unlink(), chdir(), getcwd(); Linux getdents64(2)). */
#include "conf.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define DIR "/tmp/fs_dir.d"

struct d64 {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* list: print the entries of path, sorted, each with its d_type. */
static void list(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (!check(fd >= 0, "open %s as a directory", path))
		return;
	static char buf[512];
	static char names[64][300];
	char *v[64];
	int n = 0;
	long r;
	/* A small buffer on purpose: the listing takes several calls. */
	while ((r = syscall(SYS_getdents64, fd, buf, 64)) > 0) {
		for (long o = 0; o < r && n < 64;) {
			struct d64 *d = (struct d64 *)(buf + o);
			snprintf(names[n], sizeof names[n], "%s(%d)", d->name, d->type);
			v[n] = names[n];
			n++;
			o += d->reclen;
		}
	}
	check(r == 0, "getdents64 ends with 0");
	qsort(v, n, sizeof v[0], cmp);
	printf("%s:", path);
	for (int i = 0; i < n; i++)
		printf(" %s", v[i]);
	printf("\n");
	close(fd);
}

int main(void)
{
	struct stat st;
	char cwd[256];
	int r;
	mkdir("/tmp", 0777);
	check(mkdir(DIR, 0755) == 0, "mkdir " DIR);
	r = mkdir(DIR, 0755);
	check(r < 0 && errno == EEXIST, "mkdir again: %s", err_of(r));
	check(mkdir(DIR "/sub", 0700) == 0, "mkdir sub");
	check(mkdir(DIR "/sub2/", 0700) == 0, "mkdir with a trailing slash");
	check(close(open(DIR "/file", O_CREAT | O_WRONLY, 0644)) == 0, "create file");
	check(mkfifo(DIR "/fifo", 0600) == 0, "mkfifo");
	check(mknod(DIR "/node", S_IFREG | 0600, 0) == 0, "mknod S_IFREG");
	r = mknod(DIR "/d", S_IFDIR | 0700, 0);
	check(r < 0 && errno == EPERM, "mknod S_IFDIR: %s", err_of(r));
	r = mkfifo(DIR "/fifo", 0600);
	check(r < 0 && errno == EEXIST, "mkfifo existing: %s", err_of(r));
	check(stat(DIR "/fifo", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600, "stat fifo: S_IFIFO 0600");
	check(stat(DIR "/sub", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700, "stat sub: S_IFDIR 0700");
	check(stat(DIR, &st) == 0 && st.st_nlink == 4, "nlink of a directory with 2 subdirectories: %d", (int)st.st_nlink);
	list(DIR);
	list(DIR "/sub");

	r = mkdir(DIR "/none/x", 0755);
	check(r < 0 && errno == ENOENT, "mkdir under a missing directory: %s", err_of(r));
	r = mkdir(DIR "/file/x", 0755);
	check(r < 0 && errno == ENOTDIR, "mkdir under a file: %s", err_of(r));
	r = mkdir("/", 0755);
	check(r < 0 && errno == EEXIST, "mkdir /: %s", err_of(r));

	/* cwd */
	check(chdir(DIR) == 0, "chdir " DIR);
	check(getcwd(cwd, sizeof cwd) && strcmp(cwd, DIR) == 0, "getcwd: %s", cwd);
	check(chdir("sub") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, DIR "/sub") == 0, "chdir sub (relative)");
	check(stat("../file", &st) == 0 && S_ISREG(st.st_mode), "stat ../file");
	check(chdir("./../sub2/.") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, DIR "/sub2") == 0,
	      "chdir ./../sub2/. : %s", cwd);
	check(chdir("/..") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0, "/.. is /");
	r = chdir(DIR "/file");
	check(r < 0 && errno == ENOTDIR, "chdir to a file: %s", err_of(r));
	r = chdir(DIR "/none");
	check(r < 0 && errno == ENOENT, "chdir to a missing directory: %s", err_of(r));
	int dfd = open(DIR "/sub", O_RDONLY | O_DIRECTORY);
	check(fchdir(dfd) == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, DIR "/sub") == 0, "fchdir");
	r = (int)(long)getcwd(cwd, 5);
	check(r == 0 && errno == ERANGE, "getcwd into 5 bytes: %s", errname(errno));
	check(openat(dfd, "x", O_CREAT | O_WRONLY, 0600) >= 0, "openat relative to a directory fd");
	check(fstatat(dfd, "x", &st, 0) == 0 && S_ISREG(st.st_mode), "fstatat relative to the fd");
	r = openat(0, "x", O_RDONLY); /* fd 0 is not a directory */
	check(r < 0 && errno == ENOTDIR, "openat relative to a non-directory fd: %s", err_of(r));
	char b[8];
	r = (int)read(dfd, b, sizeof b);
	check(r < 0 && errno == EISDIR, "read of a directory: %s", err_of(r));
	close(dfd);
	check(fork() == 0 ? (_exit(chdir("/") == 0 ? 0 : 1), 0) : 1, "child chdir /");
	wait(NULL);
	check(getcwd(cwd, sizeof cwd) && strcmp(cwd, DIR "/sub") == 0, "the child's chdir leaves ours: %s", cwd);
	chdir("/");

	/* unlink / rmdir errors */
	r = rmdir(DIR "/sub");
	check(r < 0 && errno == ENOTEMPTY, "rmdir a non-empty directory: %s", err_of(r));
	r = rmdir(DIR "/file");
	check(r < 0 && errno == ENOTDIR, "rmdir a file: %s", err_of(r));
	r = unlink(DIR "/sub");
	check(r < 0 && errno == EISDIR, "unlink a directory: %s", err_of(r));
	r = unlink(DIR "/none");
	check(r < 0 && errno == ENOENT, "unlink missing: %s", err_of(r));
	r = rmdir(DIR "/sub/.");
	check(r < 0 && errno == EINVAL, "rmdir dir/.: %s", err_of(r));
	r = rmdir(DIR "/sub/..");
	check(r < 0 && errno == ENOTEMPTY, "rmdir dir/..: %s", err_of(r));
	r = unlink(DIR "/file/");
	check(r < 0 && errno == ENOTDIR, "unlink file/: %s", err_of(r));
	r = rmdir("/");
	check(r < 0 && errno == EBUSY, "rmdir /: %s", err_of(r));
	r = unlinkat(AT_FDCWD, DIR "/file", 0x4000);
	check(r < 0 && errno == EINVAL, "unlinkat bad flags: %s", err_of(r));

	check(unlink(DIR "/sub/x") == 0, "unlink sub/x");
	check(rmdir(DIR "/sub") == 0, "rmdir sub");
	check(unlinkat(AT_FDCWD, DIR "/sub2", AT_REMOVEDIR) == 0, "unlinkat AT_REMOVEDIR sub2");
	check(stat(DIR, &st) == 0 && st.st_nlink == 2, "nlink back to 2");
	r = stat(DIR "/sub", &st);
	check(r < 0 && errno == ENOENT, "sub is gone: %s", err_of(r));
	check(unlink(DIR "/file") == 0 && unlink(DIR "/fifo") == 0 && unlink(DIR "/node") == 0, "unlink the rest");
	list(DIR);

	/* A removed directory as the cwd. */
	mkdir(DIR "/gone", 0755);
	chdir(DIR "/gone");
	check(rmdir(DIR "/gone") == 0, "rmdir the cwd");
	r = open("new", O_CREAT | O_WRONLY, 0644);
	check(r < 0 && errno == ENOENT, "create in a removed cwd: %s", err_of(r));
	r = (int)(long)getcwd(cwd, sizeof cwd);
	check(r == 0 && errno == ENOENT, "getcwd of a removed cwd: %s", errname(errno));
	chdir("/");
	check(rmdir(DIR) == 0, "rmdir " DIR);
	return done();
}
