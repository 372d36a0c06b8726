// minnet/src/wire.cpp: the internet checksum, the frame parser and the frame builders (see
// minnet/wire.h). Hardware-free: the kernel and the host tests (tests/wire_test.cpp) compile
// this same file. Every header offset below is taken from the figure in its RFC.
#include <minnet/wire.h>

#include <cstring>

namespace minnet {
namespace {

// Ethernet II header (RFC 894): destination, source, EtherType.
constexpr size_t kEthDst = 0;
constexpr size_t kEthSrc = 6;
constexpr size_t kEthType = 12;

// RFC 826 "Packet format", for ar$hln = 6 and ar$pln = 4.
constexpr size_t kArpHrd = 0;  // ar$hrd: hardware address space
constexpr size_t kArpPro = 2;  // ar$pro: protocol address space (an EtherType)
constexpr size_t kArpHln = 4;  // ar$hln: bytes of hardware address
constexpr size_t kArpPln = 5;  // ar$pln: bytes of protocol address
constexpr size_t kArpOp = 6;   // ar$op
constexpr size_t kArpSha = 8;
constexpr size_t kArpSpa = 14;
constexpr size_t kArpTha = 18;
constexpr size_t kArpTpa = 24;
constexpr uint16_t kArpHrdEthernet = 1;  // ares_hrd$Ethernet (RFC 826, IANA "Hardware Types")

// RFC 791 section 3.1, "Internet Header Format".
constexpr size_t kIpVersionIhl = 0;
constexpr size_t kIpTotalLen = 2;
constexpr size_t kIpFlagsFragment = 6;  // 3 bits of flags, 13 bits of fragment offset
constexpr size_t kIpTtl = 8;
constexpr size_t kIpProtocol = 9;
constexpr size_t kIpChecksum = 10;
constexpr size_t kIpSrc = 12;
constexpr size_t kIpDst = 16;
constexpr uint16_t kIpFlagDontFragment = 0x4000;
constexpr uint16_t kIpFlagMoreFragments = 0x2000;
constexpr uint16_t kIpFragmentOffset = 0x1fff;
constexpr uint8_t kIpDefaultTtl = 64;  // RFC 1700 "Assigned Numbers": default TTL

// RFC 792, "Echo or Echo Reply Message".
constexpr size_t kIcmpType = 0;
constexpr size_t kIcmpCode = 1;
constexpr size_t kIcmpChecksum = 2;
constexpr size_t kIcmpId = 4;
constexpr size_t kIcmpSeq = 6;

// RFC 768, "Format".
constexpr size_t kUdpSrcPort = 0;
constexpr size_t kUdpDstPort = 2;
constexpr size_t kUdpLength = 4;
constexpr size_t kUdpChecksum = 6;

ParseResult malformed(ParsedFrame& out, const char* why) {
    out.reason = why;
    return ParseResult::Malformed;
}

void read_mac(const uint8_t* p, EthernetAddress& mac) {
    std::memcpy(mac.bytes, p, sizeof(mac.bytes));
}

void read_ip(const uint8_t* p, Ipv4Addr& ip) {
    std::memcpy(ip.bytes, p, sizeof(ip.bytes));
}

// The UDP checksum of the @p len bytes at @p udp (header and data, as they are) with the
// pseudo-header of RFC 768: source, destination, zero, protocol, UDP length.
uint16_t udp_checksum(const Ipv4Addr& src, const Ipv4Addr& dst, const uint8_t* udp, size_t len) {
    Checksum c;
    c.add(src.bytes, 4);
    c.add(dst.bytes, 4);
    c.add16(kIpProtoUdp);
    c.add16(uint16_t(len));
    c.add(udp, len);
    return c.finish();
}

ParseResult parse_arp(const uint8_t* p, size_t len, ParsedFrame& out) {
    if (len < kArpLen) return malformed(out, "ARP: shorter than 28 bytes");
    if (load_be16(p + kArpHrd) != kArpHrdEthernet || p[kArpHln] != 6) {
        return malformed(out, "ARP: hardware is not Ethernet");
    }
    if (load_be16(p + kArpPro) != kEtherTypeIpv4 || p[kArpPln] != 4) {
        return malformed(out, "ARP: protocol is not IPv4");
    }
    out.arp.op = load_be16(p + kArpOp);
    if (out.arp.op != kArpRequest && out.arp.op != kArpReply) return ParseResult::Other;
    read_mac(p + kArpSha, out.arp.sender_mac);
    read_ip(p + kArpSpa, out.arp.sender_ip);
    read_mac(p + kArpTha, out.arp.target_mac);
    read_ip(p + kArpTpa, out.arp.target_ip);
    return ParseResult::Arp;
}

ParseResult parse_icmp(const uint8_t* p, size_t len, ParsedFrame& out) {
    if (len < kIcmpHeaderLen) return malformed(out, "ICMP: shorter than its 8-byte header");
    // RFC 792: the checksum covers the whole ICMP message.
    if (internet_checksum(p, len) != 0) return malformed(out, "ICMP: bad checksum");
    uint8_t type = p[kIcmpType];
    if ((type != kIcmpEchoRequest && type != kIcmpEchoReply) || p[kIcmpCode] != 0) {
        return ParseResult::Other;
    }
    out.icmp = {type, load_be16(p + kIcmpId), load_be16(p + kIcmpSeq), p + kIcmpHeaderLen,
                len - kIcmpHeaderLen};
    return ParseResult::IcmpEcho;
}

ParseResult parse_udp(const uint8_t* p, size_t len, ParsedFrame& out) {
    if (len < kUdpHeaderLen) return malformed(out, "UDP: shorter than its 8-byte header");
    // RFC 768: the length covers header and data. A length past the IPv4 payload is a lie;
    // payload bytes past the length are ignored (RFC 768 is silent on them; Linux does this).
    size_t udp_len = load_be16(p + kUdpLength);
    if (udp_len < kUdpHeaderLen || udp_len > len) {
        return malformed(out, "UDP: length field does not fit the IPv4 payload");
    }
    // RFC 768: "An all zero transmitted checksum value means that the transmitter generated
    // no checksum"; any other value is checked.
    if (load_be16(p + kUdpChecksum) != 0 && udp_checksum(out.ip.src, out.ip.dst, p, udp_len) != 0) {
        return malformed(out, "UDP: bad checksum");
    }
    out.udp = {load_be16(p + kUdpSrcPort), load_be16(p + kUdpDstPort), p + kUdpHeaderLen,
               udp_len - kUdpHeaderLen};
    return ParseResult::Udp;
}

ParseResult parse_ipv4(const uint8_t* p, size_t len, ParsedFrame& out) {
    if (len < kIpv4HeaderLen) return malformed(out, "IPv4: shorter than its 20-byte header");
    if (p[kIpVersionIhl] >> 4 != 4) return malformed(out, "IPv4: version is not 4");
    if ((p[kIpVersionIhl] & 0xf) != 5) {
        return malformed(out, "IPv4: IHL is not 5 (options are not accepted)");
    }
    size_t total = load_be16(p + kIpTotalLen);
    if (total < kIpv4HeaderLen) return malformed(out, "IPv4: total length below 20");
    if (total > len) return malformed(out, "IPv4: total length exceeds the frame");
    // RFC 791 3.1 / RFC 1071: the header, checksum field included, sums to 0.
    if (internet_checksum(p, kIpv4HeaderLen) != 0) {
        return malformed(out, "IPv4: bad header checksum");
    }
    if (load_be16(p + kIpFlagsFragment) & (kIpFlagMoreFragments | kIpFragmentOffset)) {
        return malformed(out, "IPv4: fragment (minnet does not reassemble)");
    }
    read_ip(p + kIpSrc, out.ip.src);
    read_ip(p + kIpDst, out.ip.dst);
    out.ip.protocol = p[kIpProtocol];
    out.ip.ttl = p[kIpTtl];
    out.ip.total_len = uint16_t(total);
    // Bytes of the frame past the total length are Ethernet padding: not part of the datagram.
    const uint8_t* body = p + kIpv4HeaderLen;
    size_t body_len = total - kIpv4HeaderLen;
    if (out.ip.protocol == kIpProtoIcmp) return parse_icmp(body, body_len, out);
    if (out.ip.protocol == kIpProtoUdp) return parse_udp(body, body_len, out);
    return ParseResult::Other;
}

void write_eth(uint8_t* buf, const EthernetAddress& dst, const EthernetAddress& src,
               uint16_t ethertype) {
    std::memcpy(buf + kEthDst, dst.bytes, 6);
    std::memcpy(buf + kEthSrc, src.bytes, 6);
    store_be16(buf + kEthType, ethertype);
}

// Writes the Ethernet header and a 20-byte IPv4 header for @p payload_len bytes of @p protocol;
// returns where the payload goes. The frame must have been zeroed.
uint8_t* write_eth_ipv4(uint8_t* buf, const FrameAddrs& a, uint8_t protocol, size_t payload_len) {
    write_eth(buf, a.dst_mac, a.src_mac, kEtherTypeIpv4);
    uint8_t* ip = buf + kEthHeaderLen;
    ip[kIpVersionIhl] = 0x45;  // version 4, IHL 5 words; TOS and identification stay 0
    store_be16(ip + kIpTotalLen, uint16_t(kIpv4HeaderLen + payload_len));
    store_be16(ip + kIpFlagsFragment, kIpFlagDontFragment);
    ip[kIpTtl] = kIpDefaultTtl;
    ip[kIpProtocol] = protocol;
    std::memcpy(ip + kIpSrc, a.src_ip.bytes, 4);
    std::memcpy(ip + kIpDst, a.dst_ip.bytes, 4);
    store_be16(ip + kIpChecksum, internet_checksum(ip, kIpv4HeaderLen));  // field was 0
    return ip + kIpv4HeaderLen;
}

}  // namespace

bool Ipv4Addr::parse(const char* text, Ipv4Addr& out) {
    if (!text) return false;
    Ipv4Addr a;
    const char* s = text;
    for (int i = 0; i < 4; ++i) {
        if (i > 0 && *s++ != '.') return false;
        unsigned v = 0;
        int digits = 0;
        for (; digits < 3 && *s >= '0' && *s <= '9'; ++digits) v = v * 10 + unsigned(*s++ - '0');
        if (digits == 0 || v > 255) return false;
        a.bytes[i] = uint8_t(v);
    }
    if (*s != '\0') return false;
    out = a;
    return true;
}

void Ipv4Addr::format(char (&out)[16]) const {
    size_t n = 0;
    for (int i = 0; i < 4; ++i) {
        if (i > 0) out[n++] = '.';
        uint8_t v = bytes[i];
        if (v >= 100) out[n++] = char('0' + v / 100);
        if (v >= 10) out[n++] = char('0' + v / 10 % 10);
        out[n++] = char('0' + v % 10);
    }
    out[n] = '\0';
}

void format_mac(const EthernetAddress& mac, char (&out)[18]) {
    constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 6; ++i) {
        out[i * 3] = kHex[mac.bytes[i] >> 4];
        out[i * 3 + 1] = kHex[mac.bytes[i] & 0xf];
        out[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
}

void Checksum::add(const uint8_t* data, size_t len) {
    size_t i = 0;
    if (m_odd && len > 0) {  // completes the word whose high byte the last piece ended with
        m_sum += data[0];
        m_odd = false;
        i = 1;
    }
    for (; i + 1 < len; i += 2) m_sum += load_be16(data + i);
    if (i < len) {  // an odd last byte is the high byte of a word padded with zero
        m_sum += uint32_t(data[i]) << 8;
        m_odd = true;
    }
}

uint16_t Checksum::finish() const {
    uint64_t s = m_sum;
    while (s >> 16) s = (s & 0xffff) + (s >> 16);  // RFC 1071 2(E): deferred carries added
    return uint16_t(~s);
}

uint16_t internet_checksum(const uint8_t* data, size_t len) {
    Checksum c;
    c.add(data, len);
    return c.finish();
}

ParseResult parse_frame(const uint8_t* frame, size_t len, ParsedFrame& out) {
    out = ParsedFrame{};
    if (!frame || len < kEthHeaderLen) {
        return malformed(out, "Ethernet: shorter than its 14-byte header");
    }
    read_mac(frame + kEthDst, out.eth.dst);
    read_mac(frame + kEthSrc, out.eth.src);
    out.eth.ethertype = load_be16(frame + kEthType);
    const uint8_t* payload = frame + kEthHeaderLen;
    size_t payload_len = len - kEthHeaderLen;
    if (out.eth.ethertype == kEtherTypeArp) return parse_arp(payload, payload_len, out);
    if (out.eth.ethertype == kEtherTypeIpv4) return parse_ipv4(payload, payload_len, out);
    return ParseResult::Other;
}

size_t build_arp(uint8_t* buf, size_t cap, const EthernetAddress& eth_dst, const ArpPacket& arp) {
    size_t len = arp_frame_len();
    if (!buf || cap < len) return 0;
    std::memset(buf, 0, len);
    write_eth(buf, eth_dst, arp.sender_mac, kEtherTypeArp);
    uint8_t* p = buf + kEthHeaderLen;
    store_be16(p + kArpHrd, kArpHrdEthernet);
    store_be16(p + kArpPro, kEtherTypeIpv4);
    p[kArpHln] = 6;
    p[kArpPln] = 4;
    store_be16(p + kArpOp, arp.op);
    std::memcpy(p + kArpSha, arp.sender_mac.bytes, 6);
    std::memcpy(p + kArpSpa, arp.sender_ip.bytes, 4);
    std::memcpy(p + kArpTha, arp.target_mac.bytes, 6);
    std::memcpy(p + kArpTpa, arp.target_ip.bytes, 4);
    return len;
}

size_t build_icmp_echo(uint8_t* buf, size_t cap, const FrameAddrs& addrs, uint8_t type, uint16_t id,
                       uint16_t seq, const uint8_t* data, size_t data_len) {
    if (data_len > kMaxIcmpData || (data_len > 0 && !data)) return 0;
    size_t len = icmp_echo_frame_len(data_len);
    if (!buf || cap < len) return 0;
    std::memset(buf, 0, len);
    size_t icmp_len = kIcmpHeaderLen + data_len;
    uint8_t* icmp = write_eth_ipv4(buf, addrs, kIpProtoIcmp, icmp_len);
    icmp[kIcmpType] = type;  // code 0
    store_be16(icmp + kIcmpId, id);
    store_be16(icmp + kIcmpSeq, seq);
    if (data_len > 0) std::memcpy(icmp + kIcmpHeaderLen, data, data_len);
    store_be16(icmp + kIcmpChecksum, internet_checksum(icmp, icmp_len));  // field was 0
    return len;
}

size_t build_udp(uint8_t* buf, size_t cap, const FrameAddrs& addrs, uint16_t src_port,
                 uint16_t dst_port, const uint8_t* data, size_t data_len) {
    if (data_len > kMaxUdpPayload || (data_len > 0 && !data)) return 0;
    size_t len = udp_frame_len(data_len);
    if (!buf || cap < len) return 0;
    std::memset(buf, 0, len);
    size_t udp_len = kUdpHeaderLen + data_len;
    uint8_t* udp = write_eth_ipv4(buf, addrs, kIpProtoUdp, udp_len);
    store_be16(udp + kUdpSrcPort, src_port);
    store_be16(udp + kUdpDstPort, dst_port);
    store_be16(udp + kUdpLength, uint16_t(udp_len));
    if (data_len > 0) std::memcpy(udp + kUdpHeaderLen, data, data_len);
    uint16_t sum = udp_checksum(addrs.src_ip, addrs.dst_ip, udp, udp_len);  // field was 0
    // RFC 768: a computed checksum of 0 is sent as all ones (0 would mean "no checksum").
    store_be16(udp + kUdpChecksum, sum == 0 ? 0xffff : sum);
    return len;
}

}  // namespace minnet
