/* kernel/cred.c: user and group ids (kernel/cred.h): getuid(2) and friends, setuid(2), setgid(2), setreuid(2),
 * setregid(2), setresuid(2), setresgid(2), getresuid(2), getresgid(2), setfsuid(2), setfsgid(2), getgroups(2),
 * setgroups(2), with Linux's rules (kernel/sys.c): a privileged process (euid 0) may set any id; an unprivileged
 * one only to ids it already has, else EPERM. The value -1 means "leave unchanged" where the call allows it. */
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define NO_ID ((u32)-1)

bool cred_capable(void) { return current->cred.euid == 0; }

/* groups_search: gid is in gi's sorted list (a binary search, as Linux's groups_search). */
static bool groups_search(const struct group_info *gi, u32 gid)
{
	if (!gi)
		return false;
	int lo = 0, hi = gi->ngroups;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (gi->gid[mid] == gid)
			return true;
		if (gi->gid[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool in_group_p(u32 gid)
{
	struct cred *c = &current->cred;
	return gid == c->egid || groups_search(c->group_info, gid);
}

/* groups_alloc: a group_info for n groups (0 <= n <= NGROUPS_MAX: 256 KiB at most, which kmalloc takes from
 * contiguous pages), usage 1, its list to be filled; NULL when out of memory. */
static struct group_info *groups_alloc(int n)
{
	struct group_info *gi = kmalloc(sizeof *gi + (size_t)n * sizeof(u32));
	if (gi) {
		gi->usage = 1;
		gi->ngroups = n;
	}
	return gi;
}

struct group_info *get_group_info(struct group_info *gi)
{
	if (gi)
		gi->usage++;
	return gi;
}

void put_group_info(struct group_info *gi)
{
	if (gi && --gi->usage == 0)
		kfree(gi);
}

/* groups_sort: sort gi's list ascending, in place: a heapsort, O(n log n) for up to 65,536 groups (Linux's
 * groups_sort calls sort(), a heapsort too). */
static void groups_sort(struct group_info *gi)
{
	u32 *a = gi->gid;
	int n = gi->ngroups;
	for (int start = n / 2 - 1, end = n; end > 1;) {
		int root;
		if (start >= 0) { /* first build the heap, */
			root = start--;
		} else {          /* then move its top to the end, one at a time */
			end--;
			u32 t = a[0];
			a[0] = a[end];
			a[end] = t;
			root = 0;
		}
		for (int child; (child = 2 * root + 1) < end; root = child) { /* sift a[root] down */
			if (child + 1 < end && a[child + 1] > a[child])
				child++;
			if (a[root] >= a[child])
				break;
			u32 t = a[root];
			a[root] = a[child];
			a[child] = t;
		}
	}
}

SYSCALL_DEFINE0(getuid) { return current->cred.uid; }
SYSCALL_DEFINE0(geteuid) { return current->cred.euid; }
SYSCALL_DEFINE0(getgid) { return current->cred.gid; }
SYSCALL_DEFINE0(getegid) { return current->cred.egid; }

/* setuid(uid): privileged: real, effective, saved and fs uid all become uid (dropping root for good);
 * otherwise only the effective (and fs) uid, and only to the real or saved uid. -EINVAL for -1, -EPERM. */
SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	struct cred *c = &current->cred;
	if (uid == NO_ID)
		return -EINVAL;
	if (cred_capable()) {
		c->uid = c->suid = uid;
	} else if (uid != c->uid && uid != c->suid) {
		return -EPERM;
	}
	c->euid = c->fsuid = uid;
	return 0;
}

/* setgid(gid): as setuid for the group ids (the privilege is still euid 0: CAP_SETGID). */
SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	struct cred *c = &current->cred;
	if (gid == NO_ID)
		return -EINVAL;
	if (cred_capable()) {
		c->gid = c->sgid = gid;
	} else if (gid != c->gid && gid != c->sgid) {
		return -EPERM;
	}
	c->egid = c->fsgid = gid;
	return 0;
}

/* setre_ids: setreuid/setregid's rule (Linux __sys_setreuid): the real id may become the real or effective
 * one, the effective id the real, effective or saved one (anything when privileged); the saved id follows
 * the new effective id when the real id was set or the effective id differs from the old real id. */
static int setre_ids(u32 r, u32 e, u32 *real, u32 *eff, u32 *saved, u32 *fs)
{
	bool priv = cred_capable();
	if (r != NO_ID && r != *real && r != *eff && !priv)
		return -EPERM;
	if (e != NO_ID && e != *real && e != *eff && e != *saved && !priv)
		return -EPERM;
	u32 old_real = *real;
	if (r != NO_ID)
		*real = r;
	if (e != NO_ID)
		*eff = e;
	if (r != NO_ID || (e != NO_ID && e != old_real))
		*saved = *eff;
	*fs = *eff;
	return 0;
}

SYSCALL_DEFINE2(setreuid, uid_t, ruid, uid_t, euid)
{
	struct cred *c = &current->cred;
	return setre_ids(ruid, euid, &c->uid, &c->euid, &c->suid, &c->fsuid);
}

SYSCALL_DEFINE2(setregid, gid_t, rgid, gid_t, egid)
{
	struct cred *c = &current->cred;
	return setre_ids(rgid, egid, &c->gid, &c->egid, &c->sgid, &c->fsgid);
}

/* setres_ids: setresuid/setresgid (Linux __sys_setresuid): each id that is not -1 must be one of the three
 * current ones unless privileged. */
static int setres_ids(u32 r, u32 e, u32 s, u32 *real, u32 *eff, u32 *saved, u32 *fs)
{
	if (!cred_capable()) {
		u32 want[3] = { r, e, s };
		for (int i = 0; i < 3; i++)
			if (want[i] != NO_ID && want[i] != *real && want[i] != *eff && want[i] != *saved)
				return -EPERM;
	}
	if (r != NO_ID)
		*real = r;
	if (e != NO_ID)
		*eff = e;
	if (s != NO_ID)
		*saved = s;
	*fs = *eff;
	return 0;
}

SYSCALL_DEFINE3(setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	struct cred *c = &current->cred;
	return setres_ids(ruid, euid, suid, &c->uid, &c->euid, &c->suid, &c->fsuid);
}

SYSCALL_DEFINE3(setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	struct cred *c = &current->cred;
	return setres_ids(rgid, egid, sgid, &c->gid, &c->egid, &c->sgid, &c->fsgid);
}

/* getres_ids: store three ids at three user addresses; -EFAULT for a bad one (those before it are written). */
static int getres_ids(u64 ur, u64 ue, u64 us, u32 r, u32 e, u32 s)
{
	if (copy_to_user(ur, &r, 4) || copy_to_user(ue, &e, 4) || copy_to_user(us, &s, 4))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, u64, ruidp, u64, euidp, u64, suidp)
{
	struct cred *c = &current->cred;
	return getres_ids(ruidp, euidp, suidp, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, u64, rgidp, u64, egidp, u64, sgidp)
{
	struct cred *c = &current->cred;
	return getres_ids(rgidp, egidp, sgidp, c->gid, c->egid, c->sgid);
}

/* setfsuid(uid): returns the old fsuid always; sets it when privileged or uid is the real, effective, saved
 * or current fs uid (no errors: Linux's odd interface). */
SYSCALL_DEFINE1(setfsuid, uid_t, uid)
{
	struct cred *c = &current->cred;
	u32 old = c->fsuid;
	if (uid != NO_ID && (cred_capable() || uid == c->uid || uid == c->euid || uid == c->suid || uid == c->fsuid))
		c->fsuid = uid;
	return old;
}

SYSCALL_DEFINE1(setfsgid, gid_t, gid)
{
	struct cred *c = &current->cred;
	u32 old = c->fsgid;
	if (gid != NO_ID && (cred_capable() || gid == c->gid || gid == c->egid || gid == c->sgid || gid == c->fsgid))
		c->fsgid = gid;
	return old;
}

/* getgroups(size, list): size 0 returns the count only; -EINVAL when size is negative or smaller than the
 * count; -EFAULT for a bad list (Linux kernel/groups.c). */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, u64, grouplist)
{
	struct group_info *gi = current->cred.group_info;
	int n = gi ? gi->ngroups : 0;
	if (gidsetsize < 0)
		return -EINVAL;
	if (gidsetsize == 0)
		return n;
	if (gidsetsize < n)
		return -EINVAL;
	if (n && copy_to_user(grouplist, gi->gid, n * sizeof(u32)))
		return -EFAULT;
	return n;
}

/* setgroups(size, list): privileged only (-EPERM); -EINVAL for a size above NGROUPS_MAX (a negative one too);
 * -ENOMEM; then the list read in order: -EFAULT at an unreadable entry, -EINVAL at the gid -1, whichever comes
 * first (Linux kernel/groups.c groups_from_user). The list is kept sorted (groups_sort), for in_group_p's
 * binary search. */
SYSCALL_DEFINE2(setgroups, int, gidsetsize, u64, grouplist)
{
	if (!cred_capable())
		return -EPERM;
	if ((unsigned)gidsetsize > NGROUPS_MAX)
		return -EINVAL;
	struct group_info *gi = NULL;
	if (gidsetsize) {
		gi = groups_alloc(gidsetsize);
		if (!gi)
			return -ENOMEM;
	}
	for (int i = 0; i < gidsetsize; i++) {
		u32 g;
		long err = 0;
		if (copy_from_user(&g, grouplist + (u64)i * sizeof g, sizeof g))
			err = -EFAULT;
		else if (g == (u32)-1)
			err = -EINVAL; /* no group (gid_valid) */
		if (err) {
			put_group_info(gi);
			return err;
		}
		gi->gid[i] = g;
	}
	if (gi)
		groups_sort(gi);
	struct cred *c = &current->cred;
	put_group_info(c->group_info);
	c->group_info = gi;
	return 0;
}
