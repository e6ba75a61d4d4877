/* fs_robust: a seeded storm of the filesystem calls (symlinkat, readlinkat, linkat, renameat2, mknodat, mkdirat,
 * unlinkat, fchmodat, fchownat, utimensat, truncate, ftruncate, pread64, pwrite64, preadv, sendfile, mount,
 * umount2, statfs, getdents64, openat) with arguments drawn from names in a sandbox, links and loops among them,
 * bad pointers (NULL, a kernel address, unmapped and read-only memory), bad descriptors, flags and lengths. The
 * same seed gives the same calls on Linux and on ipclab: the count of each (call, result) pair must be Linux's,
 * and nothing may panic the kernel or leak (the halt report of the traced run). */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define D "/tmp/fs_robust.d"
#define CALLS 6000
#define KADDR 0xffffff8000000000UL

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Names inside the sandbox, so that nothing outside it changes; and link bodies that stay in it too. */
static const char *const names[] = { D "/a", D "/b", D "/dir", D "/dir/x", D "/dir/sub", D "/la", D "/ldir",
	D "/loop", D "/none/x", D "/a/", D "/dir/", D "/mnt", D "/mnt/f", D "/.", D "/dir/..", D "/dir/../a", "" };
static const char *const bodies[] = { "a", "dir", "loop", "none", "dir/../a", D "/b", D "/dir/sub", "" };
static void *unmapped, *rdonly;
static char buf[1 << 17]; /* more than any length below */
static int fds[4];

/* path: a name, or a bad pointer now and then. */
static const char *path(void)
{
	switch (pick(12)) {
	case 0: return NULL;
	case 1: return (const char *)KADDR;
	case 2: return unmapped;
	default: return names[pick(sizeof names / sizeof names[0])];
	}
}

/* ubuf: a buffer: good, read-only, unmapped, NULL or the kernel's. */
static void *ubuf(void)
{
	switch (pick(8)) {
	case 0: return NULL;
	case 1: return (void *)KADDR;
	case 2: return unmapped;
	case 3: return rdonly;
	default: return buf;
	}
}

/* badptr: a pointer that is no good for a structure the kernel reads (the vector of preadv, sendfile's offset,
 * utimensat's times): NULL, the kernel's, unmapped, or read-only zeros (buf's changing bytes would make the
 * results depend on what earlier calls read). */
static void *badptr(void)
{
	static void *const v[] = { NULL, (void *)KADDR };
	unsigned k = pick(4);
	return k < 2 ? v[k] : k == 2 ? unmapped : rdonly;
}

static int fd(void) { return pick(6) == 0 ? 99 : pick(7) == 0 ? -1 : fds[pick(4)]; }
static long len(void) { static const long v[] = { 0, 1, 10, 4096, 100000, -1, 3 }; return v[pick(7)]; }
static int flags(void) { static const int v[] = { 0, 0, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_REMOVEDIR, 0x8000 }; return v[pick(6)]; }

#define NCALLS 21
static const char *const call_names[NCALLS] = { "symlinkat", "readlinkat", "linkat", "renameat2", "mknodat",
	"mkdirat", "unlinkat", "fchmodat", "fchownat", "utimensat", "truncate", "ftruncate", "pread64", "pwrite64",
	"preadv", "sendfile", "mount", "umount2", "statfs", "getdents64", "openat" };
static int tally[NCALLS][140];

/* last_mount_in_sandbox: the mount point of the last mount inside the sandbox in /proc/mounts, or NULL. */
static char *last_mount_in_sandbox(void)
{
	static char line[512], found[512];
	FILE *f = fopen("/proc/mounts", "r");
	found[0] = 0;
	while (f && fgets(line, sizeof line, f)) {
		char *mp = strchr(line, ' ');
		if (mp && strncmp(mp + 1, D, strlen(D)) == 0) {
			*strchr(mp + 1, ' ') = 0;
			snprintf(found, sizeof found, "%s", mp + 1);
		}
	}
	if (f)
		fclose(f);
	return found[0] ? found : NULL;
}

static int remove_one(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return type == FTW_DP ? rmdir(p) : unlink(p);
}

int main(void)
{
	mkdir("/tmp", 0777);
	mkdir(D, 0755);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rdonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mkdir(D "/dir", 0755);
	mkdir(D "/mnt", 0755);
	close(open(D "/a", O_CREAT | O_WRONLY, 0644));
	symlink("a", D "/la");
	symlink("dir", D "/ldir");
	symlink("loop", D "/loop");
	fds[0] = open(D "/a", O_RDWR);
	fds[1] = open(D "/dir", O_RDONLY | O_DIRECTORY);
	int p[2];
	pipe(p);
	fds[2] = p[0];
	fds[3] = open("/dev/null", O_RDWR);
	for (int i = 0; i < CALLS; i++) {
		unsigned c = pick(NCALLS);
		long r;
		struct iovec iov[2] = { { ubuf(), (size_t)len() }, { buf, 10 } };
		off_t off = pick(3) ? 0 : -1;
		switch (c) {
		case 0: r = syscall(SYS_symlinkat, pick(8) ? bodies[pick(8)] : path(), AT_FDCWD, path()); break;
		case 1: r = syscall(SYS_readlinkat, AT_FDCWD, path(), ubuf(), len()); break;
		case 2: r = syscall(SYS_linkat, AT_FDCWD, path(), AT_FDCWD, path(), flags()); break;
		case 3: r = syscall(SYS_renameat2, AT_FDCWD, path(), AT_FDCWD, path(), pick(9)); break;
		case 4: r = syscall(SYS_mknodat, AT_FDCWD, path(), (pick(2) ? S_IFIFO : S_IFREG) | 0644, 0); break;
		case 5: r = syscall(SYS_mkdirat, AT_FDCWD, path(), 0755); break;
		case 6: r = syscall(SYS_unlinkat, AT_FDCWD, path(), flags()); break;
		case 7: r = syscall(SYS_fchmodat, AT_FDCWD, path(), pick(2) ? 0644 : 0755); break;
		case 8: r = syscall(SYS_fchownat, AT_FDCWD, path(), pick(3) ? 0 : -1, pick(3) ? 0 : 7, flags()); break;
		case 9: r = syscall(SYS_utimensat, pick(3) ? AT_FDCWD : fd(), pick(4) ? path() : NULL,
				    pick(2) ? badptr() : NULL, flags()); break;
		case 10: r = syscall(SYS_truncate, path(), len()); break;
		case 11: r = syscall(SYS_ftruncate, fd(), len()); break;
		case 12: r = syscall(SYS_pread64, fd(), ubuf(), len(), pick(4) ? 0 : len()); break;
		case 13: r = syscall(SYS_pwrite64, fds[pick(2) ? 0 : 3], pick(2) ? buf : ubuf(), pick(2) ? 10 : len(),
				     pick(4) ? 0 : len()); break;
		case 14: r = syscall(SYS_preadv, fd(), pick(5) ? (void *)iov : badptr(), pick(3), off, 0); break;
		case 15: r = syscall(SYS_sendfile, fds[pick(2) ? 0 : 3], fd(), pick(2) ? (void *)&off : badptr(), len()); break;
		case 16: r = syscall(SYS_mount, "none", pick(4) ? D "/mnt" : path(), pick(5) ? "tmpfs" : path(),
				     pick(5) ? 0 : MS_RDONLY, pick(4) ? NULL : pick(2) ? "size=8k" : badptr()); break;
		case 17: r = syscall(SYS_umount2, pick(4) ? D "/mnt" : path(), pick(6) ? 0 : 0x100); break;
		case 18: r = syscall(SYS_statfs, path(), ubuf()); break;
		case 19: r = syscall(SYS_getdents64, fd(), ubuf(), len()); break;
		default: r = syscall(SYS_openat, AT_FDCWD, path(), O_NONBLOCK | (pick(2) ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC),
				     0644);
			if (r >= 0)
				close((int)r);
			break;
		}
		int e = r < 0 ? errno : 0;
		tally[c][e < 139 ? e : 139]++;
	}
	for (int c = 0; c < NCALLS; c++) {
		printf("%s:", call_names[c]);
		for (int e = 0; e < 140; e++)
			if (tally[c][e])
				printf(" %s=%d", e ? errname(e) : "ok", tally[c][e]);
		printf("\n");
	}
	/* Clean up: whatever is mounted, and the sandbox. */
	for (int i = 0; i < 4; i++)
		close(fds[i]);
	close(p[1]);
	for (char *mp; (mp = last_mount_in_sandbox());) /* names became mount points, one over another */
		if (umount(mp) < 0) {
			check(0, "umount %s: %s", mp, errname(errno));
			break;
		}
	umount("/proc");
	check(nftw(D, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 && access(D, F_OK) < 0, "the sandbox removed");
	return done();
}
