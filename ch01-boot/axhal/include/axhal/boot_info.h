/// @file axhal/boot_info.h
/// @brief What the boot loader tells the kernel: the PVH start-of-day structure, and the
/// architecture-neutral BootInfo that axhal builds from it for the rest of the kernel.
#pragma once
#include <axhal/mem.h>

#include <cstddef>
#include <cstdint>

namespace axhal {

/// The PVH boot ABI's start-of-day structure (Xen public/arch-x86/hvm/start_info.h, version 1).
struct HvmStartInfo {
    uint32_t magic;           ///< kHvmStartMagic.
    uint32_t version;         ///< 0 or 1; version 1 adds the memory map.
    uint32_t flags;           ///< SIF_xxx flags.
    uint32_t nr_modules;      ///< Number of modules.
    uint64_t modlist_paddr;   ///< Physical address of the module list.
    uint64_t cmdline_paddr;   ///< Physical address of the NUL-terminated command line, or 0.
    uint64_t rsdp_paddr;      ///< Physical address of the ACPI RSDP, or 0.
    uint64_t memmap_paddr;    ///< Physical address of the memory map (version 1).
    uint32_t memmap_entries;  ///< Number of memory map entries (version 1).
    uint32_t reserved;        ///< Must be zero.
};
static_assert(sizeof(HvmStartInfo) == 56);

/// HvmStartInfo::magic: "xEn3" with the high bit of each byte cleared.
inline constexpr uint32_t kHvmStartMagic = 0x336ec578;

/// One entry of the boot memory map, laid out as in the PVH ABI (the same as E820).
struct RawMemEntry {
    uint64_t addr;      ///< Physical start address.
    uint64_t size;      ///< Length in bytes.
    uint32_t type;      ///< 1 usable RAM, 2 reserved, 3 ACPI reclaimable, 4 ACPI NVS, 5 bad.
    uint32_t reserved;  ///< Zero.
};
static_assert(sizeof(RawMemEntry) == 24);

/// RawMemEntry::type of RAM the kernel may use.
inline constexpr uint32_t kMemTypeRam = 1;

/// The boot information, decoded and checked by axhal.
struct BootInfo {
    const char* cmdline = "";             ///< Kernel command line (QEMU -append), never null.
    PhysAddr rsdp;                        ///< ACPI root pointer, or 0 when the loader gave none.
    const RawMemEntry* memmap = nullptr;  ///< Memory map, as the loader gave it.
    size_t memmap_entries = 0;            ///< Entries in memmap.
    uint64_t entry_tsc = 0;               ///< TSC at the first instruction of the kernel.
};

/// The boot information (valid after axhal_entry has run).
const BootInfo& boot_info();

}  // namespace axhal
