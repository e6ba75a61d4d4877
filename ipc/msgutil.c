/* ipc/msgutil.c: messages in and out of user memory (ipc/msg.h), after Linux's ipc/msgutil.c. A message's text
 * is one allocation of its size (ipc_alloc: kmalloc up to a page, whole pages beyond; MSGMAX is 8192 bytes). */
#include "ipc/msg.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

/* alloc_msg: a message with room for len bytes of text, or NULL. */
static struct msg_msg *alloc_msg(size_t len)
{
	struct msg_msg *m = kmalloc(sizeof *m);
	if (!m)
		return NULL;
	m->text = ipc_alloc(len ? len : 1);
	if (!m->text) {
		kfree(m);
		return NULL;
	}
	m->m_type = 0;
	m->m_ts = len;
	return m;
}

struct msg_msg *load_msg(u64 src, size_t len)
{
	struct msg_msg *m = alloc_msg(len);
	if (!m)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(m->text, src, len)) {
		free_msg(m);
		return ERR_PTR(-EFAULT);
	}
	return m;
}

int store_msg(u64 dest, const struct msg_msg *msg, size_t len)
{
	return copy_to_user(dest, msg->text, len) ? -EFAULT : 0;
}

struct msg_msg *copy_msg(const struct msg_msg *src)
{
	struct msg_msg *m = alloc_msg(src->m_ts);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->m_type = src->m_type;
	memcpy(m->text, src->text, src->m_ts);
	return m;
}

void free_msg(struct msg_msg *msg)
{
	if (!msg)
		return;
	ipc_free(msg->text, msg->m_ts ? msg->m_ts : 1);
	kfree(msg);
}
