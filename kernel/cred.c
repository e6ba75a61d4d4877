/* kernel/cred.c: user and group ids (kernel/cred.h): getuid(2) and friends, setuid(2), setgid(2), setreuid(2),
 * setregid(2), setresuid(2), setresgid(2), getresuid(2), getresgid(2), setfsuid(2), setfsgid(2), getgroups(2),
 * setgroups(2), with Linux's rules (kernel/sys.c): a privileged process (euid 0) may set any id; an unprivileged
 * one only to ids it already has, else EPERM. The value -1 means "leave unchanged" where the call allows it. */
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define NO_ID ((u32)-1)

bool cred_capable(void) { return current->cred.euid == 0; }

bool in_group_p(u32 gid)
{
	struct cred *c = &current->cred;
	if (gid == c->egid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
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
 * count; -EFAULT for a bad list. */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, u64, grouplist)
{
	struct cred *c = &current->cred;
	if (gidsetsize < 0)
		return -EINVAL;
	if (gidsetsize == 0)
		return c->ngroups;
	if (gidsetsize < c->ngroups)
		return -EINVAL;
	if (c->ngroups && copy_to_user(grouplist, c->groups, c->ngroups * sizeof(u32)))
		return -EFAULT;
	return c->ngroups;
}

/* setgroups(size, list): privileged only (-EPERM); -EINVAL for a negative size or more than NGROUPS_SMALL
 * (Linux: NGROUPS_MAX); -EFAULT; -EINVAL for the gid -1 in the list. The list is kept sorted, as Linux's groups_sort does. */
SYSCALL_DEFINE2(setgroups, int, gidsetsize, u64, grouplist)
{
	int size = gidsetsize;
	u32 g[NGROUPS_SMALL];
	if (!cred_capable())
		return -EPERM;
	if (size < 0 || size > NGROUPS_SMALL)
		return -EINVAL;
	if (size && copy_from_user(g, grouplist, size * sizeof(u32)))
		return -EFAULT;
	for (int i = 0; i < size; i++)
		if (g[i] == (u32)-1)
			return -EINVAL; /* (gid_t)-1 is no group (Linux groups_from_user: gid_valid) */
	for (int i = 1; i < size; i++) /* insertion sort: the list is short */
		for (int j = i; j > 0 && g[j - 1] > g[j]; j--) {
			u32 t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	struct cred *c = &current->cred;
	for (int i = 0; i < size; i++)
		c->groups[i] = g[i];
	c->ngroups = size;
	return 0;
}
