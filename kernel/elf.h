/* kernel/elf.h: checking a static ELF64 AArch64 executable and listing its PT_LOAD segments (kernel/elf.c).
 * Only what execve needs: ET_EXEC (or ET_DYN without PT_INTERP, loaded at its link addresses), EM_AARCH64,
 * little-endian ELFCLASS64. (System V ABI, ELF-64 Object File Format 1.5; Linux fs/binfmt_elf.c.) */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include "kernel/types.h"

#define ELF_MAX_LOADS 8

/* struct elf_load: one PT_LOAD segment. vaddr/memsz: where and how big in memory (bytes);
 * offset/filesz: the bytes from the file to copy there (the rest up to memsz is zero);
 * flags: PF_R 4, PF_W 2, PF_X 1. */
struct elf_load {
	u64 vaddr, memsz, offset, filesz;
	u32 flags;
};

/* struct elf_info: what execve needs. entry: e_entry; phdr: user address of the program headers (for AT_PHDR:
 * from PT_PHDR, else the load segment that contains them); phent/phnum: for AT_PHENT/AT_PHNUM. */
struct elf_info {
	u64 entry, phdr;
	u32 phent, phnum;
	u32 nloads;
	struct elf_load loads[ELF_MAX_LOADS];
};

/* elf_parse: check the image (data, size bytes) and fill *info.
 * Returns 0, or -ENOEXEC when it is not an ELF64 little-endian AArch64 executable we can run (bad magic,
 * class, machine, type, a PT_INTERP, too many PT_LOADs, filesz > memsz, a segment or header table outside the
 * file, overlapping or overflowing addresses, vaddr/offset not congruent modulo 4096, an address above
 * user_limit). Never reads outside [data, data+size). */
int elf_parse(const void *data, size_t size, u64 user_limit, struct elf_info *info);
#endif
