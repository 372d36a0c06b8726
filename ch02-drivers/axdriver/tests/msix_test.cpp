// axdriver/tests/msix_test.cpp: host tests of read_msix(): a virtio-like MSI-X capability is
// decoded, and every malformed field (BIR, unimplemented BAR, table past the BAR) is refused.
#include <axdriver/msix.h>

#include <catch2/catch_test_macros.hpp>

#include <map>

namespace {

using axdriver::pci::Bar;
using axdriver::pci::Bdf;
using axdriver::pci::PciDevice;
using driver_common::DevError;

// One function's configuration space as sparse dwords; everything else reads as zero.
class TinyConfig final : public axdriver::pci::ConfigAccess {
public:
    std::map<uint16_t, uint32_t> regs;
    uint32_t read32(Bdf, uint16_t offset) override {
        auto it = regs.find(offset);
        return it == regs.end() ? 0 : it->second;
    }
    void write32(Bdf, uint16_t offset, uint32_t value) override { regs[offset] = value; }
    uint16_t config_size() const override { return 4096; }
};

// A virtio-like function: MSI-X capability at 0x40 with 3 vectors, table in BAR1 at 0,
// PBA in BAR1 at 0x800; BAR1 is 4 KiB of memory, BAR4 16 KiB.
PciDevice msix_device(TinyConfig& cfg) {
    PciDevice dev;
    dev.vendor_id = 0x1af4;
    dev.device_id = 0x1041;
    dev.bars[1] = Bar{Bar::Kind::Memory32, false, 0xfebd1000, 4096};
    dev.bars[4] = Bar{Bar::Kind::Memory64, true, 0xfe000000, 16384};
    dev.caps[0] = {axdriver::pci::kCapMsix, 0x40};
    dev.num_caps = 1;
    cfg.regs[0x40] = (uint32_t(3 - 1) << 16) | 0x11;  // Message Control: table size - 1
    cfg.regs[0x44] = 0x000 | 1;                       // table offset 0, BIR 1
    cfg.regs[0x48] = 0x800 | 1;                       // PBA offset 0x800, BIR 1
    return dev;
}

}  // namespace

TEST_CASE("read_msix decodes the MSI-X capability and checks it against the BARs", "[msix]") {
    TinyConfig cfg;
    PciDevice dev = msix_device(cfg);
    auto info = axdriver::pci::read_msix(cfg, dev);
    REQUIRE(info.ok());
    CHECK(info.value().table_size == 3);
    CHECK(info.value().table_bar == 1);
    CHECK(info.value().table_offset == 0);
    CHECK(info.value().pba_bar == 1);
    CHECK(info.value().pba_offset == 0x800);

    cfg.regs[0x44] = 0x000 | 7;  // BIR 7 does not exist
    auto bad_bir = axdriver::pci::read_msix(cfg, dev);
    REQUIRE(!bad_bir.ok());
    CHECK(bad_bir.error() == DevError::InvalidParam);

    cfg.regs[0x44] = 0x000 | 2;  // BAR2 is not implemented
    CHECK(axdriver::pci::read_msix(cfg, dev).error() == DevError::InvalidParam);

    cfg.regs[0x44] = 0xff8 | 1;  // 3 vectors * 16 bytes from 0xff8 overflows the 4 KiB BAR
    CHECK(axdriver::pci::read_msix(cfg, dev).error() == DevError::InvalidParam);

    cfg.regs[0x44] = 0x000 | 1;
    cfg.regs[0x48] = 0x1000 | 1;  // PBA starts at the end of the BAR
    CHECK(axdriver::pci::read_msix(cfg, dev).error() == DevError::InvalidParam);

    dev.num_caps = 0;  // no MSI-X capability at all
    CHECK(axdriver::pci::read_msix(cfg, dev).error() == DevError::Unsupported);
}
