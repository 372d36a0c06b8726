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

/// What a virtual address is mapped to, found by walking the live page tables.
struct Translation {
    bool present = false;     ///< Whether a present mapping exists.
    bool writable = false;    ///< Whether writes are allowed.
    bool executable = false;  ///< Whether instruction fetches are allowed.
    PhysAddr phys;            ///< The physical address (valid if present).
};

/// Walks the current page tables for @p va.
Translation translate(uintptr_t va);

}  // namespace axhal
