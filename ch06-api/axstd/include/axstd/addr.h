/// @file axstd/addr.h
/// @brief axstd::net's addresses (Rust std::net::{Ipv4Addr, IpAddr, SocketAddr}), their text
/// forms, and the hardware-free half of ToSocketAddrs: splitting "host:port" and resolving it
/// with a resolver the caller gives (net.h passes ax_dns_query; the host tests, a fake).
#pragma once
#include <axstd/io.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace axstd::net {

/// An IPv4 address (Rust Ipv4Addr).
class Ipv4Addr {
public:
    /// 0.0.0.0.
    constexpr Ipv4Addr() = default;
    /// a.b.c.d.
    constexpr Ipv4Addr(uint8_t a, uint8_t b, uint8_t c, uint8_t d) : m_octets{a, b, c, d} {}
    /// 0.0.0.0 (Rust Ipv4Addr::UNSPECIFIED).
    static constexpr Ipv4Addr unspecified() { return {}; }
    /// 127.0.0.1 (Rust Ipv4Addr::LOCALHOST).
    static constexpr Ipv4Addr localhost() { return {127, 0, 0, 1}; }
    /// Parses exactly four decimal octets "a.b.c.d" (each 0..255, no sign, no leading zeros
    /// beyond a lone 0, as Rust's parser). Error: InvalidInput.
    [[nodiscard]] static io::Result<Ipv4Addr> parse(std::string_view text);
    /// Octet @p i, 0 first.
    constexpr uint8_t octet(int i) const { return m_octets[i]; }
    /// Whether this is 0.0.0.0.
    constexpr bool is_unspecified() const {
        return (m_octets[0] | m_octets[1] | m_octets[2] | m_octets[3]) == 0;
    }
    /// Whether this is 127.x.x.x.
    constexpr bool is_loopback() const { return m_octets[0] == 127; }
    /// Addresses compare by value.
    constexpr bool operator==(const Ipv4Addr&) const = default;

private:
    uint8_t m_octets[4] = {};
};

/// Rust's IpAddr is V4 or V6; lwIP is built for IPv4 only here, so IpAddr is Ipv4Addr.
using IpAddr = Ipv4Addr;

/// Text of an address, in a fixed buffer (no allocation): "255.255.255.255:65535" fits.
struct AddrText {
    char buf[22] = {};  ///< The text, NUL-terminated.
    size_t len = 0;     ///< Its length.
    /// The text as a string_view.
    operator std::string_view() const { return {buf, len}; }
};

/// Text of @p ip, "a.b.c.d".
AddrText to_text(Ipv4Addr ip);

/// An IPv4 address and a port (Rust SocketAddr / SocketAddrV4).
class SocketAddr {
public:
    /// 0.0.0.0:0.
    constexpr SocketAddr() = default;
    /// @p ip : @p port.
    constexpr SocketAddr(Ipv4Addr ip, uint16_t port) : m_ip(ip), m_port(port) {}
    /// Parses "a.b.c.d:port" (port 0..65535, decimal). Error: InvalidInput.
    [[nodiscard]] static io::Result<SocketAddr> parse(std::string_view text);
    /// The address.
    constexpr Ipv4Addr ip() const { return m_ip; }
    /// The port.
    constexpr uint16_t port() const { return m_port; }
    /// Socket addresses compare by value.
    constexpr bool operator==(const SocketAddr&) const = default;

private:
    Ipv4Addr m_ip;
    uint16_t m_port = 0;
};

/// Text of @p a, "a.b.c.d:port".
AddrText to_text(SocketAddr a);

/// The addresses a ToSocketAddrs value stands for (Rust: an iterator; here a fixed list).
class SocketAddrs {
public:
    /// Most addresses kept.
    static constexpr size_t kCapacity = 4;
    /// Adds @p a (ignored beyond kCapacity).
    void push(SocketAddr a) {
        if (m_len < kCapacity) m_addrs[m_len++] = a;
    }
    /// How many.
    size_t size() const { return m_len; }
    /// Iteration.
    const SocketAddr* begin() const { return m_addrs; }
    /// Iteration.
    const SocketAddr* end() const { return m_addrs + m_len; }
    /// Address @p i.
    SocketAddr operator[](size_t i) const { return m_addrs[i]; }

private:
    SocketAddr m_addrs[kCapacity];
    size_t m_len = 0;
};

/// A host name and a port (Rust's `(&str, u16)` ToSocketAddrs).
struct HostPort {
    std::string_view host;  ///< Dotted quad or a name for DNS.
    uint16_t port;          ///< The port.
};

/// Splits "host:port" at its last ':' (Rust: "nohostport" and bad ports are InvalidInput).
[[nodiscard]] io::Result<HostPort> split_host_port(std::string_view text);

/// Resolves @p hp: a dotted quad is parsed without asking anyone; any other name goes to
/// @p resolve (a callable taking the name and returning io::Result<Ipv4Addr>).
/// Errors: InvalidInput (empty host), the resolver's.
template <class Resolver>
[[nodiscard]] io::Result<SocketAddrs> resolve_with(HostPort hp, Resolver&& resolve) {
    if (hp.host.empty()) return io::ErrorKind::InvalidInput;
    Ipv4Addr ip;
    if (io::Result<Ipv4Addr> numeric = Ipv4Addr::parse(hp.host); numeric.ok()) {
        ip = numeric.value();
    } else {
        io::Result<Ipv4Addr> found = resolve(hp.host);
        if (!found.ok()) return found.error();
        ip = found.value();
    }
    SocketAddrs out;
    out.push({ip, hp.port});
    return out;
}

}  // namespace axstd::net
