/* shm_exec: execve detaches every shared memory attachment of the process, as exit does. A child holds three
 * attachments (one inherited over fork, one of its own to the same segment, one to a second segment already
 * marked for removal) and writes into the segment; when it execs (itself, as "exec-helper"), shm_nattch drops
 * by its two, shm_lpid becomes its pid, what it wrote stays, and the marked segment is destroyed at this last
 * detach (IPC_STAT: EINVAL). The exec'd program holds nothing: its exit changes no count. */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"

extern char **environ;

static int nattch(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) == 0 ? (int)ds.shm_nattch : -1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "exec-helper") == 0) {
		/* After the exec: say so on argv[2], wait for EOF on argv[3]. */
		int ready = atoi(argv[2]), wait_fd = atoi(argv[3]);
		char c;
		if (write(ready, "e", 1) != 1)
			return 2;
		close(ready);
		while (read(wait_fd, &c, 1) > 0)
			;
		return 0;
	}
	alarm(20);
	int id = shmget(IPC_PRIVATE, 8192, 0600);
	int id2 = shmget(IPC_PRIVATE, 4096, 0600);
	check(id >= 0 && id2 >= 0, "shmget two segments");
	char *p = shmat(id, NULL, 0);
	check(p != (char *)-1, "parent attaches the first");
	check(nattch(id) == 1, "nattch 1 before fork");

	int go[2], ready[2], hold[2];
	check(pipe(go) == 0 && pipe(ready) == 0 && pipe(hold) == 0, "pipes");
	pid_t c = fork();
	if (c == 0) {
		close(go[1]);
		close(ready[0]);
		close(hold[1]);
		char *q = shmat(id, NULL, 0), *r = shmat(id2, NULL, 0);
		if (q == (char *)-1 || r == (char *)-1)
			_exit(3);
		strcpy(q + 4096, "written by the child before its exec");
		if (write(ready[1], "a", 1) != 1)
			_exit(4);
		char b;
		if (read(go[0], &b, 1) != 1)
			_exit(5);
		char rs[16], hs[16];
		snprintf(rs, sizeof rs, "%d", ready[1]);
		snprintf(hs, sizeof hs, "%d", hold[0]);
		char *args[] = { "/tests/shm_exec", "exec-helper", rs, hs, NULL };
		execve(args[0], args, environ);
		_exit(6);
	}
	close(go[0]);
	close(ready[1]);
	close(hold[0]);
	char b;
	check(read(ready[0], &b, 1) == 1 && b == 'a', "child attached");
	printf("before exec: nattch %d (parent, inherited, child's own), second segment %d\n", nattch(id), nattch(id2));
	check(shmctl(id2, IPC_RMID, NULL) == 0, "IPC_RMID the second while the child has it attached");
	struct shmid_ds ds;
	check(shmctl(id2, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1 && (ds.shm_perm.mode & SHM_DEST),
	      "the second survives, marked SHM_DEST, nattch 1");

	check(write(go[1], "g", 1) == 1, "tell the child to exec");
	check(read(ready[0], &b, 1) == 1 && b == 'e', "the exec'd program runs");
	check(shmctl(id, IPC_STAT, &ds) == 0, "IPC_STAT after the exec");
	printf("after exec: nattch %d\n", (int)ds.shm_nattch);
	check(ds.shm_lpid == c, "shm_lpid is the child's pid (its detach at exec)");
	check(strcmp(p + 4096, "written by the child before its exec") == 0, "what the child wrote stays");
	int r = shmctl(id2, IPC_STAT, &ds);
	check(r < 0 && errno == EINVAL, "the second segment is destroyed at the exec (last detach): %s", err_of(r));

	close(hold[1]); /* the helper exits */
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the exec'd child exits 0");
	printf("after its exit: nattch %d\n", nattch(id));
	check(shmdt(p) == 0 && nattch(id) == 0, "parent detaches: nattch 0");
	check(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID");
	r = shmctl(id, IPC_STAT, &ds);
	check(r < 0 && errno == EINVAL, "gone: %s", err_of(r));
	return done();
}
