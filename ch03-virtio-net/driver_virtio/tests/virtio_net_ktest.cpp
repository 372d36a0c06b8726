// driver_virtio/tests/virtio_net_ktest.cpp: the virtio-net driver against QEMU's device
// (ktest, in-guest; the machine has a virtio-net-pci on QEMU user networking). Frames are
// built by hand (nic_ktest.h), so these tests need nothing but the driver.
#include <axdriver/axdriver.h>
#include <driver_virtio/virtio_net.h>
#include <ktest/ktest.h>

#include <cstring>

#include "nic_ktest.h"

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
    check_transmit_full(*nic, ktest_ctx);
}

KTEST(virtio_net, reset_and_reinit) {
    VirtioNetDev* nic = the_nic();
    KASSERT(nic != nullptr);
    KEXPECT(nic->reinit().ok());
    KEXPECT_EQ(nic->stats().resets, uint64_t(1));
    KASSERT(send_arp_request(*nic));
    KEXPECT(wait_arp_reply(*nic));
}
