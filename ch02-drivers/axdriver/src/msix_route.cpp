// axdriver/src/msix_route.cpp: pointing an MSI-X vector at a CPU interrupt vector, and taking it
// away again (kernel only: it writes the MSI-X table through the direct map, mapped uncached).
// The message format is the x86 one: Intel SDM 3A 11.11 (address 0xFEE00000 | destination APIC
// ID << 12, data = vector, fixed, edge).
#include <axdriver/msix.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/paging.h>
#include <axhal/time.h>

namespace axdriver::pci {
namespace {

// One MSI-X table entry (PCI 3.0 6.8.2.8), as offsets.
constexpr uintptr_t kEntryAddrLo = 0;
constexpr uintptr_t kEntryAddrHi = 4;
constexpr uintptr_t kEntryData = 8;
constexpr uintptr_t kEntryControl = 12;
constexpr uintptr_t kEntrySize = 16;
constexpr uint32_t kEntryMasked = 1;  // Vector Control bit 0
// Message Control (PCI 3.0 6.8.2.3), the upper half of the capability's first dword.
constexpr uint16_t kControlEnable = 0x8000;
constexpr uint16_t kControlFunctionMask = 0x4000;
// x86 MSI address (SDM 3A 11.11.1).
constexpr uint32_t kMsiAddressBase = 0xfee00000;
constexpr unsigned kMsiDestShift = 12;

// The virtual address of table entry @p entry, or 0 if it cannot be reached.
uintptr_t entry_address(const PciDevice& dev, const MsixInfo& info, uint16_t entry) {
    if (!find_capability(dev, kCapMsix) || entry >= info.table_size || info.table_bar > 5) return 0;
    const Bar& bar = dev.bars[info.table_bar];
    if (bar.kind == Bar::Kind::Io || bar.kind == Bar::Kind::None) return 0;
    uintptr_t table = axhal::map_mmio(axhal::PhysAddr{bar.address + info.table_offset},
                                      kEntrySize * info.table_size);
    return table ? table + kEntrySize * entry : 0;
}

void write_control(ConfigAccess& cfg, const PciDevice& dev, uint16_t set, uint16_t clear) {
    const Capability* cap = find_capability(dev, kCapMsix);
    uint32_t dw = cfg.read32(dev.bdf, cap->offset);
    uint16_t control = uint16_t((uint16_t(dw >> 16) | set) & ~clear);
    cfg.write32(dev.bdf, cap->offset, (dw & 0xffff) | (uint32_t(control) << 16));
}

}  // namespace

DevResult<> msix_route(ConfigAccess& cfg, const PciDevice& dev, const MsixInfo& info,
                       uint16_t entry, uint8_t cpu_vector) {
    uintptr_t e = entry_address(dev, info, entry);
    if (e == 0) return DevError::InvalidParam;
    // PCI 3.0 6.8.3.5: address and data may change only while the entry is masked.
    axhal::mmio_write<uint32_t>(e + kEntryControl, kEntryMasked);
    axhal::mmio_write<uint32_t>(e + kEntryAddrLo,
                                kMsiAddressBase | (axhal::lapic_id() << kMsiDestShift));
    axhal::mmio_write<uint32_t>(e + kEntryAddrHi, 0);
    axhal::mmio_write<uint32_t>(e + kEntryData, cpu_vector);
    // Enable MSI-X (and clear Function Mask) for the function, then let this entry fire.
    write_control(cfg, dev, kControlEnable, kControlFunctionMask);
    axhal::mmio_write<uint32_t>(e + kEntryControl, 0);
    return {};
}

DevResult<> msix_disable(ConfigAccess& cfg, const PciDevice& dev, const MsixInfo& info,
                         uint16_t entry) {
    uintptr_t e = entry_address(dev, info, entry);
    if (e == 0) return DevError::InvalidParam;
    axhal::mmio_write<uint32_t>(e + kEntryControl, kEntryMasked);
    write_control(cfg, dev, 0, kControlEnable);
    return {};
}

}  // namespace axdriver::pci
