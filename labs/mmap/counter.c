/* labs/mmap/counter.c MODE [N [WORK]]: the shared counter (Operating Systems: Three Easy Pieces, chapter
 * "Concurrency: An Introduction") in memory that mmap(2) shares: two child processes increment a counter N times each
 * (default 10000), with WORK loop iterations (default 500) between the load and the store of each increment.
 *   MODE race:    an anonymous shared mapping (MAP_SHARED|MAP_ANONYMOUS) made before fork, no synchronisation:
 *                 a preemption between a load and its store loses the other's updates.
 *   MODE sem:     the same mapping also holds a POSIX unnamed semaphore (sem_init with pshared 1, value 1); each
 *                 increment is between sem_wait and sem_post, so the result is exactly 2N. The semaphore is a word
 *                 of the shared page: a worker that must wait sleeps on it with futex(2), and the kernel finds the
 *                 sleepers by the physical page, which both processes map.
 *   MODE file:    as sem, but the mapping is a file: open(2) FILE (default /tmp/mmap-counter), ftruncate(2) to one
 *                 page, mmap(MAP_SHARED) of it. At the end the parent reads the counter with pread(2) on the file
 *                 (a store through the mapping is in the file), writes a new value with pwrite(2) and reads it
 *                 through the mapping (a write is seen by every mapping), then removes the file.
 *   MODE private: a mistake: the mapping is MAP_PRIVATE. Each child writes its own copy of the page, and the
 *                 parent's counter stays 0.
 *   MODE pshared0: another: as sem, but sem_init's pshared is 0 (a semaphore for the threads of one process). A
 *                 waiter then sleeps on a private futex, which the kernel keys by its address space: the other
 *                 process's sem_post wakes no one there.
 * The final value goes to the console and to the trace (trace.mark "counter=V"); MODE file marks "pread=V" and
 * "mapping=V" too. Exit status: 0, or 1 when a mode with the semaphore is not exact. */
#include <fcntl.h>
#include <semaphore.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "lab.h"

/* The shared page: the semaphore first, then the counter. */
struct shared {
	sem_t lock;
	volatile int counter;
};

static void worker(struct shared *sh, int n, int work, int locked)
{
	for (int i = 0; i < n; i++) {
		if (locked)
			while (sem_wait(&sh->lock) < 0) /* P */
				if (errno != EINTR)
					lab_die("sem_wait");
		int v = sh->counter;
		for (volatile int k = 0; k < work; k++) /* the window between load and store */
			;
		sh->counter = v + 1;
		if (locked && sem_post(&sh->lock) < 0) /* V */
			lab_die("sem_post");
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "race";
	int n = argc > 2 ? atoi(argv[2]) : 10000;
	int work = argc > 3 ? atoi(argv[3]) : 500;
	const char *path = argc > 4 ? argv[4] : "/tmp/mmap-counter";
	int file = strcmp(mode, "file") == 0, priv = strcmp(mode, "private") == 0;
	int unshared = strcmp(mode, "pshared0") == 0;
	int locked = file || priv || unshared || strcmp(mode, "sem") == 0;
	long pg = sysconf(_SC_PAGESIZE);
	int fd = -1;
	struct shared *sh;
	if (file) {
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			lab_die("open");
		if (ftruncate(fd, pg) < 0) /* a new file is empty: a mapping beyond its end would be SIGBUS */
			lab_die("ftruncate");
		sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	} else {
		sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, (priv ? MAP_PRIVATE : MAP_SHARED) | MAP_ANONYMOUS, -1, 0);
	}
	if (sh == MAP_FAILED)
		lab_die("mmap");
	trace_mark("mapping=%p %s", (void *)sh, file ? "file" : priv ? "private" : "anonymous");
	sh->counter = 0;
	if (locked && sem_init(&sh->lock, !unshared, 1) < 0) /* pshared 1: shared between processes */
		lab_die("sem_init");
	pid_t a = fork();
	if (a == 0)
		worker(sh, n, work, locked);
	pid_t b = fork();
	if (b == 0)
		worker(sh, n, work, locked);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	int v = sh->counter;
	trace_mark("counter=%d", v);
	say(1, "%s: counter = %d (expected %d): %s\n", mode, v, 2 * n, v == 2 * n ? "exact" : "updates were lost");
	int ok = !locked || v == 2 * n;
	if (file) {
		int r = -1;
		if (pread(fd, &r, sizeof r, offsetof(struct shared, counter)) != sizeof r) /* the file, not the mapping */
			lab_die("pread");
		trace_mark("pread=%d", r);
		say(1, "pread of the file at offset %zu: %d (%s)\n", offsetof(struct shared, counter), r,
		    r == v ? "the stores through the mapping are in the file" : "NOT what the mapping holds");
		int w = 42;
		if (pwrite(fd, &w, sizeof w, offsetof(struct shared, counter)) != sizeof w)
			lab_die("pwrite");
		trace_mark("mapping=%d", sh->counter);
		say(1, "after pwrite of 42, the mapping reads %d\n", sh->counter);
		ok &= r == v && sh->counter == 42;
		close(fd);
		unlink(path);
	}
	if (locked)
		sem_destroy(&sh->lock);
	munmap(sh, pg);
	return !ok;
}
