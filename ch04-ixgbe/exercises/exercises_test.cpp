// ch04-ixgbe/exercises/exercises_test.cpp: the test of chapter 4's exercise (label
// ch04-exercise): receive checksum offload. It fails on the pristine tree and passes once the
// exercise is solved. The driver runs on both chips' models, as in the stage's host tests.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <driver_ixgbe/ixgbe_nic.h>

#include <cstring>
#include <string>

#include "../driver_ixgbe/tests/model.h"

extern std::string g_ixgbe_log;

using namespace driver_ixgbe;
using model::Frame;

namespace {

constexpr uint8_t kMac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// A minimal IPv4 frame (UDP, no payload) to this NIC, its header checksum right or wrong.
Frame ipv4_frame(bool good_checksum) {
    Frame f(60, 0);
    std::memcpy(f.data(), kMac, 6);
    f[12] = 0x08, f[13] = 0x00;
    const uint8_t ip[20] = {0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 2, 2, 10, 0, 2, 15};
    std::memcpy(f.data() + 14, ip, 20);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += uint32_t(f[14 + i]) << 8 | f[15 + i];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    uint16_t csum = uint16_t(~sum) ^ (good_checksum ? 0 : 0x5a5a);
    f[24] = uint8_t(csum >> 8), f[25] = uint8_t(csum);
    return f;
}

}  // namespace

TEST_CASE("exercise 1: IPv4 header checksums verified by the NIC are counted, bad ones dropped") {
    auto make = GENERATE(model::make_82599, model::make_82576);
    const ChipMap& map = make == model::make_82599 ? kChip82599 : kChip82576;
    auto dev = make(kMac);
    REQUIRE(dev->mmio_map(0xfe000000, 0x20000).ok());
    IxgbeNic::Options opt;
    opt.ring_size = 32;
    auto nic = IxgbeNic::create(*dev, map, opt);
    REQUIRE(nic.ok());
    g_ixgbe_log.clear();

    REQUIRE(dev->inject(ipv4_frame(true)));
    auto r = nic.value()->receive();
    REQUIRE(r.ok());
    CHECK(r.value().packet_len() == 60);
    REQUIRE(nic.value()->recycle_rx_buffer(r.value()).ok());
    CHECK(nic.value()->stats().rx_csum_ok == 1);

    for (int i = 0; i < 3; ++i) REQUIRE(dev->inject(ipv4_frame(false)));
    CHECK_FALSE(nic.value()->receive().ok());  // all three dropped
    CHECK(nic.value()->stats().rx_csum_bad == 3);
    CHECK(g_ixgbe_log.find("checksum") != std::string::npos);

    REQUIRE(dev->inject(ipv4_frame(true)));  // the ring goes on
    CHECK(nic.value()->receive().ok());
    CHECK(nic.value()->stats().rx_csum_ok == 2);
    IxgbeNic::destroy(nic.value());
}
