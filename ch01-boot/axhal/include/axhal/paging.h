/// @file axhal/paging.h
/// @brief The kernel's final page tables. The boot code maps everything read-write-execute with
/// 2 MiB pages, plus an identity map. paging_init() replaces that with:
/// the kernel image in 4 KiB pages with per-section permissions (.text read-execute, .rodata
/// read-only, .data/.bss read-write, no-execute), the direct map of AX_DIRECT_MAP_SIZE bytes in
/// 2 MiB pages (no-execute) and no identity map, so a null pointer dereference faults.
#pragma once
#include <axhal/mem.h>

namespace axhal {

/// Builds and loads the kernel page tables described above.
void paging_init();

/// Supplies a page for a new page table: sets @p out to the physical address of a zeroed
/// 4 KiB frame and returns true, or returns false when out of memory.
using PageTableAlloc = bool (*)(PhysAddr& out);

/// Maps the 4 KiB page at @p va to the frame @p pa, read-write and no-execute, in the live
/// page tables; missing page tables come from @p alloc (axalloc's frames: axhal has no
/// allocator). For areas outside the direct map and the kernel image (axtask's stacks).
/// Returns false if @p alloc fails or @p va is already mapped or inside a 2 MiB page.
[[nodiscard]] bool map_page(uintptr_t va, PhysAddr pa, PageTableAlloc alloc);

/// Removes the mapping of the 4 KiB page at @p va, if any, and flushes it from the TLB
/// (invlpg, Intel SDM 3A 4.10.4.1). Page tables are kept for the next map_page().
void unmap_page(uintptr_t va);

/// What a virtual address is mapped to, found by walking the live page tables.
struct Translation {
    bool present = false;     ///< Whether a present mapping exists.
    bool writable = false;    ///< Whether writes are allowed.
    bool executable = false;  ///< Whether instruction fetches are allowed.
    bool uncached = false;    ///< Cache disabled (PCD and PWT set: PAT entry 3, uncacheable).
    PhysAddr phys;            ///< The physical address (valid if present).
};

/// Walks the current page tables for @p va.
Translation translate(uintptr_t va);

/// Makes the direct map of the device registers at physical [@p pa, @p pa + @p len) uncached
/// (PCD and PWT: PAT entry 3, UC; Intel SDM 3A 11.12.3) instead of relying on the firmware's
/// MTRRs, and returns their virtual address. The direct map uses 2 MiB pages, so the whole
/// 2 MiB pages around the range become uncached: call it only for the MMIO hole (BARs, which
/// share no 2 MiB page with RAM). Kernel only. Returns 0 (maps nothing) for an empty range,
/// one that wraps, or one outside the direct map.
[[nodiscard]] uintptr_t map_mmio(PhysAddr pa, uint64_t len);

}  // namespace axhal
