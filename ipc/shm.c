/* ipc/shm.c: System V shared memory, shmget(2), shmat(2), shmdt(2), shmctl(2), after Linux's ipc/shm.c.
 *
 * A segment (struct shmid_kernel) owns its pages: pages[i] is allocated zeroed on the first touch through any
 * attachment and freed only when the segment is destroyed. An attachment is a vma of kind VMA_SHM in some
 * address space (kernel/vm.c) whose `shm` points at a struct shm_attach; vm_page maps the segment's page
 * there instead of allocating one, so every attachment sees the same memory. shm_nattch counts attachment
 * vmas, as Linux's shm_open/shm_close do: shmat, a fork copying one, and a split (munmap/mprotect of part)
 * add one; shmdt, munmap, exit and exec remove them. IPC_RMID with attachments left only marks the segment
 * (SHM_DEST) and makes its key private; the last detach destroys it. SHM_RDONLY maps without write
 * permission, so a write faults (SIGSEGV). The counting and the decision to destroy (shm_open, shm_close,
 * do_shm_rmid) are ipc/shm_core.c. */
#include "ipc/shm.h"
#include "ipc/sysv.h"
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
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
#define SHM_LOCKED 02000
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHMLBA PAGE_SIZE

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

static struct ipc_ids shm_ids = IPC_IDS_INIT("shm", SHMMNI);
static u64 shm_tot; /* pages of all segments */

int shm_segs_live(void) { return shm_ids.in_use; }

static struct shmid_kernel *shm_obtain(int id) { return (struct shmid_kernel *)ipc_obtain_check(&shm_ids, id); }

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
	trace_shm_destroy(id);
}

#define SHM_HUGETLB 04000
/* shm_hugetlb_error: there are no huge pages: -ENOMEM for a huge page size arm64 has (the default, 64 KiB,
 * 2 MiB, 32 MiB, 1 GiB), -EINVAL for any other size in bits 26-31 of shmflg (Linux newseg, hstate_sizelog). */
static int shm_hugetlb_error(int shmflg)
{
	int log = (shmflg >> 26) & 0x3f;
	return log == 0 || log == 16 || log == 21 || log == 25 || log == 30 ? -ENOMEM : -EINVAL;
}

static int newseg(struct ipc_params *params)
{
	u64 size = params->arg;
	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	if (params->flg & SHM_HUGETLB)
		return shm_hugetlb_error(params->flg);
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
	shp->shm_cprid = current->tgid;
	shp->shm_ctim = ktime_get_real_seconds();
	list_init(&shp->attaches);
	int id = ipc_addid(&shm_ids, &shp->shm_perm, params->key, params->flg);
	if (id < 0) {
		ipc_free(pages, npages * sizeof(void *));
		kfree(shp);
		return id;
	}
	shm_tot += npages;
	trace_shm_create(shp, params->key);
	return id;
}

static int shm_more_checks(struct kern_ipc_perm *ipcp, struct ipc_params *params)
{
	return ((struct shmid_kernel *)ipcp)->shm_segsz < params->arg ? -EINVAL : 0;
}

static const struct ipc_ops shm_ops = { newseg, shm_more_checks };

/* shmget(key, size, shmflg): -EINVAL (size 0 or too large when creating; larger than an existing segment),
 * -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM (ipc/util.h ipcget). */
SYSCALL_DEFINE3(shmget, int, key, size_t, size, int, shmflg)
{
	struct ipc_params params = { key, shmflg, size };
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

/* attach_new: a new attachment record of shp at base for pid (shm_open counts it), NULL when out of memory.
 * Caller holds the lock. */
static struct shm_attach *attach_new(struct shmid_kernel *shp, u64 base, int pid)
{
	struct shm_attach *a = kmalloc(sizeof *a);
	if (!a)
		return NULL;
	a->base = base;
	a->pid = pid;
	shm_open(shp, a);
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

int shm_vma_move(struct vma *v, struct vma *nv, s64 shift)
{
	if (shm_vma_dup(v, nv, -1))
		return -ENOMEM;
	((struct shm_attach *)nv->shm)->base += (u64)shift;
	return 0;
}

bool shm_vma_past_end(struct vma *v, u64 va)
{
	struct shm_attach *a = v->shm;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	bool past = (va - a->base) / PAGE_SIZE >= a->shp->npages;
	spin_unlock_irqrestore(&shm_ids.lock, f);
	return past;
}

void shm_fork(struct mm *child, int child_pid)
{
	for (struct vma *v = child->vmas; v; v = v->next) {
		if (v->kind != VMA_SHM)
			continue;
		u64 f = spin_lock_irqsave(&shm_ids.lock);
		struct shm_attach *a = v->shm;
		a->pid = child_pid;
		trace_shm_attach(a->shp, a->base, current->tgid);
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
	bool destroy = shm_close(a);
	trace_shm_detach(shp, a->base, current->tgid);
	kfree(a);
	if (destroy)
		shm_destroy(shp);
	spin_unlock_irqrestore(&shm_ids.lock, f);
}

/* shmat(shmid, shmaddr, shmflg): map the segment at shmaddr (rounded down to SHMLBA with SHM_RND; any
 * free place when 0) and return the address. Errors in Linux's order: -EINVAL (shmid < 0; shmaddr not
 * aligned without SHM_RND; SHM_REMAP without an address; no such segment; the range overlaps a mapping
 * without SHM_REMAP), -EACCES (read, and write unless SHM_RDONLY, permission), -ENOMEM (no room, or beyond
 * the user address range). */
SYSCALL_DEFINE3(shmat, int, shmid, u64, shmaddr, int, shmflg)
{
	u64 addr = shmaddr;
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
		v->shm = attach_new(shp, addr, current->tgid);
		if (!v->shm) {
			spin_unlock_irqrestore(&shm_ids.lock, f);
			vm_unmap(mm, addr, addr + size);
			f = spin_lock_irqsave(&shm_ids.lock);
			r = -ENOMEM;
		} else {
			trace_shm_attach(shp, addr, current->tgid);
		}
	}
	if (shm_may_destroy(shp))
		shm_destroy(shp);
	spin_unlock_irqrestore(&shm_ids.lock, f);
	return r ? r : (long)addr;
}

/* shmdt(shmaddr): detach the attachment that shmat returned shmaddr for (every piece of it). -EINVAL when
 * shmaddr is not page-aligned or no attachment starts there. */
SYSCALL_DEFINE1(shmdt, u64, shmaddr)
{
	u64 addr = shmaddr;
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

/* shm_fill_stat: IPC_STAT's answer for a segment (ipcctl_stat fills shm_perm). */
static void shm_fill_stat(struct kern_ipc_perm *ipcp, void *out)
{
	struct shmid_kernel *shp = (struct shmid_kernel *)ipcp;
	struct shmid64_ds *ds = out;
	ds->shm_segsz = shp->shm_segsz;
	ds->shm_atime = shp->shm_atim;
	ds->shm_dtime = shp->shm_dtim;
	ds->shm_ctime = shp->shm_ctim;
	ds->shm_cpid = shp->shm_cprid;
	ds->shm_lpid = shp->shm_lprid;
	ds->shm_nattch = shp->shm_nattch;
}

/* shmctl_down: IPC_SET, IPC_RMID (-EPERM unless the owner, the creator or root), SHM_LOCK and SHM_UNLOCK
 * (the same rule for CAP_IPC_LOCK; only the SHM_LOCKED mode bit: pages are never swapped here). */
static long shmctl_down(int shmid, int cmd, struct shmid64_ds *in)
{
	long r;
	u64 f = spin_lock_irqsave(&shm_ids.lock);
	struct shmid_kernel *shp = (struct shmid_kernel *)ipcctl_obtain_check(&shm_ids, shmid);
	if (IS_ERR(shp)) {
		r = PTR_ERR(shp);
		goto out;
	}
	r = 0;
	switch (cmd) {
	case IPC_RMID: {
		bool now = do_shm_rmid(shp);
		trace_shm_rmid(shp);
		if (now)
			shm_destroy(shp);
		break;
	}
	case IPC_SET:
		r = ipc_update_perm(&in->shm_perm, &shp->shm_perm);
		if (!r)
			shp->shm_ctim = ktime_get_real_seconds();
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
SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, u64, buf)
{
	if (shmid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shmctl_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY: {
		struct shmid64_ds ds;
		return ipcctl_stat(&shm_ids, shmid, cmd != IPC_STAT, cmd == SHM_STAT_ANY, shm_fill_stat, &ds,
				   sizeof ds, buf);
	}
	case IPC_SET: {
		struct shmid64_ds in;
		if (copy_from_user(&in, buf, sizeof in))
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
