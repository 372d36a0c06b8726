// ch02-drivers/exercises/exercises_test.cpp: the tests of chapter 2's exercises (label
// ch02-exercise). They fail on the pristine tree and pass once the exercise is solved.
#include <axdriver/msix.h>
#include <driver_net/loopback.h>

#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

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

TEST_CASE("exercise 1: read_msix decodes the MSI-X capability", "[msix]") {
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

    dev.num_caps = 0;  // no MSI-X capability at all
    CHECK(axdriver::pci::read_msix(cfg, dev).error() == DevError::Unsupported);
}

TEST_CASE("exercise 2: the loopback NIC filters frames by destination address", "[filter]") {
    using driver_net::NetBufPool;
    constexpr size_t kBufs = 8, kLen = 2048;
    std::vector<NetBufPool> pools(2);
    std::vector<std::vector<driver_net::NetBuf>> bufs(2, std::vector<driver_net::NetBuf>(kBufs));
    std::vector<std::vector<uint32_t>> stacks(2, std::vector<uint32_t>(kBufs));
    std::vector<uint8_t*> data;
    for (int i = 0; i < 2; ++i) {
        data.push_back(static_cast<uint8_t*>(std::aligned_alloc(64, kBufs * kLen)));
        REQUIRE(pools[i].init(kBufs, kLen, {data[i], {0x100000u * (i + 1)}, bufs[i].data(),
                                            stacks[i].data()}).ok());
    }
    const driver_net::EthernetAddress mac{{0x02, 0, 0, 0, 0, 0x01}};
    driver_net::LoopbackNic nic(&pools[0], mac);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(nic.recycle_rx_buffer(pools[1].alloc().value()->into_buf_ptr()).ok());
    }
    auto send_to = [&](const uint8_t (&dst)[6]) {
        auto tx = nic.alloc_tx_buffer(60);
        REQUIRE(tx.ok());
        std::memset(tx.value().packet(), 0, 60);
        std::memcpy(tx.value().packet(), dst, 6);
        std::memcpy(tx.value().packet() + 6, mac.bytes, 6);
        REQUIRE(nic.transmit(tx.value()).ok());
        REQUIRE(nic.recycle_tx_buffers().ok());
    };
    const uint8_t ours[6] = {0x02, 0, 0, 0, 0, 0x01};
    const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const uint8_t multicast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb};
    const uint8_t other[6] = {0x02, 0, 0, 0, 0, 0x99};

    send_to(other);
    CHECK(!nic.receive().ok());  // not for us: filtered out
    CHECK(nic.stats().rx_filtered == 1);
    for (auto* dst : {&ours, &broadcast, &multicast}) {
        send_to(*dst);
        auto rx = nic.receive();
        REQUIRE(rx.ok());
        CHECK(std::memcmp(rx.value().packet(), *dst, 6) == 0);
        REQUIRE(nic.recycle_rx_buffer(rx.value()).ok());
    }
    CHECK(nic.stats().rx_filtered == 1);
    CHECK(nic.stats().rx_packets == 3);
    for (auto* d : data) std::free(d);
}
