// exercises/virtio_exercise_test.cpp: the test of chapter 3's exercise 3 (VIRTIO_NET_F_MRG_RXBUF,
// accepted safely). It runs VirtioNetDev on the host against SimVirtioNet, the simulated
// virtio-net function of the driver's own host tests (driver_virtio/tests/sim_virtio_net.h).
#include "../driver_virtio/tests/host_hal.h"
#include "../driver_virtio/tests/sim_virtio_net.h"

#include <driver_virtio/virtio_net.h>

#include <catch2/catch_test_macros.hpp>

#include <cstring>
#include <vector>

using driver_common::DevError;
using namespace driver_virtio;
using namespace driver_virtio::testing;

namespace {

std::vector<uint8_t> frame(size_t len, uint8_t seed) {
    std::vector<uint8_t> f(len);
    for (size_t i = 0; i < len; ++i) f[i] = uint8_t(seed + i);
    return f;
}

}  // namespace

TEST_CASE("exercise 3: MRG_RXBUF is negotiated, and a packet over several buffers is dropped",
          "[exercise]") {
    SimVirtioNet sim;  // offers MRG_RXBUF, as QEMU's device does
    auto r = VirtioNetDev::create(sim.pci());
    REQUIRE(r.ok());
    VirtioNetDev& nic = *r.value();
    const size_t q = nic.rx_queue_size();

    // 1. The feature is accepted (5.1.3), and nothing the driver does not implement.
    CHECK((sim.driver_features & kNetFMrgRxbuf) != 0);
    CHECK((sim.driver_features & kFAccessPlatform) == 0);

    // 2. An ordinary frame (num_buffers 1) comes through unchanged: same 12-byte header.
    auto a = frame(1514, 1);
    REQUIRE(sim.deliver(a));
    auto rx = nic.receive();
    REQUIRE(rx.ok());
    CHECK(std::vector<uint8_t>(rx.value().packet(), rx.value().packet() + rx.value().packet_len()) ==
          a);
    REQUIRE(nic.recycle_rx_buffer(rx.value()).ok());

    // 3. A packet the device spread over two buffers (num_buffers 2): this driver posts buffers
    //    that hold any frame it accepts, so it drops the packet, both its buffers go straight
    //    back to the device (published), and the continuation is never taken for a frame.
    uint64_t bad = nic.stats().rx_bad_len;
    REQUIRE(sim.deliver_merged(frame(100, 2), frame(50, 3), 2));
    auto c = frame(80, 4);
    REQUIRE(sim.deliver(c));
    rx = nic.receive();
    REQUIRE(rx.ok());
    CHECK(rx.value().packet_len() == c.size());
    CHECK(std::memcmp(rx.value().packet(), c.data(), c.size()) == 0);
    CHECK(nic.stats().rx_bad_len == bad + 1);  // one packet dropped, counted once
    REQUIRE(nic.recycle_rx_buffer(rx.value()).ok());
    CHECK(nic.receive().error() == DevError::Again);
    CHECK(sim.rx_buffers() == q);  // every buffer back with the device

    // 4. num_buffers 0 breaks the specification (5.1.6.4: at least 1): dropped the same way.
    REQUIRE(sim.deliver_merged(frame(60, 5), {}, 0));
    CHECK(nic.receive().error() == DevError::Again);
    CHECK(sim.rx_buffers() == q);
}
