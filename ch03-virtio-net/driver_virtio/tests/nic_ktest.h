// driver_virtio/tests/nic_ktest.h: in-guest checks that hold for any NIC driver on QEMU user
// networking (an ARP exchange with the gateway, a transmit queue that refuses instead of
// blocking), shared by chapter 3's virtio-net ktests and chapter 4's igb ktests. Nic is the
// driver class: NetDriverOps plus arm_rx_interrupt().
#pragma once
#include <axhal/cpu.h>
#include <axhal/time.h>
#include <driver_net/net_buf.h>
#include <ktest/ktest.h>

#include <cstring>

// An ARP request (RFC 826) from 10.0.2.15 for 10.0.2.2, QEMU user networking's gateway.
template <class Nic>
bool send_arp_request(Nic& nic) {
    auto tx = nic.alloc_tx_buffer(42);
    if (!tx.ok()) return false;
    uint8_t* f = tx.value().packet();
    const uint8_t* mac = nic.mac_address().bytes;
    const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    std::memcpy(f, head, 6);
    std::memcpy(f + 6, mac, 6);
    const uint8_t arp[] = {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01};
    std::memcpy(f + 12, arp, sizeof(arp));
    std::memcpy(f + 22, mac, 6);
    const uint8_t ips[] = {10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 10, 0, 2, 2};
    std::memcpy(f + 28, ips, sizeof(ips));
    if (!nic.transmit(tx.value()).ok()) {
        auto* b = driver_net::NetBuf::from_buf_ptr(tx.value());
        (void)b->pool()->free(b);
        return false;
    }
    return true;
}

// Waits (halting between interrupts) for an ARP reply from 10.0.2.2, up to ktest::kPatienceNs.
template <class Nic>
bool wait_arp_reply(Nic& nic) {
    uint64_t deadline = axhal::monotonic_ns() + ktest::kPatienceNs;
    while (axhal::monotonic_ns() < deadline) {
        auto rx = nic.receive();
        if (rx.ok()) {
            const uint8_t* f = rx.value().packet();
            bool reply = rx.value().packet_len() >= 42 && f[12] == 0x08 && f[13] == 0x06 &&
                         f[21] == 2 && f[28] == 10 && f[31] == 2;
            (void)nic.recycle_rx_buffer(rx.value());
            if (reply) return true;
            continue;
        }
        (void)nic.recycle_tx_buffers();
        axhal::irq_disable();
        if (nic.arm_rx_interrupt()) {
            axhal::irq_enable();
        } else {
            axhal::wait_for_irq();
        }
    }
    return false;
}

// Queues frames without collecting completions until the queue refuses one (Again, never a
// wait), then collects completions until it takes frames again.
template <class Nic>
void check_transmit_full(Nic& nic, ktest::Context& ktest_ctx) {
    size_t queued = 0;
    bool again = false;
    for (size_t i = 0; i < 2 * nic.tx_queue_size() && !again; ++i) {
        auto tx = nic.alloc_tx_buffer(60);
        if (!tx.ok()) break;
        std::memset(tx.value().packet(), 0xff, 60);
        auto r = nic.transmit(tx.value());
        if (r.ok()) {
            ++queued;
        } else {
            again = r.error() == driver_common::DevError::Again;
            auto* b = driver_net::NetBuf::from_buf_ptr(tx.value());
            (void)b->pool()->free(b);
        }
    }
    // A full queue says Again (never success with the buffer silently dropped), and no more
    // frames are in flight than the queue has slots.
    KEXPECT(again);
    KEXPECT(queued >= 1 && queued <= nic.tx_queue_size());
    uint64_t deadline = axhal::monotonic_ns() + ktest::kPatienceNs;
    while (!nic.can_transmit() && axhal::monotonic_ns() < deadline) {
        (void)nic.recycle_tx_buffers();
    }
    KEXPECT(nic.recycle_tx_buffers().ok());
    KEXPECT(nic.can_transmit());
}
