// minnet/tests/wire_test.cpp: host tests of minnet's wire formats: the internet checksum
// against RFC 1071's example and known headers, parse_frame() on hand-made frames (checksums
// from an independent implementation), every malformed case, and build_* -> parse round trips.
// Every parse runs on an exact-size heap copy, so a read past `len` is caught by ASan.
#include <minnet/wire.h>

#include <catch2/catch_test_macros.hpp>

#include "test_net.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace minnet;
using Bytes = std::vector<uint8_t>;

using namespace minnet_test;

namespace {

Bytes from_hex(const std::string& hex) {
    Bytes b;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        b.push_back(uint8_t(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return b;
}

// Hand-made frames; checksums computed by tools/pcap_check.py's csum(), not by minnet.
// 10.0.2.2 (52:55:0a:00:02:02) asks who has 10.0.2.15: 42 bytes, unpadded.
const Bytes kArpFrame = from_hex(
    "ffffffffffff52550a0002020806000108000604000152550a0002020a000202"
    "0000000000000a00020f");
// Echo request 10.0.2.2 -> 10.0.2.15 (52:54:00:12:34:56), id 0x1234, seq 1, 24 bytes 0x20..0x37.
const Bytes kIcmpFrame = from_hex(
    "52540012345652550a0002020800450000341c464000400106730a0002020a00"
    "020f0800dfb812340001202122232425262728292a2b2c2d2e2f303132333435"
    "3637");
// UDP 10.0.2.2:40000 -> 10.0.2.15:5555, "hello, minnet!", UDP checksum 0x855d.
const Bytes kUdpFrame = from_hex(
    "52540012345652550a00020208004500002a1c4640004011066d0a0002020a00"
    "020f9c4015b30016855d68656c6c6f2c206d696e6e657421");

// The first @p len bytes of @p frame in a heap block of exactly @p len bytes.
struct HeapFrame {
    HeapFrame(const Bytes& frame, size_t len) : bytes(new uint8_t[len]), len(len) {
        std::memcpy(bytes.get(), frame.data(), len);
    }
    ParseResult parse(ParsedFrame& out) const { return parse_frame(bytes.get(), len, out); }
    std::unique_ptr<uint8_t[]> bytes;
    size_t len;
};

ParseResult parse(const Bytes& frame, ParsedFrame& out) {
    static std::unique_ptr<HeapFrame> keep;  // the last frame: ParsedFrame points into it
    keep = std::make_unique<HeapFrame>(frame, frame.size());
    return keep->parse(out);
}

// A frame of @p frame with the IPv4 header checksum recomputed (after a test changed it).
Bytes fix_ip_checksum(Bytes f) {
    f[24] = f[25] = 0;
    uint16_t c = internet_checksum(&f[14], 20);
    f[24] = uint8_t(c >> 8);
    f[25] = uint8_t(c);
    return f;
}

// Expects @p frame to be Malformed with a reason containing @p why.
void expect_malformed(const Bytes& frame, const char* why) {
    ParsedFrame f;
    REQUIRE(parse(frame, f) == ParseResult::Malformed);
    REQUIRE(f.reason != nullptr);
    INFO("reason: " << f.reason);
    CHECK(std::string(f.reason).find(why) != std::string::npos);
}

}  // namespace

TEST_CASE("checksum: the numerical example of RFC 1071 section 3") {
    const uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    // The sum with carries folded is 0xddf2; the checksum is its complement.
    CHECK(internet_checksum(data, sizeof(data)) == uint16_t(~0xddf2));
}

TEST_CASE("checksum: a known IPv4 header verifies and recomputes") {
    // The header of a captured datagram, checksum field 0xb861.
    Bytes h = from_hex("45000073000040004011b861c0a80001c0a800c7");
    CHECK(internet_checksum(h.data(), h.size()) == 0);
    h[10] = h[11] = 0;
    CHECK(internet_checksum(h.data(), h.size()) == 0xb861);
}

TEST_CASE("checksum: an odd length pads with a zero byte; pieces of any length add up") {
    const uint8_t odd[] = {0x12, 0x34, 0x56};
    const uint8_t even[] = {0x12, 0x34, 0x56, 0x00};
    CHECK(internet_checksum(odd, 3) == internet_checksum(even, 4));
    CHECK(internet_checksum(nullptr, 0) == 0xffff);

    std::mt19937 rng(7);
    Bytes data(301);
    for (auto& b : data) b = uint8_t(rng());
    uint16_t whole = internet_checksum(data.data(), data.size());
    for (size_t a = 0; a <= data.size(); a += 7) {
        for (size_t b = a; b <= data.size(); b += 13) {
            Checksum c;
            c.add(data.data(), a);
            c.add(data.data() + a, b - a);
            c.add(data.data() + b, data.size() - b);
            REQUIRE(c.finish() == whole);
        }
    }
}

TEST_CASE("Ipv4Addr: parse and format") {
    Ipv4Addr a;
    REQUIRE(Ipv4Addr::parse("10.0.2.15", a));
    CHECK(a == kUs);
    REQUIRE(Ipv4Addr::parse("255.255.255.255", a));
    CHECK(a == Ipv4Addr{{255, 255, 255, 255}});
    char text[16];
    Ipv4Addr{{192, 168, 100, 7}}.format(text);
    CHECK(std::string(text) == "192.168.100.7");
    Ipv4Addr{{0, 0, 0, 0}}.format(text);
    CHECK(std::string(text) == "0.0.0.0");

    Ipv4Addr untouched{{1, 2, 3, 4}};
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "1..2.3",
                            "1.2.3.", "1234.1.1.1", "a.b.c.d", "1.2.3.-4"}) {
        INFO(bad);
        CHECK_FALSE(Ipv4Addr::parse(bad, untouched));
    }
    CHECK_FALSE(Ipv4Addr::parse(nullptr, untouched));
    CHECK(untouched == Ipv4Addr{{1, 2, 3, 4}});
}

TEST_CASE("format_mac") {
    char text[18];
    format_mac(kGwMac, text);
    CHECK(std::string(text) == "52:55:0a:00:02:02");
}

TEST_CASE("parse: an ARP request") {
    ParsedFrame f;
    REQUIRE(parse(kArpFrame, f) == ParseResult::Arp);
    CHECK(f.reason == nullptr);
    CHECK(f.eth.dst == kBroadcastMac);
    CHECK(f.eth.src == kGwMac);
    CHECK(f.eth.ethertype == kEtherTypeArp);
    CHECK(f.arp.op == kArpRequest);
    CHECK(f.arp.sender_mac == kGwMac);
    CHECK(f.arp.sender_ip == kGw);
    CHECK(f.arp.target_mac == EthernetAddress{});
    CHECK(f.arp.target_ip == kUs);
}

TEST_CASE("parse: an ICMP echo request") {
    ParsedFrame f;
    REQUIRE(parse(kIcmpFrame, f) == ParseResult::IcmpEcho);
    CHECK(f.eth.dst == kUsMac);
    CHECK(f.ip.src == kGw);
    CHECK(f.ip.dst == kUs);
    CHECK(f.ip.protocol == kIpProtoIcmp);
    CHECK(f.ip.ttl == 64);
    CHECK(f.ip.total_len == 52);
    CHECK(f.icmp.type == kIcmpEchoRequest);
    CHECK(f.icmp.id == 0x1234);
    CHECK(f.icmp.seq == 1);
    REQUIRE(f.icmp.data_len == 24);
    for (size_t i = 0; i < 24; ++i) CHECK(size_t(f.icmp.data[i]) == 0x20 + i);
}

TEST_CASE("parse: a UDP datagram, with and without a checksum, padded or not") {
    ParsedFrame f;
    REQUIRE(parse(kUdpFrame, f) == ParseResult::Udp);
    CHECK(f.ip.src == kGw);
    CHECK(f.ip.dst == kUs);
    CHECK(f.udp.src_port == 40000);
    CHECK(f.udp.dst_port == 5555);
    CHECK(std::string(reinterpret_cast<const char*>(f.udp.data), f.udp.data_len) ==
          "hello, minnet!");

    Bytes no_sum = kUdpFrame;  // RFC 768: checksum 0 = none computed
    no_sum[40] = no_sum[41] = 0;
    REQUIRE(parse(no_sum, f) == ParseResult::Udp);
    CHECK(f.udp.data_len == 14);

    Bytes padded = kUdpFrame;  // Ethernet padding past the IPv4 total length is not data
    padded.resize(60, 0xee);
    REQUIRE(parse(padded, f) == ParseResult::Udp);
    CHECK(f.udp.data_len == 14);
}

TEST_CASE("parse: well-formed frames minnet does not handle are Other") {
    ParsedFrame f;
    Bytes ipv6 = kUdpFrame;
    ipv6[12] = 0x86;
    ipv6[13] = 0xdd;
    CHECK(parse(ipv6, f) == ParseResult::Other);

    Bytes tcp = kUdpFrame;  // protocol 6, header checksum fixed
    tcp[23] = 6;
    CHECK(parse(fix_ip_checksum(tcp), f) == ParseResult::Other);

    Bytes unreachable = kIcmpFrame;  // type 3 code 3, ICMP checksum fixed
    unreachable[34] = 3;
    unreachable[35] = 3;
    unreachable[36] = unreachable[37] = 0;
    uint16_t c = internet_checksum(&unreachable[34], unreachable.size() - 34);
    unreachable[36] = uint8_t(c >> 8);
    unreachable[37] = uint8_t(c);
    CHECK(parse(unreachable, f) == ParseResult::Other);

    Bytes rarp = kArpFrame;  // ar$op 3 (RARP request)
    rarp[21] = 3;
    CHECK(parse(rarp, f) == ParseResult::Other);
}

TEST_CASE("malformed: every truncation of every valid frame, read on an exact-size copy") {
    for (const Bytes* frame : {&kArpFrame, &kIcmpFrame, &kUdpFrame}) {
        for (size_t len = 0; len < frame->size(); ++len) {
            HeapFrame h(*frame, len);
            ParsedFrame f;
            INFO("frame of " << frame->size() << " bytes cut to " << len);
            REQUIRE(h.parse(f) == ParseResult::Malformed);
            REQUIRE(f.reason != nullptr);
        }
    }
    ParsedFrame f;
    CHECK(parse_frame(nullptr, 0, f) == ParseResult::Malformed);
}

TEST_CASE("malformed: each broken rule, with its reason") {
    expect_malformed(Bytes(13, 0), "Ethernet");

    Bytes arp = kArpFrame;
    arp[15] = 6;  // ar$hrd 6 (IEEE 802)
    expect_malformed(arp, "hardware");
    arp = kArpFrame;
    arp[18] = 8;  // ar$hln 8
    expect_malformed(arp, "hardware");
    arp = kArpFrame;
    arp[16] = 0x86;  // ar$pro 0x86dd (IPv6)
    arp[17] = 0xdd;
    expect_malformed(arp, "protocol");
    arp = kArpFrame;
    arp[19] = 16;  // ar$pln 16
    expect_malformed(arp, "protocol");

    Bytes ip = kUdpFrame;
    ip[25] ^= 1;
    expect_malformed(ip, "header checksum");
    ip = kUdpFrame;
    ip[14] = 0x65;  // version 6
    expect_malformed(fix_ip_checksum(ip), "version");
    ip = kUdpFrame;
    ip[14] = 0x46;  // IHL 6: options
    expect_malformed(fix_ip_checksum(ip), "IHL");
    ip = kUdpFrame;
    ip[14] = 0x44;  // IHL 4: shorter than the header itself
    expect_malformed(fix_ip_checksum(ip), "IHL");
    ip = kUdpFrame;
    ip[17] += 1;  // total length one past the frame
    expect_malformed(fix_ip_checksum(ip), "total length exceeds");
    ip = kUdpFrame;
    ip[16] = 0;
    ip[17] = 19;  // total length below the header
    expect_malformed(fix_ip_checksum(ip), "total length below");
    ip = kUdpFrame;
    ip[20] = 0x20;  // MF: the first fragment
    expect_malformed(fix_ip_checksum(ip), "fragment");
    ip = kUdpFrame;
    ip[20] = 0x40;
    ip[21] = 0x01;  // DF with offset 8: nonsense, and a fragment all the same
    expect_malformed(fix_ip_checksum(ip), "fragment");

    Bytes udp = kUdpFrame;
    udp[39] += 1;  // UDP length past the IPv4 payload
    expect_malformed(udp, "UDP: length");
    udp = kUdpFrame;
    udp[38] = 0;
    udp[39] = 7;  // UDP length below its header
    expect_malformed(udp, "UDP: length");
    udp = kUdpFrame;
    udp[50] ^= 0x20;  // a payload bit flipped
    expect_malformed(udp, "UDP: bad checksum");
    udp = kUdpFrame;  // an IPv4 payload too short for a UDP header
    udp[16] = 0;
    udp[17] = 27;
    expect_malformed(fix_ip_checksum(udp), "UDP: shorter");

    Bytes icmp = kIcmpFrame;
    icmp[45] ^= 1;
    expect_malformed(icmp, "ICMP: bad checksum");
    icmp = kIcmpFrame;  // an IPv4 payload too short for an ICMP header
    icmp[16] = 0;
    icmp[17] = 27;
    expect_malformed(fix_ip_checksum(icmp), "ICMP: shorter");
}

TEST_CASE("malformed: random damage never crashes nor reads past the frame") {
    std::mt19937 rng(2024);
    size_t counts[5] = {};
    for (int i = 0; i < 200000; ++i) {
        const Bytes& base = i % 3 == 0 ? kArpFrame : i % 3 == 1 ? kIcmpFrame : kUdpFrame;
        Bytes f = base;
        for (int flips = 1 + int(rng() % 3); flips > 0; --flips) {
            f[rng() % f.size()] = uint8_t(rng());
        }
        if (rng() % 2) f = fix_ip_checksum(f);  // so damage gets past the header checksum
        size_t len = rng() % 4 == 0 ? rng() % (f.size() + 1) : f.size();
        HeapFrame h(f, len);
        ParsedFrame out;
        ParseResult r = h.parse(out);
        ++counts[size_t(r)];
        REQUIRE((r == ParseResult::Malformed) == (out.reason != nullptr));
        if (r == ParseResult::Udp) {  // whatever was accepted lies inside the frame
            REQUIRE(out.udp.data >= h.bytes.get());
            REQUIRE(out.udp.data + out.udp.data_len <= h.bytes.get() + len);
        }
        if (r == ParseResult::IcmpEcho) {
            REQUIRE(out.icmp.data >= h.bytes.get());
            REQUIRE(out.icmp.data + out.icmp.data_len <= h.bytes.get() + len);
        }
    }
    CHECK(counts[size_t(ParseResult::Malformed)] > 0);
    CHECK(counts[size_t(ParseResult::Udp)] > 0);
}

TEST_CASE("build_arp -> parse") {
    uint8_t buf[kMinFrameLen];
    ArpPacket reply{kArpReply, kUsMac, kUs, kGwMac, kGw};
    REQUIRE(build_arp(buf, sizeof(buf), kGwMac, reply) == 60);
    ParsedFrame f;
    REQUIRE(parse(Bytes(buf, buf + 60), f) == ParseResult::Arp);
    CHECK(f.eth.dst == kGwMac);
    CHECK(f.eth.src == kUsMac);
    CHECK(f.arp.op == kArpReply);
    CHECK(f.arp.sender_mac == kUsMac);
    CHECK(f.arp.sender_ip == kUs);
    CHECK(f.arp.target_mac == kGwMac);
    CHECK(f.arp.target_ip == kGw);
    for (size_t i = 42; i < 60; ++i) CHECK(buf[i] == 0);  // padding
    CHECK(build_arp(buf, 59, kGwMac, reply) == 0);
}

TEST_CASE("build_icmp_echo -> parse, for data lengths 0 to the maximum") {
    FrameAddrs a{kUsMac, kGwMac, kUs, kGw};
    std::vector<uint8_t> buf(kMaxFrameLen + 1), data(kMaxIcmpData + 1);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 7);
    for (size_t n : {size_t(0), size_t(1), size_t(17), size_t(18), size_t(56), kMaxIcmpData}) {
        INFO("data length " << n);
        size_t len =
            build_icmp_echo(buf.data(), buf.size(), a, kIcmpEchoReply, 0xbeef, 42, data.data(), n);
        REQUIRE(len == icmp_echo_frame_len(n));
        REQUIRE(len >= kMinFrameLen);
        ParsedFrame f;
        REQUIRE(parse(Bytes(buf.begin(), buf.begin() + len), f) == ParseResult::IcmpEcho);
        CHECK(f.eth.dst == kGwMac);
        CHECK(f.ip.src == kUs);
        CHECK(f.ip.dst == kGw);
        CHECK(f.icmp.type == kIcmpEchoReply);
        CHECK(f.icmp.id == 0xbeef);
        CHECK(f.icmp.seq == 42);
        REQUIRE(f.icmp.data_len == n);
        CHECK(std::memcmp(f.icmp.data, data.data(), n) == 0);
    }
    CHECK(build_icmp_echo(buf.data(), buf.size(), a, kIcmpEchoRequest, 1, 1, data.data(),
                          kMaxIcmpData + 1) == 0);
    CHECK(build_icmp_echo(buf.data(), 59, a, kIcmpEchoRequest, 1, 1, data.data(), 0) == 0);
}

TEST_CASE("build_udp -> parse, for every payload length 0 to 1472") {
    FrameAddrs a{kUsMac, kGwMac, kUs, Ipv4Addr{{192, 168, 1, 9}}};
    std::vector<uint8_t> buf(kMaxFrameLen), data(kMaxUdpPayload + 1);
    std::mt19937 rng(99);
    for (auto& b : data) b = uint8_t(rng());
    for (size_t n = 0; n <= kMaxUdpPayload; ++n) {
        size_t len = build_udp(buf.data(), buf.size(), a, 5555, 40000, data.data(), n);
        REQUIRE(len == udp_frame_len(n));
        ParsedFrame f;
        REQUIRE(parse(Bytes(buf.begin(), buf.begin() + len), f) == ParseResult::Udp);
        REQUIRE(f.ip.dst == a.dst_ip);
        REQUIRE(f.udp.src_port == 5555);
        REQUIRE(f.udp.dst_port == 40000);
        REQUIRE(f.udp.data_len == n);
        REQUIRE(std::memcmp(f.udp.data, data.data(), n) == 0);
        REQUIRE(load_be16(&buf[40]) != 0);  // always computed on send
    }
    CHECK(build_udp(buf.data(), buf.size(), a, 1, 2, data.data(), kMaxUdpPayload + 1) == 0);
    CHECK(build_udp(buf.data(), 60 - 1, a, 1, 2, data.data(), 0) == 0);
    CHECK(build_udp(buf.data(), buf.size(), a, 1, 2, nullptr, 5) == 0);
}

TEST_CASE("build_udp: a computed checksum of 0 is sent as 0xffff (RFC 768)") {
    FrameAddrs a{kUsMac, kGwMac, kUs, kGw};
    uint8_t buf[kMinFrameLen];
    bool found = false;
    // Some 2-byte payload makes the computed checksum 0. (A computed 0xffff is impossible: the
    // pseudo-header is not all zeros, so the sum never folds to 0.)
    for (uint32_t v = 0; v <= 0xffff && !found; ++v) {
        uint8_t data[2] = {uint8_t(v >> 8), uint8_t(v)};
        REQUIRE(build_udp(buf, sizeof(buf), a, 7, 7, data, 2) == kMinFrameLen);
        if (load_be16(&buf[40]) != 0xffff) continue;
        found = true;
        ParsedFrame f;
        REQUIRE(parse(Bytes(buf, buf + sizeof(buf)), f) == ParseResult::Udp);
        CHECK(f.udp.data_len == 2);
    }
    CHECK(found);
}
