/* kernel/elf.c: checking a static ELF64 AArch64 executable for execve (kernel/elf.h; System V ABI gABI
 * "ELF Header" and "Program Header"; Linux fs/binfmt_elf.c load_elf_binary). The image is untrusted: fields are
 * read byte by byte (no alignment assumed), and every offset and size is checked against the file and for
 * overflow before use. */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PAGE 4096u
#define ET_EXEC 2
#define ET_DYN 3
#define EM_AARCH64 183
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6

/* Little-endian loads from untrusted, possibly unaligned bytes. */
static u16 le16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static u32 le32(const u8 *p) { return (u32)le16(p) | (u32)le16(p + 2) << 16; }
static u64 le64(const u8 *p) { return (u64)le32(p) | (u64)le32(p + 4) << 32; }

/* elf_parse: see kernel/elf.h. Returns 0 with *info filled, or -ENOEXEC.
 * Besides the checks listed there: e_phentsize must be 56 and e_phnum 1..(64 KiB / 56) as Linux; two PT_LOADs
 * may not share a 4096-byte page (each page gets one segment's permissions); PT_LOADs with memsz 0 are left
 * out; the entry point must be below user_limit. info->phdr is 0 when no PT_PHDR exists and no PT_LOAD
 * contains the program headers. */
int elf_parse(const void *data, size_t size, u64 user_limit, struct elf_info *info)
{
	const u8 *d = data;
	if (size < EHDR_SIZE)
		return -ENOEXEC;
	if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F')
		return -ENOEXEC;
	if (d[4] != 2 /* ELFCLASS64 */ || d[5] != 1 /* ELFDATA2LSB */ || d[6] != 1 /* EV_CURRENT */)
		return -ENOEXEC;
	u16 type = le16(d + 16), machine = le16(d + 18);
	u64 entry = le64(d + 24), phoff = le64(d + 32);
	u16 phentsize = le16(d + 54), phnum = le16(d + 56);
	if ((type != ET_EXEC && type != ET_DYN) || machine != EM_AARCH64)
		return -ENOEXEC;
	if (phentsize != PHDR_SIZE || phnum == 0 || phnum > 65536 / PHDR_SIZE)
		return -ENOEXEC;
	u64 phsize = (u64)phnum * PHDR_SIZE;
	if (phoff > size || phsize > size - phoff)
		return -ENOEXEC;
	if (entry >= user_limit)
		return -ENOEXEC;

	memset(info, 0, sizeof *info);
	info->entry = entry;
	info->phent = phentsize;
	info->phnum = phnum;
	bool have_phdr = false;
	for (u32 i = 0; i < phnum; i++) {
		const u8 *ph = d + phoff + (u64)i * PHDR_SIZE;
		u32 p_type = le32(ph), p_flags = le32(ph + 4);
		u64 offset = le64(ph + 8), vaddr = le64(ph + 16);
		u64 filesz = le64(ph + 32), memsz = le64(ph + 40);
		if (p_type == PT_INTERP)
			return -ENOEXEC; /* dynamically linked: we have no loader */
		if (p_type == PT_PHDR) {
			info->phdr = vaddr;
			have_phdr = true;
		}
		if (p_type != PT_LOAD || memsz == 0)
			continue;
		if (filesz > memsz || offset > size || filesz > size - offset)
			return -ENOEXEC;
		if (vaddr > user_limit || memsz > user_limit - vaddr)
			return -ENOEXEC; /* also catches vaddr + memsz overflowing */
		if ((vaddr - offset) % PAGE != 0)
			return -ENOEXEC;
		if (info->nloads == ELF_MAX_LOADS)
			return -ENOEXEC;
		u64 lo = ALIGN_DOWN(vaddr, (u64)PAGE), hi = ALIGN_UP(vaddr + memsz, (u64)PAGE);
		if (hi < vaddr + memsz) /* rounding up wrapped past 2^64 */
			return -ENOEXEC;
		for (u32 j = 0; j < info->nloads; j++) {
			const struct elf_load *o = &info->loads[j];
			u64 olo = ALIGN_DOWN(o->vaddr, (u64)PAGE), ohi = ALIGN_UP(o->vaddr + o->memsz, (u64)PAGE);
			if (lo < ohi && olo < hi)
				return -ENOEXEC;
		}
		struct elf_load *l = &info->loads[info->nloads++];
		l->vaddr = vaddr;
		l->memsz = memsz;
		l->offset = offset;
		l->filesz = filesz;
		l->flags = p_flags & 7;
		if (!have_phdr && phoff >= offset && phsize <= filesz && phoff - offset <= filesz - phsize) {
			info->phdr = vaddr + (phoff - offset);
			have_phdr = true;
		}
	}
	if (info->nloads == 0)
		return -ENOEXEC;
	return 0;
}
