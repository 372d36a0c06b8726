// driver_ixgbe/tests/igb_ktest.cpp: the Intel driver against QEMU's 82576 (`-device igb`,
// ktest, in-guest, on QEMU user networking): bring-up, an ARP exchange that wakes the CPU by
// MSI-X, a transmit ring that refuses instead of blocking, and the device's own counters.
#include <axdriver/axdriver.h>
#include <driver_ixgbe/ixgbe_nic.h>
#include <ktest/ktest.h>

#include <cstring>

#include "nic_ktest.h"

using driver_ixgbe::IxgbeNic;

namespace {

IxgbeNic* the_nic() {
    const axdriver::ProbeResult& r = axdriver::probe_all();
    for (size_t i = 0; i < r.num_net; ++i) {
        if (r.net[i].driver->type_tag == &IxgbeNic::kTypeTag) {
            return static_cast<IxgbeNic*>(r.net[i].dev);
        }
    }
    return nullptr;
}

}  // namespace

KTEST(igb, probed_as_82576_with_mac_link_and_msix) {
    IxgbeNic* nic = the_nic();
    KASSERT(nic != nullptr);
    const uint8_t qemu_mac[] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};  // QEMU's default MAC
    KEXPECT(std::memcmp(nic->mac_address().bytes, qemu_mac, 6) == 0);
    KEXPECT(std::strcmp(nic->chip().name, "82576") == 0);
    KEXPECT(std::strcmp(nic->device_name(), "igb") == 0);
    KEXPECT(nic->link_up());
    KEXPECT(nic->uses_msix());
    KEXPECT_EQ(nic->rx_queue_size(), size_t(256));
}

KTEST(igb, arp_round_trip_wakes_on_msix) {
    IxgbeNic* nic = the_nic();
    KASSERT(nic != nullptr);
    for (auto rx = nic->receive(); rx.ok(); rx = nic->receive()) {
        (void)nic->recycle_rx_buffer(rx.value());
    }
    uint64_t irqs = nic->stats().irqs;
    uint64_t rx = nic->stats().rx_packets;
    KEXPECT(!nic->arm_rx_interrupt());
    KASSERT(send_arp_request(*nic));
    KEXPECT(wait_arp_reply(*nic));
    KEXPECT(nic->stats().irqs > irqs);
    KEXPECT(nic->stats().rx_packets > rx);
}

KTEST(igb, transmit_never_blocks_when_full) {
    IxgbeNic* nic = the_nic();
    KASSERT(nic != nullptr);
    check_transmit_full(*nic, ktest_ctx);
}

KTEST(igb, nothing_malformed_from_qemu) {
    IxgbeNic* nic = the_nic();
    KASSERT(nic != nullptr);
    KASSERT(send_arp_request(*nic));
    KEXPECT(wait_arp_reply(*nic));
    IxgbeNic::Stats st = nic->stats();
    KEXPECT_EQ(st.rx_bad_len + st.rx_no_eop + st.rx_errors + st.unposted_dd, uint64_t(0));
}
