/* ipc/util.h: what the three System V IPC mechanisms share (ipc/util.c), after Linux's ipc/util.c:
 * an id table per kind (struct ipc_ids) with keys (IPC_PRIVATE, IPC_CREAT, IPC_EXCL: ipcget), ids that carry a
 * sequence number so a stale id fails with EINVAL, permissions (struct kern_ipc_perm, ipcperms), the owner
 * checks of IPC_SET/IPC_RMID (EPERM), and the user-visible struct ipc64_perm of Linux arm64.
 *
 * Each object (sem_array, msg_queue, shmid_kernel) embeds kern_ipc_perm as its first member, so this layer
 * handles any of them. Each kind has one lock (ipc_ids.lock) that guards its table and every object of the
 * kind: sleepers pass it to sleep_on, and it outlives any object, so a waiter woken by IPC_RMID can take it
 * again safely. (Linux locks per object; one lock per kind is enough on one CPU and keeps removal simple.) */
#ifndef IPC_UTIL_H
#define IPC_UTIL_H
#include "kernel/spinlock.h"
#include "kernel/types.h"

/* Flags and commands (Linux include/uapi/linux/ipc.h). */
#define IPC_PRIVATE 0
#define IPC_CREAT 00001000
#define IPC_EXCL 00002000
#define IPC_NOWAIT 00004000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define IPC_64 0x0100

#define S_IRUGO 0444
#define S_IWUGO 0222
#define S_IXUGO 0111
#define S_IRWXUGO 0777

/* IPCMNI: ids are (seq << IPCMNI_SHIFT) + index, Linux's default (ipcmni_extend off). */
#define IPCMNI_SHIFT 15
#define IPCMNI (1 << IPCMNI_SHIFT)
#define IPCID_SEQ_MAX (0x7fffffff >> IPCMNI_SHIFT)
#define IPC_MIN_CYCLE 64 /* Linux's ipc_min_cycle (RADIX_TREE_MAP_SIZE): indexes cycle at least this far */
#define IPC_SLOTS IPCMNI /* indexes a table has; how many objects of a kind may exist is its own limit (mni) */

/* struct kern_ipc_perm: the part every System V object shares (Linux include/linux/ipc.h).
 * key: the key it was created with (IPC_PRIVATE, or made private by a deferred shm IPC_RMID);
 * uid/gid: owner (IPC_SET changes them); cuid/cgid: creator; mode: permission bits (low 9) plus the
 * mechanism's own flags (SHM_DEST...); id: the user-visible id; seq: the sequence number in it;
 * deleted: removed from the table (ipc_rmid): waiters that wake up find it and return EIDRM. */
struct kern_ipc_perm {
	int id;
	bool deleted;
	int key;
	u32 uid, gid, cuid, cgid;
	u32 mode;
	u16 seq;
};

/* struct ipc_ids: one kind's table (Linux struct ipc_ids). entries[idx] is the object with index idx.
 * in_use: objects that exist; max_idx: highest index in use (-1 when none); last_idx: the index handed out
 * last (cyclic allocation, Linux's idr_alloc_cyclic); seq: the sequence number for the next wrap. */
struct ipc_ids {
	const char *name; /* "sem", "msg", "shm": for the log */
	int mni;          /* objects of this kind that may exist at once: SEMMNI, MSGMNI, SHMMNI (ENOSPC past it) */
	spinlock_t lock;
	int in_use;
	int max_idx;
	int last_idx;
	u16 seq;
	struct kern_ipc_perm *entries[IPC_SLOTS];
};
#define IPC_IDS_INIT(n, limit) { n, limit, SPINLOCK_INIT(n), 0, -1, -1, 0, { 0 } }

/* struct ipc64_perm: Linux arm64's user-visible permission block (asm-generic/ipcbuf.h), 48 bytes. */
struct ipc64_perm {
	s32 key;
	u32 uid, gid, cuid, cgid;
	u32 mode;
	u16 seq;
	u16 __pad2;
	u64 __unused1, __unused2;
};

/* struct ipc_ops: what a mechanism gives ipcget (Linux struct ipc_ops).
 * getnew: create an object with this key and flags (mode bits in the low 9 bits of flg), add it with
 *         ipc_addid, and return its id or a negative errno (EINVAL, ENOSPC, ENOMEM).
 * more_checks: for an existing key: extra checks before permissions (sem: nsems too large; shm: size too
 *         large: EINVAL), or NULL. Called with ids->lock held (so is getnew). */
struct ipc_params {
	int key;
	int flg;
	u64 arg; /* nsems or size */
};
struct ipc_ops {
	int (*getnew)(struct ipc_params *params);
	int (*more_checks)(struct kern_ipc_perm *ipcp, struct ipc_params *params);
};

/* ipcget: semget/msgget/shmget's common part (Linux ipcget): IPC_PRIVATE always creates; otherwise find the
 * key: absent -> create with IPC_CREAT, else -ENOENT; present -> -EEXIST with IPC_CREAT|IPC_EXCL, else
 * more_checks, then -EACCES when the caller lacks the access flg's mode bits ask for. Returns the id.
 * Takes ids->lock itself. */
int ipcget(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params);

/* ipc_addid: put new into the table (caller holds ids->lock): pick the next index cyclically, give it a
 * sequence number, fill id, key, uid/cuid (the caller's euid), gid/cgid (egid) and mode = flg & 0777.
 * Returns the id, or -ENOSPC when the table is full. */
int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new, int key, int flg);
/* ipc_rmid: take ipcp out of the table and mark it deleted (caller holds ids->lock). The object itself is
 * the mechanism's to free. */
void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *ipcp);
/* ipc_obtain_check: the object with this id (caller holds ids->lock), or NULL when there is none: a negative
 * id, a free index, or a stale sequence number (Linux gives EINVAL for all three). */
struct kern_ipc_perm *ipc_obtain_check(struct ipc_ids *ids, int id);
/* ipc_obtain_idx: the object at table index idx (for *_STAT with an index, ipcs), or NULL. */
struct kern_ipc_perm *ipc_obtain_idx(struct ipc_ids *ids, int idx);
/* ipc_get_maxidx: what IPC_INFO returns: the highest index in use, or 0 when the table is empty. */
int ipc_get_maxidx(struct ipc_ids *ids);

/* ipcperms: does the current process have the access `flg` asks for (S_IRUGO, S_IWUGO or both, or the
 * mode bits of a get call) to ipcp? Owner bits apply when its euid is the owner or creator, group bits when
 * it is in the group (egid or supplementary), others' bits otherwise; root (CAP_IPC_OWNER) passes always.
 * Returns 0 or -EACCES. */
int ipcperms(struct kern_ipc_perm *ipcp, int flg);
/* ipcctl_obtain_check: the object with this id for IPC_SET/IPC_RMID (and SHM_LOCK/UNLOCK), Linux's
 * ipcctl_obtain_check: the caller's euid must be the owner's or the creator's, or it is root (CAP_SYS_ADMIN).
 * Caller holds ids->lock. Returns the object, ERR_PTR(-EINVAL) when there is none, ERR_PTR(-EPERM). */
struct kern_ipc_perm *ipcctl_obtain_check(struct ipc_ids *ids, int id);
/* ipcctl_stat: IPC_STAT (by_index false: id is an id) or SEM_STAT/MSG_STAT/SHM_STAT (by_index: id is a table
 * index, as ipcs walks them): find the object, check read permission unless `any` (the *_STAT_ANY commands),
 * fill buf (size bytes: the mechanism's *id64_ds, whose first member is the struct ipc64_perm this fills) with
 * fill(obj, buf) under the lock, and copy it to the user's ubuf. Takes ids->lock itself. Returns 0 (IPC_STAT)
 * or the object's id (by index), -EINVAL (none), -EACCES, -EFAULT. */
long ipcctl_stat(struct ipc_ids *ids, int id, bool by_index, bool any, void (*fill)(struct kern_ipc_perm *, void *),
		 void *buf, size_t size, u64 ubuf);
/* ipc_update_perm: IPC_SET: new owner uid/gid and permission bits from the user's ipc64_perm; other mode
 * bits (SHM_DEST...) are kept. 0, or -EINVAL for a uid or gid of -1 (nothing changes). */
int ipc_update_perm(struct ipc64_perm *in, struct kern_ipc_perm *out);
/* kernel_to_ipc64_perm: fill the user-visible block from the kernel's. */
void kernel_to_ipc64_perm(struct kern_ipc_perm *in, struct ipc64_perm *out);

/* ipc_alloc: size zeroed bytes (kmalloc up to a page, whole pages beyond); NULL when out of memory.
 * ipc_free: give back what ipc_alloc(size) returned (the same size). */
void *ipc_alloc(size_t size);
void ipc_free(void *p, size_t size);

#endif
