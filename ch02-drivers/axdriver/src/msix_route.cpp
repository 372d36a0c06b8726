// axdriver/src/msix_route.cpp: pointing an MSI-X vector at a CPU interrupt vector (kernel only:
// it writes the MSI-X table through the direct map). The message format is the x86 one: Intel
// SDM 3A 11.11 (address 0xFEE00000 | destination APIC ID << 12, data = vector, fixed, edge).
#include <axdriver/msix.h>
#include <axhal/layout.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/time.h>

namespace axdriver::pci {

DevResult<> msix_route(ConfigAccess& cfg, const PciDevice& dev, const MsixInfo& info,
                       uint16_t entry, uint8_t cpu_vector) {
    const Capability* cap = find_capability(dev, kCapMsix);
    const Bar& bar = dev.bars[info.table_bar];
    if (!cap || entry >= info.table_size || bar.kind == Bar::Kind::Io ||
        bar.address + bar.size > AX_DIRECT_MAP_SIZE) {
        return DevError::InvalidParam;
    }
    uintptr_t e =
        axhal::phys_to_virt(axhal::PhysAddr{bar.address + info.table_offset}) + 16u * entry;
    axhal::mmio_write<uint32_t>(e + 0, 0xfee00000u | (axhal::lapic_id() << 12));  // address low
    axhal::mmio_write<uint32_t>(e + 4, 0);                                        // address high
    axhal::mmio_write<uint32_t>(e + 8, cpu_vector);                               // data
    axhal::mmio_write<uint32_t>(e + 12, 0);                                       // unmasked
    // Message Control (PCI 3.0 6.8.2.3): set MSI-X Enable (bit 15), clear Function Mask (14).
    uint32_t dw = cfg.read32(dev.bdf, cap->offset);
    uint16_t control = uint16_t(dw >> 16);
    control = uint16_t((control | 0x8000) & ~0x4000);
    cfg.write32(dev.bdf, cap->offset, (dw & 0xffff) | (uint32_t(control) << 16));
    return {};
}

}  // namespace axdriver::pci
