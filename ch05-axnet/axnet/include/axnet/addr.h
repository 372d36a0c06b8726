/// @file axnet/addr.h
/// @brief IPv4 addresses and socket addresses as axnet's sockets take and return them
/// (ArceOS: core::net::SocketAddr, IPv4 only, as lwIP is built here).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace axnet {

/// An IPv4 address, stored in network byte order (as on the wire and in lwIP's ip4_addr_t).
struct Ipv4Addr {
    uint32_t be = 0;  ///< The address, network byte order.

    /// a.b.c.d.
    static constexpr Ipv4Addr from_octets(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
        return {uint32_t(a) | uint32_t(b) << 8 | uint32_t(c) << 16 | uint32_t(d) << 24};
    }
    /// 0.0.0.0: any local address (bind) or "none".
    static constexpr Ipv4Addr any() { return {0}; }
    /// 127.0.0.1.
    static constexpr Ipv4Addr loopback() { return from_octets(127, 0, 0, 1); }
    /// Octet @p i (0 is the first written).
    constexpr uint8_t octet(int i) const { return uint8_t(be >> (8 * i)); }
    /// Whether this is 0.0.0.0.
    constexpr bool is_any() const { return be == 0; }
    /// Addresses compare by value.
    bool operator==(const Ipv4Addr&) const = default;

    /// Parses dotted-quad text ("10.0.2.15"); false (and @p out untouched) if it is not one.
    [[nodiscard]] static bool parse(std::string_view text, Ipv4Addr& out);
    /// Writes "a.b.c.d" and a NUL into @p out (16 bytes); returns the text's length.
    size_t format(char (&out)[16]) const;
};

/// An IPv4 address and a port (host byte order).
struct SocketAddr {
    Ipv4Addr ip;        ///< The address.
    uint16_t port = 0;  ///< The port, host byte order.
    /// Socket addresses compare by value.
    bool operator==(const SocketAddr&) const = default;
};

}  // namespace axnet
