/// @file axhal/mem.h
/// @brief Physical and virtual addresses, and the translation between them.
///
/// Physical memory is reached through the direct map (virtual = physical + AX_PHYS_VIRT_OFFSET);
/// the kernel image has its own mapping (virtual = physical + AX_KERNEL_VMA_OFFSET). Code never
/// assumes the identity map: a device gets physical addresses, the CPU uses virtual ones, and
/// these functions are the only place the two meet.
#pragma once
#include <axhal/layout.h>

#include <compare>
#include <cstddef>
#include <cstdint>

namespace axhal {

/// A physical address: what devices and page tables see. A distinct type, so it cannot be
/// dereferenced or mixed up with a virtual address by accident.
struct PhysAddr {
    uint64_t value = 0;  ///< The address as a number.
    /// Physical addresses compare as numbers.
    constexpr auto operator<=>(const PhysAddr&) const = default;
    /// The address @p off bytes further.
    constexpr PhysAddr operator+(uint64_t off) const { return PhysAddr{value + off}; }
};

/// Size of a page and of a page frame.
inline constexpr size_t kPageSize = 4096;
/// Offset of the direct map.
inline constexpr uint64_t kPhysVirtOffset = AX_PHYS_VIRT_OFFSET;
/// Offset of the kernel image mapping.
inline constexpr uint64_t kKernelVmaOffset = AX_KERNEL_VMA_OFFSET;

/// The virtual address at which physical address @p pa is mapped (direct map).
/// @p pa must be below AX_DIRECT_MAP_SIZE.
inline uintptr_t phys_to_virt(PhysAddr pa) {
    return pa.value + kPhysVirtOffset;
}

/// Pointer form of phys_to_virt.
template <class T = void>
T* phys_to_ptr(PhysAddr pa) {
    return reinterpret_cast<T*>(phys_to_virt(pa));
}

/// The physical address behind kernel virtual address @p va: an address in the direct map or
/// in the kernel image (static data, the boot stack). Any other address panics, since a wrong
/// physical address given to a device corrupts memory silently.
PhysAddr virt_to_phys(uintptr_t va);

/// Pointer form of virt_to_phys.
inline PhysAddr virt_to_phys(const void* p) {
    return virt_to_phys(reinterpret_cast<uintptr_t>(p));
}

/// Rounds @p v down to a multiple of @p align (a power of two).
constexpr uint64_t align_down(uint64_t v, uint64_t align) {
    return v & ~(align - 1);
}
/// Rounds @p v up to a multiple of @p align (a power of two).
constexpr uint64_t align_up(uint64_t v, uint64_t align) {
    return (v + align - 1) & ~(align - 1);
}

/// The physical range [start, end) the kernel image occupies, from the linker script.
struct KernelImage {
    PhysAddr start;  ///< First byte (AX_KERNEL_PHYS_BASE).
    PhysAddr end;    ///< One past the last byte of .bss.
};
/// Where the kernel image is in physical memory.
KernelImage kernel_image();

}  // namespace axhal
