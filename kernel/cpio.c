/* kernel/cpio.c: reading the initramfs, a cpio "newc" archive (kernel/cpio.h; Linux
 * Documentation/driver-api/early-userspace/buffer-format.rst). The archive is untrusted: every length is
 * checked against the bytes that remain before it is used. Offsets are from the start of the archive, and so is
 * the 4-byte alignment of names and data. */
#include "kernel/cpio.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

#define HDR_SIZE 110 /* "070701" + 13 fields of 8 hex digits */

/* Field numbers in the header, after the 6-byte magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJ, F_DEVMIN, F_RDEVMAJ, F_RDEVMIN,
       F_NAMESIZE, F_CHECK };

/* hex8: the 8 hex digits at p into *v; false if any is not a hex digit. */
static bool hex8(const char *p, u32 *v)
{
	u32 x = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		u32 d;
		if (c >= '0' && c <= '9')
			d = (u32)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (u32)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (u32)(c - 'A' + 10);
		else
			return false;
		x = x << 4 | d;
	}
	*v = x;
	return true;
}

/* cpio_next: see kernel/cpio.h. Returns 1 (member in *e), 0 (the end), -EINVAL (malformed). */
int cpio_next(const void *base, size_t len, size_t *off, struct cpio_entry *e)
{
	const char *a = base;
	size_t pos = *off;
	/* Zero padding between members or after the last one is skipped, as Linux does (in 4-byte steps). */
	while (pos < len && len - pos >= 4 && a[pos] == 0 && a[pos + 1] == 0 && a[pos + 2] == 0 && a[pos + 3] == 0)
		pos += 4;
	if (pos >= len) {
		*off = len;
		return 0;
	}
	if (len - pos < HDR_SIZE)
		return -EINVAL;
	const char *h = a + pos;
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		return -EINVAL;
	u32 f[13];
	for (int i = 0; i < 13; i++)
		if (!hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	size_t namesize = f[F_NAMESIZE], filesize = f[F_FILESIZE];
	size_t name_off = pos + HDR_SIZE;
	if (namesize == 0 || namesize > len - name_off)
		return -EINVAL;
	const char *name = a + name_off;
	if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
		return -EINVAL;
	size_t data_off = ALIGN_UP(name_off + namesize, (size_t)4);
	if (data_off > len || filesize > len - data_off)
		return -EINVAL;
	size_t next = ALIGN_UP(data_off + filesize, (size_t)4);
	*off = next < len ? next : len; /* the last member's padding may be missing */
	if (strcmp(name, "TRAILER!!!") == 0) /* another archive may follow: Linux unpacks concatenated ones */
		return cpio_next(base, len, off, e);
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	e->name = name;
	e->data = a + data_off;
	e->size = filesize;
	e->mode = f[F_MODE];
	e->rdev = (f[F_RDEVMAJ] & 0xfff) << 8 | (f[F_RDEVMIN] & 0xff);
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->mtime = f[F_MTIME];
	return 1;
}

/* cpio_find: see kernel/cpio.h. Returns 0 (found, *e filled), -ENOENT, or -EINVAL. */
int cpio_find(const void *base, size_t len, const char *path, struct cpio_entry *e)
{
	size_t off = 0;
	int r;
	while (*path == '/')
		path++;
	while ((r = cpio_next(base, len, &off, e)) == 1)
		if (strcmp(e->name, path) == 0)
			return 0;
	return r < 0 ? r : -ENOENT;
}
