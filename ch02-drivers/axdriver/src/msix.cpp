// axdriver/src/msix.cpp: decoding the MSI-X capability (PCI 3.0 section 6.8.2):
//   +0x02 Message Control: bits 10:0 Table Size - 1, bit 14 Function Mask, bit 15 Enable
//   +0x04 Table Offset/BIR: bits 2:0 BAR indicator, bits 31:3 offset (8-byte aligned)
//   +0x08 PBA Offset/BIR: the same for the pending-bit array
#include <axdriver/msix.h>

namespace axdriver::pci {
namespace {

// Checks that [offset, offset + bytes) lies inside implemented BAR @p bir of @p dev.
bool fits(const PciDevice& dev, uint8_t bir, uint32_t offset, uint64_t bytes) {
    if (bir > 5 || dev.bars[bir].kind == Bar::Kind::None) return false;
    uint64_t size = dev.bars[bir].size;
    return offset <= size && bytes <= size - offset;
}

}  // namespace

DevResult<MsixInfo> read_msix(ConfigAccess& cfg, const PciDevice& dev) {
    const Capability* cap = find_capability(dev, kCapMsix);
    if (!cap) return DevError::Unsupported;
    uint16_t control = read16(cfg, dev.bdf, uint16_t(cap->offset + 2));
    uint32_t table = cfg.read32(dev.bdf, uint16_t(cap->offset + 4));
    uint32_t pba = cfg.read32(dev.bdf, uint16_t(cap->offset + 8));
    MsixInfo m;
    m.table_size = uint16_t((control & 0x7ff) + 1);
    m.table_bar = uint8_t(table & 7);
    m.table_offset = table & ~7u;
    m.pba_bar = uint8_t(pba & 7);
    m.pba_offset = pba & ~7u;
    // 16 bytes per table entry; one pending bit per vector, in 64-bit words.
    if (!fits(dev, m.table_bar, m.table_offset, uint64_t(m.table_size) * 16) ||
        !fits(dev, m.pba_bar, m.pba_offset, uint64_t((m.table_size + 63) / 64) * 8)) {
        return DevError::InvalidParam;
    }
    return m;
}

}  // namespace axdriver::pci
