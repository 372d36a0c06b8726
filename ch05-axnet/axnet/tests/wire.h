// axnet/tests/wire.h: the network of axnet's host tests (and of chapter 5's exercise test): two
// FakeNics joined by a wire, brought up as two interfaces of the one lwIP, 10.0.0.1 (a) and
// 10.0.0.2 (b). Source routing sends each packet out of the interface that owns its source
// address, so a connection from a socket bound to 10.0.0.1 to 10.0.0.2 crosses the wire.
// axtask and axnet are started once per test process, by the first net(). Baseline checks
// that a test gave back every buffer, lwIP pool entry and heap byte it took.
#pragma once
#include <axnet/axnet.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>

#include "fake_nic.h"

namespace axnet_test {

inline constexpr uint64_t kMs = 1'000'000;
inline constexpr size_t kQueue = 64;  // lwIP may hold 32 of each NIC's receive buffers
inline const axnet::Ipv4Addr kIpA = axnet::Ipv4Addr::from_octets(10, 0, 0, 1);
inline const axnet::Ipv4Addr kIpB = axnet::Ipv4Addr::from_octets(10, 0, 0, 2);

/// The two NICs, up as axnet's interfaces.
struct Net {
    FakeNic a{1, kQueue};
    FakeNic b{2, kQueue};
    Net() {
        a.connect(b);
        axtask::init();
        REQUIRE(axnet::init().ok());
        add(a, kIpA, "a");
        add(b, kIpB, "b");
    }
    static void add(FakeNic& nic, axnet::Ipv4Addr ip, const char* name) {
        axnet::Config cfg;
        cfg.ip = ip;
        cfg.gateway = axnet::Ipv4Addr::any();
        axnet::Device dev;
        dev.ops = &nic;
        dev.rx_pool = &nic.rx_pool_mem.pool;
        dev.name = name;
        REQUIRE(axnet::add_interface(dev, cfg).ok());
    }
};

/// The process's one Net, started on first use.
inline Net& net() {
    static Net n;
    return n;
}

// Every receive buffer is in the pool or posted, every transmit buffer free, lwIP's pools and
// heap as at the start: waits (polling) up to a few seconds for closing handshakes to end.
struct Baseline {
    axnet::PoolUsage usage;
    Baseline() {
        net();
        settle(200 * kMs);
        usage = axnet::pool_usage();
    }
    static void settle(uint64_t ns) {
        uint64_t end = axtask::now_ns() + ns;
        do {
            axtask::run_idle_hook_once();
            if (ns > 0) axtask::sleep_for(kMs);
        } while (axtask::now_ns() < end);
    }
    static bool nic_full(FakeNic& n) {
        (void)n.recycle_tx_buffers();
        return n.rx_pool_mem.pool.available() + n.held() == n.rx_pool_mem.pool.capacity() &&
               n.tx_free() == kQueue;
    }
    bool back() const {
        uint64_t end = axtask::now_ns() + 5000 * kMs;
        while (axtask::now_ns() < end) {
            axtask::run_idle_hook_once();
            if (axnet::pool_usage() == usage && nic_full(net().a) && nic_full(net().b)) return true;
            axtask::sleep_for(kMs);
        }
        axnet::PoolUsage u = axnet::pool_usage();
        UNSCOPED_INFO("memp " << u.memp_used << " (was " << usage.memp_used << "), heap "
                              << u.mem_used << " (was " << usage.mem_used << "), lent "
                              << u.rx_lent);
        return false;
    }
};

}  // namespace axnet_test
