/* tests/conformance/shm_basic.c: shared memory: shmget sizes and keys, shmat at a chosen or given address
 * (SHM_RND, alignment, overlap), the pages really shared between a parent and its child, shm_nattch across
 * shmat, fork, shmdt, exit and exec-less children, IPC_STAT fields, IPC_RMID deferred until the last detach
 * (the key becomes private, shmat by id still works), SHM_RDONLY enforced (a write is SIGSEGV), IPC_INFO and
 * SHM_INFO. shmget(2), shmat(2), shmctl(2). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"

#define KEY 0x54a70003

static unsigned long nattch(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return (unsigned long)-1;
	return ds.shm_nattch;
}

static int reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return st;
}

int main(void)
{
	int r = shmget(KEY, 10000, 0600);
	printf("shmget absent key: %d %s\n", r, err_of(r));
	r = shmget(IPC_PRIVATE, 0, 0600);
	printf("shmget size 0: %d %s\n", r, err_of(r));
	int id = shmget(KEY, 10000, IPC_CREAT | IPC_EXCL | 0600);
	check(id >= 0, "shmget 10000 bytes");
	r = shmget(KEY, 20000, 0);
	printf("shmget existing, larger size: %d %s\n", r, err_of(r));
	check(shmget(KEY, 100, 0) == id, "shmget existing, smaller size finds it");
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("stat: segsz %zu nattch %lu cpid_me %d lpid %d atime %d dtime %d ctime_set %d mode %o\n",
	       ds.shm_segsz, (unsigned long)ds.shm_nattch, ds.shm_cpid == getpid(), ds.shm_lpid,
	       ds.shm_atime != 0, ds.shm_dtime != 0, ds.shm_ctime != 0, ds.shm_perm.mode & 07777);

	/* Attach: zeroed, page aligned, all of the segment's pages usable. */
	char *p = shmat(id, NULL, 0);
	check(p != (char *)-1, "shmat");
	check(((uintptr_t)p & 4095) == 0, "the address is page aligned");
	int zero = 1;
	for (int i = 0; i < 10000; i++)
		if (p[i])
			zero = 0;
	check(zero, "a new segment reads as zeros");
	p[0] = 'a';
	p[9999] = 'z';
	p[12287] = '!'; /* the rest of the last page is mapped too */
	shmctl(id, IPC_STAT, &ds);
	printf("after shmat: nattch %lu lpid_me %d atime_set %d\n", (unsigned long)ds.shm_nattch,
	       ds.shm_lpid == getpid(), ds.shm_atime != 0);

	/* A second attachment in the same process sees the same memory. */
	char *q = shmat(id, NULL, SHM_RDONLY);
	check(q != (char *)-1 && q != p, "second shmat (read-only) at another address");
	printf("through the second: %c %c, nattch %lu\n", q[0], q[9999], nattch(id));

	/* fork copies attachments: the child writes, the parent sees it. */
	pid_t c = fork();
	if (c == 0) {
		printf("child sees %c, nattch %lu\n", p[0], nattch(id));
		p[1] = 'b';
		strcpy(p + 100, "written by the child");
		_exit(0);
	}
	reap(c);
	printf("parent sees %c \"%s\", nattch after the child exited %lu\n", p[1], p + 100, nattch(id));

	/* A write through a read-only attachment is SIGSEGV. */
	c = fork();
	if (c == 0) {
		q[0] = 'x';
		_exit(0);
	}
	int st = reap(c);
	printf("child writing through SHM_RDONLY: %s\n",
	       WIFSIGNALED(st) ? (WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "other signal") : "exited");
	check(p[0] == 'a', "the segment is unchanged");

	/* shmdt */
	check(shmdt(q) == 0, "shmdt the read-only attachment");
	printf("nattch %lu\n", nattch(id));
	r = shmdt(q);
	printf("shmdt again: %d %s\n", r, err_of(r));
	r = shmdt(p + 1);
	printf("shmdt unaligned: %d %s\n", r, err_of(r));
	r = shmdt(p + 4096);
	printf("shmdt inside an attachment: %d %s\n", r, err_of(r));

	/* Given addresses */
	char *want = p + 1024 * 1024;
	char *g = shmat(id, want, 0);
	check(g == want, "shmat at a given page-aligned address");
	printf("contents there: %c\n", g[0]);
	shmdt(g);
	g = shmat(id, want + 100, 0);
	printf("shmat at an unaligned address: %s\n", g == (char *)-1 ? errname(errno) : "attached");
	g = shmat(id, want + 100, SHM_RND);
	printf("shmat unaligned with SHM_RND: %s\n", g == want ? "rounded down" : g == (char *)-1 ? errname(errno) : "elsewhere");
	shmdt(g);
	g = shmat(id, p, 0);
	printf("shmat over an existing attachment: %s\n", g == (char *)-1 ? errname(errno) : "attached");
	g = shmat(id, NULL, SHM_REMAP);
	printf("SHM_REMAP without an address: %s\n", g == (char *)-1 ? errname(errno) : "attached");
	g = shmat(-1, NULL, 0);
	printf("shmat id -1: %s\n", g == (char *)-1 ? errname(errno) : "attached");

	/* IPC_RMID while attached: deferred. */
	check(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID while attached");
	shmctl(id, IPC_STAT, &ds);
	printf("after IPC_RMID: key is private %d, SHM_DEST %d, nattch %lu\n", ds.shm_perm.__key == 0,
	       (ds.shm_perm.mode & SHM_DEST) != 0, (unsigned long)ds.shm_nattch);
	r = shmget(KEY, 100, 0);
	printf("shmget of the old key: %d %s\n", r, err_of(r));
	check(p[0] == 'a', "still usable");
	q = shmat(id, NULL, 0);
	printf("shmat by id of a removed segment: %s, nattch %lu\n", q == (char *)-1 ? errname(errno) : "attached",
	       nattch(id));
	if (q != (char *)-1)
		shmdt(q);
	c = fork();
	if (c == 0)
		_exit(shmdt(p) == 0 ? 0 : 1);
	reap(c);
	printf("child detached its copy: nattch %lu\n", nattch(id));
	check(shmdt(p) == 0, "last shmdt");
	r = shmctl(id, IPC_STAT, &ds);
	printf("IPC_STAT after the last detach: %d %s\n", r, err_of(r));

	/* IPC_RMID without attachments: gone at once; a new segment with the key. */
	id = shmget(KEY, 4096, IPC_CREAT | 0600);
	check(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID unattached");
	r = shmctl(id, IPC_STAT, &ds);
	printf("IPC_STAT: %d %s\n", r, err_of(r));
	p = shmat(id, NULL, 0);
	printf("shmat: %s\n", p == (char *)-1 ? errname(errno) : "attached");

	/* An exiting child detaches; a segment removed meanwhile is destroyed then. */
	id = shmget(IPC_PRIVATE, 8192, 0600);
	c = fork();
	if (c == 0) {
		char *m = shmat(id, NULL, 0);
		m[0] = 1;
		sleep_ms(200);
		_exit(0);
	}
	sleep_ms(100);
	printf("child attached: nattch %lu\n", nattch(id));
	shmctl(id, IPC_RMID, NULL);
	reap(c);
	r = shmctl(id, IPC_STAT, &ds);
	printf("after the child's exit: IPC_STAT %d %s\n", r, err_of(r));

	/* IPC_SET, info */
	id = shmget(IPC_PRIVATE, 4096, 0600);
	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.mode = 0644;
	check(shmctl(id, IPC_SET, &ds) == 0, "IPC_SET");
	shmctl(id, IPC_STAT, &ds);
	printf("mode %o\n", ds.shm_perm.mode & 07777);
	struct shminfo si;
	r = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
	check(r >= 0, "IPC_INFO");
	printf("IPC_INFO: shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n", (unsigned long)si.shmmax,
	       (unsigned long)si.shmmin, (unsigned long)si.shmmni, (unsigned long)si.shmseg, (unsigned long)si.shmall);
	struct shm_info sinfo;
	r = shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo);
	printf("SHM_INFO: used_ids %d shm_tot %lu shm_rss %lu\n", sinfo.used_ids, (unsigned long)sinfo.shm_tot,
	       (unsigned long)sinfo.shm_rss);
	r = shmctl(id, 99, &ds);
	printf("shmctl unknown cmd: %d %s\n", r, err_of(r));
	shmctl(id, IPC_RMID, NULL);
	return done();
}
