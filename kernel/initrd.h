/* kernel/initrd.h: the initramfs (cpio newc from QEMU's -initrd), read-only, looked up by path. */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H
#include "kernel/cpio.h"
extern const void *initrd_base; /* kernel address of the archive, NULL when none */
extern size_t initrd_size;      /* bytes */
/* initrd_lookup: find path (absolute, or relative to "/") in the initramfs: 0, -ENOENT, -EINVAL (malformed). */
int initrd_lookup(const char *path, struct cpio_entry *e);
#endif
