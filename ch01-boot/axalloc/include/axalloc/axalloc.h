/// @file axalloc/axalloc.h
/// @brief The kernel's global allocators: page frames, DMA-able memory and the heap behind
/// operator new/delete and malloc/free (src/global.cpp). Out of memory is an error value:
/// AxError::NoMemory, a null malloc(), a null `new (std::nothrow)`. A plain `new` that cannot be
/// satisfied panics with a clear message, since the kernel has no exceptions to throw.
#pragma once
#include <axerrno/axerrno.h>
#include <axhal/boot_info.h>
#include <axhal/mem.h>

#include <cstddef>

namespace axalloc {

/// Builds the frame allocator from the boot memory map; the heap takes its first region (256
/// KiB of frames) on first use and grows on demand. Logs the RAM found. Panics only if there is
/// no usable RAM at all.
void init(const axhal::BootInfo& boot);

/// Allocates @p count contiguous page frames aligned to @p align_frames frames.
/// Errors: NoMemory, InvalidInput.
[[nodiscard]] axerrno::AxResult<axhal::PhysAddr> alloc_frames(size_t count,
                                                              size_t align_frames = 1);
/// Frees frames from alloc_frames(). Errors: InvalidInput, BadState (double free).
[[nodiscard]] axerrno::AxResult<void> free_frames(axhal::PhysAddr pa, size_t count);

/// A physically contiguous, zeroed buffer a device may read and write (DMA).
struct DmaRegion {
    void* virt = nullptr;  ///< Where the CPU reaches it (direct map).
    axhal::PhysAddr phys;  ///< What the device is told.
    size_t size = 0;       ///< Bytes, a multiple of the page size.
};
/// Allocates a DMA region of at least @p size bytes, aligned to @p align bytes (a power of two,
/// at least a page). The caller owns it until dma_free(). Errors: NoMemory, InvalidInput.
[[nodiscard]] axerrno::AxResult<DmaRegion> dma_alloc(size_t size, size_t align = 4096);
/// Gives a DMA region back. The device must no longer use it.
[[nodiscard]] axerrno::AxResult<void> dma_free(const DmaRegion& region);

/// Allocator figures for logs and tests.
struct Stats {
    size_t frames_total;  ///< Page frames of RAM managed.
    size_t frames_free;   ///< Page frames free.
    size_t heap_bytes;    ///< Bytes the heap manages (it grows on demand).
    size_t heap_used;     ///< Bytes in live heap blocks, headers included.
    size_t heap_live;     ///< Live heap allocations.
    size_t bad_frees;     ///< free()/delete calls rejected (double or foreign frees).
};
/// Current figures.
Stats stats();

}  // namespace axalloc

#ifdef AX_KERNEL
// The C allocation functions the kernel defines (src/global.cpp) on top of the heap above.
// Declared here, not taken from <cstdlib>: a freestanding C++ library need not declare them
// (GCC 14's does not), and the kernel must not depend on what one version's headers hold.
// `noexcept` matches the C library's own declarations, which a hosted <cstdlib> may also bring
// into the same translation unit. Memory from malloc() belongs to the caller until free().
extern "C" {
/// @p size bytes aligned to 16, or null when the heap cannot grow (never panics).
void* malloc(size_t size) noexcept;
/// Frees a block from malloc(), calloc(), aligned_alloc() or realloc(); null is ignored; a
/// pointer the heap never gave out is refused, logged and counted (Stats::bad_frees).
void free(void* p) noexcept;
/// @p n blocks of @p size zeroed bytes; null on overflow of n * size or out of memory.
void* calloc(size_t n, size_t size) noexcept;
/// @p size bytes aligned to @p align (a power of two), or null.
void* aligned_alloc(size_t align, size_t size) noexcept;
/// Grows or shrinks @p p to @p size bytes, keeping its contents; on failure returns null and
/// @p p stays valid and owned by the caller.
void* realloc(void* p, size_t size) noexcept;
}
#endif
