/* kernel/kmalloc.c: the kernel allocator: power-of-two size classes from 32 to 2048 bytes carved out of pages,
 * each object preceded by a 16-byte header naming its class; larger requests get whole contiguous pages. */
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

#define KM_MIN_SHIFT 5
#define KM_MAX_SHIFT 11
#define KM_MAGIC 0x6b6d616cu

/* struct km_header: before every object. shift: size class (object + header = 1 << shift), or 0 for a
 * multi-page allocation of npages pages. */
struct km_header {
	u32 magic;
	u16 shift;
	u16 pad;
	u64 npages;
};

struct km_free {
	struct km_free *next;
};

static spinlock_t km_lock = SPINLOCK_INIT("kmalloc");
static struct km_free *free_lists[KM_MAX_SHIFT + 1];
static size_t live_objects, slab_pages;

/* kmalloc_live: objects allocated and not freed; kmalloc_slab_pages: pages held by the size classes. */
size_t kmalloc_live(void) { return live_objects; }
size_t kmalloc_slab_pages(void) { return slab_pages; }

void *kmalloc(size_t size)
{
	size_t total = size + sizeof(struct km_header);
	struct km_header *h;
	if (total > (1UL << KM_MAX_SHIFT)) {
		size_t n = (total + PAGE_SIZE - 1) / PAGE_SIZE;
		h = page_alloc_contig(n);
		if (!h)
			return NULL;
		h->magic = KM_MAGIC;
		h->shift = 0;
		h->npages = n;
		__atomic_fetch_add(&live_objects, 1, __ATOMIC_RELAXED);
		return h + 1;
	}
	unsigned shift = KM_MIN_SHIFT;
	while ((1UL << shift) < total)
		shift++;
	u64 f = spin_lock_irqsave(&km_lock);
	if (!free_lists[shift]) {
		char *page = page_alloc();
		if (!page) {
			spin_unlock_irqrestore(&km_lock, f);
			return NULL;
		}
		slab_pages++;
		for (size_t off = 0; off < PAGE_SIZE; off += 1UL << shift) {
			struct km_free *o = (struct km_free *)(page + off);
			o->next = free_lists[shift];
			free_lists[shift] = o;
		}
	}
	struct km_free *o = free_lists[shift];
	free_lists[shift] = o->next;
	live_objects++;
	spin_unlock_irqrestore(&km_lock, f);
	h = (struct km_header *)o;
	memset(h, 0, 1UL << shift);
	h->magic = KM_MAGIC;
	h->shift = shift;
	return h + 1;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct km_header *h = (struct km_header *)p - 1;
	if (h->magic != KM_MAGIC)
		panic("kfree: bad pointer %p", p);
	h->magic = 0;
	__atomic_fetch_sub(&live_objects, 1, __ATOMIC_RELAXED);
	if (h->shift == 0) {
		page_free_contig(h, h->npages);
		return;
	}
	u64 f = spin_lock_irqsave(&km_lock);
	struct km_free *o = (struct km_free *)h;
	o->next = free_lists[h->shift];
	free_lists[h->shift] = o;
	spin_unlock_irqrestore(&km_lock, f);
}
