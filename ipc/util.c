/* ipc/util.c: the System V IPC layer shared by semaphores, message queues and shared memory (ipc/util.h),
 * after Linux's ipc/util.c: id tables, keys, permissions. */
#include "ipc/util.h"
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/lib/string.h"
#include "kernel/uaccess.h"

void *ipc_alloc(size_t size)
{
	if (size <= PAGE_SIZE)
		return kmalloc(size);
	return page_alloc_contig(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
}

void ipc_free(void *p, size_t size)
{
	if (size <= PAGE_SIZE)
		kfree(p);
	else if (p)
		page_free_contig(p, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new, int key, int flg)
{
	if (ids->in_use >= ids->mni)
		return -ENOSPC;
	/* Linux's ipc_idr_alloc: the lowest free index after the last one handed out, cycling below
	 * max(in_use * 3 / 2, 64); wrapping around bumps the sequence number, so an id comes back only after
	 * many create/remove cycles. */
	int limit = MAX(ids->in_use * 3 / 2, IPC_MIN_CYCLE);
	limit = MIN(limit, IPC_SLOTS);
	int idx = -1;
	for (int i = ids->last_idx + 1; i < limit; i++)
		if (!ids->entries[i]) {
			idx = i;
			break;
		}
	if (idx < 0)
		for (int i = 0; i < limit; i++)
			if (!ids->entries[i]) {
				idx = i;
				break;
			}
	if (idx < 0)
		return -ENOSPC;
	if (idx <= ids->last_idx) {
		ids->seq++;
		if (ids->seq >= IPCID_SEQ_MAX)
			ids->seq = 0;
	}
	ids->last_idx = idx;
	ids->entries[idx] = new;
	ids->in_use++;
	if (idx > ids->max_idx)
		ids->max_idx = idx;

	struct cred *c = &current->cred;
	new->seq = ids->seq;
	new->id = (new->seq << IPCMNI_SHIFT) + idx;
	new->key = key;
	new->deleted = false;
	new->uid = new->cuid = c->euid;
	new->gid = new->cgid = c->egid;
	new->mode = flg & S_IRWXUGO;
	return new->id;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *ipcp)
{
	int idx = ipcp->id & (IPCMNI - 1);
	ids->entries[idx] = NULL;
	ids->in_use--;
	ipcp->deleted = true;
	if (idx == ids->max_idx) {
		while (ids->max_idx >= 0 && !ids->entries[ids->max_idx])
			ids->max_idx--;
	}
}

struct kern_ipc_perm *ipc_obtain_idx(struct ipc_ids *ids, int idx)
{
	if (idx < 0 || idx >= IPC_SLOTS)
		return NULL;
	return ids->entries[idx];
}

struct kern_ipc_perm *ipc_obtain_check(struct ipc_ids *ids, int id)
{
	if (id < 0)
		return NULL;
	struct kern_ipc_perm *p = ipc_obtain_idx(ids, id & (IPCMNI - 1));
	if (!p || p->id != id)
		return NULL;
	return p;
}

int ipc_get_maxidx(struct ipc_ids *ids)
{
	return ids->in_use ? ids->max_idx : 0;
}

/* ipc_findkey: the object with key (not IPC_PRIVATE), or NULL. */
static struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key)
{
	for (int i = 0; i <= ids->max_idx; i++)
		if (ids->entries[i] && ids->entries[i]->key == key)
			return ids->entries[i];
	return NULL;
}

int ipcget(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params)
{
	u64 f = spin_lock_irqsave(&ids->lock);
	int r;
	if (params->key == IPC_PRIVATE) {
		r = ops->getnew(params);
	} else {
		struct kern_ipc_perm *ipcp = ipc_findkey(ids, params->key);
		if (!ipcp) {
			r = (params->flg & IPC_CREAT) ? ops->getnew(params) : -ENOENT;
		} else if ((params->flg & IPC_CREAT) && (params->flg & IPC_EXCL)) {
			r = -EEXIST;
		} else {
			r = ops->more_checks ? ops->more_checks(ipcp, params) : 0;
			if (!r)
				r = ipcperms(ipcp, params->flg) ? -EACCES : ipcp->id;
		}
	}
	spin_unlock_irqrestore(&ids->lock, f);
	return r;
}

int ipcperms(struct kern_ipc_perm *ipcp, int flg)
{
	struct cred *c = &current->cred;
	int requested = (flg >> 6) | (flg >> 3) | flg;
	int granted = (int)ipcp->mode;
	if (c->euid == ipcp->cuid || c->euid == ipcp->uid)
		granted >>= 6;
	else if (in_group_p(ipcp->cgid) || in_group_p(ipcp->gid))
		granted >>= 3;
	if ((requested & ~granted & 0007) && !cred_capable())
		return -EACCES;
	return 0;
}

struct kern_ipc_perm *ipcctl_obtain_check(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *ipcp = ipc_obtain_check(ids, id);
	if (!ipcp)
		return ERR_PTR(-EINVAL);
	u32 euid = current->cred.euid;
	if (euid == ipcp->cuid || euid == ipcp->uid || cred_capable())
		return ipcp;
	return ERR_PTR(-EPERM);
}

long ipcctl_stat(struct ipc_ids *ids, int id, bool by_index, bool any, void (*fill)(struct kern_ipc_perm *, void *),
		 void *buf, size_t size, u64 ubuf)
{
	memset(buf, 0, size);
	u64 f = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *ipcp = by_index ? ipc_obtain_idx(ids, id) : ipc_obtain_check(ids, id);
	long r = 0;
	if (!ipcp)
		r = -EINVAL;
	else if (!any && ipcperms(ipcp, S_IRUGO))
		r = -EACCES;
	if (!r) {
		kernel_to_ipc64_perm(ipcp, buf);
		fill(ipcp, buf);
		if (by_index)
			r = ipcp->id;
	}
	spin_unlock_irqrestore(&ids->lock, f);
	if (r >= 0 && copy_to_user(ubuf, buf, size))
		return -EFAULT;
	return r;
}

int ipc_update_perm(struct ipc64_perm *in, struct kern_ipc_perm *out)
{
	if (in->uid == (u32)-1 || in->gid == (u32)-1)
		return -EINVAL;
	out->uid = in->uid;
	out->gid = in->gid;
	out->mode = (out->mode & ~S_IRWXUGO) | (in->mode & S_IRWXUGO);
	return 0;
}

void kernel_to_ipc64_perm(struct kern_ipc_perm *in, struct ipc64_perm *out)
{
	*out = (struct ipc64_perm){ 0 };
	out->key = in->key;
	out->uid = in->uid;
	out->gid = in->gid;
	out->cuid = in->cuid;
	out->cgid = in->cgid;
	out->mode = in->mode;
	out->seq = in->seq;
}
