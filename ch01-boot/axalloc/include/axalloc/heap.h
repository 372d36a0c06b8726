/// @file axalloc/heap.h
/// @brief The kernel heap behind operator new and malloc: a first-fit allocator over an
/// address-ordered free list, with splitting, coalescing of neighbours on free, alignment up to
/// a page, and checked frees (a double free or a foreign pointer is reported, never obeyed).
/// Hardware-free; host tests: tests/heap_test.cpp.
#pragma once
#include <axerrno/axerrno.h>

#include <cstddef>
#include <cstdint>

namespace axalloc {

/// A heap over memory regions handed to it with add_region().
class Heap {
public:
    /// Every block's alignment, and the header size in front of every allocation.
    static constexpr size_t kGranule = 16;
    /// Largest alignment alloc() accepts.
    static constexpr size_t kMaxAlign = 4096;
    /// Most regions a heap can grow to.
    static constexpr size_t kMaxRegions = 64;

    /// Adds [start, start + size) to the heap. Returns InvalidInput if the region is too small
    /// (under 64 bytes after alignment) and NoMemory if kMaxRegions are in use.
    [[nodiscard]] axerrno::AxResult<void> add_region(void* start, size_t size);

    /// Allocates @p size bytes aligned to @p align (a power of two up to kMaxAlign). Returns
    /// nullptr if no free block fits (the caller may add a region and retry) or the arguments
    /// are invalid. The memory is not cleared.
    void* alloc(size_t size, size_t align = kGranule);

    /// Frees a block from alloc(). nullptr is accepted and ignored. Errors: InvalidInput (not a
    /// pointer this heap gave out), BadState (already freed). On error nothing changes.
    [[nodiscard]] axerrno::AxResult<void> free(void* ptr);

    /// Usable size of the live block at @p ptr (at least what was asked for); 0 if @p ptr is
    /// not a live block.
    size_t usable_size(const void* ptr) const;

    /// Counters, for logs and tests.
    struct Stats {
        size_t total_bytes;       ///< Bytes in all regions.
        size_t used_bytes;        ///< Bytes in live blocks, headers included.
        size_t free_blocks;       ///< Blocks on the free list.
        size_t largest_free;      ///< Largest free block, header included.
        size_t live_allocations;  ///< Blocks allocated and not yet freed.
    };
    /// Current counters (walks the free list).
    Stats stats() const;

private:
    struct FreeBlock;
    struct UsedHeader;
    const UsedHeader* live_header(const void* ptr) const;
    void insert_free(uintptr_t addr, size_t size);

    FreeBlock* m_free = nullptr;  // address-ordered
    uintptr_t m_region_start[kMaxRegions] = {};
    uintptr_t m_region_end[kMaxRegions] = {};
    size_t m_regions = 0;
    size_t m_total = 0;
    size_t m_used = 0;
    size_t m_live = 0;
};

}  // namespace axalloc
