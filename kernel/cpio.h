/* kernel/cpio.h: reading a cpio "newc" archive (the initramfs given with QEMU's -initrd).
 * Format: 110-byte ASCII header "070701" + 13 fields of 8 hex digits, then the name (namesize bytes incl. NUL),
 * padded to 4 bytes, then the data, padded to 4 bytes; the archive ends with the name "TRAILER!!!".
 * (Linux Documentation/driver-api/early-userspace/buffer-format.rst.) */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H
#include "kernel/types.h"

/* struct cpio_entry: one archive member. name: NUL-terminated, without a leading "./" or "/";
 * data/size: the file's bytes inside the archive (not copied); mode: st_mode (S_IFREG 0100000, S_IFDIR 0040000...);
 * rdev: a device node's number as Linux's old_encode_dev packs it, (major << 8) | minor; uid, gid: the owner;
 * mtime: seconds since the epoch. */
struct cpio_entry {
	const char *name;
	const void *data;
	size_t size;
	u32 mode;
	u32 rdev;
	u32 uid, gid;
	u32 mtime;
};

/* cpio_next: parse the member at *off of the archive (base, len bytes) into *e and advance *off.
 * Returns 1 for a member, 0 at the end, -EINVAL for a malformed header (bad magic, bad hex, a name or data
 * running past the end). Archives may be concatenated, as Linux's initramfs allows (Documentation/
 * driver-api/early-userspace/buffer-format.rst): after a trailer (TRAILER!!!) and zero padding, the next
 * archive's members follow. Never reads outside [base, base+len). */
int cpio_next(const void *base, size_t len, size_t *off, struct cpio_entry *e);

/* cpio_find: find the member whose name equals path (a leading "/" in path is ignored).
 * Returns 0 and fills *e, -ENOENT when absent, -EINVAL when the archive is malformed before it is found. */
int cpio_find(const void *base, size_t len, const char *path, struct cpio_entry *e);
#endif
