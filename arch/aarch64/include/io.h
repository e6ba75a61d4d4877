/* arch/aarch64/include/io.h: device register access and barriers (ARM ARM B2.3: DMB/DSB, Device-nGnRnE). */
#ifndef ARCH_IO_H
#define ARCH_IO_H
#include "kernel/types.h"

#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define barrier() __asm__ volatile("" ::: "memory")

static inline u32 mmio_read32(volatile void *addr) { u32 v = *(volatile u32 *)addr; dmb(oshld); return v; }
static inline void mmio_write32(volatile void *addr, u32 v) { dmb(oshst); *(volatile u32 *)addr = v; }
static inline u8 mmio_read8(volatile void *addr) { u8 v = *(volatile u8 *)addr; dmb(oshld); return v; }
static inline void mmio_write8(volatile void *addr, u8 v) { dmb(oshst); *(volatile u8 *)addr = v; }

#define read_sysreg(r) ({ u64 __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)))
#endif
