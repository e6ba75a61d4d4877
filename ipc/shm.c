/* ipc/shm.c: System V shared memory, shmget(2), shmat(2), shmdt(2), shmctl(2), after Linux's ipc/shm.c.
 *
 * A segment (struct shmid_kernel) owns its pages: pages[i] is allocated zeroed on the first touch through any
 * attachment and freed only when the segment is destroyed. An attachment is a vma of kind VMA_SHM in some
 * address space (kernel/vm.c) whose `shm` points at a struct shm_attach; vm_page maps the segment's page
 * there instead of allocating one, so every attachment sees the same memory. shm_nattch counts attachment
 * vmas, as Linux's shm_open/shm_close do: shmat, a fork copying one, and a split (munmap/mprotect of part)
 * add one; shmdt, munmap, exit and exec remove them. IPC_RMID with attachments left only marks the segment
 * (SHM_DEST) and makes its key private; the last detach destroys it. SHM_RDONLY maps without write
 * permission, so a write faults (SIGSEGV). */
#include "ipc/sysv.h"
#include "ipc/util.h"
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

/* Limits: Linux 6.1's defaults (include/uapi/linux/shm.h) as IPC_INFO reports them. A segment here is also
 * limited by SHM_PAGES_MAX (its page table must fit in contiguous memory): larger gives ENOMEM. */
#define SHMMIN 1
#define SHMMNI 4096
#define SHMSEG SHMMNI
#define SHMMAX (~0UL - (1UL << 24))
#define SHMALL (~0UL - (1UL << 24))
#define SHM_PAGES_MAX (64UL * 1024) /* 256 MiB */

/* shmat flags, mode bits, shmctl commands */
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHMLBA PAGE_SIZE

#define TRACE_ATTACHES_MAX 32

/* struct shmid64_ds: IPC_STAT's answer (Linux arm64, asm-generic/shmbuf.h). */
struct shmid64_ds {
	struct ipc64_perm shm_perm;
	u64 shm_segsz;
	s64 shm_atime, shm_dtime, shm_ctime;
	int shm_cpid, shm_lpid;
	u64 shm_nattch;
	u64 __unused4, __unused5;
};

/* struct shminfo64: IPC_INFO's answer. */
struct shminfo64 {
	u64 shmmax, shmmin, shmmni, shmseg, shmall;
	u64 __unused1, __unused2, __unused3, __unused4;
};

/* struct shm_info: SHM_INFO's answer (sizes in pages). */
struct shm_info {
	int used_ids;
	u64 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

/* struct shmid_kernel: a segment. pages: npages kernel addresses, NULL until first touched. */
struct shmid_kernel {
	struct kern_ipc_perm shm_perm; /* first: ipc/util.c handles it */
	u64 shm_segsz;
	s64 shm_atim, shm_dtim, shm_ctim;
	int shm_cprid, shm_lprid;
	u64 shm_nattch;
	size_t npages, rss;
	void **pages;
	struct list_head attaches; /* struct shm_attach, in attach order */
};

/* struct shm_attach: one attachment vma. base: the address shmat returned (page i of the segment is at
 * base + i * PAGE_SIZE, also in a piece split off the vma); pid: the process it belongs to. */
struct shm_attach {
	struct list_head link;
	struct shmid_kernel *shp;
	u64 base;
	int pid;
};

static struct ipc_ids shm_ids = IPC_IDS_INIT("shm");
static u64 shm_tot; /* pages of all segments */

int shm_segs_live(void) { return shm_ids.in_use; }

static struct shmid_kernel *shm_obtain(int id) { return (struct shmid_kernel *)ipc_obtain_check(&shm_ids, id); }

/* ---- trace ---- */

static void trace_state(struct jw *w, struct shmid_kernel *shp)
{
	jw_uint(w, "size", shp->shm_segsz);
	jw_uint(w, "nattch", shp->shm_nattch);
	jw_arr_begin(w, "attaches");
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &shp->attaches) {
		if (n++ == TRACE_ATTACHES_MAX)
			break;
		struct shm_attach *a = list_entry(pos, struct shm_attach, link);
		jw_arr_begin(w, NULL);
		jw_int(w, NULL, a->pid);
		jw_hex(w, NULL, a->base);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	jw_bool(w, "dest", shp->shm_perm.mode & SHM_DEST);
}

static void trace_event(const char *type, int pid, struct shmid_kernel *shp, u64 addr, bool has_addr)
{
	struct jw *w = trace_begin(type, pid);
	if (w) {
		jw_int(w, "shmid", shp->shm_perm.id);
		if (has_addr)
			jw_hex(w, "addr", addr);
		trace_state(w, shp);
		trace_end(w);
	}
}

/* ---- segments ---- */

/* shm_destroy: free the segment and its pages (caller holds the lock; no attachment is left). */
static void shm_destroy(struct shmid_kernel *shp)
{
	int id = shp->shm_perm.id;
	ipc_rmid(&shm_ids, &shp->shm_perm);
	shm_tot -= shp->npages;
	for (size_t i = 0; i < shp->npages; i++)
		if (shp->pages[i])
			page_free(shp->pages[i]);
	ipc_free(shp->pages, shp->npages * sizeof(void *));
	kfree(shp);
	struct jw *w = trace_begin("shm.destroy", current->pid);
	if (w) {
		jw_int(w, "shmid", id);
		trace_end(w);
	}
}

static int newseg(struct ipc_params *params)
{
	u64 size = params->arg;
	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	u64 npages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	if (npages > SHM_PAGES_MAX)
		return -ENOMEM;
	struct shmid_kernel *shp = kmalloc(sizeof *shp);
	void **pages = shp ? ipc_alloc(npages * sizeof(void *)) : NULL;
	if (!pages) {
		kfree(shp);
		return -ENOMEM;
	}
	shp->pages = pages;
	shp->npages = npages;
	shp->shm_segsz = size;
	shp->shm_cprid = current->pid;
	shp->shm_ctim = ipc_time();
	list_init(&shp->attaches);
	int id = ipc_addid(&shm_ids, &shp->shm_perm, params->key, params->flg);
	if (id < 0) {
		ipc_free(pages, npages * sizeof(void *));
		kfree(shp);
		return id;
	}
	shm_tot += npages;
	struct jw *w = trace_begin("shm.create", current->pid);
	if (w) {
		jw_int(w, "shmid", id);
		jw_int(w, "key", params->key);
		jw_int(w, "mode", shp->shm_perm.mode);
		trace_state(w, shp);
		trace_end(w);
	}
	return id;
}

static int shm_more_checks(struct kern_ipc_perm *ipcp, struct ipc_params *params)
{
	return ((struct shmid_kernel *)ipcp)->shm_segsz < params->arg ? -EINVAL : 0;
}

static const struct ipc_ops shm_ops = { newseg, shm_more_checks };

/* shmget(key, size, shmflg): -EINVAL (size 0 or too large when creating; larger than an existing segment),
 * -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM (ipc/util.h ipcget). */
SYSCALL_DEFINE(shmget)
{
	struct ipc_params params = { (int)a0, (int)a2, a1 };
	return ipcget(&shm_ids, &shm_ops, &params);
}

/* ---- attachments (the vma hooks of ipc/sysv.h) ---- */

void *shm_vma_page(struct vma *v, u64 va)
{
	struct shm_attach *a = v->shm;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = a->shp;
	u64 i = (va - a->base) / PAGE_SIZE;
	void *page = NULL;
	if (i < shp->npages) {
		if (!shp->pages[i] && (shp->pages[i] = page_alloc()))
			shp->rss++;
		page = shp->pages[i];
	}
	spin_unlock_irqrestore(&shm_ids.lock, f);
	return page;
}

/* attach_new: a new attachment record for shp (nattch + 1, atime, lpid). Caller holds the lock. */
static struct shm_attach *attach_new(struct shmid_kernel *shp, u64 base, int pid)
{
	struct shm_attach *a = kmalloc(sizeof *a);
	if (!a)
		return NULL;
	a->shp = shp;
	a->base = base;
	a->pid = pid;
	list_add_tail(&a->link, &shp->attaches);
	shp->shm_nattch++;
	shp->shm_atim = ipc_time();
	shp->shm_lprid = current->pid;
	return a;
}

int shm_vma_dup(struct vma *v, struct vma *nv, int pid)
{
	struct shm_attach *old = v->shm;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shm_attach *a = attach_new(old->shp, old->base, pid < 0 ? old->pid : pid);
	spin_unlock_irqrestore(&shm_ids.lock, f);
	nv->shm = a;
	return a ? 0 : -ENOMEM;
}

void shm_fork(struct mm *child, int child_pid)
{
	for (struct vma *v = child->vmas; v; v = v->next) {
		if (v->kind != VMA_SHM)
			continue;
		u64 f = spin_lock_irqsave(&shm_ids.lock);
		struct shm_attach *a = v->shm;
		a->pid = child_pid;
		trace_event("shm.attach", current->pid, a->shp, a->base, true);
		spin_unlock_irqrestore(&shm_ids.lock, f);
	}
}

void shm_vma_close(struct vma *v)
{
	struct shm_attach *a = v->shm;
	if (!a)
		return;
	v->shm = NULL;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = a->shp;
	list_del(&a->link);
	shp->shm_nattch--;
	shp->shm_dtim = ipc_time();
	shp->shm_lprid = current->pid;
	trace_event("shm.detach", current->pid, shp, a->base, true);
	kfree(a);
	if (shp->shm_nattch == 0 && (shp->shm_perm.mode & SHM_DEST))
		shm_destroy(shp);
	spin_unlock_irqrestore(&shm_ids.lock, f);
}

/* shmat(shmid, shmaddr, shmflg): map the segment at shmaddr (rounded down to SHMLBA with SHM_RND; any
 * free place when 0) and return the address. Errors in Linux's order: -EINVAL (shmid < 0; shmaddr not
 * aligned without SHM_RND; SHM_REMAP without an address; no such segment; the range overlaps a mapping
 * without SHM_REMAP), -EACCES (read, and write unless SHM_RDONLY, permission), -ENOMEM (no room, or beyond
 * the user address range). */
SYSCALL_DEFINE(shmat)
{
	int shmid = (int)a0, shmflg = (int)a2;
	u64 addr = a1;
	struct mm *mm = current->mm;
	if (shmid < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(shmflg & SHM_RND))
				return -EINVAL;
			addr &= ~(SHMLBA - 1);
			if (!addr && (shmflg & SHM_REMAP))
				return -EINVAL;
		}
	} else if (shmflg & SHM_REMAP) {
		return -EINVAL;
	}
	u32 prot = VM_READ, acc = S_IRUGO;
	if (!(shmflg & SHM_RDONLY)) {
		prot |= VM_WRITE;
		acc |= S_IWUGO;
	}
	if (shmflg & SHM_EXEC) {
		prot |= VM_EXEC;
		acc |= S_IXUGO;
	}

	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = shm_obtain(shmid);
	if (!shp) {
		spin_unlock_irqrestore(&shm_ids.lock, f);
		return -EINVAL;
	}
	if (ipcperms(&shp->shm_perm, (int)acc)) {
		spin_unlock_irqrestore(&shm_ids.lock, f);
		return -EACCES;
	}
	u64 size = shp->npages * PAGE_SIZE;
	shp->shm_nattch++; /* hold it while the lock is dropped (Linux does the same around do_mmap) */
	spin_unlock_irqrestore(&shm_ids.lock, f);

	long r = 0;
	if (addr) {
		if (addr + size < addr) {
			r = -EINVAL;
		} else if (!(shmflg & SHM_REMAP)) {
			for (struct vma *v = mm->vmas; v; v = v->next)
				if (v->start < addr + size && v->end > addr)
					r = -EINVAL;
		}
		if (!r && addr + size > USER_TOP)
			r = -ENOMEM; /* Linux: do_mmap finds no room there */
		if (!r && (shmflg & SHM_REMAP) && vm_unmap(mm, addr, addr + size))
			r = -ENOMEM;
	} else {
		addr = vm_free_range(mm, USER_MMAP_BASE, size);
		if (!addr)
			r = -ENOMEM;
	}
	if (!r)
		r = vma_insert(mm, addr, addr + size, prot, VMA_SHM) ? -ENOMEM : 0;

	f = spin_lock_irqsave(&shm_ids.lock);
	shp->shm_nattch--;
	if (!r) {
		struct vma *v = vma_find(mm, addr);
		v->shm = attach_new(shp, addr, current->pid);
		if (!v->shm) {
			spin_unlock_irqrestore(&shm_ids.lock, f);
			vm_unmap(mm, addr, addr + size);
			f = spin_lock_irqsave(&shm_ids.lock);
			r = -ENOMEM;
		} else {
			trace_event("shm.attach", current->pid, shp, addr, true);
		}
	}
	if (shp->shm_nattch == 0 && (shp->shm_perm.mode & SHM_DEST))
		shm_destroy(shp);
	spin_unlock_irqrestore(&shm_ids.lock, f);
	return r ? r : (long)addr;
}

/* shmdt(shmaddr): detach the attachment that shmat returned shmaddr for (every piece of it). -EINVAL when
 * shmaddr is not page-aligned or no attachment starts there. */
SYSCALL_DEFINE(shmdt)
{
	u64 addr = a0;
	struct mm *mm = current->mm;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	struct shmid_kernel *shp = NULL;
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->kind == VMA_SHM && v->start >= addr && ((struct shm_attach *)v->shm)->base == addr) {
			shp = ((struct shm_attach *)v->shm)->shp;
			break;
		}
	if (!shp)
		return -EINVAL;
	u64 end = addr + shp->npages * PAGE_SIZE;
	/* Unmap each piece of this attachment; other mappings in the range stay. */
	for (;;) {
		struct vma *v = mm->vmas;
		while (v && !(v->kind == VMA_SHM && v->start >= addr && v->end <= end &&
			      ((struct shm_attach *)v->shm)->base == addr && ((struct shm_attach *)v->shm)->shp == shp))
			v = v->next;
		if (!v)
			break;
		vm_unmap(mm, v->start, v->end);
	}
	return 0;
}

/* ---- shmctl ---- */

static long shmctl_info(int cmd, u64 ubuf)
{
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	int max = ipc_get_maxidx(&shm_ids);
	long r;
	if (cmd == IPC_INFO) {
		struct shminfo64 si = { SHMMAX, SHMMIN, SHMMNI, SHMSEG, SHMALL, 0, 0, 0, 0 };
		spin_unlock_irqrestore(&shm_ids.lock, f);
		r = copy_to_user(ubuf, &si, sizeof si);
	} else {
		struct shm_info si;
		memset(&si, 0, sizeof si);
		si.used_ids = shm_ids.in_use;
		si.shm_tot = shm_tot;
		for (int i = 0; i <= shm_ids.max_idx; i++) {
			struct shmid_kernel *shp = (struct shmid_kernel *)ipc_obtain_idx(&shm_ids, i);
			if (shp)
				si.shm_rss += shp->rss;
		}
		spin_unlock_irqrestore(&shm_ids.lock, f);
		r = copy_to_user(ubuf, &si, sizeof si);
	}
	return r ? -EFAULT : max;
}

static long shmctl_stat(int shmid, int cmd, u64 ubuf)
{
	struct shmid64_ds ds;
	memset(&ds, 0, sizeof ds);
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = cmd == IPC_STAT ? shm_obtain(shmid)
						   : (struct shmid_kernel *)ipc_obtain_idx(&shm_ids, shmid);
	long r = 0;
	if (!shp)
		r = -EINVAL;
	else if (cmd != SHM_STAT_ANY && ipcperms(&shp->shm_perm, S_IRUGO))
		r = -EACCES;
	if (!r) {
		kernel_to_ipc64_perm(&shp->shm_perm, &ds.shm_perm);
		ds.shm_segsz = shp->shm_segsz;
		ds.shm_atime = shp->shm_atim;
		ds.shm_dtime = shp->shm_dtim;
		ds.shm_ctime = shp->shm_ctim;
		ds.shm_cpid = shp->shm_cprid;
		ds.shm_lpid = shp->shm_lprid;
		ds.shm_nattch = shp->shm_nattch;
		if (cmd != IPC_STAT)
			r = shp->shm_perm.id;
	}
	spin_unlock_irqrestore(&shm_ids.lock, f);
	if (r >= 0 && copy_to_user(ubuf, &ds, sizeof ds))
		return -EFAULT;
	return r;
}

/* shmctl_down: IPC_SET, IPC_RMID (-EPERM unless the owner, the creator or root), SHM_LOCK and SHM_UNLOCK
 * (the same rule for CAP_IPC_LOCK; only the SHM_LOCKED mode bit: pages are never swapped here). */
static long shmctl_down(int shmid, int cmd, struct shmid64_ds *in)
{
	long r;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = shm_obtain(shmid);
	r = shp ? ipc_owner_check(&shp->shm_perm) : -EINVAL;
	if (r)
		goto out;
	switch (cmd) {
	case IPC_RMID:
		if (shp->shm_nattch) {
			shp->shm_perm.mode |= SHM_DEST;
			shp->shm_perm.key = IPC_PRIVATE; /* a new shmget with the key no longer finds it */
			trace_event("shm.rmid", current->pid, shp, 0, false);
		} else {
			trace_event("shm.rmid", current->pid, shp, 0, false);
			shm_destroy(shp);
		}
		break;
	case IPC_SET:
		r = ipc_update_perm(&in->shm_perm, &shp->shm_perm);
		if (!r)
			shp->shm_ctim = ipc_time();
		break;
	case SHM_LOCK:
		shp->shm_perm.mode |= SHM_LOCKED;
		break;
	case SHM_UNLOCK:
		shp->shm_perm.mode &= ~SHM_LOCKED;
		break;
	}
out:
	spin_unlock_irqrestore(&shm_ids.lock, f);
	return r;
}

/* shmctl(shmid, cmd, buf): -EINVAL for a negative shmid or cmd, or an unknown command; -EFAULT. */
SYSCALL_DEFINE(shmctl)
{
	int shmid = (int)a0, cmd = (int)a1;
	if (shmid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shmctl_info(cmd, a2);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shmctl_stat(shmid, cmd, a2);
	case IPC_SET: {
		struct shmid64_ds in;
		if (copy_from_user(&in, a2, sizeof in))
			return -EFAULT;
		return shmctl_down(shmid, cmd, &in);
	}
	case IPC_RMID:
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_down(shmid, cmd, NULL);
	default:
		return -EINVAL;
	}
}
