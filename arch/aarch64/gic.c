/* arch/aarch64/gic.c: GICv2 distributor and CPU interface (ARM IHI 0048B: GICD_CTLR 0x000, GICD_ISENABLERn 0x100,
 * GICD_IPRIORITYRn 0x400, GICD_ITARGETSRn 0x800; GICC_CTLR 0x00, GICC_PMR 0x04, GICC_IAR 0x0c, GICC_EOIR 0x10). */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/platform.h"
#include "kernel/mm.h"

#define GICD ((volatile u8 *)phys_to_virt(GICD_PHYS))
#define GICC ((volatile u8 *)phys_to_virt(GICC_PHYS))

void gic_init(void)
{
	mmio_write32(GICD + 0x000, 1); /* enable group 0 forwarding */
	mmio_write32(GICC + 0x04, 0xff); /* priority mask: let everything through */
	mmio_write32(GICC + 0x00, 1);
}

/* gic_enable: unmask INTID at the distributor, priority 0xa0, routed to CPU 0. */
void gic_enable(int intid)
{
	mmio_write8(GICD + 0x400 + intid, 0xa0);
	if (intid >= 32)
		mmio_write8(GICD + 0x800 + intid, 1);
	mmio_write32(GICD + 0x100 + 4 * (intid / 32), 1u << (intid % 32));
}

int gic_ack(void) { return (int)(mmio_read32(GICC + 0x0c) & 0x3ff); }
void gic_eoi(int intid) { mmio_write32(GICC + 0x10, (u32)intid); }
