/* kernel/shmem.c: shared anonymous memory (kernel/shmem.h). One lock guards every object's page table: a page
 * is made once, whoever touches it first. */
#include "kernel/mm.h"
#include "kernel/shmem.h"
#include "kernel/spinlock.h"
#include "kernel/trace_events.h"

static spinlock_t shmem_lock = SPINLOCK_INIT("shmem");
static int live, last_id;

/* pages_array / pages_array_free: npages pointers, zeroed (kmalloc up to a page, contiguous pages beyond). */
static void **pages_array(u64 npages)
{
	size_t bytes = npages * sizeof(void *);
	return bytes <= PAGE_SIZE ? kmalloc(bytes) : page_alloc_contig(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE);
}

static void pages_array_free(void **a, u64 npages)
{
	size_t bytes = npages * sizeof(void *);
	if (bytes <= PAGE_SIZE)
		kfree(a);
	else
		page_free_contig(a, ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE);
}

struct shmem *shmem_create(u64 npages)
{
	struct shmem *s = kmalloc(sizeof *s);
	void **pages = s && npages ? pages_array(npages) : NULL;
	if (!pages) {
		kfree(s);
		return NULL;
	}
	*s = (struct shmem){ .id = __atomic_add_fetch(&last_id, 1, __ATOMIC_RELAXED), .refs = 1, .npages = npages,
			     .pages = pages };
	__atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
	trace_shmem_create(s);
	return s;
}

struct shmem *shmem_get(struct shmem *s)
{
	u64 f = spin_lock_irqsave(&shmem_lock);
	s->refs++;
	spin_unlock_irqrestore(&shmem_lock, f);
	return s;
}

void shmem_put(struct shmem *s)
{
	u64 f = spin_lock_irqsave(&shmem_lock);
	bool last = --s->refs == 0;
	spin_unlock_irqrestore(&shmem_lock, f);
	if (!last)
		return;
	trace_shmem_destroy(s);
	for (u64 i = 0; i < s->npages; i++)
		if (s->pages[i])
			page_free(s->pages[i]);
	pages_array_free(s->pages, s->npages);
	kfree(s);
	__atomic_fetch_sub(&live, 1, __ATOMIC_RELAXED);
}

void *shmem_page(struct shmem *s, u64 index, bool *made)
{
	*made = false;
	if (index >= s->npages)
		return NULL;
	u64 f = spin_lock_irqsave(&shmem_lock);
	if (!s->pages[index])
		*made = (s->pages[index] = page_alloc()) != NULL;
	void *page = s->pages[index];
	spin_unlock_irqrestore(&shmem_lock, f);
	return page;
}

int shmem_live(void) { return live; }
