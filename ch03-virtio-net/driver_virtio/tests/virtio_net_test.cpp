// driver_virtio/tests/virtio_net_test.cpp: host tests of VirtioNetDev, the whole driver
// (virtio_net.cpp, virtio_pci.cpp, virtqueue.cpp, axdriver's msix_route.cpp) against
// SimVirtioNet, a simulated modern virtio-net PCI function: bring-up, transmit and receive,
// bad lengths, buffers given twice, MSI-X refused, start failing after allocation, a device
// that does not reset, DEVICE_NEEDS_RESET, reinit(), and how registers are accessed.
#include "host_hal.h"
#include "sim_virtio_net.h"

#include <axhal/trap.h>
#include <driver_virtio/virtio_net.h>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstring>
#include <vector>

namespace {

using driver_common::DevError;
using driver_net::NetBuf;
using driver_net::NetBufPtr;
using namespace driver_virtio;
using namespace driver_virtio::testing;

constexpr size_t kQ = VirtioNetDev::kQueueSize;

// A device and the driver on it; the driver is gone (its memory checked) at the end.
struct Rig {
    explicit Rig(void (*knobs)(SimVirtioNet&) = nullptr) {
        if (knobs) knobs(sim);
        auto r = VirtioNetDev::create(sim.pci());
        REQUIRE(r.ok());
        nic = r.value();
    }
    // The driver object goes; its device stays up and keeps its memory (host_hal() holds it):
    // release() runs only when create() fails, which the tests below arrange.
    ~Rig() { delete nic; }
    SimVirtioNet sim;
    VirtioNetDev* nic = nullptr;
};

std::vector<uint8_t> frame(size_t len, uint8_t seed) {
    std::vector<uint8_t> f(len);
    for (size_t i = 0; i < len; ++i) f[i] = uint8_t(seed + i);
    return f;
}

NetBufPtr send(VirtioNetDev& nic, const std::vector<uint8_t>& f) {
    auto tx = nic.alloc_tx_buffer(f.size());
    REQUIRE(tx.ok());
    std::memcpy(tx.value().packet(), f.data(), f.size());
    return tx.value();
}

}  // namespace

TEST_CASE("bring-up follows 3.1.1 and touches each register with its own width", "[virtio_net]") {
    Rig r;
    SimVirtioNet& s = r.sim;
    CHECK(s.status == (kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk));
    // Accepted what the driver implements, of what was offered, and nothing else (MRG_RXBUF
    // only once chapter 3's exercise 3 is solved; never ACCESS_PLATFORM, chapter 3 section 4.4).
    const uint64_t needed = kFVersion1 | kNetFMac | kNetFStatus | kFEventIdx;
    CHECK((s.driver_features & needed) == needed);
    CHECK((s.driver_features & ~(needed | kNetFMrgRxbuf)) == 0);
    for (const auto& b : s.bad_accesses) INFO(b);
    CHECK(s.bad_accesses.empty());  // 32-bit halves for queue addresses, 8-bit MAC bytes...
    CHECK(s.cached_accesses == 0);  // every register reached through map_mmio() (uncached)
    CHECK(r.nic->mac_address() ==
          driver_net::EthernetAddress{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}});
    CHECK(r.nic->uses_msix());
    CHECK(s.queues[kNetRxQueue].msix == 0);
    CHECK(s.msix_table[0][2] == axhal::kFirstDynamicVector);
    CHECK((s.msix_table[0][3] & 1) == 0);  // unmasked at the end...
    CHECK(s.unmasked_rewrites == 0);       // ...but masked while rewritten (PCI 3.0 6.8.3.5)
    CHECK((s.msix_control() & 0x8000) != 0);
    CHECK(s.rx_buffers() == kQ);  // the receive queue is full and published
    CHECK(s.queues[kNetRxQueue].notifications == 1);
    CHECK(r.nic->link_up());
    s.link_status = 0;
    CHECK_FALSE(r.nic->link_up());
    CHECK(s.bad_accesses.empty());  // the 16-bit status read with one 16-bit access
}

TEST_CASE("the MAC is read as one group: a change in the middle is never torn", "[virtio_net]") {
    Rig r([](SimVirtioNet& s) {
        const uint8_t next[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
        std::memcpy(s.next_mac, next, 6);
        s.mac_changes_at_read = 3;  // the device changes its MAC as the fourth byte is read
    });
    CHECK(r.nic->mac_address() ==
          driver_net::EthernetAddress{{0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}});
}

TEST_CASE("frames go out and come in through the simulated device", "[virtio_net]") {
    Rig r;
    SimVirtioNet& s = r.sim;
    auto out = frame(60, 1);
    NetBufPtr tx = send(*r.nic, out);
    REQUIRE(r.nic->transmit(tx).ok());
    auto sent = s.take_tx();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].size() == VirtioNetDev::kHeaderLen + out.size());
    CHECK(std::vector<uint8_t>(sent[0].begin(), sent[0].begin() + 12) ==
          std::vector<uint8_t>(12, 0));  // no offloads: an all-zero header (5.1.6.2)
    CHECK(std::vector<uint8_t>(sent[0].begin() + 12, sent[0].end()) == out);
    size_t free_before = r.nic->tx_pool().available();
    REQUIRE(r.nic->recycle_tx_buffers().ok());
    CHECK(r.nic->tx_pool().available() == free_before + 1);

    auto in = frame(1514, 7);
    REQUIRE(s.deliver(in));
    auto rx = r.nic->receive();
    REQUIRE(rx.ok());
    CHECK(std::vector<uint8_t>(rx.value().packet(),
                               rx.value().packet() + rx.value().packet_len()) == in);
    CHECK(r.nic->receive().error() == DevError::Again);
    CHECK(s.rx_buffers() == kQ - 1);
    REQUIRE(r.nic->recycle_rx_buffer(rx.value()).ok());
    CHECK(s.rx_buffers() == kQ);  // posted and published
    CHECK(r.nic->stats().rx_packets == 1);
    CHECK(r.nic->stats().tx_packets == 1);
}

TEST_CASE("a buffer given twice, or without a pool, is refused and counted", "[virtio_net]") {
    Rig r;
    SimVirtioNet& s = r.sim;
    NetBufPtr tx = send(*r.nic, frame(60, 2));
    REQUIRE(r.nic->transmit(tx).ok());
    CHECK(r.nic->transmit(tx).error() == DevError::BadState);  // one descriptor, not two
    CHECK(s.take_tx().size() == 1);
    REQUIRE(r.nic->recycle_tx_buffers().ok());

    REQUIRE(s.deliver(frame(60, 3)));
    auto rx = r.nic->receive();
    REQUIRE(rx.ok());
    REQUIRE(r.nic->recycle_rx_buffer(rx.value()).ok());
    CHECK(r.nic->recycle_rx_buffer(rx.value()).error() == DevError::BadState);
    REQUIRE(s.deliver(frame(60, 4)));  // the device has a free slot again
    auto rx2 = r.nic->receive();
    REQUIRE(rx2.ok());
    // A handle around a buffer of no pool: refused before anything touches it.
    NetBuf orphan;
    NetBufPtr bad(&orphan, nullptr, 0);
    CHECK(r.nic->recycle_rx_buffer(bad).error() == DevError::InvalidParam);
    CHECK(r.nic->stats().bad_buffers == 3);
    CHECK(s.rx_buffers() == kQ - 1);  // nothing posted twice, nothing lost
    REQUIRE(r.nic->recycle_rx_buffer(rx2.value()).ok());
    CHECK(s.rx_buffers() == kQ);
}

TEST_CASE("a full transmit queue says Again, once, and the caller keeps the buffer",
          "[virtio_net]") {
    Rig r;
    for (size_t i = 0; i < r.nic->tx_queue_size(); ++i) {
        REQUIRE(r.nic->transmit(send(*r.nic, frame(60, uint8_t(i)))).ok());
    }
    NetBufPtr last = send(*r.nic, frame(60, 9));
    CHECK(r.nic->transmit(last).error() == DevError::Again);
    CHECK(r.nic->stats().tx_again == 1);
    NetBuf* b = NetBuf::from_buf_ptr(last);
    CHECK(b->pool()->free(b).ok());  // still the caller's: not freed, not held by the driver
    CHECK(r.sim.take_tx().size() == r.nic->tx_queue_size());
    REQUIRE(r.nic->recycle_tx_buffers().ok());
    CHECK(r.nic->tx_pool().available() == r.nic->tx_pool().capacity());
}

TEST_CASE("buffers with bad used lengths go straight back to the device, published",
          "[virtio_net]") {
    Rig r;
    SimVirtioNet& s = r.sim;
    // A device that returns nothing but impossible lengths, three queues' worth: the driver
    // must keep handing the buffers back, or the ring drains for good.
    for (size_t i = 0; i < 3 * kQ; ++i) {
        int64_t len = i % 2 ? 3 : int64_t(driver_net::NetBufPool::kMinBufferLen + 1);
        REQUIRE(s.deliver({}, len));
        CHECK(r.nic->receive().error() == DevError::Again);
        REQUIRE(s.rx_buffers() == kQ);
    }
    CHECK(r.nic->stats().rx_bad_len == 3 * kQ);
    CHECK(r.nic->rx_queue_stats().bad_len == 3 * kQ / 2);  // the too-long half
    CHECK(r.nic->stats().rx_packets == 0);
    // A good frame behind a bad one still comes through.
    REQUIRE(s.deliver({}, 2));
    REQUIRE(s.deliver(frame(100, 5)));
    auto rx = r.nic->receive();
    REQUIRE(rx.ok());
    CHECK(rx.value().packet_len() == 100);
}

TEST_CASE("MSI-X refused by the device: receive is polled and its interrupts are off",
          "[virtio_net]") {
    const bool event_idx = GENERATE(false, true);
    CAPTURE(event_idx);
    Rig r(event_idx ? +[](SimVirtioNet& s) { s.refuse_msix = true; } : +[](SimVirtioNet& s) {
        s.refuse_msix = true;
        s.offered &= ~uint64_t(kFEventIdx);
    });
    SimVirtioNet& s = r.sim;
    CHECK_FALSE(r.nic->uses_msix());
    CHECK(s.queues[kNetRxQueue].msix == kNoVector);
    CHECK(s.status & kStatusDriverOk);
    for (int i = 0; i < 2000; ++i) {
        REQUIRE(s.deliver(frame(60, uint8_t(i))));
        auto rx = r.nic->receive();
        REQUIRE(rx.ok());
        REQUIRE(r.nic->recycle_rx_buffer(rx.value()).ok());
    }
    CHECK(s.queues[kNetRxQueue].dev.interrupts == 0);  // no vector: none asked for
    CHECK_FALSE(r.nic->arm_rx_interrupt());
}

TEST_CASE("a start that fails after allocating gives everything back", "[virtio_net]") {
    // Step 6 of 3.1.1 (features refused), or step 7 with the queue's MSI-X vector refused and
    // a configuration generation that never settles (the MAC cannot be read).
    const bool late = GENERATE(false, true);
    CAPTURE(late);
    size_t dma = host_hal().dma_live_bytes();
    int vectors = host_hal().vectors_live;
    SimVirtioNet s;
    s.refuse_features = !late;
    s.refuse_msix = late;
    s.unstable_generation = late;
    auto r = VirtioNetDev::create(s.pci());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == (late ? DevError::Io : DevError::Unsupported));
    CHECK(host_hal().dma_live_bytes() == dma);  // rings and pools freed
    CHECK(host_hal().vectors_live == vectors);  // the trap vector given back
    CHECK((s.msix_table[0][3] & 1) == 1);       // the MSI-X entry masked...
    CHECK((s.msix_control() & 0x8000) == 0);    // ...and MSI-X off: nothing fires any more
    CHECK(s.status == 0);                       // reset before anything was freed
}

TEST_CASE("a device that does not reset: FAILED, and its memory is kept and counted",
          "[virtio_net]") {
    size_t dma = host_hal().dma_live_bytes();
    uint64_t leaked = VirtioNetDev::leaked_dma_bytes();
    SimVirtioNet s;
    s.status = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk;
    s.stuck_reset = true;  // left running by an earlier driver, and it ignores the reset
    auto r = VirtioNetDev::create(s.pci());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == DevError::Io);
    CHECK((s.status & kStatusFailed) != 0);
    size_t kept = host_hal().dma_live_bytes() - dma;
    CHECK(kept > 2 * driver_net::NetBufPool::kMinBufferLen * kQ);  // both pools, both rings
    CHECK(VirtioNetDev::leaked_dma_bytes() - leaked == kept);
    CHECK((s.msix_control() & 0x8000) == 0);
}

TEST_CASE("DEVICE_NEEDS_RESET is noticed, reported once, and reinit() recovers", "[virtio_net]") {
    Rig r;
    CHECK_FALSE(r.nic->device_needs_reset());
    r.sim.status |= kStatusDeviceNeedsReset;
    (void)r.nic->arm_rx_interrupt();
    CHECK(r.nic->stats().needs_reset == 1);  // noticed before waiting on the device, once
    CHECK(r.nic->device_needs_reset());
    CHECK(r.nic->stats().needs_reset == 1);
    REQUIRE(r.nic->reinit().ok());
    CHECK_FALSE(r.nic->device_needs_reset());
    CHECK(r.sim.rx_buffers() == kQ);
}

TEST_CASE("reinit() gives every buffer the device held back to its pool", "[virtio_net]") {
    Rig r;
    SimVirtioNet& s = r.sim;
    for (int i = 0; i < 3; ++i) REQUIRE(r.nic->transmit(send(*r.nic, frame(60, 1))).ok());
    REQUIRE(s.deliver(frame(60, 2)));
    auto held = r.nic->receive();  // the caller's: stays the caller's
    REQUIRE(held.ok());
    REQUIRE(r.nic->reinit().ok());
    CHECK(r.nic->stats().resets == 1);
    CHECK(r.nic->tx_pool().available() == r.nic->tx_pool().capacity());
    CHECK(r.nic->rx_pool().available() == r.nic->rx_pool().capacity() - kQ - 1);
    CHECK(s.rx_buffers() == kQ);
    CHECK(r.nic->recycle_rx_buffer(held.value()).error() == DevError::NoMemory);  // queue full
    NetBuf* b = NetBuf::from_buf_ptr(held.value());
    CHECK(b->pool()->free(b).ok());
    REQUIRE(s.deliver(frame(70, 3)));
    auto rx = r.nic->receive();
    REQUIRE(rx.ok());
    CHECK(rx.value().packet_len() == 70);
}

TEST_CASE("a virtio capability shorter than its type needs is skipped", "[virtio_net]") {
    // A 16-byte notify capability has no notify_off_multiplier: what follows it is not one.
    Rig r([](SimVirtioNet& s) { s.set_short_notify_cap(true); });
    REQUIRE(r.nic->transmit(send(*r.nic, frame(60, 1))).ok());
    CHECK(r.sim.queues[kNetTxQueue].notifications == 1);
    CHECK(r.sim.bad_accesses.empty());
}
