/* tests/unit/test_shm_core.c: ipc/shm_core.c, a System V shared memory segment's attachments and its destruction
 * (shm_open, shm_close, shm_may_destroy, do_shm_rmid), on the host with tests/unit/kshim.c standing for the
 * kernel. `make test-core LAB=shm-counter IMPL=student` runs it against labs/shm-counter/student/shm_core.c.
 *
 * A test plays what ipc/shm.c does (shmat, a fork copying an attachment, shmdt, exit, IPC_RMID) on one segment and
 * checks the rules of shmat(2), shmdt(2) and shmctl(2) as labs/shm-counter/todo/ states them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/shm.h"
#include "kernel/proc.h"
#include "tests/unit/kshim.h"

#define NATT 4

static struct shmid_kernel SHP;
static struct shm_attach att[NATT];

static int setup(void **state)
{
	(void)state;
	kshim_reset();
	memset(&SHP, 0, sizeof SHP);
	memset(att, 0, sizeof att);
	SHP.shm_perm.key = 0x1234;
	SHP.shm_perm.mode = 0600;
	SHP.shm_cprid = 3;
	SHP.shm_lprid = 3;
	SHP.shm_atim = SHP.shm_dtim = 1000;
	list_init(&SHP.attaches);
	return 0;
}

/* attach: attachment i at base for pid, as shmat (or fork's copy) makes it. */
static struct shm_attach *attach(int i, u64 base, int pid)
{
	att[i].base = base;
	att[i].pid = pid;
	shm_open(&SHP, &att[i]);
	return &att[i];
}

/* linked: how many times a is in the segment's list of attachments. */
static int linked(const struct shm_attach *a)
{
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &SHP.attaches)
		n += list_entry(pos, struct shm_attach, link) == a;
	return n;
}

static void test_open_counts(void **state)
{
	(void)state;
	kshim.now = 2000;
	struct shm_attach *a = attach(0, 0x10000000, KSHIM_PID);
	expect(SHP.shm_nattch == 1, "after one shmat, shm_nattch is %lu, expected 1: shm_open must count the new "
	       "attachment", (unsigned long)SHP.shm_nattch);
	expect(linked(a) == 1 && a->shp == &SHP, "shm_open must link the attachment into the segment's attaches list "
	       "(linked %d times) and point it at the segment", linked(a));
	expect(SHP.shm_atim == 2000 && SHP.shm_lprid == KSHIM_PID, "shmat must record shm_atime (now, %d; it is %ld) "
	       "and shm_lpid (the caller, %d; it is %d) (shmat(2))", 2000, (long)SHP.shm_atim, KSHIM_PID, SHP.shm_lprid);
}

static void test_open_fork_counts(void **state)
{
	(void)state;
	attach(0, 0x10000000, 10);
	attach(1, 0x10000000, 11); /* fork: the child's copy of the parent's attachment */
	expect(SHP.shm_nattch == 2, "a fork copies the parent's attachment: the child is attached too, so shm_nattch "
	       "must be 2, it is %lu (not inherited on fork)", (unsigned long)SHP.shm_nattch);
	expect(SHP.attaches.next == &att[0].link && SHP.attaches.prev == &att[1].link,
	       "attachments are listed in attach order (the parent's first, then the child's)");
}

static void test_close_uncounts(void **state)
{
	(void)state;
	struct shm_attach *a = attach(0, 0x10000000, 10);
	attach(1, 0x10000000, 11);
	kshim.now = 3000;
	bool d = shm_close(a);
	expect(SHP.shm_nattch == 1, "after one of two attachments is detached (shmdt, or its process's exit or exec), "
	       "shm_nattch is %lu, expected 1: shm_close must uncount it", (unsigned long)SHP.shm_nattch);
	expect(linked(a) == 0, "the detached attachment must leave the segment's attaches list");
	expect(SHP.shm_dtim == 3000 && SHP.shm_lprid == KSHIM_PID, "shmdt must record shm_dtime (now, 3000; it is "
	       "%ld) and shm_lpid (%d; it is %d)", (long)SHP.shm_dtim, KSHIM_PID, SHP.shm_lprid);
	expect(!d, "shm_close returned true (destroy) with an attachment left and no IPC_RMID");
}

static void test_last_close_keeps_unremoved(void **state)
{
	(void)state;
	struct shm_attach *a = attach(0, 0x10000000, 10);
	bool d = shm_close(a);
	expect(SHP.shm_nattch == 0, "after the only attachment's detach shm_nattch is %lu, expected 0",
	       (unsigned long)SHP.shm_nattch);
	expect(!d, "the last detach of a segment nobody removed must not destroy it: a segment outlives its "
	       "attachments until IPC_RMID (shmctl(2)), so another process can attach it later");
}

static void test_rmid_attached_defers(void **state)
{
	(void)state;
	attach(0, 0x10000000, 10);
	attach(1, 0x10000000, 11);
	bool now = do_shm_rmid(&SHP);
	expect(!now, "IPC_RMID of a segment with 2 attachments must not destroy it now: the attached processes still "
	       "use its memory; it is destroyed after the last detach (shmctl(2) IPC_RMID)");
	expect(SHP.shm_perm.mode & SHM_DEST, "IPC_RMID must mark the segment SHM_DEST (mode %#o)", SHP.shm_perm.mode);
	expect(SHP.shm_perm.key == IPC_PRIVATE, "after IPC_RMID the key must be IPC_PRIVATE (it is %#x): a shmget with "
	       "the old key must not find the dying segment", SHP.shm_perm.key);
	expect(SHP.shm_nattch == 2, "IPC_RMID changed shm_nattch to %lu: it counts attachments, which stay",
	       (unsigned long)SHP.shm_nattch);
}

static void test_rmid_then_last_close_destroys(void **state)
{
	(void)state;
	struct shm_attach *a = attach(0, 0x10000000, 10), *b = attach(1, 0x10000000, 11);
	do_shm_rmid(&SHP);
	expect(!shm_close(a), "IPC_RMID done, one of two attachments detached: shm_close must not destroy yet (one "
	       "is left)");
	expect(!shm_may_destroy(&SHP), "shm_may_destroy is true with an attachment left");
	expect(shm_close(b), "IPC_RMID done and the last attachment detached (shmdt, exit or exec): shm_close must "
	       "return true, the segment is destroyed now (a nattch that never reaches 0 leaks it)");
}

static void test_rmid_unattached_now(void **state)
{
	(void)state;
	bool now = do_shm_rmid(&SHP);
	expect(now, "IPC_RMID of a segment with no attachment must destroy it at once (do_shm_rmid returns true)");
	expect(SHP.shm_perm.mode & SHM_DEST, "IPC_RMID must mark the segment SHM_DEST (mode %#o)", SHP.shm_perm.mode);
}

static void test_may_destroy(void **state)
{
	(void)state;
	expect(!shm_may_destroy(&SHP), "shm_may_destroy is true for a segment without SHM_DEST: only a removed "
	       "segment is destroyed");
	SHP.shm_perm.mode |= SHM_DEST;
	expect(shm_may_destroy(&SHP), "shm_may_destroy is false for a removed segment with nothing attached");
	SHP.shm_nattch = 1;
	expect(!shm_may_destroy(&SHP), "shm_may_destroy is true for a removed segment that is still attached");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, kshim_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_counts),
		T(test_open_fork_counts),
		T(test_close_uncounts),
		T(test_last_close_keeps_unremoved),
		T(test_rmid_attached_defers),
		T(test_rmid_then_last_close_destroys),
		T(test_rmid_unattached_now),
		T(test_may_destroy),
	};
	return cmocka_run_group_tests_name("shm_core", tests, NULL, NULL);
}
