// driver_net/tests/loopback_ktest.cpp: the loopback NIC as axdriver probed it (ktest).
#include <axdriver/axdriver.h>
#include <driver_net/loopback.h>
#include <ktest/ktest.h>

#include <cstring>

using driver_common::DevError;
using driver_net::NetBuf;
using driver_net::NetBufPool;

KTEST(axdriver, registry_has_loopback_and_probe_finds_it) {
    bool registered = false;
    for (auto* d = axdriver::registry_begin(); d != axdriver::registry_end(); ++d) {
        registered = registered || std::strcmp(d->name, "loopback") == 0;
    }
    KEXPECT(registered);
    const axdriver::ProbeResult& r = axdriver::probe_all();
    bool found = false;
    for (size_t i = 0; i < r.num_net; ++i) {
        found = found || std::strcmp(r.net[i].dev->device_name(), "loopback") == 0;
    }
    KEXPECT(found);
}

KTEST(loopback, frames_come_back_and_buffers_return) {
    auto tx_pool = NetBufPool::create(8, 2048);
    auto rx_pool = NetBufPool::create(8, 2048);
    KASSERT(tx_pool.ok() && rx_pool.ok());
    const driver_net::EthernetAddress mac{{2, 0, 0, 0, 0, 9}};
    driver_net::LoopbackNic nic(tx_pool.value(), mac);
    KEXPECT(!nic.receive().ok() && nic.receive().error() == DevError::Again);
    for (int i = 0; i < 4; ++i) {
        auto b = rx_pool.value()->alloc();
        KASSERT(b.ok());
        KEXPECT(nic.recycle_rx_buffer(b.value()->into_buf_ptr()).ok());
    }
    auto tx = nic.alloc_tx_buffer(60);
    KASSERT(tx.ok());
    std::memset(tx.value().packet(), 0x5a, 60);
    std::memcpy(tx.value().packet(), mac.bytes, 6);  // to us: a receive filter lets it in
    KEXPECT(nic.transmit(tx.value()).ok());
    KEXPECT(nic.can_receive());
    auto rx = nic.receive();
    KASSERT(rx.ok());
    KEXPECT_EQ(rx.value().packet_len(), size_t(60));
    KEXPECT_EQ(rx.value().packet()[59], uint8_t(0x5a));
    KEXPECT_EQ(tx_pool.value()->available(), size_t(7));
    KEXPECT(nic.recycle_tx_buffers().ok());
    KEXPECT_EQ(tx_pool.value()->available(), size_t(8));
    KEXPECT(rx_pool.value()->free(NetBuf::from_buf_ptr(rx.value())).ok());
}
