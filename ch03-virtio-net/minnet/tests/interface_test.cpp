// minnet/tests/interface_test.cpp: host tests of minnet::Interface over FakeWire (fake_wire.h),
// a NetDriverOps test double that keeps the driver's buffer ownership contract:
// ARP answers and the cache, resolve() and ping() against a peer played from Env::idle with a
// fake clock, echo replies, UDP both ways, the transmit retry path, and buffer accounting
// under malformed frames and a 10,000-frame flood.
#include <minnet/interface.h>

#include <catch2/catch_test_macros.hpp>

#include "test_net.h"

#include "fake_wire.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

using namespace minnet;
using minnet_test::Bytes;
using minnet_test::FakeWire;
using minnet_test::HostPool;

using namespace minnet_test;

namespace {

// The fake clock and idle: each idle() is one millisecond, then the test's callback.
uint64_t g_now = 0;
std::function<void()> g_on_idle;
uint64_t fake_now() {
    return g_now;
}
void fake_idle() {
    g_now += kMs;
    if (g_on_idle) g_on_idle();
}

// Frames a peer sends us.
Bytes arp(uint16_t op, const EthernetAddress& eth_dst, const EthernetAddress& smac, Ipv4Addr sip,
          const EthernetAddress& tmac, Ipv4Addr tip) {
    Bytes f(kMinFrameLen);
    REQUIRE(build_arp(f.data(), f.size(), eth_dst, ArpPacket{op, smac, sip, tmac, tip}) != 0);
    return f;
}
Bytes udp(const FrameAddrs& a, uint16_t sport, uint16_t dport, const Bytes& data) {
    Bytes f(udp_frame_len(data.size()));
    REQUIRE(build_udp(f.data(), f.size(), a, sport, dport, data.data(), data.size()) != 0);
    return f;
}
Bytes icmp(const FrameAddrs& a, uint8_t type, uint16_t id, uint16_t seq, const Bytes& data) {
    Bytes f(icmp_echo_frame_len(data.size()));
    REQUIRE(build_icmp_echo(f.data(), f.size(), a, type, id, seq, data.data(), data.size()) != 0);
    return f;
}
const FrameAddrs kFromGw{kGwMac, kUsMac, kGw, kUs};

ParsedFrame parsed(const Bytes& frame, ParseResult expect) {
    ParsedFrame f;
    REQUIRE(parse_frame(frame.data(), frame.size(), f) == expect);
    return f;
}

// An interface on a FakeWire: 16-entry queues, 32-buffer pools.
struct Rig {
    static constexpr size_t kQueue = 16;
    static constexpr size_t kPoolSize = 32;
    HostPool rx{kPoolSize};
    HostPool tx{kPoolSize};
    FakeWire wire{tx.pool, kUsMac, kQueue, kQueue};
    Interface net{wire, rx.pool, {kUsMac, kUs, kGw}, {fake_now, fake_idle}};
    size_t answered = 0;  // frames of `sent` the peer has looked at

    Rig() {
        g_now = 1000 * kMs;
        g_on_idle = nullptr;
        REQUIRE(net.start().ok());
    }
    ~Rig() { g_on_idle = nullptr; }

    void deliver(const Bytes& frame) {
        REQUIRE(wire.inject(frame));
        net.poll();
    }
    // The peers: kGw answers ARP (and pings, from any address behind it), kPeer answers ARP.
    void play_peers(bool answer_arp = true, bool answer_echo = true) {
        for (; answered < wire.sent.size(); ++answered) {
            ParsedFrame f;
            const Bytes& s = wire.sent[answered];
            ParseResult r = parse_frame(s.data(), s.size(), f);
            if (r == ParseResult::Arp && f.arp.op == kArpRequest && answer_arp) {
                bool gw = f.arp.target_ip == kGw;
                if (!gw && !(f.arp.target_ip == kPeer)) continue;
                EthernetAddress mac = gw ? kGwMac : kPeerMac;
                REQUIRE(wire.inject(arp(kArpReply, kUsMac, mac, f.arp.target_ip, kUsMac, kUs)));
            } else if (r == ParseResult::IcmpEcho && f.icmp.type == kIcmpEchoRequest &&
                       answer_echo) {
                FrameAddrs back{f.eth.dst, kUsMac, f.ip.dst, kUs};
                Bytes data(f.icmp.data, f.icmp.data + f.icmp.data_len);
                REQUIRE(wire.inject(icmp(back, kIcmpEchoReply, f.icmp.id, f.icmp.seq, data)));
            }
        }
    }
    // Every buffer is where it should be once nothing is pending.
    void check_no_leak() {
        net.poll();
        CHECK(wire.violations == 0);
        CHECK(wire.filled.empty());
        CHECK(wire.posted.size() + rx.pool.available() == kPoolSize);
        CHECK(wire.in_flight.empty());
        CHECK(tx.pool.available() == kPoolSize);
        const Interface::Stats& s = net.stats();
        CHECK(s.rx_frames == s.rx_arp + s.rx_icmp + s.rx_udp + s.rx_other + s.rx_dropped_malformed +
                                 s.rx_dropped_not_for_us);
    }
};

}  // namespace

TEST_CASE("start posts a receive queue's worth of buffers, and no more") {
    Rig r;
    CHECK(r.wire.posted.size() == Rig::kQueue);
    CHECK(r.rx.pool.available() == Rig::kPoolSize - Rig::kQueue);
    REQUIRE(r.net.start().ok());  // the queue is full: nothing more taken
    CHECK(r.rx.pool.available() == Rig::kPoolSize - Rig::kQueue);
    CHECK(r.net.config().ip == kUs);
    r.check_no_leak();
}

TEST_CASE("an ARP request for our IP is answered (RFC 826) and its sender learnt") {
    Rig r;
    r.deliver(arp(kArpRequest, kBroadcastMac, kGwMac, kGw, EthernetAddress{}, kUs));
    REQUIRE(r.wire.sent.size() == 1);
    ParsedFrame f = parsed(r.wire.sent[0], ParseResult::Arp);
    CHECK(f.eth.dst == kGwMac);
    CHECK(f.eth.src == kUsMac);
    CHECK(f.arp.op == kArpReply);
    CHECK(f.arp.sender_mac == kUsMac);
    CHECK(f.arp.sender_ip == kUs);
    CHECK(f.arp.target_mac == kGwMac);
    CHECK(f.arp.target_ip == kGw);
    CHECK(r.net.stats().rx_arp == 1);
    CHECK(r.net.stats().tx_frames == 1);
    auto mac = r.net.resolve(kGw, 0);  // learnt: no request needed
    REQUIRE(mac.ok());
    CHECK(mac.value() == kGwMac);
    CHECK(r.wire.sent.size() == 1);
    r.check_no_leak();
}

TEST_CASE("ARP for another IP is ignored and teaches nothing new") {
    Rig r;
    r.deliver(arp(kArpRequest, kBroadcastMac, kGwMac, kGw, EthernetAddress{}, kPeer));
    r.deliver(arp(kArpReply, kPeerMac, kGwMac, kGw, kPeerMac, kPeer));  // a reply to another
    CHECK(r.wire.sent.empty());
    CHECK(r.net.stats().rx_dropped_not_for_us == 2);
    CHECK(r.net.stats().rx_arp == 0);
    CHECK_FALSE(r.net.resolve(kGw, 0).ok());  // not learnt: resolve had to ask
    CHECK(r.wire.sent.size() == 1);
    // A probe (sender 0.0.0.0, RFC 5227) for our address is not answered either.
    r.deliver(arp(kArpRequest, kBroadcastMac, kPeerMac, Ipv4Addr{}, EthernetAddress{}, kUs));
    CHECK(r.wire.sent.size() == 1);
    r.check_no_leak();
}

TEST_CASE("resolve broadcasts a request and completes when the reply arrives") {
    Rig r;
    g_on_idle = [&] { r.play_peers(); };
    auto mac = r.net.resolve(kPeer, 1000 * kMs);
    REQUIRE(mac.ok());
    CHECK(mac.value() == kPeerMac);
    REQUIRE(r.wire.sent.size() == 1);
    ParsedFrame f = parsed(r.wire.sent[0], ParseResult::Arp);
    CHECK(f.eth.dst == kBroadcastMac);
    CHECK(f.arp.op == kArpRequest);
    CHECK(f.arp.sender_mac == kUsMac);
    CHECK(f.arp.sender_ip == kUs);
    CHECK(f.arp.target_ip == kPeer);
    CHECK(r.net.resolve(kPeer, 0).ok());  // now from the cache
    CHECK(r.wire.sent.size() == 1);
    CHECK(r.net.stats().arp_requests_sent == 1);
    r.check_no_leak();
}

TEST_CASE("resolve times out with Again, retransmitting every 200 ms") {
    Rig r;
    uint64_t start = g_now;
    auto mac = r.net.resolve(kPeer, 1000 * kMs);
    REQUIRE_FALSE(mac.ok());
    CHECK(mac.error() == DevError::Again);
    CHECK(g_now - start >= 1000 * kMs);
    CHECK(g_now - start < 1010 * kMs);
    CHECK(r.net.stats().arp_requests_sent >= 5);
    CHECK(r.net.stats().arp_requests_sent <= 6);
    r.check_no_leak();
}

TEST_CASE("the ARP cache holds 8 addresses and replaces the oldest") {
    Rig r;
    for (uint8_t i = 0; i < 9; ++i) {
        EthernetAddress mac{{0x02, 0, 0, 0, 0, i}};
        r.deliver(arp(kArpRequest, kBroadcastMac, mac, Ipv4Addr{{10, 0, 2, uint8_t(100 + i)}},
                      EthernetAddress{}, kUs));
    }
    CHECK(r.wire.sent.size() == 9);  // each answered
    for (uint8_t i = 1; i < 9; ++i) {
        auto mac = r.net.resolve(Ipv4Addr{{10, 0, 2, uint8_t(100 + i)}}, 0);
        REQUIRE(mac.ok());
        CHECK(mac.value().bytes[5] == i);
    }
    CHECK(r.wire.sent.size() == 9);
    CHECK_FALSE(r.net.resolve(Ipv4Addr{{10, 0, 2, 100}}, 0).ok());  // the first was replaced
    CHECK(r.wire.sent.size() == 10);
    r.check_no_leak();
}

TEST_CASE("ARP: a reply to our own request is learnt; a late or unasked one is not") {
    Rig r;
    CHECK_FALSE(r.net.resolve(kPeer, 0).ok());  // one request goes out; no answer yet
    REQUIRE(r.wire.sent.size() == 1);
    r.deliver(arp(kArpReply, kUsMac, kPeerMac, kPeer, kUsMac, kUs));
    auto mac = r.net.resolve(kPeer, 0);
    REQUIRE(mac.ok());
    CHECK(mac.value() == kPeerMac);
    CHECK(r.wire.sent.size() == 1);  // from the cache
    // The answer comes after kArpPendingNs: too late, not learnt.
    const Ipv4Addr slow{{10, 0, 2, 77}};
    CHECK_FALSE(r.net.resolve(slow, 0).ok());
    g_now += Interface::kArpPendingNs;
    r.deliver(arp(kArpReply, kUsMac, kPeerMac, slow, kUsMac, kUs));
    // Nobody asked for this one.
    const Ipv4Addr unasked{{10, 0, 2, 78}};
    r.deliver(arp(kArpReply, kUsMac, kPeerMac, unasked, kUsMac, kUs));
    CHECK(r.net.stats().rx_arp_unsolicited == 2);
    size_t sent = r.wire.sent.size();
    CHECK_FALSE(r.net.resolve(slow, 0).ok());  // both had to be asked for
    CHECK_FALSE(r.net.resolve(unasked, 0).ok());
    CHECK(r.wire.sent.size() == sent + 2);
    r.check_no_leak();
}

TEST_CASE("ARP: a flood of spoofed replies and requests never evicts the gateway") {
    Rig r;
    g_on_idle = [&] { r.play_peers(); };
    REQUIRE(r.net.resolve(kGw, 1000 * kMs).ok());
    REQUIRE(r.net.resolve(kPeer, 1000 * kMs).ok());
    g_on_idle = nullptr;
    const size_t asked = r.wire.sent.size();
    std::mt19937 rng(2718);
    auto random_ip = [&] {
        Ipv4Addr ip{{uint8_t(rng()), uint8_t(rng()), uint8_t(rng()), uint8_t(rng())}};
        if (rng() % 2) ip = Ipv4Addr{{10, 0, 2, uint8_t(100 + rng() % 100)}};
        return ip;
    };
    for (int i = 0; i < 10000; ++i) {
        EthernetAddress mac{{0x02, uint8_t(rng()), uint8_t(rng()), uint8_t(rng()), 0, 1}};
        REQUIRE(r.wire.inject(arp(kArpReply, kUsMac, mac, random_ip(), kUsMac, kUs)));
        if (i % Rig::kQueue == Rig::kQueue - 1) r.net.poll();
    }
    r.net.poll();
    CHECK(r.net.stats().rx_arp_unsolicited == 10000);
    CHECK(r.wire.sent.size() == asked);  // replies are never answered
    // Only what was asked for is in the cache, unchanged.
    auto gw = r.net.resolve(kGw, 0);
    auto peer = r.net.resolve(kPeer, 0);
    REQUIRE(gw.ok());
    REQUIRE(peer.ok());
    CHECK(gw.value() == kGwMac);
    CHECK(peer.value() == kPeerMac);
    CHECK_FALSE(r.net.resolve(Ipv4Addr{{10, 0, 2, 150}}, 0).ok());
    // Requests for our address teach their sender (RFC 826), so a flood of them churns the
    // cache, but the gateway's entry is never the one replaced.
    for (int i = 0; i < 1000; ++i) {
        EthernetAddress mac{{0x02, uint8_t(rng()), uint8_t(rng()), uint8_t(rng()), 0, 2}};
        r.deliver(arp(kArpRequest, kBroadcastMac, mac, random_ip(), EthernetAddress{}, kUs));
    }
    gw = r.net.resolve(kGw, 0);
    REQUIRE(gw.ok());
    CHECK(gw.value() == kGwMac);
    r.check_no_leak();
}

TEST_CASE("ping: a round trip on the subnet, and one through the gateway") {
    Rig r;
    g_on_idle = [&] { r.play_peers(); };
    auto rtt = r.net.ping(kPeer, 7, 1000 * kMs);
    REQUIRE(rtt.ok());
    CHECK(rtt.value() == 1 * kMs);     // the peer answered during the first idle()
    REQUIRE(r.wire.sent.size() == 2);  // ARP request, echo request
    ParsedFrame f = parsed(r.wire.sent[1], ParseResult::IcmpEcho);
    CHECK(f.eth.dst == kPeerMac);
    CHECK(f.ip.dst == kPeer);
    CHECK(f.icmp.type == kIcmpEchoRequest);
    CHECK(f.icmp.id == Interface::kPingId);
    CHECK(f.icmp.seq == 7);
    CHECK(f.icmp.data_len == Interface::kPingDataLen);

    REQUIRE(r.net.ping(kFar, 8, 1000 * kMs).ok());  // off the /24: ARP for the gateway
    ParsedFrame a = parsed(r.wire.sent[2], ParseResult::Arp);
    CHECK(a.arp.target_ip == kGw);
    ParsedFrame e = parsed(r.wire.sent[3], ParseResult::IcmpEcho);
    CHECK(e.eth.dst == kGwMac);
    CHECK(e.ip.dst == kFar);
    r.check_no_leak();
}

TEST_CASE("ping: no reply, or a reply that does not match, times out with Again") {
    Rig r;
    g_on_idle = [&] { r.play_peers(true, false); };
    auto rtt = r.net.ping(kPeer, 1, 300 * kMs);
    REQUIRE_FALSE(rtt.ok());
    CHECK(rtt.error() == DevError::Again);

    // Replies with the wrong sequence number, or the wrong data, are not ours.
    const FrameAddrs from_peer{kPeerMac, kUsMac, kPeer, kUs};
    Bytes good(Interface::kPingDataLen);
    for (size_t i = 0; i < good.size(); ++i) good[i] = uint8_t(i);
    Bytes bad = good;
    bad[3] ^= 1;
    auto reply = [&](uint16_t seq, const Bytes& data) {
        REQUIRE(r.wire.inject(icmp(from_peer, kIcmpEchoReply, Interface::kPingId, seq, data)));
    };
    int step = 0;
    g_on_idle = [&] {
        ++step;
        if (step == 1) reply(3, good);  // ping() waits for seq 2
        if (step == 2) reply(2, bad);
    };
    rtt = r.net.ping(kPeer, 2, 300 * kMs);
    REQUIRE_FALSE(rtt.ok());
    CHECK(r.net.stats().rx_icmp == 2);
    r.check_no_leak();
}

TEST_CASE("an echo request is answered with the same id, seq and data, checksums valid") {
    Rig r;
    for (size_t n : {size_t(0), size_t(100), kMaxIcmpData}) {
        Bytes data(n);
        for (size_t i = 0; i < n; ++i) data[i] = uint8_t(i * 31 + 5);
        size_t before = r.wire.sent.size();
        r.deliver(icmp(kFromGw, kIcmpEchoRequest, 0x1234, 9, data));
        REQUIRE(r.wire.sent.size() == before + 1);
        const Bytes& s = r.wire.sent.back();
        ParsedFrame f = parsed(s, ParseResult::IcmpEcho);  // the parser checks both checksums
        CHECK(internet_checksum(&s[14], 20) == 0);
        CHECK(internet_checksum(&s[34], 8 + n) == 0);
        CHECK(f.eth.dst == kGwMac);
        CHECK(f.eth.src == kUsMac);
        CHECK(f.ip.src == kUs);
        CHECK(f.ip.dst == kGw);
        CHECK(f.icmp.type == kIcmpEchoReply);
        CHECK(f.icmp.id == 0x1234);
        CHECK(f.icmp.seq == 9);
        REQUIRE(f.icmp.data_len == n);
        CHECK((n == 0 || std::memcmp(f.icmp.data, data.data(), n) == 0));
    }
    CHECK(r.net.stats().echo_replies_sent == 3);
    FrameAddrs to_other{kGwMac, kUsMac, kGw, kPeer};  // our MAC, another IP
    r.deliver(icmp(to_other, kIcmpEchoRequest, 1, 1, Bytes(8)));
    CHECK(r.wire.sent.size() == 3);
    CHECK(r.net.stats().rx_dropped_not_for_us == 1);
    r.check_no_leak();
}

namespace {
struct Received {
    Ipv4Addr src;
    uint16_t port;
    Bytes data;
};
void record(void* ctx, Ipv4Addr src, uint16_t port, const uint8_t* data, size_t len) {
    static_cast<std::vector<Received>*>(ctx)->push_back({src, port, Bytes(data, data + len)});
}
}  // namespace

TEST_CASE("UDP: delivery to a bound port, counting of the rest, binding rules") {
    Rig r;
    std::vector<Received> got;
    REQUIRE(r.net.udp_bind(5555, record, &got));
    CHECK_FALSE(r.net.udp_bind(5555, record, &got));
    CHECK_FALSE(r.net.udp_bind(0, record, &got));
    CHECK_FALSE(r.net.udp_bind(1, nullptr, &got));
    r.deliver(udp(kFromGw, 40000, 5555, {'h', 'i'}));
    REQUIRE(got.size() == 1);
    CHECK(got[0].src == kGw);
    CHECK(got[0].port == 40000);
    CHECK(got[0].data == Bytes{'h', 'i'});
    r.deliver(udp(kFromGw, 40000, 6666, {1, 2, 3}));
    CHECK(got.size() == 1);
    CHECK(r.net.stats().rx_udp == 2);
    CHECK(r.net.stats().rx_udp_no_port == 1);
    r.deliver(udp(FrameAddrs{kGwMac, kPeerMac, kGw, kUs}, 1, 5555, {}));  // another MAC
    CHECK(r.net.stats().rx_dropped_not_for_us == 1);
    for (uint16_t port = 1; port < 8; ++port) CHECK(r.net.udp_bind(port, record, &got));
    CHECK_FALSE(r.net.udp_bind(8, record, &got));  // 8 in use
    r.check_no_leak();
}

TEST_CASE("udp_send builds a frame the parser accepts, to the right next hop") {
    Rig r;
    g_on_idle = [&] { r.play_peers(); };
    Bytes data(kMaxUdpPayload);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i ^ 0x5a);
    for (size_t n : {size_t(0), size_t(5), size_t(100), kMaxUdpPayload}) {
        REQUIRE(r.net.udp_send(4444, kPeer, 7, data.data(), n).ok());
        ParsedFrame f = parsed(r.wire.sent.back(), ParseResult::Udp);
        CHECK(f.eth.dst == kPeerMac);
        CHECK(f.eth.src == kUsMac);
        CHECK(f.ip.src == kUs);
        CHECK(f.ip.dst == kPeer);
        CHECK(f.udp.src_port == 4444);
        CHECK(f.udp.dst_port == 7);
        REQUIRE(f.udp.data_len == n);
        CHECK(std::memcmp(f.udp.data, data.data(), n) == 0);
    }
    REQUIRE(r.net.udp_send(4444, kFar, 53, data.data(), 10).ok());
    ParsedFrame f = parsed(r.wire.sent.back(), ParseResult::Udp);
    CHECK(f.eth.dst == kGwMac);
    CHECK(f.ip.dst == kFar);
    auto big = r.net.udp_send(4444, kPeer, 7, data.data(), kMaxUdpPayload + 1);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error() == DevError::InvalidParam);
    r.check_no_leak();
}

TEST_CASE("udp_send: retries while the queue is full, then gives up and frees its buffer") {
    Rig r;
    g_on_idle = [&] { r.play_peers(); };
    REQUIRE(r.net.resolve(kPeer, 1000 * kMs).ok());
    size_t before = r.wire.sent.size();
    r.wire.again_budget = 5;
    REQUIRE(r.net.udp_send(1, kPeer, 2, nullptr, 0).ok());
    CHECK(r.wire.sent.size() == before + 1);

    r.wire.again_budget = 1 << 30;  // the queue never drains
    uint64_t start = g_now;
    auto res = r.net.udp_send(1, kPeer, 2, nullptr, 0);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error() == DevError::Again);
    CHECK(g_now - start >= Interface::kSendWaitNs);
    CHECK(r.net.stats().tx_failed == 1);
    r.wire.again_budget = 0;

    g_on_idle = nullptr;  // nobody answers ARP
    res = r.net.udp_send(1, Ipv4Addr{{10, 0, 2, 77}}, 2, nullptr, 0);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error() == DevError::Again);
    r.check_no_leak();
}

namespace {
// A UDP echo service: the handler replies from inside poll().
struct Echo {
    Interface* net;
    size_t echoed;
    DevError ping_error;
};
void echo(void* ctx, Ipv4Addr src, uint16_t port, const uint8_t* data, size_t len) {
    auto* e = static_cast<Echo*>(ctx);
    if (e->net->udp_send(5555, src, port, data, len).ok()) ++e->echoed;
    auto p = e->net->ping(src, 1, 1000);  // not allowed in a handler
    e->ping_error = p.ok() ? DevError::Io : p.error();
}
}  // namespace

TEST_CASE("a UDP handler can answer from inside poll()") {
    Rig r;
    r.deliver(arp(kArpRequest, kBroadcastMac, kGwMac, kGw, EthernetAddress{}, kUs));
    Echo e{&r.net, 0, DevError::Io};
    REQUIRE(r.net.udp_bind(5555, echo, &e));
    for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < Rig::kQueue; ++i) {
            REQUIRE(r.wire.inject(udp(kFromGw, 40000, 5555, Bytes(64, uint8_t(round)))));
        }
        r.net.poll();
    }
    CHECK(e.echoed == 20 * Rig::kQueue);
    CHECK(e.ping_error == DevError::BadState);
    ParsedFrame f = parsed(r.wire.sent.back(), ParseResult::Udp);
    CHECK(f.ip.dst == kGw);
    CHECK(f.udp.dst_port == 40000);
    CHECK(r.net.stats().tx_failed == 0);
    r.check_no_leak();
}

TEST_CASE("malformed frames are counted and their buffers given back") {
    Rig r;
    size_t available = r.rx.pool.available();
    Bytes bad_ip = udp(kFromGw, 1, 2, {1, 2, 3});
    bad_ip[24] ^= 0xff;
    Bytes bad_udp = udp(kFromGw, 1, 2, {1, 2, 3});
    bad_udp[42] ^= 0xff;
    Bytes fragment = udp(kFromGw, 1, 2, {1, 2, 3});
    fragment[20] |= 0x20;  // MF, with the header checksum made right again
    fragment[24] = fragment[25] = 0;
    uint16_t sum = internet_checksum(&fragment[14], 20);
    fragment[24] = uint8_t(sum >> 8);
    fragment[25] = uint8_t(sum);
    for (const Bytes& f : {bad_ip, bad_udp, fragment, Bytes(10, 0), Bytes()}) {
        REQUIRE(r.wire.inject(f));
    }
    r.net.poll();
    CHECK(r.net.stats().rx_dropped_malformed == 5);
    CHECK(r.wire.sent.empty());
    CHECK(r.wire.posted.size() == Rig::kQueue);
    CHECK(r.rx.pool.available() == available);
    r.check_no_leak();
}

TEST_CASE("a receive buffer the driver refuses goes back to its pool") {
    Rig r;
    r.wire.refuse_rx = true;
    r.deliver(udp(kFromGw, 1, 2, {}));
    CHECK(r.net.stats().rx_buffers_to_pool == 1);
    CHECK(r.wire.posted.size() == Rig::kQueue - 1);
    r.wire.refuse_rx = false;
    REQUIRE(r.net.start().ok());  // tops the queue up again
    CHECK(r.wire.posted.size() == Rig::kQueue);
    r.check_no_leak();
}

TEST_CASE("a flood of 10,000 mixed frames never leaks a buffer") {
    Rig r;
    std::vector<Received> got;
    REQUIRE(r.net.udp_bind(5555, record, &got));
    std::mt19937 rng(31337);
    size_t injected = 0;
    while (injected < 10000) {
        size_t batch = 1 + rng() % Rig::kQueue;
        for (size_t i = 0; i < batch && injected < 10000; ++i, ++injected) {
            Bytes f;
            switch (rng() % 8) {
                case 0:
                    f = arp(kArpRequest, kBroadcastMac, kGwMac, kGw, {}, rng() % 2 ? kUs : kPeer);
                    break;
                case 1:
                    f = icmp(kFromGw, kIcmpEchoRequest, 1, uint16_t(i), Bytes(rng() % 200));
                    break;
                case 2:
                    f = udp(kFromGw, 9, rng() % 2 ? 5555 : 5556, Bytes(rng() % 1472));
                    break;
                case 3:
                    f = udp(FrameAddrs{kGwMac, kPeerMac, kGw, kPeer}, 9, 5555, Bytes(8));
                    break;
                default:  // damaged copies of good frames, at random lengths
                    f = udp(kFromGw, 9, 5555, Bytes(rng() % 100));
                    f[rng() % f.size()] ^= uint8_t(1 + rng() % 255);
                    f.resize(rng() % (f.size() + 1));
            }
            REQUIRE(r.wire.inject(f));
        }
        r.net.poll();
        REQUIRE(r.wire.posted.size() == Rig::kQueue);
        REQUIRE(r.rx.pool.available() == Rig::kPoolSize - Rig::kQueue);
    }
    CHECK(r.net.stats().rx_frames == 10000);
    CHECK(r.net.stats().tx_failed == 0);
    CHECK(r.wire.dropped == 0);
    CHECK(got.size() > 0);
    r.check_no_leak();
}
