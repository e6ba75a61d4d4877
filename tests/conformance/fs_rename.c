/* fs_rename: renameat2 (rename(2)) with its flags RENAME_NOREPLACE and RENAME_EXCHANGE, and linkat (link(2)):
 * hard links and nlink, replacing files and empty directories, the directory rules (EISDIR, ENOTDIR,
 * ENOTEMPTY, EINVAL for a directory moved into itself, EBUSY for "." and "/"), ".." and getcwd after a move,
 * links and renames of symbolic links themselves, and bad input (POSIX rename(), link(); Linux rename(2),
 * link(2), fs/namei.c). */
#include "conf.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define D "/tmp/fs_rename.d"
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

/* rn2: renameat2 relative to the cwd (musl has no wrapper). */
static int rn2(const char *from, const char *to, unsigned flags)
{
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

/* put: create path holding text. */
static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		check(0, "create %s", path);
	close(fd);
}

/* get: the text of path ("" with the error's name when it cannot be read). */
static const char *get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errname(errno);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	return buf;
}

static int opendir_ok(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	close(fd);
	return fd >= 0;
}

static long nlink(const char *path)
{
	struct stat st;
	return lstat(path, &st) < 0 ? -1 : (long)st.st_nlink;
}

static long ino(const char *path)
{
	struct stat st;
	return lstat(path, &st) < 0 ? -1 : (long)st.st_ino;
}

int main(void)
{
	char buf[256];
	int r;
	mkdir("/tmp", 0777);
	chdir("/tmp");
	check(mkdir(D, 0755) == 0 && chdir(D) == 0, "mkdir and chdir " D);

	/* Hard links. */
	put("a", "A");
	check(link("a", "b") == 0, "link a b");
	check(nlink("a") == 2 && nlink("b") == 2 && ino("a") == ino("b"), "one inode, nlink 2");
	check(unlink("a") == 0 && strcmp(get("b"), "A") == 0 && nlink("b") == 1, "unlink a: b still reads A, nlink 1");
	r = link("b", "b");
	check(r < 0 && errno == EEXIST, "link over an existing name: %s", err_of(r));
	r = link("none", "c");
	check(r < 0 && errno == ENOENT, "link of a missing file: %s", err_of(r));
	mkdir("dir", 0755);
	r = link("dir", "dir2");
	check(r < 0 && errno == EPERM, "link of a directory: %s", err_of(r));
	r = link("b", "nodir/c");
	check(r < 0 && errno == ENOENT, "link into a missing directory: %s", err_of(r));
	r = link("b", "c/");
	check(r < 0 && errno == ENOENT, "link to c/: %s", err_of(r));
	r = link("b/", "c");
	check(r < 0 && errno == ENOTDIR, "link of b/: %s", err_of(r));
	r = link("b", ".");
	check(r < 0 && errno == EEXIST, "link to \".\": %s", err_of(r));
	check(link("b", "dir/b") == 0 && nlink("b") == 2, "link into a subdirectory");
	check(unlink("dir/b") == 0, "unlink dir/b");
	check(symlink("b", "sl") == 0, "symlink sl -> b");
	check(link("sl", "sl2") == 0 && nlink("sl") == 2 && nlink("b") == 1, "link of a symlink links the symlink");
	check(linkat(AT_FDCWD, "sl", AT_FDCWD, "viasl", AT_SYMLINK_FOLLOW) == 0 && nlink("b") == 2,
	      "AT_SYMLINK_FOLLOW links the file it names");
	r = linkat(AT_FDCWD, "b", AT_FDCWD, "c", 0x8000);
	check(r < 0 && errno == EINVAL, "linkat with a bad flag: %s", err_of(r));
	unlink("sl2");
	unlink("viasl");
	unlink("sl");

	/* Renaming files. */
	check(rename("b", "c") == 0 && strcmp(get("c"), "A") == 0 && strcmp(get("b"), "ENOENT") == 0, "rename b c");
	put("d", "D");
	long di = ino("d");
	check(rename("d", "c") == 0 && strcmp(get("c"), "D") == 0 && ino("c") == di, "rename over an existing file");
	check(rename("c", "c") == 0 && strcmp(get("c"), "D") == 0, "rename to itself");
	check(link("c", "c2") == 0 && rename("c", "c2") == 0, "rename onto another link of the same file: 0");
	check(strcmp(get("c"), "D") == 0 && strcmp(get("c2"), "D") == 0 && nlink("c") == 2, "and both names stay");
	unlink("c2");
	int fd = open("c", O_RDONLY);
	check(rename("c", "dir/moved") == 0, "rename into a subdirectory");
	check(read(fd, buf, 1) == 1 && buf[0] == 'D', "an open file reads on after the rename");
	close(fd);
	check(rename("dir/moved", "c") == 0, "and back");
	r = rename("none", "x");
	check(r < 0 && errno == ENOENT, "rename of a missing file: %s", err_of(r));
	r = rename("c", "nodir/x");
	check(r < 0 && errno == ENOENT, "rename into a missing directory: %s", err_of(r));
	r = rename("c/", "x");
	check(r < 0 && errno == ENOTDIR, "rename of c/: %s", err_of(r));
	r = rename("c", "x/");
	check(r < 0 && errno == ENOTDIR, "rename of c to x/: %s", err_of(r));
	r = rename("c", "dir");
	check(r < 0 && errno == EISDIR, "a file over a directory: %s", err_of(r));

	/* Renaming directories. */
	mkdir("e", 0755);
	r = rename("dir", "c");
	check(r < 0 && errno == ENOTDIR, "a directory over a file: %s", err_of(r));
	check(nlink(".") == 4, "nlink of " D " with dir and e: %ld", nlink("."));
	check(rename("dir", "e") == 0 && nlink(".") == 3, "a directory over an empty one: nlink %ld", nlink("."));
	mkdir("f", 0755);
	mkdir("f/g", 0755);
	check(nlink("f") == 3, "nlink of f with g: %ld", nlink("f"));
	r = rename("e", "f");
	check(r < 0 && errno == ENOTEMPTY, "over a directory that is not empty: %s", err_of(r));
	r = rename("f", "f/g/h");
	check(r < 0 && errno == EINVAL, "a directory into itself: %s", err_of(r));
	r = rename("f", "f/h");
	check(r < 0 && errno == EINVAL, "a directory into its own child: %s", err_of(r));
	r = rename("f/g", "f");
	check(r < 0 && errno == ENOTEMPTY, "a directory over its parent: %s", err_of(r));
	r = rename(".", "x");
	check(r < 0 && errno == EBUSY, "rename of \".\": %s", err_of(r));
	r = rename("e", ".");
	check(r < 0 && errno == EBUSY, "rename onto \".\": %s", err_of(r));
	r = rename("e", "..");
	check(r < 0 && errno == EBUSY, "rename onto \"..\": %s", err_of(r));
	r = rename("/", "x");
	check(r < 0 && errno == EBUSY, "rename of /: %s", err_of(r));
	check(rename("e", "f/g/e") == 0, "move e into f/g");
	check(nlink("f/g") == 3 && nlink(".") == 3, "nlinks follow the move: f/g %ld, . %ld", nlink("f/g"), nlink("."));
	check(rename("e/", "x") < 0 && errno == ENOENT, "the old name is gone");
	check(chdir("f/g/e") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, D "/f/g/e") == 0, "getcwd: %s", buf);
	check(rename(D "/f/g", D "/g2") == 0, "move the directory that holds the cwd");
	check(getcwd(buf, sizeof buf) && strcmp(buf, D "/g2/e") == 0, "getcwd after: %s", buf);
	check(chdir("../..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, D) == 0, "\"..\" follows the move: %s",
	      buf);
	check(rename("g2/", "g3/") == 0, "rename g2/ g3/ (directories may have trailing slashes)");
	check(nlink("f") == 2, "f lost its subdirectory: nlink %ld", nlink("f"));

	/* RENAME_NOREPLACE and RENAME_EXCHANGE. */
	put("p", "P");
	put("q", "Q");
	r = rn2("p", "q", RENAME_NOREPLACE);
	check(r < 0 && errno == EEXIST, "NOREPLACE onto an existing name: %s", err_of(r));
	check(rn2("p", "p2", RENAME_NOREPLACE) == 0 && strcmp(get("p2"), "P") == 0, "NOREPLACE onto a new name");
	check(rn2("p2", "q", RENAME_EXCHANGE) == 0 && strcmp(get("p2"), "Q") == 0 && strcmp(get("q"), "P") == 0,
	      "EXCHANGE swaps two files");
	check(rn2("q", "f", RENAME_EXCHANGE) == 0, "EXCHANGE of a file and a directory");
	check(strcmp(get("f"), "P") == 0 && opendir_ok("q"), "f is now the file, q the directory");
	check(nlink(".") == 4, "nlink of . unchanged by the swap: %ld", nlink("."));
	r = rn2("q", "none", RENAME_EXCHANGE);
	check(r < 0 && errno == ENOENT, "EXCHANGE with a missing name: %s", err_of(r));
	r = rn2("q", "f", RENAME_EXCHANGE | RENAME_NOREPLACE);
	check(r < 0 && errno == EINVAL, "EXCHANGE|NOREPLACE: %s", err_of(r));
	r = rn2("q", "f", 8);
	check(r < 0 && errno == EINVAL, "an unknown flag: %s", err_of(r));
	r = rn2("q", "q/x", RENAME_EXCHANGE);
	check(r < 0, "EXCHANGE of a directory with a name inside it: %s", err_of(r));
	r = rn2("g3", "g3/e", RENAME_EXCHANGE);
	check(r < 0 && errno == EINVAL, "EXCHANGE of a directory with its child: %s", err_of(r));
	r = rn2("g3/e", "g3", RENAME_EXCHANGE);
	check(r < 0 && errno == EINVAL, "EXCHANGE of a directory with its parent: %s", err_of(r));
	r = rn2("p2", "q", RENAME_NOREPLACE | RENAME_WHITEOUT);
	check(r < 0 && errno == EEXIST, "WHITEOUT|NOREPLACE onto an existing name: %s", err_of(r));
	r = rn2("p2", "q", RENAME_EXCHANGE | RENAME_WHITEOUT);
	check(r < 0 && errno == EINVAL, "WHITEOUT|EXCHANGE: %s", err_of(r));
	struct stat st;
	check(rn2("p2", "w", RENAME_WHITEOUT) == 0, "WHITEOUT: p2 moves to w");
	check(lstat("p2", &st) == 0 && st.st_mode == S_IFCHR && st.st_rdev == 0 && strcmp(get("w"), "Q") == 0,
	      "and a whiteout (a character device 0:0 of mode 0) takes its place: %o", st.st_mode);
	check(unlink("p2") == 0 && rename("w", "p2") == 0, "unlink the whiteout, w back to p2");

	/* Symbolic links are renamed, not followed. */
	check(symlink("p2", "s") == 0 && rename("s", "s2") == 0, "rename a symlink");
	check(lstat("s2", &st) == 0 && S_ISLNK(st.st_mode) && strcmp(get("p2"), "Q") == 0, "the link moved, not p2");

	/* Bad input. */
	r = rename((char *)1, "x");
	check(r < 0 && errno == EFAULT, "a bad old path: %s", err_of(r));
	r = rename("p2", (char *)1);
	check(r < 0 && errno == EFAULT, "a bad new path: %s", err_of(r));
	r = link("p2", (char *)1);
	check(r < 0 && errno == EFAULT, "link to a bad path: %s", err_of(r));
	r = (int)syscall(SYS_renameat2, 99, "p2", AT_FDCWD, "x", 0);
	check(r < 0 && errno == EBADF, "a bad dirfd: %s", err_of(r));

	unlink("s2");
	unlink("p2");
	unlink("c");
	unlink("f");
	rmdir("q");
	rmdir("g3/e");
	rmdir("g3");
	chdir("/");
	check(rmdir(D) == 0, "rmdir " D ": %s", errname(errno));
	return done();
}
