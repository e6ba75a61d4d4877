/* arch/aarch64/include/sysregs.h: system register bits used by the kernel (ARM ARM D13, D8 for VMSAv8-64). */
#ifndef ARCH_SYSREGS_H
#define ARCH_SYSREGS_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

/* MAIR_EL1 attribute indexes */
#define MT_DEVICE_nGnRnE 0
#define MT_NORMAL 1
#define MAIR_VALUE ((UL(0x00) << (8 * MT_DEVICE_nGnRnE)) | (UL(0xff) << (8 * MT_NORMAL)))

/* TCR_EL1: 39-bit VA for both halves (T0SZ = T1SZ = 25), 4 KiB granules, write-back cacheable walks,
 * inner shareable; IPS is filled from ID_AA64MMFR0_EL1.PARange at boot. 8-bit ASIDs. */
#define TCR_T0SZ (UL(25) << 0)
#define TCR_T1SZ (UL(25) << 16)
#define TCR_IRGN0 (UL(1) << 8)
#define TCR_ORGN0 (UL(1) << 10)
#define TCR_SH0 (UL(3) << 12)
#define TCR_TG0_4K (UL(0) << 14)
#define TCR_IRGN1 (UL(1) << 24)
#define TCR_ORGN1 (UL(1) << 26)
#define TCR_SH1 (UL(3) << 28)
#define TCR_TG1_4K (UL(2) << 30)
#define TCR_IPS_SHIFT 32
#define TCR_VALUE (TCR_T0SZ | TCR_T1SZ | TCR_IRGN0 | TCR_ORGN0 | TCR_SH0 | TCR_TG0_4K | TCR_IRGN1 | TCR_ORGN1 | \
		   TCR_SH1 | TCR_TG1_4K)

/* SCTLR_EL1: M (MMU), C, I caches, SA, SA0 stack alignment checks, nTWI/nTWE (EL0 wfi/wfe allowed);
 * DZE, UCT, UCI: EL0 may use DC ZVA, read CTR_EL0 and clean caches, as on Linux. RES1 bits 11, 20, 22, 23,
 * 28, 29. A (alignment) off: unaligned normal accesses are allowed, as on Linux. */
#define SCTLR_RES1 ((UL(1) << 11) | (UL(1) << 20) | (UL(1) << 22) | (UL(1) << 23) | (UL(1) << 28) | (UL(1) << 29))
#define SCTLR_VALUE (SCTLR_RES1 | (UL(1) << 0) | (UL(1) << 2) | (UL(1) << 3) | (UL(1) << 4) | (UL(1) << 12) | (UL(1) << 14) | (UL(1) << 15) | (UL(1) << 16) | (UL(1) << 26) | \
		     (UL(1) << 18))

/* Translation table descriptor bits (VMSAv8-64, 4 KiB granule) */
#define PTE_VALID (UL(1) << 0)
#define PTE_TABLE (UL(1) << 1) /* level 0-2: next-level table; level 3: page */
#define PTE_PAGE (UL(3) << 0)
#define PTE_BLOCK (UL(1) << 0)
#define PTE_ATTR(i) ((i) << 2)
#define PTE_AP_EL0 (UL(1) << 6) /* AP[1]: EL0 access */
#define PTE_AP_RO (UL(1) << 7)  /* AP[2]: read-only */
#define PTE_SH_INNER (UL(3) << 8)
#define PTE_AF (UL(1) << 10)
#define PTE_NG (UL(1) << 11)
#define PTE_PXN (UL(1) << 53)
#define PTE_UXN (UL(1) << 54)
#define PTE_ADDR_MASK UL(0x0000fffffffff000)

/* SPSR / DAIF */
#define SPSR_EL0t UL(0x0)
#define DAIF_I (UL(1) << 7)

/* ESR_EL1 exception classes (ARM ARM D17.2.37) */
#define ESR_EC_SHIFT 26
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP_ASIMD 0x07
#define EC_ILL_STATE 0x0e
#define EC_SVC64 0x15
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP_EXC64 0x2c
#define EC_BRK64 0x3c
#endif
