/* ipc/scm.c: control messages ("socket control messages", cmsg(3), unix(7); Linux net/core/scm.c and put_cmsg
 * of net/core/scm.c): what sendmsg's msg_control carries besides the data, and what recvmsg's gets back.
 * - SCM_RIGHTS: open files. The sender names descriptors; the message holds a reference on each file (struct
 *   scm_fp_list), so the files stay open while it is in flight even if the sender closes them; the receiver
 *   gets new descriptors for the same open file descriptions, as dup does across processes.
 * - SCM_CREDENTIALS: a pid, uid and gid, which the kernel checks the sender may claim, and which a receiver with
 *   SO_PASSCRED gets (filled in by the kernel when the sender gave none).
 * The layout (struct cmsghdr, CMSG_ALIGN) is the user's: on arm64 a header is 16 bytes (cmsg_len is a size_t). */
#include "ipc/sock.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define INVALID_UID ((u32)-1)
#define OVERFLOWUID 65534 /* what a receiver sees for an id that cannot be shown (from_kuid_munged) */

struct cmsghdr {
	u64 cmsg_len; /* header and data, bytes */
	int cmsg_level, cmsg_type;
};
#define CMSG_ALIGN(len) ALIGN_UP((u64)(len), 8)
#define CMSG_LEN(len) (sizeof(struct cmsghdr) + (len))
#define CMSG_SPACE(len) (sizeof(struct cmsghdr) + CMSG_ALIGN(len))

/* cmsg_nxthdr: the header after cmsg in the control buffer of msg, or NULL when no whole header fits (Linux's
 * CMSG_FIRSTHDR / __cmsg_nxthdr). */
static struct cmsghdr *cmsg_nxthdr(const struct msghdr *msg, const struct cmsghdr *cmsg)
{
	const u8 *ctl = msg->msg_control;
	const u8 *next = cmsg ? (const u8 *)cmsg + CMSG_ALIGN(cmsg->cmsg_len) : ctl;
	if ((u64)(next - ctl) + sizeof(struct cmsghdr) > msg->msg_controllen)
		return NULL;
	return (struct cmsghdr *)next;
}

/* cmsg_ok: cmsg's length covers its header and stays inside the buffer (Linux's CMSG_OK). */
static bool cmsg_ok(const struct msghdr *msg, const struct cmsghdr *cmsg)
{
	return cmsg->cmsg_len >= sizeof(struct cmsghdr) &&
	       cmsg->cmsg_len <= msg->msg_controllen - (u64)((const u8 *)cmsg - (const u8 *)msg->msg_control);
}

/* scm_fp_copy: the descriptors of one SCM_RIGHTS message into *fplp (made on first use), a reference taken on each
 * file. Returns how many, or -EINVAL (more than SCM_MAX_FD in all), -EBADF, -ENOMEM. */
static int scm_fp_copy(const struct cmsghdr *cmsg, struct scm_fp_list **fplp)
{
	const int *fdp = (const int *)(cmsg + 1);
	long num = (long)(cmsg->cmsg_len - sizeof *cmsg) / (long)sizeof(int);
	if (num <= 0)
		return 0;
	if (num > SCM_MAX_FD)
		return -EINVAL;
	struct scm_fp_list *fpl = *fplp;
	if (!fpl) {
		if (!(fpl = kmalloc(sizeof *fpl)))
			return -ENOMEM;
		fpl->uid = current->cred.uid;
		*fplp = fpl;
	}
	if (fpl->count + num > SCM_MAX_FD)
		return -EINVAL;
	for (long i = 0; i < num; i++) {
		struct file *f = fd_file(fdp[i]);
		if (!f)
			return -EBADF;
		fpl->fp[fpl->count++] = file_get(f);
	}
	return (int)num;
}

/* scm_check_creds: may the caller claim creds? Its own pid (any with privilege), one of its real, effective or
 * saved ids (any with privilege). -EINVAL for the id -1, -EPERM. */
static int scm_check_creds(const struct ucred *creds)
{
	const struct cred *c = &current->cred;
	if (creds->uid == INVALID_UID || creds->gid == INVALID_UID)
		return -EINVAL;
	bool pid_ok = creds->pid == current->tgid || cred_capable();
	bool uid_ok = creds->uid == c->uid || creds->uid == c->euid || creds->uid == c->suid || cred_capable();
	bool gid_ok = creds->gid == c->gid || creds->gid == c->egid || creds->gid == c->sgid || cred_capable();
	return pid_ok && uid_ok && gid_ok ? 0 : -EPERM;
}

/* pid_exists: a process with this pid lives. */
static bool pid_exists(int pid)
{
	u64 fl = spin_lock_irqsave(&proc_lock);
	bool found = proc_find(pid) != NULL;
	spin_unlock_irqrestore(&proc_lock, fl);
	return found;
}

int scm_send(struct msghdr *msg, struct scm_cookie *scm)
{
	*scm = (struct scm_cookie){ .creds = { 0, INVALID_UID, INVALID_UID } };
	int err = 0;
	for (struct cmsghdr *cmsg = cmsg_nxthdr(msg, NULL); cmsg; cmsg = cmsg_nxthdr(msg, cmsg)) {
		err = -EINVAL;
		if (!cmsg_ok(msg, cmsg))
			goto error;
		if (cmsg->cmsg_level != SOL_SOCKET)
			continue;
		switch (cmsg->cmsg_type) {
		case SCM_RIGHTS:
			if ((err = scm_fp_copy(cmsg, &scm->fp)) < 0)
				goto error;
			break;
		case SCM_CREDENTIALS: {
			struct ucred creds;
			err = -EINVAL;
			if (cmsg->cmsg_len != CMSG_LEN(sizeof creds))
				goto error;
			memcpy(&creds, cmsg + 1, sizeof creds);
			if ((err = scm_check_creds(&creds)))
				goto error;
			err = -ESRCH;
			if (creds.pid != current->tgid && !pid_exists(creds.pid))
				goto error;
			scm->creds = creds;
			scm->has_creds = true;
			break;
		}
		default:
			goto error;
		}
	}
	if (scm->fp && !scm->fp->count) {
		kfree(scm->fp);
		scm->fp = NULL;
	}
	return 0;
error:
	scm_destroy(scm);
	return err;
}

void scm_destroy(struct scm_cookie *scm)
{
	if (scm->fp)
		scm_fp_release(scm->fp);
	scm->fp = NULL;
}

struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl)
{
	struct scm_fp_list *n = kmalloc(sizeof *n);
	if (!n)
		return NULL;
	n->count = fpl->count;
	n->uid = fpl->uid;
	for (int i = 0; i < fpl->count; i++)
		n->fp[i] = file_get(fpl->fp[i]);
	return n;
}

/* Lists waiting to be released, and whether a release is under way (see scm_fp_release). */
static struct scm_fp_list *release_list;
static bool releasing;

void scm_fp_release(struct scm_fp_list *fpl)
{
	fpl->next = release_list;
	release_list = fpl;
	if (releasing)
		return; /* the loop below, further up the stack, takes it */
	releasing = true;
	while ((fpl = release_list)) {
		release_list = fpl->next;
		for (int i = 0; i < fpl->count; i++)
			file_put(fpl->fp[i]);
		kfree(fpl);
	}
	releasing = false;
}

int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data)
{
	u64 cmlen = CMSG_LEN((u64)len);
	if (!msg->msg_control_user || msg->msg_controllen < sizeof(struct cmsghdr)) {
		msg->msg_flags |= MSG_CTRUNC;
		return 0;
	}
	if (msg->msg_controllen < cmlen) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = msg->msg_controllen;
	}
	struct cmsghdr h = { cmlen, level, type };
	if (copy_to_user(msg->msg_control_user, &h, sizeof h) ||
	    copy_to_user(msg->msg_control_user + sizeof h, data, cmlen - sizeof h))
		return -EFAULT;
	cmlen = MIN(CMSG_SPACE((u64)len), msg->msg_controllen);
	msg->msg_control_user += cmlen;
	msg->msg_controllen -= cmlen;
	return 0;
}

/* scm_detach_fds: install the files of scm as new descriptors of the receiver, as many as the control buffer
 * has room for (MSG_CTRUNC for the others, which are closed), and write their SCM_RIGHTS message (Linux's
 * scm_detach_fds): each descriptor's number is written to the user's buffer before it is installed, so one that
 * cannot be written is not installed and ends the list; a header that cannot be written leaves the installed
 * descriptors without a message. Faults are not errors of the receive. */
static void scm_detach_fds(struct msghdr *msg, struct scm_cookie *scm, int flags)
{
	struct scm_fp_list *fpl = scm->fp;
	int fdmax = msg->msg_controllen <= sizeof(struct cmsghdr)
			    ? 0
			    : (int)((msg->msg_controllen - sizeof(struct cmsghdr)) / sizeof(int));
	fdmax = MIN(fdmax, fpl->count);
	u64 cmsg_data = msg->msg_control_user + sizeof(struct cmsghdr);
	int i;
	for (i = 0; i < fdmax; i++) {
		int fd = fd_install(current, file_get(fpl->fp[i]), 0, flags & MSG_CMSG_CLOEXEC);
		if (fd < 0) {
			file_put(fpl->fp[i]);
			break;
		}
		if (copy_to_user(cmsg_data + (u64)i * sizeof fd, &fd, sizeof fd)) {
			fd_close(current, fd); /* (Linux writes the number first and installs after) */
			break;
		}
	}
	if (i > 0) {
		struct cmsghdr h = { CMSG_LEN(i * sizeof(int)), SOL_SOCKET, SCM_RIGHTS };
		if (!copy_to_user(msg->msg_control_user, &h, sizeof h)) {
			u64 cmlen = MIN(CMSG_SPACE(i * sizeof(int)), msg->msg_controllen);
			msg->msg_control_user += cmlen;
			msg->msg_controllen -= cmlen;
		}
	}
	if (i < fpl->count || (fpl->count && fdmax <= 0))
		msg->msg_flags |= MSG_CTRUNC;
	scm_destroy(scm); /* the installed ones hold their own references now */
}

void scm_recv(struct sock *sk, struct msghdr *msg, struct scm_cookie *scm, int flags)
{
	if (!msg->msg_control_user) {
		if (sk->passcred || scm->fp)
			msg->msg_flags |= MSG_CTRUNC;
		scm_destroy(scm);
		return;
	}
	if (sk->passcred) {
		struct ucred u = scm->creds; /* a message sent with none: pid 0 and ids that cannot be shown */
		if (u.uid == INVALID_UID)
			u.uid = OVERFLOWUID;
		if (u.gid == INVALID_UID)
			u.gid = OVERFLOWUID;
		put_cmsg(msg, SOL_SOCKET, SCM_CREDENTIALS, sizeof u, &u); /* a fault is not the receive's error */
	}
	if (scm->fp)
		scm_detach_fds(msg, scm, flags);
}
