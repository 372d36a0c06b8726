/// @file driver_ixgbe/ixgbe_hal.h
/// @brief IxgbeHal, everything the Intel driver needs from the kernel it runs in (the seed's
/// `IxgbeHal` of the ixgbe-driver crate): DMA memory, the device's register window, and time
/// for bounded waits. The driver calls nothing else outside itself, so the same driver code
/// runs in the kernel (axdriver's implementation over axhal and axalloc, in ixgbe_probe.cpp)
/// and in host tests (a register-level model of the chip implements it).
#pragma once
#include <driver_common/driver_common.h>

#include <cstddef>
#include <cstdint>

namespace driver_ixgbe {

using driver_common::DevError;
using driver_common::DevResult;

/// A block of DMA memory: physically contiguous, zeroed, 4 KiB aligned. Physical/virtual
/// translation is this pair: the CPU uses `virt`, the device is told `phys`.
struct DmaBlock {
    void* virt = nullptr;  ///< Where the CPU reaches it.
    uint64_t phys = 0;     ///< What the device is told.
    size_t size = 0;       ///< Bytes.
};

/// The driver's view of its environment (chapter 4, section 4). One IxgbeHal serves one device.
class IxgbeHal {
public:
    /// Allocates @p size bytes of zeroed DMA memory, 4 KiB aligned. The driver owns the block
    /// until dma_dealloc(). Error: NoMemory.
    [[nodiscard]] virtual DevResult<DmaBlock> dma_alloc(size_t size) = 0;
    /// Gives back a block from dma_alloc(). The device must no longer use it.
    virtual void dma_dealloc(const DmaBlock& block) = 0;

    /// Maps the device's register BAR (physical @p phys, @p size bytes) so that read32() and
    /// write32() reach it. Errors: Unsupported (cannot be mapped), InvalidParam.
    [[nodiscard]] virtual DevResult<> mmio_map(uint64_t phys, size_t size) = 0;
    /// Reads the 32-bit register at byte @p offset of the mapped BAR.
    virtual uint32_t read32(uint32_t offset) = 0;
    /// Writes the 32-bit register at byte @p offset of the mapped BAR. Ordered after every
    /// earlier store to DMA memory (descriptors), so a tail write publishes them.
    virtual void write32(uint32_t offset, uint32_t value) = 0;

    /// A monotonic clock in nanoseconds (the kernel's; a model's virtual clock).
    virtual uint64_t now_ns() = 0;
    /// Lets time pass inside a bounded wait loop (a pause instruction; a model advances its
    /// clock). The driver never waits without a deadline on now_ns().
    virtual void relax() = 0;

protected:
    ~IxgbeHal() = default;
};

}  // namespace driver_ixgbe
