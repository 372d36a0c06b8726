// ch03-virtio-net/exercises/exercises_test.cpp: the tests of chapter 3's exercises (label
// ch03-exercise). They fail on the pristine tree and pass once the exercise is solved.
#include <minnet/interface.h>

#include <catch2/catch_test_macros.hpp>

#include "../minnet/tests/test_net.h"

#include "../minnet/tests/fake_wire.h"

#include <cstring>

using namespace minnet;
using minnet_test::Bytes;
using minnet_test::FakeWire;
using minnet_test::HostPool;

using namespace minnet_test;

namespace {

uint64_t g_now = 1000 * kMs;
FakeWire* g_wire;
uint64_t fake_now() {
    return g_now;
}
// While resolve() waits: time passes, and the gateway answers every ARP request it sees.
size_t g_answered;
void fake_idle() {
    g_now += kMs;
    for (; g_answered < g_wire->sent.size(); ++g_answered) {
        ParsedFrame f;
        const Bytes& s = g_wire->sent[g_answered];
        if (parse_frame(s.data(), s.size(), f) == ParseResult::Arp && f.arp.op == kArpRequest &&
            f.arp.target_ip == kGw) {
            Bytes reply(kMinFrameLen);
            REQUIRE(build_arp(reply.data(), reply.size(), kUsMac,
                              ArpPacket{kArpReply, kGwMac, kGw, kUsMac, kUs}) != 0);
            REQUIRE(g_wire->inject(reply));
        }
    }
}

struct Rig {
    HostPool rx{32};
    HostPool tx{32};
    FakeWire wire{tx.pool, kUsMac, 16, 16};
    Interface net{wire, rx.pool, {kUsMac, kUs, kGw}, {fake_now, fake_idle}};
    Rig() {
        g_wire = &wire;
        g_answered = 0;
        REQUIRE(net.start().ok());
    }
};

uint16_t be16(const uint8_t* p) {
    return uint16_t(p[0] << 8 | p[1]);
}

}  // namespace

namespace {

// Checks that @p out is an ICMP port unreachable for the UDP datagram in @p frame, sent from the
// gateway to us. How much of the datagram it quotes is the sender's choice within the RFCs:
// RFC 1122 section 3.2.2 asks for the IP header and at least the first 8 bytes of its data;
// RFC 1812 section 4.3.2.3 and Linux quote as much as fits in 576 bytes. Any quote is right
// if it is a prefix of the original datagram, at least 28 bytes long, and inside the frame.
void check_port_unreachable(const Bytes& frame, const Bytes& out) {
    const uint8_t* orig = &frame[14];
    const size_t orig_len = be16(orig + 2);
    REQUIRE(out.size() >= 14 + 20 + 8 + 28);
    CHECK(std::memcmp(out.data(), kGwMac.bytes, 6) == 0);  // back to the sender
    CHECK(be16(&out[12]) == 0x0800);
    const uint8_t* ip = &out[14];
    CHECK(ip[0] == 0x45);  // IPv4, no options
    CHECK(ip[9] == 1);     // ICMP
    CHECK(std::memcmp(ip + 12, kUs.bytes, 4) == 0);
    CHECK(std::memcmp(ip + 16, kGw.bytes, 4) == 0);
    const size_t total = be16(ip + 2);
    REQUIRE(total >= 20 + 8 + 28);
    REQUIRE(out.size() >= 14 + total);  // the IPv4 length stays inside the frame
    CHECK(total <= 1500);               // and inside one Ethernet MTU
    const uint8_t* icmp = ip + 20;
    CHECK(icmp[0] == 3);         // destination unreachable
    CHECK(icmp[1] == 3);         // port unreachable
    CHECK(be16(icmp + 4) == 0);  // RFC 792: "unused", zero
    CHECK(be16(icmp + 6) == 0);
    const size_t quoted = total - 20 - 8;
    CAPTURE(orig_len, quoted);
    CHECK(quoted >= 20 + 8);    // the IPv4 header and the whole UDP header, ports included
    CHECK(quoted <= orig_len);  // nothing beyond the datagram (no padding, no other bytes)
    CHECK(std::memcmp(icmp + 8, orig, quoted) == 0);  // its own first bytes
    // And the whole thing parses as a valid IPv4 packet with a correct ICMP checksum.
    Checksum ip_sum, icmp_sum;
    ip_sum.add(ip, 20);
    icmp_sum.add(icmp, total - 20);
    CHECK(ip_sum.finish() == 0);
    CHECK(icmp_sum.finish() == 0);
}

}  // namespace

TEST_CASE("exercise 1: UDP to an unbound port is answered with ICMP port unreachable",
          "[port_unreachable]") {
    Rig r;
    FrameAddrs from_gw{kGwMac, kUsMac, kGw, kUs};
    // A short datagram (38 bytes: a quote may hold all of it) and a long one (1028 bytes).
    for (size_t payload_len : {size_t(10), size_t(1000)}) {
        CAPTURE(payload_len);
        Bytes payload(payload_len);
        for (size_t i = 0; i < payload_len; ++i) payload[i] = uint8_t('a' + i % 26);
        Bytes frame(udp_frame_len(payload.size()));
        REQUIRE(build_udp(frame.data(), frame.size(), from_gw, 4242, 9999, payload.data(),
                          payload.size()) != 0);
        size_t before = r.wire.sent.size();
        REQUIRE(r.wire.inject(frame));
        r.net.poll();
        REQUIRE(r.wire.sent.size() == before + 1);
        check_port_unreachable(frame, r.wire.sent.back());
    }
    CHECK(r.net.stats().rx_udp_no_port == 2);
    // Never in answer to a broadcast (RFC 1122 3.2.2): no reply for a datagram to 255.255.255.255.
    Bytes payload(10, 'x');
    Bytes bcast(udp_frame_len(payload.size()));
    FrameAddrs to_all{kGwMac, kBroadcastMac, kGw, Ipv4Addr{{255, 255, 255, 255}}};
    REQUIRE(build_udp(bcast.data(), bcast.size(), to_all, 4242, 9999, payload.data(),
                      payload.size()) != 0);
    size_t before = r.wire.sent.size();
    REQUIRE(r.wire.inject(bcast));
    r.net.poll();
    CHECK(r.wire.sent.size() == before);
}

TEST_CASE("exercise 2: ARP cache entries expire after 60 seconds", "[arp_expiry]") {
    Rig r;
    REQUIRE(r.net.resolve(kGw, 1000 * kMs).ok());
    size_t requests = r.net.stats().arp_requests_sent;
    CHECK(requests == 1);
    g_now += 59'000 * kMs;
    REQUIRE(r.net.resolve(kGw, 1000 * kMs).ok());  // still fresh: from the cache
    CHECK(r.net.stats().arp_requests_sent == requests);
    g_now += 2'000 * kMs;                          // 61 s after it was learnt
    REQUIRE(r.net.resolve(kGw, 1000 * kMs).ok());  // stale: asked again, answered
    CHECK(r.net.stats().arp_requests_sent == requests + 1);
    REQUIRE(r.net.resolve(kGw, 1000 * kMs).ok());  // and fresh again
    CHECK(r.net.stats().arp_requests_sent == requests + 1);
}
