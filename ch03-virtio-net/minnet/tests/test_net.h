// minnet/tests/test_net.h: the test network every minnet host test uses, shaped like QEMU user
// networking: us (10.0.2.15), the gateway (10.0.2.2), a peer on the subnet and a far host.
#pragma once
#include <minnet/wire.h>

#include <cstdint>

namespace minnet_test {

inline constexpr minnet::EthernetAddress kUsMac{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}};
inline constexpr minnet::EthernetAddress kGwMac{{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}};
inline constexpr minnet::EthernetAddress kPeerMac{{0x52, 0x55, 0x0a, 0x00, 0x02, 0x63}};
inline constexpr minnet::Ipv4Addr kUs{{10, 0, 2, 15}};
inline constexpr minnet::Ipv4Addr kGw{{10, 0, 2, 2}};
inline constexpr minnet::Ipv4Addr kPeer{{10, 0, 2, 99}};
inline constexpr minnet::Ipv4Addr kFar{{8, 8, 8, 8}};
inline constexpr uint64_t kMs = 1'000'000;

}  // namespace minnet_test
