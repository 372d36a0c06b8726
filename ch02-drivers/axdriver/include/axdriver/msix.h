/// @file axdriver/msix.h
/// @brief Decoding a function's MSI-X capability (PCI 3.0 section 6.8.2): how many interrupt
/// vectors it offers and where its vector table and pending-bit array live. ch03's virtio-net
/// driver uses it to take interrupts.
#pragma once
#include <axdriver/pci.h>

#include <cstdint>

namespace axdriver::pci {

/// Where a function's MSI-X structures are.
struct MsixInfo {
    uint16_t table_size = 0;    ///< Number of vectors (Table Size field + 1).
    uint8_t table_bar = 0;      ///< BAR holding the vector table (BIR).
    uint32_t table_offset = 0;  ///< Offset of the table in that BAR (8-byte aligned).
    uint8_t pba_bar = 0;        ///< BAR holding the pending-bit array.
    uint32_t pba_offset = 0;    ///< Offset of the PBA in that BAR (8-byte aligned).
};

/// Reads the MSI-X capability of @p dev through @p cfg. Errors: Unsupported (no MSI-X
/// capability), InvalidParam (a BIR above 5 or naming a BAR that is not implemented, or a
/// table or PBA that does not fit inside its BAR: 16 bytes per vector, 8 bytes per 64 pending
/// bits).
[[nodiscard]] DevResult<MsixInfo> read_msix(ConfigAccess& cfg, const PciDevice& dev);

/// Routes MSI-X table entry @p entry of @p dev to interrupt vector @p cpu_vector of this CPU
/// and enables MSI-X for the function (kernel only). The entry is masked while its address and
/// data are rewritten (PCI 3.0 6.8.3.5), then unmasked. Errors: InvalidParam (no MSI-X
/// capability, entry out of range, table not reachable through the direct map).
[[nodiscard]] DevResult<> msix_route(ConfigAccess& cfg, const PciDevice& dev, const MsixInfo& info,
                                     uint16_t entry, uint8_t cpu_vector);

/// Masks MSI-X table entry @p entry of @p dev and turns MSI-X off for the function (a driver
/// letting go of its device). Errors: as msix_route().
[[nodiscard]] DevResult<> msix_disable(ConfigAccess& cfg, const PciDevice& dev,
                                       const MsixInfo& info, uint16_t entry);

}  // namespace axdriver::pci
