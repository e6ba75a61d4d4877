/* ipc/sysv.h: what the rest of the kernel calls of System V IPC (ipc/sem.c, ipc/msg.c, ipc/shm.c).
 * Semaphore undo at exit; shared memory attachments as vmas (kernel/vm.c calls the shm_vma_* hooks for a vma
 * of kind VMA_SHM); the leak report at halt. */
#ifndef IPC_SYSV_H
#define IPC_SYSV_H
#include "kernel/types.h"

struct vma;
struct mm;

/* exit_sem: the exiting process pid: apply and free its SEM_UNDO adjustments (semop(2): "adjustments are
 * applied when the process terminates"), each set's value clamped to 0..SEMVMX; wakes waiters it unblocks. */
void exit_sem(int pid);

/* shm_vma_page: the kernel address of the segment's page behind user address va of attachment vma v
 * (allocated zeroed on first touch, then shared by every attachment); NULL when out of memory. */
void *shm_vma_page(struct vma *v, u64 va);
/* shm_vma_dup: v was copied into nv (fork: mm_copy; or a split: nv is the upper part): the copy is an
 * attachment of its own (shm_nattch + 1, as Linux's shm_open). pid: the process that will own nv; 0 when
 * not known yet (fork: shm_fork fills it in); -1 for the same process as v's (a split). Returns 0 or -ENOMEM (then nv has no attachment). */
int shm_vma_dup(struct vma *v, struct vma *nv, int pid);
/* shm_vma_move: mremap moved attachment vma v by shift bytes into nv: nv is an attachment of its own (shm_nattch
 * + 1; v's goes with the old range unless MREMAP_DONTUNMAP keeps it). 0 or -ENOMEM. */
int shm_vma_move(struct vma *v, struct vma *nv, s64 shift);
/* shm_vma_past_end: whether user address va of attachment vma v lies past the end of its segment (a touch there
 * is SIGBUS: a mapping mremap made longer than the segment). */
bool shm_vma_past_end(struct vma *v, u64 va);
/* shm_fork: fork made child's address space: its attachments belong to child_pid; trace shm.attach. */
void shm_fork(struct mm *child, int child_pid);
/* shm_vma_close: vma v goes away (shmdt, munmap, exit, exec): shm_nattch - 1, trace shm.detach, and destroy
 * the segment at the last detach of one marked by IPC_RMID. */
void shm_vma_close(struct vma *v);

/* Live objects, for the leak report at halt. */
int sem_sets_live(void);
int msg_queues_live(void);
int shm_segs_live(void);
#endif
