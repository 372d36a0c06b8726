/// @file minnet/wire.h
/// @brief minnet's wire formats: IPv4 addresses, network byte order, the internet checksum
/// (RFC 1071), a parser that classifies one received Ethernet frame (ARP per RFC 826, IPv4 per
/// RFC 791, ICMP echo per RFC 792, UDP per RFC 768) and builders that write complete frames.
///
/// Everything here is a pure function of its arguments: no state, no allocation, no hardware.
/// The parser trusts nothing in the frame: it reads only the @p len bytes it is given and
/// checks every length and checksum before anything else looks at the packet. Headers are read
/// and written byte by byte at fixed offsets (no packed structs), so alignment never matters.
/// Used by minnet::Interface (interface.h); host tested in tests/wire_test.cpp.
#pragma once
#include <driver_net/net_driver_ops.h>

#include <cstddef>
#include <cstdint>

namespace minnet {

using driver_net::EthernetAddress;

/// An IPv4 address, in network byte order (bytes[0] is the "a" of "a.b.c.d").
struct Ipv4Addr {
    uint8_t bytes[4] = {};  ///< In transmission order.
    /// Addresses compare byte by byte.
    bool operator==(const Ipv4Addr&) const = default;

    /// Parses dotted-quad text "a.b.c.d" (each part 0-255, decimal, 1-3 digits, nothing
    /// around it) into @p out. Returns false, leaving @p out unchanged, on anything else.
    [[nodiscard]] static bool parse(const char* text, Ipv4Addr& out);
    /// Writes "a.b.c.d" and a NUL into @p out (for log lines; at most 15 characters).
    void format(char (&out)[16]) const;
};

/// Writes "aa:bb:cc:dd:ee:ff" and a NUL into @p out (for log lines).
void format_mac(const EthernetAddress& mac, char (&out)[18]);

/// The all-ones Ethernet broadcast address (RFC 826 requests are sent to it).
inline constexpr EthernetAddress kBroadcastMac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

// ---- Byte order: the network sends the most significant byte first (RFC 791 appendix B).

/// Reads a big-endian 16-bit value at @p p.
constexpr uint16_t load_be16(const uint8_t* p) {
    return uint16_t(p[0] << 8 | p[1]);
}
/// Writes @p v big-endian at @p p.
constexpr void store_be16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

// ---- Sizes and numbers from the RFCs.

inline constexpr size_t kEthHeaderLen = 14;   ///< dst MAC, src MAC, EtherType.
inline constexpr size_t kArpLen = 28;         ///< RFC 826 packet for Ethernet/IPv4.
inline constexpr size_t kIpv4HeaderLen = 20;  ///< RFC 791 header without options (IHL 5).
inline constexpr size_t kIcmpHeaderLen = 8;   ///< RFC 792 echo: type, code, sum, id, seq.
inline constexpr size_t kUdpHeaderLen = 8;    ///< RFC 768: ports, length, checksum.
inline constexpr size_t kMinFrameLen = 60;    ///< Shortest Ethernet frame without FCS.
inline constexpr size_t kMaxFrameLen = 1514;  ///< 14-byte header + 1500-byte MTU.
/// Largest UDP payload in one unfragmented frame: 1500 - 20 - 8.
inline constexpr size_t kMaxUdpPayload =
    kMaxFrameLen - kEthHeaderLen - kIpv4HeaderLen - kUdpHeaderLen;
/// Largest ICMP echo data in one unfragmented frame: 1500 - 20 - 8.
inline constexpr size_t kMaxIcmpData = kMaxUdpPayload;

inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;  ///< RFC 894.
inline constexpr uint16_t kEtherTypeArp = 0x0806;   ///< RFC 826.
inline constexpr uint16_t kArpRequest = 1;          ///< RFC 826 ar$op: ares_op$REQUEST.
inline constexpr uint16_t kArpReply = 2;            ///< RFC 826 ar$op: ares_op$REPLY.
inline constexpr uint8_t kIpProtoIcmp = 1;          ///< RFC 790 protocol numbers.
inline constexpr uint8_t kIpProtoUdp = 17;          ///< RFC 790 protocol numbers.
inline constexpr uint8_t kIcmpEchoReply = 0;        ///< RFC 792 type 0.
inline constexpr uint8_t kIcmpEchoRequest = 8;      ///< RFC 792 type 8.

// ---- The internet checksum (RFC 1071).

/// The internet checksum (RFC 1071): the one's complement sum of 16-bit big-endian words, its
/// carries folded in and the result complemented by finish(). Since the sum may be taken in
/// any grouping (RFC 1071 section 2(A)), it is built piece by piece with add(); pieces may
/// have any length: an odd-length piece leaves its last byte waiting for the first byte of the
/// next, so adding "ab" then "cd" gives the same sum as adding "abcd".
class Checksum {
public:
    /// Adds @p len bytes at @p data.
    void add(const uint8_t* data, size_t len);
    /// Adds one 16-bit value (e.g. a length in the UDP pseudo-header). Call at an even offset.
    void add16(uint16_t v) { m_sum += v; }
    /// The checksum of everything added: the complement of the folded sum. A region that
    /// already holds a correct checksum field sums to 0.
    uint16_t finish() const;

private:
    uint64_t m_sum = 0;
    bool m_odd = false;  // an odd number of bytes added so far: the next byte is a low byte
};

/// The internet checksum of @p len bytes at @p data (RFC 1071).
uint16_t internet_checksum(const uint8_t* data, size_t len);

// ---- Parsing.

/// What a received frame is.
enum class ParseResult : uint8_t {
    Arp,        ///< An Ethernet/IPv4 ARP request or reply (ParsedFrame::arp).
    IcmpEcho,   ///< An ICMP echo request or reply in IPv4 (ParsedFrame::ip and ParsedFrame::icmp).
    Udp,        ///< A UDP datagram in IPv4 (ParsedFrame::ip and ParsedFrame::udp).
    Other,      ///< Well-formed as far as checked, but nothing minnet handles (IPv6, TCP...).
    Malformed,  ///< Breaks a rule of its RFC; ParsedFrame::reason says which.
};

/// The Ethernet header's fields.
struct EthHeader {
    EthernetAddress dst;  ///< Destination MAC.
    EthernetAddress src;  ///< Source MAC.
    uint16_t ethertype;   ///< What follows (kEtherTypeIpv4, kEtherTypeArp...).
};

/// An RFC 826 packet's fields (hardware Ethernet, protocol IPv4: checked by the parser).
struct ArpPacket {
    uint16_t op;                 ///< kArpRequest or kArpReply (others are ParseResult::Other).
    EthernetAddress sender_mac;  ///< ar$sha.
    Ipv4Addr sender_ip;          ///< ar$spa.
    EthernetAddress target_mac;  ///< ar$tha (ignored in requests).
    Ipv4Addr target_ip;          ///< ar$tpa.
};

/// The IPv4 header's fields that minnet uses (RFC 791 section 3.1).
struct Ipv4Header {
    Ipv4Addr src;        ///< Source address.
    Ipv4Addr dst;        ///< Destination address.
    uint8_t protocol;    ///< kIpProtoIcmp, kIpProtoUdp...
    uint8_t ttl;         ///< Time to live.
    uint16_t total_len;  ///< Header and data; bytes of the frame beyond it are padding.
};

/// An ICMP echo request or reply (RFC 792). Its data points into the parsed frame.
struct IcmpEcho {
    uint8_t type;         ///< kIcmpEchoRequest or kIcmpEchoReply.
    uint16_t id;          ///< Identifier.
    uint16_t seq;         ///< Sequence number.
    const uint8_t* data;  ///< The echo data.
    size_t data_len;      ///< Its length.
};

/// A UDP datagram (RFC 768). Its data points into the parsed frame.
struct UdpDatagram {
    uint16_t src_port;    ///< Source port.
    uint16_t dst_port;    ///< Destination port.
    const uint8_t* data;  ///< The payload.
    size_t data_len;      ///< Its length (the UDP length field minus 8).
};

/// Everything parse_frame() found. Only the parts the result names are set.
struct ParsedFrame {
    const char* reason = nullptr;  ///< Why the frame is Malformed (a fixed string), else null.
    EthHeader eth = {};            ///< Always set unless the frame is shorter than 14 bytes.
    ArpPacket arp = {};            ///< Set for Arp.
    Ipv4Header ip = {};            ///< Set for IcmpEcho, Udp (and Other inside IPv4).
    IcmpEcho icmp = {};            ///< Set for IcmpEcho.
    UdpDatagram udp = {};          ///< Set for Udp.
};

/// Classifies the @p len bytes at @p frame (an Ethernet frame without FCS) and decodes its
/// headers into @p out. Reads no byte at or past frame + len. Drops (as Malformed, with a
/// reason) anything that breaks its RFC or that minnet does not accept: ARP for other than
/// Ethernet/IPv4; IPv4 with version != 4, options (IHL != 5), a total length beyond the frame,
/// a bad header checksum, or fragments (MF set or offset != 0: minnet does not reassemble);
/// ICMP with a bad checksum; UDP with a length field outside [8, IPv4 payload] or a bad
/// checksum (a checksum field of 0 means "none", RFC 768, and is accepted).
[[nodiscard]] ParseResult parse_frame(const uint8_t* frame, size_t len, ParsedFrame& out);

// ---- Building. Every builder writes a complete frame at @p buf (room: @p cap bytes), zero
// padded to kMinFrameLen, and returns its length; it returns 0 (writing nothing) if @p cap is
// smaller than the frame or the data is too long. IPv4 headers are 20 bytes, TTL 64, DF set
// and identification 0 (RFC 6864 section 4.1: allowed for datagrams that cannot be fragmented).

/// The addresses of one IPv4 frame.
struct FrameAddrs {
    EthernetAddress src_mac;  ///< Ethernet source (our MAC).
    EthernetAddress dst_mac;  ///< Ethernet destination (the next hop's MAC).
    Ipv4Addr src_ip;          ///< IPv4 source (our address).
    Ipv4Addr dst_ip;          ///< IPv4 destination.
};

/// Length of an ARP frame: 14 + 28, padded to kMinFrameLen.
constexpr size_t arp_frame_len() {
    return kMinFrameLen;
}
/// Length of an ICMP echo frame carrying @p data_len bytes of data.
constexpr size_t icmp_echo_frame_len(size_t data_len) {
    size_t n = kEthHeaderLen + kIpv4HeaderLen + kIcmpHeaderLen + data_len;
    return n < kMinFrameLen ? kMinFrameLen : n;
}
/// Length of a UDP frame carrying @p data_len bytes of payload.
constexpr size_t udp_frame_len(size_t data_len) {
    size_t n = kEthHeaderLen + kIpv4HeaderLen + kUdpHeaderLen + data_len;
    return n < kMinFrameLen ? kMinFrameLen : n;
}

/// Writes an RFC 826 ARP frame: Ethernet to @p eth_dst from @p arp.sender_mac, operation
/// @p arp.op, the addresses of @p arp. Returns the frame length, or 0.
[[nodiscard]] size_t build_arp(uint8_t* buf, size_t cap, const EthernetAddress& eth_dst,
                               const ArpPacket& arp);

/// Writes an ICMP echo frame (RFC 792) of @p type (kIcmpEchoRequest or kIcmpEchoReply) with
/// @p id, @p seq and the @p data_len bytes at @p data (at most kMaxIcmpData), checksums
/// computed. Returns the frame length, or 0.
[[nodiscard]] size_t build_icmp_echo(uint8_t* buf, size_t cap, const FrameAddrs& addrs,
                                     uint8_t type, uint16_t id, uint16_t seq, const uint8_t* data,
                                     size_t data_len);

/// Writes a UDP frame (RFC 768) from @p src_port to @p dst_port with the @p data_len bytes at
/// @p data (at most kMaxUdpPayload). The UDP checksum is always computed (a computed 0 is sent
/// as 0xffff, RFC 768). Returns the frame length, or 0.
[[nodiscard]] size_t build_udp(uint8_t* buf, size_t cap, const FrameAddrs& addrs, uint16_t src_port,
                               uint16_t dst_port, const uint8_t* data, size_t data_len);

}  // namespace minnet
