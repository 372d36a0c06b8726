// driver_ixgbe/tests/ixgbe_test.cpp: the Intel driver, unchanged, on the 82599 and 82576
// register-level models (model.h): both bring-ups, thousands of frames each way around the
// rings, a full receive ring, delayed transmit write-back, link down and up, a chip that never
// finishes its reset, hostile write-backs, MSI-X against polling, and the models' own rules.
#include <driver_ixgbe/ixgbe_nic.h>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstring>
#include <string>

#include "model.h"

extern std::string g_ixgbe_log;

namespace {

using namespace driver_ixgbe;
using model::Frame;
using model::IntelModel;

constexpr uint8_t kMac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

struct Chip {
    const ChipMap* map;
    std::unique_ptr<IntelModel> (*make)(const uint8_t (&)[6]);
};

Chip chip_under_test() {
    return GENERATE(Chip{&kChip82599, model::make_82599}, Chip{&kChip82576, model::make_82576});
}

size_t count(const std::string& text, const char* what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A frame to this NIC with a recognisable payload (a local experimental EtherType, so the
// checksum offload leaves it alone).
Frame frame_to_nic(uint32_t seq, size_t len = 60) {
    Frame f(len);
    std::memcpy(f.data(), kMac, 6);
    for (size_t i = 6; i < len; ++i) f[i] = uint8_t(seq * 7 + i);
    f[12] = 0x88, f[13] = 0xb5;
    std::memcpy(f.data() + 14, &seq, 4);
    return f;
}

// The driver on a model, brought up; checks the model saw no broken rule at the end.
struct Rig {
    std::unique_ptr<IntelModel> dev;
    IxgbeNic* nic = nullptr;
    const ChipMap* map;

    explicit Rig(const Chip& c, IxgbeNic::Options opt = small()) : dev(c.make(kMac)), map(c.map) {
        g_ixgbe_log.clear();
        REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
        auto r = IxgbeNic::create(*dev, *map, opt);
        REQUIRE(r.ok());
        nic = r.value();
    }
    ~Rig() {
        IxgbeNic::destroy(nic);
        CHECK(dev->violations().empty());
        for (auto& v : dev->violations()) UNSCOPED_INFO("model: " << v);
        CHECK(dev->dma_blocks() == 0);  // everything given back
    }
    static IxgbeNic::Options small() {
        IxgbeNic::Options o;
        o.ring_size = 32;
        return o;
    }
    // Receives one frame (or fails the test), compares it, gives the buffer back.
    void expect_rx(const Frame& f) {
        auto r = nic->receive();
        REQUIRE(r.ok());
        REQUIRE(r.value().packet_len() == f.size());
        CHECK(std::memcmp(r.value().packet(), f.data(), f.size()) == 0);
        REQUIRE(nic->recycle_rx_buffer(r.value()).ok());
    }
    // Sends one frame of @p len bytes with sequence number @p seq.
    driver_common::DevResult<> send(uint32_t seq, size_t len = 60) {
        auto b = nic->alloc_tx_buffer(len);
        if (!b.ok()) return b.error();
        Frame f = frame_to_nic(seq, len);
        std::memcpy(b.value().packet(), f.data(), len);
        auto r = nic->transmit(b.value());
        if (!r.ok()) {
            auto* buf = NetBuf::from_buf_ptr(b.value());
            (void)buf->pool()->free(buf);
        }
        return r;
    }
};

}  // namespace

TEST_CASE("bring-up: MAC, link, queues and filters as the datasheet orders them") {
    Chip c = chip_under_test();
    Rig rig(c);
    INFO(c.map->name);
    CHECK(rig.nic->mac_address() ==
          driver_net::EthernetAddress{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}});
    CHECK(rig.nic->link_up());
    CHECK(std::string(rig.nic->device_name()) == c.map->driver);
    CHECK(rig.nic->rx_queue_size() == 32);
    CHECK(rig.dev->peek(c.map->rx_ring + kQTail) == 31);  // the whole ring posted but one
    CHECK(rig.dev->peek(c.map->srrctl) >> 25 ==
          ((kSrrctlDescAdvOneBuf >> 25) | (c.map->srrctl_drop_en >> 25)));
    CHECK(rig.dev->peek(c.map->eims) == 0);  // polled: nothing unmasked
    // Broadcast accepted, a stranger's unicast not (promiscuous is off).
    Frame bcast = frame_to_nic(1);
    std::memset(bcast.data(), 0xff, 6);
    CHECK(rig.dev->inject(bcast));
    Frame other = frame_to_nic(2);
    other[5] ^= 1;
    CHECK_FALSE(rig.dev->inject(other));
    rig.expect_rx(bcast);
}

TEST_CASE("thousands of frames each way, around the rings many times") {
    Chip c = chip_under_test();
    Rig rig(c);
    constexpr uint32_t kFrames = 5000;
    for (uint32_t i = 0; i < kFrames; ++i) {  // receive: one at a time, sizes vary
        Frame f = frame_to_nic(i, 60 + (i * 37) % 1455);
        REQUIRE(rig.dev->inject(f));
        rig.expect_rx(f);
    }
    CHECK(rig.nic->stats().rx_packets == kFrames);
    CHECK(rig.dev->read32(kGprc) == kFrames);  // the statistics clear on read
    CHECK(rig.dev->read32(kGprc) == 0);
    for (uint32_t i = 0; i < kFrames; ++i) {  // transmit: in bursts, reclaiming as needed
        size_t len = 60 + (i * 53) % 1455;
        auto r = rig.send(i, len);
        if (!r.ok()) {
            REQUIRE(r.error() == DevError::Again);
            rig.dev->flush_tx_writeback();
            REQUIRE(rig.nic->recycle_tx_buffers().ok());
            REQUIRE(rig.send(i, len).ok());
        }
    }
    rig.dev->flush_tx_writeback();
    REQUIRE(rig.nic->recycle_tx_buffers().ok());
    REQUIRE(rig.dev->sent().size() == kFrames);
    for (uint32_t i = 0; i < kFrames; ++i) {
        CHECK(rig.dev->sent()[i] == frame_to_nic(i, 60 + (i * 53) % 1455));
    }
    CHECK(rig.dev->rx_missed() == 0);
}

TEST_CASE("a full receive ring drops at the device, and recovers when buffers come back") {
    Chip c = chip_under_test();
    Rig rig(c);
    for (uint32_t i = 0; i < 40; ++i) REQUIRE(rig.dev->inject(frame_to_nic(i)));
    CHECK(rig.dev->rx_missed() == 40 - 31);  // 31 posted descriptors filled, the rest missed
    for (uint32_t i = 0; i < 31; ++i) rig.expect_rx(frame_to_nic(i));
    CHECK_FALSE(rig.nic->receive().ok());
    REQUIRE(rig.dev->inject(frame_to_nic(99)));
    rig.expect_rx(frame_to_nic(99));
}

TEST_CASE("delayed transmit write-back: buffers come back in batches, never early") {
    Chip c = chip_under_test();
    Rig rig(c);
    rig.dev->delay_tx_writeback(8);
    size_t sent = 0;
    while (rig.send(uint32_t(sent)).ok()) ++sent;
    CHECK(sent == 31);  // a ring of 32 holds 31
    CHECK_FALSE(rig.nic->can_transmit());
    CHECK(rig.nic->stats().tx_again == 1);
    REQUIRE(rig.nic->recycle_tx_buffers().ok());  // 24 written back, 7 held
    CHECK(rig.dev->tx_writeback_pending() == 7);
    CHECK(rig.nic->can_transmit());
    for (int i = 0; i < 24; ++i) REQUIRE(rig.send(uint32_t(sent++)).ok());
    // The 7 held back are still the device's: with them the ring is full again. A reclaim that
    // freed them before their DD (early) would leave room here.
    CHECK_FALSE(rig.nic->can_transmit());
    rig.dev->flush_tx_writeback();
    REQUIRE(rig.nic->recycle_tx_buffers().ok());
    CHECK(rig.dev->sent().size() == sent);
}

TEST_CASE("link down and up: no frames while unplugged, traffic resumes after") {
    Chip c = chip_under_test();
    Rig rig(c);
    rig.dev->set_cable(false);
    CHECK_FALSE(rig.nic->link_up());
    CHECK_FALSE(rig.dev->inject(frame_to_nic(1)));
    rig.dev->set_cable(true);
    int polls = 1;  // the models bring the link up a few status reads after the cable is back
    while (!rig.nic->link_up() && polls < 10) ++polls;
    CHECK(rig.nic->link_up());
    CHECK(polls > 1);
    REQUIRE(rig.dev->inject(frame_to_nic(2)));
    rig.expect_rx(frame_to_nic(2));
}

TEST_CASE("a chip that never finishes its reset is an error, not a hang") {
    Chip c = chip_under_test();
    auto dev = c.make(kMac);
    REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
    dev->never_finish_reset();
    g_ixgbe_log.clear();
    auto r = IxgbeNic::create(*dev, *c.map, Rig::small());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == DevError::Io);
    CHECK(count(g_ixgbe_log, "never finished its reset") == 1);
    CHECK(dev->now_ns() < 1000000000);  // gave up after the timeout, in model time
    CHECK(dev->dma_blocks() == 0);      // and left nothing behind
}

TEST_CASE("hostile write-backs: dropped, counted, logged once, the ring keeps going") {
    Chip c = chip_under_test();
    Rig rig(c);
    SECTION("a length larger than the buffer") {
        for (int i = 0; i < 3; ++i) {
            rig.dev->tamper_next_rx([](AdvRxWb& wb) { wb.length = 5000; });
            REQUIRE(rig.dev->inject(frame_to_nic(i)));
        }
        rig.dev->tamper_next_rx([](AdvRxWb& wb) { wb.length = 0; });
        REQUIRE(rig.dev->inject(frame_to_nic(3)));
        CHECK_FALSE(rig.nic->receive().ok());
        CHECK(rig.nic->stats().rx_bad_len == 4);
        CHECK(count(g_ixgbe_log, "write-back length") == 1);
    }
    SECTION("a frame spanning two buffers (no EOP on the first)") {
        REQUIRE(rig.dev->inject(frame_to_nic(1, 3000)));  // 2048 + 952 bytes
        CHECK_FALSE(rig.nic->receive().ok());
        CHECK(rig.nic->stats().rx_no_eop == 1);
        CHECK(count(g_ixgbe_log, "without EOP") == 1);
    }
    SECTION("EOP missing on a one-buffer frame: it and its would-be continuation go") {
        rig.dev->tamper_next_rx([](AdvRxWb& wb) { wb.status_error &= ~kRxStatusEop; });
        REQUIRE(rig.dev->inject(frame_to_nic(1)));
        REQUIRE(rig.dev->inject(frame_to_nic(2)));
        CHECK_FALSE(rig.nic->receive().ok());
        CHECK(rig.nic->stats().rx_no_eop == 1);
    }
    SECTION("an error bit") {
        uint32_t err = rig.map->rx_error_mask & (0u - rig.map->rx_error_mask);  // lowest bit
        rig.dev->tamper_next_rx([err](AdvRxWb& wb) { wb.status_error |= err; });
        REQUIRE(rig.dev->inject(frame_to_nic(1)));
        CHECK_FALSE(rig.nic->receive().ok());
        CHECK(rig.nic->stats().rx_errors == 1);
    }
    SECTION("DD on a slot the driver never posted") {
        rig.dev->write_rx_slot(31, 60);  // the one slot the driver keeps back
        REQUIRE(rig.dev->inject(frame_to_nic(1)));
        rig.expect_rx(frame_to_nic(1));  // giving the buffer back posts slot 31
        CHECK(rig.nic->stats().unposted_dd == 1);
        CHECK(count(g_ixgbe_log, "not posted") == 1);
    }
    // Whatever happened, the next good frame gets through.
    REQUIRE(rig.dev->inject(frame_to_nic(7)));
    rig.expect_rx(frame_to_nic(7));
}

TEST_CASE("DD with nothing posted is ignored and counted") {
    Chip c = chip_under_test();
    Rig rig(c);
    for (uint32_t i = 0; i < 31; ++i) REQUIRE(rig.dev->inject(frame_to_nic(i)));
    std::vector<driver_net::NetBufPtr> held;
    for (uint32_t i = 0; i < 31; ++i) {
        auto r = rig.nic->receive();
        REQUIRE(r.ok());
        held.push_back(r.value());
    }
    rig.dev->write_rx_slot(31, 60);  // the ring is empty: the next slot is 31
    CHECK_FALSE(rig.nic->receive().ok());
    CHECK(rig.nic->stats().unposted_dd == 1);
    for (auto& b : held) REQUIRE(rig.nic->recycle_rx_buffer(b).ok());
    REQUIRE(rig.dev->inject(frame_to_nic(5)));
    rig.expect_rx(frame_to_nic(5));
}

// Chapter 4, 5: a buffer the driver holds already (queued to send, or posted to receive) is
// refused, not put in a second slot, as chapter 3's virtio-net does.
TEST_CASE("a buffer given twice, or without a pool, is refused and counted") {
    Chip c = chip_under_test();
    Rig rig(c);
    auto tx = rig.nic->alloc_tx_buffer(60);
    REQUIRE(tx.ok());
    std::memset(tx.value().packet(), 0xab, 60);
    REQUIRE(rig.nic->transmit(tx.value()).ok());
    CHECK(rig.nic->transmit(tx.value()).error() == DevError::BadState);  // one descriptor
    CHECK(rig.dev->sent().size() == 1);
    REQUIRE(rig.nic->recycle_tx_buffers().ok());  // freed once: a second free would be refused

    REQUIRE(rig.dev->inject(frame_to_nic(1)));
    auto rx = rig.nic->receive();
    REQUIRE(rx.ok());
    REQUIRE(rig.nic->recycle_rx_buffer(rx.value()).ok());
    CHECK(rig.nic->recycle_rx_buffer(rx.value()).error() == DevError::BadState);
    // A handle around a buffer of no pool: refused before anything touches it.
    driver_net::NetBuf orphan;
    driver_net::NetBufPtr bad(&orphan, nullptr, 0);
    CHECK(rig.nic->recycle_rx_buffer(bad).error() == DevError::InvalidParam);
    CHECK(rig.nic->transmit(bad).error() == DevError::InvalidParam);
    CHECK(rig.nic->stats().bad_buffers == 4);
    // Nothing was posted or queued twice: the rings go on as before.
    for (uint32_t i = 0; i < 40; ++i) {
        REQUIRE(rig.dev->inject(frame_to_nic(i)));
        rig.expect_rx(frame_to_nic(i));
    }
}

// The receive ring alone (chapter 4, 2.3): a slot posted but not yet published (its RDT write
// still to come) is not the device's. A stray write-back there overwrote the buffer's address
// (the write-back format overlays it); pop() must put the address back, never leave 0 for the
// RDT write to hand the device.
TEST_CASE("receive ring: DD on a posted, unpublished slot keeps the buffer's address") {
    Chip c = chip_under_test();
    std::unique_ptr<IntelModel> dev(c.make(kMac));
    REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
    Regs regs(*dev);
    constexpr size_t kBufs = 4;
    auto ring_mem = dev->dma_alloc(32 * sizeof(AdvRxDesc));
    auto buf_mem = dev->dma_alloc(kBufs * driver_net::NetBufPool::stride(kRxBufferLen));
    REQUIRE((ring_mem.ok() && buf_mem.ok()));
    driver_net::NetBuf bufs[kBufs];
    uint32_t stack[kBufs];
    driver_net::NetBufPool pool;
    REQUIRE(pool.init(kBufs, kRxBufferLen,
                      {static_cast<uint8_t*>(buf_mem.value().virt),
                       axhal::PhysAddr{buf_mem.value().phys}, bufs, stack})
                .ok());
    {
        RxRing ring;
        REQUIRE(ring.init(regs, ring_mem.value(), 32, c.map->rx_ring, c.map->rx_error_mask).ok());
        ring.program();
        driver_net::NetBuf* b = pool.alloc().value();
        REQUIRE(ring.post(b).ok());  // slot 0: posted, RDT not yet written
        auto* desc = static_cast<volatile AdvRxDesc*>(ring_mem.value().virt);
        desc[0].wb.length = 60;  // a device that writes back a slot it was never given
        desc[0].wb.status_error = kRxStatusDd | kRxStatusEop;
        CHECK(ring.pop().error() == DevError::Again);
        CHECK(ring.stats().unposted_dd == 1);
        CHECK(desc[0].read.pkt_addr == b->phys_addr().value);
        CHECK(desc[0].read.hdr_addr == 0);  // DD clear: the slot waits for the device again
        ring.drain([](driver_net::NetBuf* nb) { (void)nb->pool()->free(nb); });
    }
    CHECK(pool.available() == kBufs);
    dev->dma_dealloc(buf_mem.value());
    dev->dma_dealloc(ring_mem.value());
    for (auto& v : dev->violations()) UNSCOPED_INFO("model: " << v);
    CHECK(dev->violations().empty());
}

TEST_CASE("MSI-X: one message per received frame; polled: none, and EIMS stays 0") {
    Chip c = chip_under_test();
    IxgbeNic::Options opt = Rig::small();
    opt.msix = GENERATE(true, false);
    Rig rig(c, opt);
    for (uint32_t i = 0; i < 5; ++i) {
        REQUIRE(rig.dev->inject(frame_to_nic(i)));
        CHECK(rig.nic->arm_rx_interrupt());
        rig.expect_rx(frame_to_nic(i));
    }
    CHECK_FALSE(rig.nic->arm_rx_interrupt());
    CHECK(rig.dev->interrupts(IxgbeNic::kRxMsixEntry) == (opt.msix ? 5u : 0u));
    CHECK(rig.nic->uses_msix() == opt.msix);
}

TEST_CASE("the models are strict: the other chip's map breaks their rules") {
    // The 82599's map on the 82576 model writes registers the 82576 does not have, and the
    // 82599's TXDCTL thresholds into 5-bit fields; the other way round, unknown registers.
    auto wrong_chip = [](std::unique_ptr<IntelModel> dev, const ChipMap& map) {
        REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
        auto r = IxgbeNic::create(*dev, map, Rig::small());
        CHECK_FALSE(dev->violations().empty());
        if (r.ok()) IxgbeNic::destroy(r.value());
    };
    SECTION("82599 map, 82576 model") {
        wrong_chip(model::make_82576(kMac), kChip82599);
    }
    SECTION("82576 map, 82599 model") {
        wrong_chip(model::make_82599(kMac), kChip82576);
    }
}

TEST_CASE("the models are strict: ring and ordering rules") {
    auto dev = model::make_82599(kMac);
    REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
    dev->write32(0x1008, 100);  // RDLEN not a multiple of 128
    CHECK(dev->violations().size() == 1);
    dev->write32(0x1008, 4096);
    dev->write32(0x1018, 256);  // tail beyond a ring of 256
    CHECK(dev->violations().size() == 2);
    dev->write32(0x6028, kXdctlEnable);  // TXDCTL.ENABLE before DMATXCTL.TE
    CHECK(dev->violations().size() == 3);
    dev->write32(0x888, 0xffffffff);  // EIMC bit 31 is reserved
    CHECK(dev->violations().size() == 4);
    dev->write32(0x880, 1);  // EIMS without MSI-X mode
    CHECK(dev->violations().size() == 5);
}
