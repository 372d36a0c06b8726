// axnet/tests/wire.h: the network of axnet's host tests (and of chapter 5's exercise test): two
// FakeNics joined by a wire, brought up as two interfaces of the one lwIP, 10.0.0.1 (a) and
// 10.0.0.2 (b). Source routing sends each packet out of the interface that owns its source
// address, so a connection from a socket bound to 10.0.0.1 to 10.0.0.2 crosses the wire.
// axtask and axnet are started once per test process, by the first net().
#pragma once
#include <axnet/axnet.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>

#include "fake_nic.h"

namespace axnet_test {

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

}  // namespace axnet_test
