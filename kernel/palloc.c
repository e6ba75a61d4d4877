/* kernel/palloc.c: the physical page allocator: one bit per page of RAM (1 = in use), searched from a hint.
 * RAM comes from the device tree; the kernel image, the device tree and the initramfs are reserved. */
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

static spinlock_t palloc_lock = SPINLOCK_INIT("palloc");
static u64 *bitmap;     /* bit i: page ram_base + i*PAGE_SIZE is in use */
static u16 *refs;       /* refs[i]: how many more mappings share page i than its first (0: one owner) */
static u64 ram_base;    /* physical */
static size_t npages, nfree, hint;

static bool test_bit(size_t i) { return bitmap[i / 64] >> (i % 64) & 1; }
static void set_bit(size_t i) { bitmap[i / 64] |= 1UL << (i % 64); }
static void clear_bit(size_t i) { bitmap[i / 64] &= ~(1UL << (i % 64)); }

/* palloc_init: manage RAM [base, base+size); the bitmap goes right after the kernel image (at first_free, a
 * physical address), the reference counts after it. Everything below first_free + bitmap + counts, the initramfs
 * and the device tree stay in use. */
static void reserve(u64 start, u64 end)
{
	for (u64 pa = ALIGN_DOWN(start, PAGE_SIZE); pa < end; pa += PAGE_SIZE) {
		size_t i = (pa - ram_base) / PAGE_SIZE;
		if (pa >= ram_base && i < npages && !test_bit(i)) {
			set_bit(i);
			nfree--;
		}
	}
}

void palloc_init(u64 base, u64 size, u64 first_free, u64 initrd_start, u64 initrd_end, u64 dtb, u64 dtb_size)
{
	ram_base = base;
	npages = size / PAGE_SIZE;
	bitmap = phys_to_virt(first_free);
	size_t bytes = ALIGN_UP((npages + 63) / 64 * 8, PAGE_SIZE);
	memset(bitmap, 0, bytes);
	refs = (u16 *)((char *)bitmap + bytes);
	size_t ref_bytes = ALIGN_UP(npages * sizeof *refs, PAGE_SIZE);
	memset(refs, 0, ref_bytes);
	nfree = npages;
	reserve(base, first_free + bytes + ref_bytes);
	reserve(initrd_start, initrd_end);
	reserve(dtb, dtb + dtb_size);
	hint = 0;
}

void *page_alloc_contig(size_t n)
{
	u64 f = spin_lock_irqsave(&palloc_lock);
	size_t run = 0, i;
	for (size_t k = 0; k < npages; k++) {
		i = (hint + k) % npages;
		if (i == 0)
			run = 0;
		if (test_bit(i)) {
			run = 0;
			continue;
		}
		/* skip whole used words quickly */
		if (++run == n) {
			size_t first = i + 1 - n;
			for (size_t j = first; j <= i; j++)
				set_bit(j);
			nfree -= n;
			hint = i + 1;
			spin_unlock_irqrestore(&palloc_lock, f);
			void *va = phys_to_virt(ram_base + first * PAGE_SIZE);
			memset(va, 0, n * PAGE_SIZE);
			return va;
		}
	}
	spin_unlock_irqrestore(&palloc_lock, f);
	return NULL;
}

void *page_alloc(void)
{
	u64 f = spin_lock_irqsave(&palloc_lock);
	size_t words = (npages + 63) / 64;
	for (size_t k = 0; k <= words; k++) {
		size_t w = (hint / 64 + k) % words;
		if (bitmap[w] == ~0UL)
			continue;
		size_t i = w * 64 + __builtin_ctzl(~bitmap[w]);
		if (i >= npages)
			continue;
		set_bit(i);
		nfree--;
		hint = i;
		spin_unlock_irqrestore(&palloc_lock, f);
		void *va = phys_to_virt(ram_base + i * PAGE_SIZE);
		memset(va, 0, PAGE_SIZE);
		return va;
	}
	spin_unlock_irqrestore(&palloc_lock, f);
	return NULL;
}

void page_free_contig(void *va, size_t n)
{
	if (!va)
		return;
	u64 f = spin_lock_irqsave(&palloc_lock);
	size_t first = (virt_to_phys(va) - ram_base) / PAGE_SIZE;
	for (size_t i = first; i < first + n; i++) {
		if (i >= npages || !test_bit(i))
			panic("page_free: page %p not allocated", phys_to_virt(ram_base + i * PAGE_SIZE));
		if (refs[i])
			panic("page_free: page %p still shared by %u more", phys_to_virt(ram_base + i * PAGE_SIZE), refs[i]);
		clear_bit(i);
		nfree++;
	}
	spin_unlock_irqrestore(&palloc_lock, f);
}

void page_free(void *va) { page_free_contig(va, 1); }

/* page_index: the allocator's index of the page at kernel address va. */
static size_t page_index(const void *va) { return (virt_to_phys(va) - ram_base) / PAGE_SIZE; }

void page_get(void *va)
{
	size_t i = page_index(va);
	if (refs[i] == 0xffff)
		panic("page_get: page %p shared too often", va);
	refs[i]++;
}

void page_put(void *va)
{
	size_t i = page_index(va);
	if (refs[i])
		refs[i]--;
	else
		page_free(va);
}

bool page_shared(const void *va) { return refs[page_index(va)] != 0; }

size_t pages_in_use(void) { return npages - nfree; }

size_t pages_total(void) { return npages; }

void **pages_alloc(u32 n)
{
	void **v = kmalloc(n * sizeof(void *));
	if (!v)
		return NULL;
	for (u32 i = 0; i < n; i++) {
		v[i] = page_alloc();
		if (!v[i]) {
			pages_free(v, i);
			return NULL;
		}
	}
	return v;
}

void pages_free(void **pages, u32 n)
{
	for (u32 i = 0; i < n; i++)
		page_free(pages[i]);
	kfree(pages);
}

