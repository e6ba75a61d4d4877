/* kernel/virtio_console.c: transmit-only virtio console with MULTIPORT over virtio-mmio, polled
 * (virtio spec 1.1: 2.6 "Split Virtqueues", 4.2 "Virtio Over MMIO", 5.3 "Console Device").
 *
 * Queues: control rx/tx are 2/3, port 0 transmits on queue 1 and port N >= 1 on queue 2N+3 (spec 5.3.2).
 * Every queue is a split ring of VQ_SIZE descriptors in one page (two on a legacy transport, whose used ring
 * must start on the next page). A transmit queue's descriptor i always points at the port's buffer i, and the
 * buffers are filled round-robin, so "buffer i is free" is "descriptor i came back on the used ring".
 * We never enable interrupts: the driver reads the used ring when it needs a buffer back. */
#include "kernel/virtio_console.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/spinlock.h"
#include "kernel/lib/string.h"
#include "arch/aarch64/include/io.h"

/* virtio-mmio register offsets (spec 4.2.2; the legacy-only ones from 4.2.4). */
#define VIRTIO_MMIO_BASE 0x0a000000UL
#define VIRTIO_MMIO_SLOTS 32
#define VIRTIO_MMIO_STRIDE 0x200
#define VIRTIO_MAGIC 0x74726976 /* "virt" */
enum {
	R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
	R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014, R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
	R_GUEST_PAGE_SIZE = 0x028, /* legacy */
	R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038,
	R_QUEUE_ALIGN = 0x03c, R_QUEUE_PFN = 0x040, /* legacy */
	R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050, R_STATUS = 0x070,
	R_QUEUE_DESC_LO = 0x080, R_QUEUE_DESC_HI = 0x084, R_QUEUE_AVAIL_LO = 0x090, R_QUEUE_AVAIL_HI = 0x094,
	R_QUEUE_USED_LO = 0x0a0, R_QUEUE_USED_HI = 0x0a4, R_CONFIG = 0x100,
};
/* Device status bits (spec 2.1). */
#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_FAILED 128
#define VIRTIO_ID_CONSOLE 3
#define F_MULTIPORT (1u << 1)  /* VIRTIO_CONSOLE_F_MULTIPORT, feature word 0 */
#define F_VERSION_1 (1u << 0)  /* VIRTIO_F_VERSION_1 = bit 32: bit 0 of feature word 1 */
/* Console config space (spec 5.3.4): u16 cols, u16 rows, u32 max_nr_ports, u32 emerg_wr. */
#define CFG_MAX_NR_PORTS 4
/* Control messages (spec 5.3.6.2). */
enum { C_DEVICE_READY = 0, C_DEVICE_ADD = 1, C_DEVICE_REMOVE = 2, C_PORT_READY = 3, C_CONSOLE_PORT = 4,
	C_RESIZE = 5, C_PORT_OPEN = 6, C_PORT_NAME = 7 };

/* Split virtqueue layout (spec 2.6). */
#define VQ_SIZE 16
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1
struct vring_desc { u64 addr; u32 len; u16 flags; u16 next; };
struct vring_avail { u16 flags; u16 idx; u16 ring[VQ_SIZE]; u16 used_event; };
struct vring_used_elem { u32 id; u32 len; };
struct vring_used { u16 flags; u16 idx; struct vring_used_elem ring[VQ_SIZE]; u16 avail_event; };

/* struct vq: one virtqueue as the driver sees it. avail_idx/used_idx are free-running like the ring's own. */
struct vq {
	u16 index, num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	volatile struct vring_used *used;
	u16 avail_idx; /* next avail->idx to publish */
	u16 used_idx;  /* used entries consumed so far */
};

#define CTRL_BUFS VQ_SIZE
#define CTRL_BUF_SIZE 128 /* 8-byte header + a port name */
#define NAME_MAX 64
#define MAX_BUFS 16

/* struct vc_port: one console port: its name, transmit queue and buffers (see the header comment). */
struct vc_port {
	bool added, named, host_open;
	char name[NAME_MAX];
	struct vq tx;
	spinlock_t lock; /* serialises virtcons_write */
	char *buf[MAX_BUFS];
	size_t bufsize;
	unsigned nbuf;
	unsigned cur; /* buffer being filled */
	size_t fill;  /* bytes in buf[cur] */
	u32 busy;     /* bit i: buffer i is in flight */
	struct virtcons_stats st;
};

static volatile u8 *regs; /* the console's register block, NULL before a successful init */
static int version;       /* transport version: 1 legacy, 2 modern */
static unsigned nports;   /* ports 0..nports-1 have transmit queues */
static struct vq ctrl_rx, ctrl_tx;
static u8 *ctrl_rx_buf, *ctrl_tx_buf; /* CTRL_BUFS x CTRL_BUF_SIZE; one message */
static struct vc_port ports[VIRTCONS_MAX_PORTS];

static inline u32 rd(u32 off) { return mmio_read32(regs + off); }
static inline void wr(u32 off, u32 v) { mmio_write32(regs + off, v); }
static inline void cpu_relax(void) { __asm__ volatile("yield" ::: "memory"); }

/* vq_setup: allocate and register queue q (spec 4.2.3.2; legacy 4.2.4). Returns 0 or a negative errno. */
static int vq_setup(struct vq *vq, u16 q)
{
	wr(R_QUEUE_SEL, q);
	u32 max = rd(R_QUEUE_NUM_MAX);
	if (max < VQ_SIZE || (version == 2 && rd(R_QUEUE_READY)))
		return -ENODEV;
	size_t npages = version == 1 ? 2 : 1;
	u8 *mem = page_alloc_contig(npages);
	if (!mem)
		return -ENOMEM;
	vq->index = q;
	vq->num = VQ_SIZE;
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (struct vring_avail *)(mem + VQ_SIZE * sizeof(struct vring_desc));
	/* legacy: the used ring starts at the next QueueAlign (4096) boundary; modern: anywhere 4-aligned */
	vq->used = (struct vring_used *)(version == 1 ? mem + PAGE_SIZE : mem + 2048);
	vq->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	vq->avail_idx = vq->used_idx = 0;
	u64 pa = virt_to_phys(mem);
	wr(R_QUEUE_NUM, VQ_SIZE);
	if (version == 1) {
		wr(R_QUEUE_ALIGN, PAGE_SIZE);
		wr(R_QUEUE_PFN, (u32)(pa >> PAGE_SHIFT));
	} else {
		u64 a = virt_to_phys(vq->avail), u = virt_to_phys((const void *)vq->used);
		wr(R_QUEUE_DESC_LO, (u32)pa); wr(R_QUEUE_DESC_HI, (u32)(pa >> 32));
		wr(R_QUEUE_AVAIL_LO, (u32)a); wr(R_QUEUE_AVAIL_HI, (u32)(a >> 32));
		wr(R_QUEUE_USED_LO, (u32)u); wr(R_QUEUE_USED_HI, (u32)(u >> 32));
		wr(R_QUEUE_READY, 1);
	}
	return 0;
}

/* vq_give: put descriptor d (already filled in) on the avail ring and notify the device unless it asked not to
 * be (spec 2.6.13: descriptors, then the index, then the notification check). Returns true if notified. */
static bool vq_give(struct vq *vq, u16 d)
{
	vq->avail->ring[vq->avail_idx % vq->num] = d;
	dmb(oshst); /* the descriptor and ring entry before the index */
	vq->avail_idx++;
	*(volatile u16 *)&vq->avail->idx = vq->avail_idx;
	dmb(osh); /* the index before reading used->flags (spec 2.6.13.6) */
	if (vq->used->flags & VRING_USED_F_NO_NOTIFY)
		return false;
	wr(R_QUEUE_NOTIFY, vq->index);
	return true;
}

/* vq_take: the next used element's descriptor id, or -1 when the device has returned nothing new. */
static int vq_take(struct vq *vq, u32 *len)
{
	if (vq->used_idx == vq->used->idx)
		return -1;
	dmb(oshld); /* the index before the element */
	volatile struct vring_used_elem *e = &vq->used->ring[vq->used_idx % vq->num];
	int id = (int)e->id;
	if (len)
		*len = e->len;
	vq->used_idx++;
	return id;
}

/* ctrl_post_rx: give control receive buffer i to the device. */
static void ctrl_post_rx(u16 i)
{
	struct vring_desc *d = &ctrl_rx.desc[i];
	d->addr = virt_to_phys(ctrl_rx_buf + i * CTRL_BUF_SIZE);
	d->len = CTRL_BUF_SIZE;
	d->flags = 2; /* VRING_DESC_F_WRITE: the device writes it */
	vq_give(&ctrl_rx, i);
}

/* ctrl_send: send control message {id, event, value} and wait until the device has taken it.
 * Returns 0, or -EIO when the device does not answer (it never should: QEMU handles it in the notify). */
static int ctrl_send(u32 id, u16 event, u16 value)
{
	u8 *m = ctrl_tx_buf;
	memcpy(m, &id, 4); memcpy(m + 4, &event, 2); memcpy(m + 6, &value, 2);
	ctrl_tx.desc[0].addr = virt_to_phys(m);
	ctrl_tx.desc[0].len = 8;
	ctrl_tx.desc[0].flags = 0;
	vq_give(&ctrl_tx, 0);
	for (long spins = 0; vq_take(&ctrl_tx, NULL) < 0; spins++) {
		if (spins > 50000000)
			return -EIO;
		cpu_relax();
	}
	return 0;
}

/* ctrl_poll: handle every control message the device has sent (DEVICE_ADD, PORT_NAME, PORT_OPEN, ...) and give
 * the buffers back. Returns how many messages were handled. */
static int ctrl_poll(void)
{
	int n = 0, i;
	u32 len;
	while ((i = vq_take(&ctrl_rx, &len)) >= 0) {
		const u8 *m = ctrl_rx_buf + i * CTRL_BUF_SIZE;
		u32 id; u16 event, value;
		memcpy(&id, m, 4); memcpy(&event, m + 4, 2); memcpy(&value, m + 6, 2);
		if (len >= 8 && id < VIRTCONS_MAX_PORTS) {
			struct vc_port *p = &ports[id];
			if (event == C_DEVICE_ADD)
				p->added = true;
			else if (event == C_DEVICE_REMOVE)
				p->added = p->named = false;
			else if (event == C_PORT_OPEN)
				p->host_open = value;
			else if (event == C_PORT_NAME) {
				size_t nl = MIN((size_t)len - 8, (size_t)NAME_MAX - 1);
				memcpy(p->name, m + 8, nl);
				p->name[nl] = 0;
				p->named = true;
			}
		}
		ctrl_post_rx((u16)i);
		n++;
	}
	return n;
}

int virtcons_init(void)
{
	u32 f0, f1;
	bool ready_sent[VIRTCONS_MAX_PORTS] = { 0 };
	regs = NULL;
	for (int s = VIRTIO_MMIO_SLOTS - 1; s >= 0; s--) {
		volatile u8 *r = phys_to_virt(VIRTIO_MMIO_BASE + (u64)s * VIRTIO_MMIO_STRIDE);
		if (mmio_read32(r + R_MAGIC) == VIRTIO_MAGIC && mmio_read32(r + R_DEVICE_ID) == VIRTIO_ID_CONSOLE) {
			regs = r;
			break;
		}
	}
	if (!regs)
		return -ENODEV;
	version = (int)rd(R_VERSION);
	if (version != 1 && version != 2)
		goto nodev;

	/* Device initialisation, spec 3.1.1 (legacy: 3.1.2, no FEATURES_OK). */
	wr(R_STATUS, 0);
	wr(R_STATUS, S_ACKNOWLEDGE);
	wr(R_STATUS, S_ACKNOWLEDGE | S_DRIVER);
	wr(R_DEV_FEATURES_SEL, 0); f0 = rd(R_DEV_FEATURES);
	wr(R_DEV_FEATURES_SEL, 1); f1 = rd(R_DEV_FEATURES);
	if (!(f0 & F_MULTIPORT) || (version == 2 && !(f1 & F_VERSION_1)))
		goto fail;
	wr(R_DRV_FEATURES_SEL, 0); wr(R_DRV_FEATURES, F_MULTIPORT);
	wr(R_DRV_FEATURES_SEL, 1); wr(R_DRV_FEATURES, version == 2 ? F_VERSION_1 : 0);
	if (version == 2) {
		wr(R_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
		if (!(rd(R_STATUS) & S_FEATURES_OK))
			goto fail;
	} else {
		wr(R_GUEST_PAGE_SIZE, PAGE_SIZE);
	}

	u32 max_ports = rd(R_CONFIG + CFG_MAX_NR_PORTS);
	nports = MIN(max_ports, (u32)VIRTCONS_MAX_PORTS);
	if (vq_setup(&ctrl_rx, 2) || vq_setup(&ctrl_tx, 3))
		goto fail;
	for (unsigned p = 0; p < nports; p++) {
		ports[p].lock = (spinlock_t)SPINLOCK_INIT("virtcons");
		if (vq_setup(&ports[p].tx, (u16)(p == 0 ? 1 : 2 * p + 3)))
			goto fail;
	}
	ctrl_rx_buf = page_alloc();
	ctrl_tx_buf = page_alloc();
	if (!ctrl_rx_buf || !ctrl_tx_buf)
		goto fail;
	wr(R_STATUS, rd(R_STATUS) | S_DRIVER_OK);

	/* Control handshake (spec 5.3.6.2): DEVICE_READY; the device answers DEVICE_ADD per port; PORT_READY for
	 * each makes it send PORT_NAME (and PORT_OPEN when the host side is connected); PORT_OPEN opens it for us.
	 * QEMU answers inside the notify, so once nothing new arrives after our last message we are done. */
	for (u16 i = 0; i < CTRL_BUFS; i++)
		ctrl_post_rx(i);
	if (ctrl_send(0, C_DEVICE_READY, 1))
		goto fail;
	for (;;) {
		ctrl_poll();
		bool sent = false;
		for (unsigned p = 0; p < nports; p++) {
			if (ports[p].added && !ready_sent[p]) {
				ready_sent[p] = sent = true;
				if (ctrl_send(p, C_PORT_READY, 1) || ctrl_send(p, C_PORT_OPEN, 1))
					goto fail;
			}
		}
		if (!sent && !ctrl_poll())
			break;
	}
	return 0;
fail:
	wr(R_STATUS, rd(R_STATUS) | S_FAILED);
nodev:
	regs = NULL;
	return -ENODEV;
}

/* port_get: the port numbered n if it exists and has a transmit queue, else NULL. */
static struct vc_port *port_get(int n)
{
	if (!regs || n < 0 || (unsigned)n >= nports || !ports[n].added)
		return NULL;
	return &ports[n];
}

int virtcons_port(const char *name)
{
	for (unsigned p = 0; regs && p < nports; p++)
		if (ports[p].added && ports[p].named && strcmp(ports[p].name, name) == 0)
			return (int)p;
	return -ENOENT;
}

int virtcons_open(int n, unsigned nbuf, size_t size)
{
	struct vc_port *p = port_get(n);
	if (!p)
		return -ENOENT;
	if (p->nbuf)
		return -EBUSY;
	if (nbuf < 2 || nbuf > MAX_BUFS || nbuf > p->tx.num || size == 0 || size % PAGE_SIZE || size > (1u << 30))
		return -EINVAL;
	for (unsigned i = 0; i < nbuf; i++) {
		p->buf[i] = page_alloc_contig(size / PAGE_SIZE);
		if (!p->buf[i]) {
			while (i--)
				page_free_contig(p->buf[i], size / PAGE_SIZE);
			return -ENOMEM;
		}
		p->tx.desc[i].addr = virt_to_phys(p->buf[i]);
		p->tx.desc[i].flags = 0;
	}
	p->bufsize = size;
	p->cur = 0;
	p->fill = 0;
	p->busy = 0;
	p->nbuf = nbuf;
	return 0;
}

/* port_ready: port n, opened with the default buffers if it was not yet; NULL if it cannot be used. */
static struct vc_port *port_ready(int n)
{
	struct vc_port *p = port_get(n);
	if (p && !p->nbuf && virtcons_open(n, 4, PAGE_SIZE) && !p->nbuf)
		return NULL;
	return p;
}

/* reclaim: mark every buffer the device has returned as free. */
static void reclaim(struct vc_port *p)
{
	int id;
	while ((id = vq_take(&p->tx, NULL)) >= 0)
		p->busy &= ~(1u << id);
}

/* submit: hand the open buffer (non-empty) to the device and move on to the next one (which may be in flight). */
static void submit(struct vc_port *p)
{
	p->tx.desc[p->cur].len = (u32)p->fill;
	p->busy |= 1u << p->cur;
	p->st.notifies += vq_give(&p->tx, (u16)p->cur);
	p->st.bufs++;
	p->st.bytes += p->fill;
	p->cur = p->cur + 1 == p->nbuf ? 0 : p->cur + 1;
	p->fill = 0;
}

/* wait_cur: wait, polling the used ring, until the open buffer is not in flight (lossless back-pressure). */
static void wait_cur(struct vc_port *p)
{
	if (!(p->busy & (1u << p->cur)))
		return;
	reclaim(p);
	if (!(p->busy & (1u << p->cur)))
		return;
	p->st.waits++;
	do {
		cpu_relax();
		reclaim(p);
	} while (p->busy & (1u << p->cur));
}

char *virtcons_reserve(int n, size_t need, size_t *room)
{
	struct vc_port *p = port_ready(n);
	if (!p || need > p->bufsize)
		return NULL;
	if (p->bufsize - p->fill < need) {
		submit(p);
		wait_cur(p);
	} else if (p->fill == 0) {
		wait_cur(p);
	}
	*room = p->bufsize - p->fill;
	return p->buf[p->cur] + p->fill;
}

void virtcons_commit(int n, size_t len)
{
	ports[n].fill += len;
}

void virtcons_push(int n)
{
	struct vc_port *p = port_get(n);
	if (p && p->nbuf && p->fill)
		submit(p);
}

size_t virtcons_pending(int n)
{
	struct vc_port *p = port_get(n);
	return p ? p->fill : 0;
}

long virtcons_write(int n, const void *buf, size_t len)
{
	struct vc_port *p = port_get(n);
	if (!p)
		return -ENOENT;
	u64 flags = spin_lock_irqsave(&p->lock);
	if (!port_ready(n)) {
		spin_unlock_irqrestore(&p->lock, flags);
		return -ENOMEM;
	}
	const char *s = buf;
	size_t left = len, room;
	while (left) {
		char *dst = virtcons_reserve(n, 1, &room);
		size_t k = MIN(left, room);
		memcpy(dst, s, k);
		virtcons_commit(n, k);
		s += k;
		left -= k;
	}
	virtcons_push(n);
	spin_unlock_irqrestore(&p->lock, flags);
	return (long)len;
}

void virtcons_sync(int n)
{
	struct vc_port *p = port_get(n);
	if (!p || !p->nbuf)
		return;
	virtcons_push(n);
	reclaim(p);
	if (p->busy)
		p->st.waits++;
	while (p->busy) {
		cpu_relax();
		reclaim(p);
	}
}

int virtcons_stats(int n, struct virtcons_stats *st)
{
	struct vc_port *p = port_get(n);
	if (!p)
		return -ENOENT;
	*st = p->st;
	return 0;
}
