/* kernel/mm.h: physical memory and the kernel's view of it.
 * All of RAM (and the first GiB of device space) is mapped linearly in the upper half (TTBR1):
 * kernel virtual address = physical address + KERNEL_VBASE. Pages are PAGE_SIZE (4 KiB). */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H
#include "kernel/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#ifndef KERNEL_VBASE /* tests/virtio/harness builds with -DKERNEL_VBASE=0UL: MMU off, identity addresses */
#define KERNEL_VBASE 0xffffff8000000000UL /* 39-bit upper half (T1SZ = 25) */
#endif

/* phys_to_virt: the kernel address of physical address pa (RAM or device MMIO below 4 GiB). */
static inline void *phys_to_virt(u64 pa) { return (void *)(pa + KERNEL_VBASE); }
/* virt_to_phys: the physical address of a kernel linear-map address. */
static inline u64 virt_to_phys(const void *va) { return (u64)va - KERNEL_VBASE; }

/* page_alloc: one zeroed page; returns its kernel address, NULL when memory is exhausted. */
void *page_alloc(void);
/* page_alloc_contig: n physically contiguous zeroed pages (for DMA rings); NULL when none. */
void *page_alloc_contig(size_t n);
/* page_free / page_free_contig: give back what page_alloc / page_alloc_contig returned. */
void page_free(void *va);
void page_free_contig(void *va, size_t n);
/* page_get: one more mapping shares the page at va (fork's copy-on-write: kernel/vm.c's mm_copy). page_put: one
 * mapping less; the last frees it. page_shared: whether more than one mapping holds it (a write must copy it
 * first). Uniprocessor, non-preemptible kernel: no lock is needed around the counts. */
void page_get(void *va);
void page_put(void *va);
bool page_shared(const void *va);
/* pages_alloc: an array of n separate zeroed pages (kernel addresses; a pipe's ring), all or nothing; NULL when
 * out of memory. pages_free: give back the pages and the array. */
void **pages_alloc(u32 n);
void pages_free(void **pages, u32 n);
/* pages_in_use: pages currently allocated (for the leak report at halt). */
size_t pages_in_use(void);
/* pages_total: pages of RAM the allocator manages (MemTotal). */
size_t pages_total(void);

/* kmalloc: size bytes, zeroed, 16-byte aligned (more than 2 KiB: whole contiguous pages, kernel/kmalloc.c); NULL
 * when out of memory. kfree(NULL) is a no-op. */
void *kmalloc(size_t size);
void kfree(void *p);
#endif
