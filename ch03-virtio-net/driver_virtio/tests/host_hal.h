// driver_virtio/tests/host_hal.h: what the kernel's axhal, axalloc and axdriver give the
// virtio-net driver, on the host (host_hal.cpp): DMA memory from the C++ heap with its physical
// address equal to its host address, trap vectors from a table, uncached mappings recorded, a
// clock that advances 1 ms per reading (so a one-second hardware wait ends at once), and the
// configuration space of a simulated PCI function. The tests read the records to check what
// the driver left behind.
#pragma once
#include <axdriver/pci.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace driver_virtio::testing {

/// The host's records (one instance: host_hal()).
struct HostHal {
    /// What pci::config_access() returns.
    axdriver::pci::ConfigAccess* config = nullptr;
    /// Live DMA allocations and pools (address -> bytes). Kept here, so memory a test leaks
    /// on purpose stays reachable.
    std::map<const void*, size_t> dma_live;
    /// Trap vectors handed out and not freed.
    int vectors_live = 0;
    /// Physical ranges given to axhal::map_mmio(), [start, end).
    std::vector<std::pair<uint64_t, uint64_t>> uncached;

    /// Bytes of DMA memory (queues and pool data) allocated and not freed.
    size_t dma_live_bytes() const;
    /// Whether physical @p pa was mapped uncached.
    bool is_uncached(uint64_t pa) const;
};

/// The records.
HostHal& host_hal();

}  // namespace driver_virtio::testing
