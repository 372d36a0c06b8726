// axhal/src/paging.cpp: the kernel's final page tables (4-level paging, Intel SDM 3A 4.5).
// Page-table pages come from a static pool in .bss: this runs before any allocator exists.
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axlog/log.h>
#include <axlog/panic.h>

extern "C" char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern "C" char __data_start[], __kernel_end[];

namespace axhal {
namespace {

using Pte = uint64_t;
constexpr Pte kPresent = 1ull << 0;
constexpr Pte kWritable = 1ull << 1;
constexpr Pte kWriteThrough = 1ull << 3;  // PWT
constexpr Pte kCacheDisable = 1ull << 4;  // PCD; with PWT: PAT entry 3, UC at reset (SDM 3A 11.12)
constexpr Pte kHuge = 1ull << 7;          // 2 MiB page in a page directory entry
constexpr Pte kGlobal = 1ull << 8;
constexpr Pte kNoExecute = 1ull << 63;
constexpr Pte kAddrMask = 0x000ffffffffff000ull;
constexpr size_t kEntries = 512;

// Enough for: PML4, 2 PDPTs, 4 direct-map page directories, the kernel's page directory and
// up to 8 page tables (a 16 MiB kernel image).
constexpr size_t kPoolPages = 16;
alignas(4096) Pte g_pool[kPoolPages][kEntries];
size_t g_pool_used;

Pte* new_table() {
    if (g_pool_used == kPoolPages) AX_PANIC("paging: page-table pool exhausted (kernel too big?)");
    return g_pool[g_pool_used++];
}

PhysAddr pa_of(const Pte* table) {
    return virt_to_phys(table);
}

Pte* table_at(Pte entry) {
    return phys_to_ptr<Pte>(PhysAddr{entry & kAddrMask});
}

// The next-level table under entry @p e of @p table, created if missing.
Pte* next_level(Pte* table, size_t index) {
    if (!(table[index] & kPresent)) table[index] = pa_of(new_table()).value | kPresent | kWritable;
    return table_at(table[index]);
}

size_t index_at(uintptr_t va, int level) {
    return (va >> (12 + 9 * level)) & 0x1ff;
}

void map_4k(Pte* pml4, uintptr_t va, PhysAddr pa, Pte flags) {
    Pte* pdpt = next_level(pml4, index_at(va, 3));
    Pte* pd = next_level(pdpt, index_at(va, 2));
    Pte* pt = next_level(pd, index_at(va, 1));
    pt[index_at(va, 0)] = pa.value | flags | kPresent;
}

void map_range_4k(Pte* pml4, const char* start, const char* end, Pte flags) {
    for (uintptr_t va = uintptr_t(start); va < uintptr_t(end); va += kPageSize) {
        map_4k(pml4, va, virt_to_phys(va), flags);
    }
}

// The page table under entry @p index of @p table, created from @p alloc if missing; nullptr
// if allocation fails or the entry maps a large page.
Pte* next_level_from(Pte* table, size_t index, PageTableAlloc alloc) {
    if (!(table[index] & kPresent)) {
        PhysAddr pa;
        if (!alloc(pa)) return nullptr;
        table[index] = pa.value | kPresent | kWritable;
    }
    if (table[index] & kHuge) return nullptr;
    return table_at(table[index]);
}

Pte* live_pml4() {
    return phys_to_ptr<Pte>(PhysAddr{read_cr3() & kAddrMask});
}

}  // namespace

bool map_page(uintptr_t va, PhysAddr pa, PageTableAlloc alloc) {
    Pte* table = live_pml4();
    for (int level = 3; level >= 1; --level) {
        table = next_level_from(table, index_at(va, level), alloc);
        if (!table) return false;
    }
    Pte& pte = table[index_at(va, 0)];
    if (pte & kPresent) return false;
    // A not-present entry is never cached in the TLB (SDM 3A 4.10.2.3): no flush needed.
    pte = pa.value | kPresent | kWritable | kGlobal | kNoExecute;
    return true;
}

void unmap_page(uintptr_t va) {
    Pte* table = live_pml4();
    for (int level = 3; level >= 1; --level) {
        Pte e = table[index_at(va, level)];
        if (!(e & kPresent) || (e & kHuge)) return;
        table = table_at(e);
    }
    table[index_at(va, 0)] = 0;
    asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}

void paging_init() {
    Pte* pml4 = new_table();

    // Direct map of physical [0, AX_DIRECT_MAP_SIZE) with 2 MiB pages, never executable.
    // Device memory in this range (ECAM, LAPIC) is uncached through the firmware's MTRRs;
    // drivers make their BARs uncached in the page tables too, with map_mmio().
    for (uint64_t pa = 0; pa < AX_DIRECT_MAP_SIZE; pa += 2 * 1024 * 1024) {
        uintptr_t va = pa + kPhysVirtOffset;
        Pte* pdpt = next_level(pml4, index_at(va, 3));
        Pte* pd = next_level(pdpt, index_at(va, 2));
        pd[index_at(va, 1)] = pa | kPresent | kWritable | kHuge | kGlobal | kNoExecute;
    }

    // The kernel image, page by page, with its sections' permissions (W^X).
    map_range_4k(pml4, __text_start, __text_end, kGlobal);
    map_range_4k(pml4, __rodata_start, __rodata_end, kGlobal | kNoExecute);
    map_range_4k(pml4, __data_start, __kernel_end, kGlobal | kWritable | kNoExecute);

    // No identity map: from here on a null pointer dereference is a page fault.
    write_cr3(pa_of(pml4).value);
    // Global pages (CR4.PGE, SDM 3A 4.10.2.4): the kernel's mappings survive CR3 reloads.
    uint64_t cr4;
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    asm volatile("mov %0, %%cr4" ::"r"(cr4 | (1u << 7)) : "memory");
}

uintptr_t map_mmio(PhysAddr pa, uint64_t len) {
    if (len == 0 || pa.value > AX_DIRECT_MAP_SIZE || len > AX_DIRECT_MAP_SIZE - pa.value) return 0;
    constexpr uint64_t kLargePage = 2 * 1024 * 1024;
    Pte* pml4 = phys_to_ptr<Pte>(PhysAddr{read_cr3() & kAddrMask});
    for (uint64_t p = align_down(pa.value, kLargePage); p < pa.value + len; p += kLargePage) {
        uintptr_t va = p + kPhysVirtOffset;
        Pte* pdpt = table_at(pml4[index_at(va, 3)]);
        Pte* pd = table_at(pdpt[index_at(va, 2)]);
        pd[index_at(va, 1)] |= kCacheDisable | kWriteThrough;
        asm volatile("invlpg (%0)" ::"r"(va) : "memory");  // drop the cached translation
    }
    return phys_to_virt(pa);
}

Translation translate(uintptr_t va) {
    Translation t;
    Pte* table = live_pml4();
    bool writable = true, executable = true;
    for (int level = 3; level >= 0; --level) {
        Pte e = table[index_at(va, level)];
        if (!(e & kPresent)) return t;
        writable = writable && (e & kWritable);
        executable = executable && !(e & kNoExecute);
        if (level == 0 || (level <= 2 && (e & kHuge))) {
            uint64_t page_size = 1ull << (12 + 9 * level);
            t.present = true;
            t.uncached = (e & (kCacheDisable | kWriteThrough)) == (kCacheDisable | kWriteThrough);
            t.writable = writable;
            t.executable = executable;
            t.phys = PhysAddr{(e & kAddrMask & ~(page_size - 1)) | (va & (page_size - 1))};
            return t;
        }
        table = table_at(e);
    }
    return t;
}

}  // namespace axhal
