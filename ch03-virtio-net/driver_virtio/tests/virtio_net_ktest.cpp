// driver_virtio/tests/virtio_net_ktest.cpp: the virtio-net driver against QEMU's device
// (ktest, in-guest; the machine has a virtio-net-pci on QEMU user networking). Frames are
// built by hand (nic_ktest.h), so these tests need nothing but the driver.
#include <axdriver/axdriver.h>
#include <axlog/log.h>
#include <driver_virtio/virtio_net.h>
#include <ktest/ktest.h>

#include <cstring>

#include "nic_ktest.h"

using driver_common::DevError;
using driver_net::NetBuf;
using driver_virtio::VirtioNetDev;

namespace {

VirtioNetDev* the_nic() {
    const axdriver::ProbeResult& r = axdriver::probe_all();
    for (size_t i = 0; i < r.num_net; ++i) {
        if (r.net[i].driver->type_tag == &VirtioNetDev::kTypeTag) {
            return static_cast<VirtioNetDev*>(r.net[i].dev);
        }
    }
    return nullptr;
}

}  // namespace

KTEST(virtio_net, probed_with_mac_and_msix) {
    VirtioNetDev* nic = the_nic();
    KASSERT(nic != nullptr);
    const uint8_t qemu_mac[] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};  // QEMU's default MAC
    KEXPECT(std::memcmp(nic->mac_address().bytes, qemu_mac, 6) == 0);
    KEXPECT(nic->link_up());
    KEXPECT(nic->uses_msix());
    KEXPECT(nic->rx_queue_size() >= 64);
}

KTEST(virtio_net, arp_round_trip_wakes_on_interrupt) {
    VirtioNetDev* nic = the_nic();
    KASSERT(nic != nullptr);
    // Drain what is pending, ask for an interrupt on the next frame, then make one arrive.
    for (auto rx = nic->receive(); rx.ok(); rx = nic->receive()) {
        (void)nic->recycle_rx_buffer(rx.value());
    }
    uint64_t irqs = nic->stats().irqs;
    KEXPECT(!nic->arm_rx_interrupt());
    KASSERT(send_arp_request(*nic));
    KEXPECT(wait_arp_reply(*nic));
    KEXPECT(nic->stats().irqs > irqs);
}

KTEST(virtio_net, transmit_never_blocks_when_full) {
    VirtioNetDev* nic = the_nic();
    KASSERT(nic != nullptr);
    // Stricter than nic_ktest.h's check_transmit_full: the exact count and the counter. Start
    // from an empty transmit queue: collect what earlier tests left in flight.
    uint64_t deadline = axhal::monotonic_ns() + ktest::kPatienceNs;
    auto in_flight = [&] { return nic->tx_queue_stats().added - nic->tx_queue_stats().used; };
    while (in_flight() != 0 && axhal::monotonic_ns() < deadline) (void)nic->recycle_tx_buffers();
    KASSERT(in_flight() == 0);
    // Queue frames without collecting completions: exactly tx_queue_size() are taken, the next
    // is refused with Again (counted once), and the refused buffer is still the caller's.
    uint64_t again_before = nic->stats().tx_again;
    size_t queued = 0;
    DevError refusal{};
    for (size_t i = 0; i <= nic->tx_queue_size(); ++i) {
        auto tx = nic->alloc_tx_buffer(60);
        KASSERT(tx.ok());
        std::memset(tx.value().packet(), 0xff, 60);
        auto r = nic->transmit(tx.value());
        if (r.ok()) {
            ++queued;
            continue;
        }
        refusal = r.error();
        NetBuf* b = NetBuf::from_buf_ptr(tx.value());
        KEXPECT(b->pool()->free(b).ok());  // not freed by the driver: still ours to free
    }
    KEXPECT_EQ(queued, nic->tx_queue_size());
    KEXPECT(refusal == DevError::Again);
    KEXPECT_EQ(nic->stats().tx_again, again_before + 1);
    KEXPECT(!nic->can_transmit());
    deadline = axhal::monotonic_ns() + ktest::kPatienceNs;
    while (!nic->can_transmit() && axhal::monotonic_ns() < deadline)
        (void)nic->recycle_tx_buffers();
    KEXPECT(nic->recycle_tx_buffers().ok());
    KEXPECT(nic->can_transmit());
}

KTEST(virtio_net, reset_and_reinit) {
    VirtioNetDev* nic = the_nic();
    KASSERT(nic != nullptr);
    // Leave three frames in the transmit queue, uncollected, and every receive buffer posted:
    // after the reset all of them must be back in their pools, and the receive queue full again.
    // First collect what the tests before this one left in flight (the device completes it in
    // its own time: on a busy host, later than those tests waited), so there is room for three.
    uint64_t deadline = axhal::monotonic_ns() + ktest::kPatienceNs;
    while (nic->tx_pool().available() < nic->tx_pool().capacity() &&
           axhal::monotonic_ns() < deadline) {
        (void)nic->recycle_tx_buffers();
    }
    KASSERT(nic->tx_pool().available() == nic->tx_pool().capacity());
    for (int i = 0; i < 3; ++i) {
        auto tx = nic->alloc_tx_buffer(60);
        KASSERT(tx.ok());
        std::memset(tx.value().packet(), 0xff, 60);
        auto r = nic->transmit(tx.value());
        if (!r.ok()) {  // say why: the queue's and the pool's state at the refusal
            axlog::error(
                "transmit {}: {}, {} frames in flight on a queue of {}, {} of {} buffers in the "
                "pool",
                i, driver_common::dev_error_name(r.error()),
                nic->tx_queue_stats().added - nic->tx_queue_stats().used, nic->tx_queue_size(),
                nic->tx_pool().available(), nic->tx_pool().capacity());
        }
        KASSERT(r.ok());
    }
    uint64_t resets = nic->stats().resets;
    KEXPECT(nic->reinit().ok());
    KEXPECT_EQ(nic->stats().resets, resets + 1);
    KEXPECT_EQ(nic->tx_pool().available(), nic->tx_pool().capacity());
    KEXPECT_EQ(nic->rx_pool().available(), nic->rx_pool().capacity() - nic->rx_queue_size());
    KASSERT(send_arp_request(*nic));
    KEXPECT(wait_arp_reply(*nic));
}
