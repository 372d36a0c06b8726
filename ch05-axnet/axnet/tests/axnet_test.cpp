// axnet/tests/axnet_test.cpp: axnet and lwIP on the host, over two FakeNics joined by a wire
// (10.0.0.1 and 10.0.0.2, two interfaces of the one stack: source routing sends each packet
// out of the interface that owns its source address) and over lwIP's loopback interface.
// Real tasks (axtask_host) play client and server. After every test each lwIP pool, lwIP's
// heap and every NetBuf are back where they started.
#include <axnet/axnet.h>
#include <axnet/tcp_socket.h>
#include <axnet/udp_socket.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>
#include <cstring>
#include <utility>
#include <vector>

#include "wire.h"

namespace {

using axerrno::AxError;
using axnet::Ipv4Addr;
using axnet::SocketAddr;
using axnet::TcpSocket;
using axnet::UdpSocket;
using axnet_test::Baseline;
using axnet_test::FakeNic;
using axnet_test::kIpA;
using axnet_test::kIpB;
using axnet_test::kMs;
using axnet_test::kQueue;
using axnet_test::net;

// Every blocking call of a test gives up after this: a broken stack fails, it does not hang.
constexpr uint64_t kTestTimeout = 20'000'000'000;

uint8_t pattern(uint64_t i, uint32_t seed) {
    return uint8_t((i * 131 + seed + (i >> 12)) & 0xff);
}

// FNV-1a over a stream, piece by piece.
struct Checksum {
    uint64_t h = 1469598103934665603ull;
    uint64_t n = 0;
    void add(const uint8_t* p, size_t len) {
        for (size_t i = 0; i < len; ++i) h = (h ^ p[i]) * 1099511628211ull;
        n += len;
    }
};

Checksum expected(uint64_t len, uint32_t seed) {
    Checksum c;
    for (uint64_t i = 0; i < len; ++i) {
        uint8_t b = pattern(i, seed);
        c.add(&b, 1);
    }
    return c;
}

// Sends len pattern bytes in pieces of up to 40 KiB.
bool send_pattern(TcpSocket s, uint64_t len, uint32_t seed) {
    static uint8_t buf[40 * 1024];
    for (uint64_t off = 0; off < len;) {
        size_t n = len - off < sizeof buf ? size_t(len - off) : sizeof buf;
        for (size_t i = 0; i < n; ++i) buf[i] = pattern(off + i, seed);
        auto r = s.send(buf, n);
        if (!r.ok() || r.value() != n) return false;
        off += n;
    }
    return true;
}

// Reads until the end of the stream (or an error, returned).
axerrno::AxResult<Checksum> recv_all(TcpSocket s) {
    static uint8_t buf[7000];
    Checksum c;
    for (;;) {
        auto r = s.recv(buf, sizeof buf);
        if (!r.ok()) return r.error();
        if (r.value() == 0) return c;
        c.add(buf, r.value());
    }
}

// A server task: accepts one connection, reads everything (checksum), sends `reply` bytes,
// closes.
struct Server {
    TcpSocket listener;
    uint64_t reply = 0;
    bool close_first = false;  // close after reading, before the client closes
    Checksum got{};
    bool ok = false;
    SocketAddr peer{};
};

void serve_one(void* arg) {
    auto* s = static_cast<Server*>(arg);
    if (!s->listener.wait({true, false, false}, axtask::now_ns() + kTestTimeout).readable) return;
    auto c = s->listener.accept();
    if (!c.ok()) return;
    TcpSocket conn = c.value();
    conn.set_timeouts(kTestTimeout, kTestTimeout);
    auto pa = conn.peer_addr();
    if (pa.ok()) s->peer = pa.value();
    auto sum = recv_all(conn);
    if (sum.ok()) {
        s->got = sum.value();
        s->ok = send_pattern(conn, s->reply, 7);
    }
    conn.close();
}

TcpSocket listen_on(Ipv4Addr ip, uint16_t port, int backlog = 16) {
    auto l = TcpSocket::create();
    REQUIRE(l.ok());
    REQUIRE(l.value().bind({ip, port}).ok());
    REQUIRE(l.value().listen(backlog).ok());
    return l.value();
}

// A client socket on interface a (10.0.0.1), so that its packets cross the wire: unbound,
// lwIP would pick the source by the destination, 10.0.0.2, and loop back inside b.
TcpSocket client() {
    auto c = TcpSocket::create();
    REQUIRE(c.ok());
    REQUIRE(c.value().bind({kIpA, 0}).ok());
    c.value().set_timeouts(kTestTimeout, kTestTimeout);
    return c.value();
}

axtask::TaskHandle spawn(axtask::TaskFn fn, void* arg) {
    auto t = axtask::spawn(fn, arg, {"server", 256 * 1024});
    REQUIRE(t.ok());
    return std::move(t.value());
}

}  // namespace

TEST_CASE("addresses parse and print; the command line configures the interface") {
    Ipv4Addr a;
    CHECK(Ipv4Addr::parse("10.0.2.15", a));
    CHECK(a == Ipv4Addr::from_octets(10, 0, 2, 15));
    char text[16];
    CHECK(a.format(text) == 9);
    CHECK(std::strcmp(text, "10.0.2.15") == 0);
    for (const char* bad :
         {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "a.b.c.d", "1.2.3.4 "}) {
        CHECK_FALSE(Ipv4Addr::parse(bad, a));
    }
    std::string_view bad;
    axnet::Config c = axnet::config_from_cmdline("log=info ip=dhcp dns=192.168.1.1", &bad);
    CHECK(c.dhcp);
    CHECK(c.dns == Ipv4Addr::from_octets(192, 168, 1, 1));
    CHECK(c.dns_port == 53);
    CHECK(c.dns_given);
    CHECK(bad.empty());
    c = axnet::config_from_cmdline("dns=10.0.2.2:5353", &bad);
    CHECK(c.dns == Ipv4Addr::from_octets(10, 0, 2, 2));
    CHECK(c.dns_port == 5353);
    CHECK(axnet::config_from_cmdline("dns=10.0.2.2:", &bad).dns_port == 53);
    CHECK(bad == "dns");
    CHECK_FALSE(axnet::config_from_cmdline("dns=10.0.2.2:99999", &bad).dns_given);
    c = axnet::config_from_cmdline("ip=10.1.2.3 gw=10.1.2.300", &bad);
    CHECK_FALSE(c.dhcp);
    CHECK(c.ip == Ipv4Addr::from_octets(10, 1, 2, 3));
    CHECK(c.gateway == Ipv4Addr::from_octets(10, 0, 2, 2));  // the default stays
    CHECK(bad == "gw");
}

TEST_CASE("TCP across the wire: 16 MiB each way, checksummed, client closes first") {
    Baseline base;
    constexpr uint64_t kLen = 16ull << 20;
    auto before = axnet::counters();
    Server srv{listen_on(kIpB, 8000)};
    srv.reply = kLen;
    auto task = spawn(serve_one, &srv);
    TcpSocket cl = client();
    REQUIRE(cl.connect({kIpB, 8000}).ok());
    CHECK(cl.peer_addr().value() == SocketAddr{kIpB, 8000});
    CHECK(cl.local_addr().value().ip == kIpA);
    REQUIRE(send_pattern(cl, kLen, 3));
    REQUIRE(cl.shutdown(1).ok());
    auto back = recv_all(cl);
    REQUIRE(back.ok());
    cl.close();
    REQUIRE(axtask::join(task).ok());
    srv.listener.close();
    CHECK(srv.ok);
    CHECK(srv.peer.ip == kIpA);
    CHECK(srv.got.n == kLen);
    CHECK(srv.got.h == expected(kLen, 3).h);
    CHECK(back.value().n == kLen);
    CHECK(back.value().h == expected(kLen, 7).h);
    auto after = axnet::counters();
    CHECK(after.rx_zero_copy > before.rx_zero_copy);
    CHECK(after.tcp_close_rst == before.tcp_close_rst);  // both sides read everything: FINs
    CHECK(base.back());
}

TEST_CASE("TCP: the server closes first; the client sees the end of the stream") {
    Baseline base;
    Server srv{listen_on(kIpB, 8001)};
    srv.reply = 1000;
    auto task = spawn(serve_one, &srv);
    TcpSocket cl = client();
    REQUIRE(cl.connect({kIpB, 8001}).ok());
    REQUIRE(send_pattern(cl, 5000, 1));
    REQUIRE(cl.shutdown(1).ok());
    REQUIRE(axtask::join(task).ok());  // the server has closed
    auto back = recv_all(cl);
    REQUIRE(back.ok());
    CHECK(back.value().n == 1000);
    uint8_t b;
    CHECK(cl.recv(&b, 1).value() == 0);  // still the end
    CHECK(cl.send(&b, 1).error() == AxError::WriteZero);
    cl.close();
    srv.listener.close();
    CHECK(srv.got.h == expected(5000, 1).h);
    CHECK(base.back());
}

TEST_CASE("TCP over the loopback interface, 127.0.0.1") {
    Baseline base;
    Server srv{listen_on(Ipv4Addr::any(), 8002)};
    srv.reply = 100000;
    auto task = spawn(serve_one, &srv);
    TcpSocket cl = TcpSocket::create().value();
    REQUIRE(cl.connect({Ipv4Addr::loopback(), 8002}).ok());
    REQUIRE(send_pattern(cl, 300000, 9));
    REQUIRE(cl.shutdown(1).ok());
    auto back = recv_all(cl);
    REQUIRE(back.ok());
    cl.close();
    REQUIRE(axtask::join(task).ok());
    srv.listener.close();
    CHECK(srv.got.h == expected(300000, 9).h);
    CHECK(back.value().h == expected(100000, 7).h);
    CHECK(base.back());
}

TEST_CASE("TCP: a refused connection and a timed-out one are errors, not waits") {
    Baseline base;
    TcpSocket s = client();
    CHECK(s.connect({kIpB, 9}).error() == AxError::ConnectionRefused);
    s.close();
    // Nobody has 10.0.0.9: ARP goes unanswered, the SYN never leaves.
    s = TcpSocket::create().value();
    uint64_t t0 = axtask::now_ns();
    CHECK(s.connect({Ipv4Addr::from_octets(10, 0, 0, 9), 80}, 500 * kMs).error() ==
          AxError::TimedOut);
    CHECK(axtask::now_ns() - t0 >= 500 * kMs);
    s.close();
    // Nonblocking: InProgress, then the result.
    s = client();
    s.set_nonblocking(true);
    CHECK(s.connect({kIpB, 9}).error() == AxError::InProgress);
    CHECK(s.wait({true, true, false}, axtask::now_ns() + 1000 * kMs).hangup);
    CHECK(s.connect({kIpB, 9}).error() == AxError::ConnectionRefused);
    s.close();
    CHECK(base.back());
}

TEST_CASE("TCP: closing with unread data resets the connection") {
    Baseline base;
    TcpSocket l = listen_on(kIpB, 8003);
    TcpSocket cl = client();
    REQUIRE(cl.connect({kIpB, 8003}).ok());
    TcpSocket sv = l.accept().value();
    REQUIRE(send_pattern(cl, 3000, 0));
    CHECK(sv.wait({true, false, false}, axtask::now_ns() + 1000 * kMs).readable);
    // Timeouts: nothing to read; and the server reads nothing, so 1 MiB cannot all be sent.
    cl.set_timeouts(100 * kMs, 200 * kMs);
    uint8_t none;
    CHECK(cl.recv(&none, 1).error() == AxError::TimedOut);
    std::vector<uint8_t> mib(1 << 20);
    CHECK(cl.send(mib.data(), mib.size()).error() == AxError::TimedOut);
    auto rst_before = axnet::counters().tcp_close_rst;
    sv.close();  // 3000 bytes unread: RST
    CHECK(axnet::counters().tcp_close_rst == rst_before + 1);
    uint8_t b[16];
    CHECK(cl.recv(b, sizeof b).error() == AxError::ConnectionReset);
    CHECK(cl.poll().hangup);
    cl.close();
    l.close();
    CHECK(base.back());
}

// Chapter 6, "Keep-alive". lwIP's slow timer runs every 500 ms, so a probe goes out between
// idle and idle + 500 ms; the margins below allow for that and for a slow host.
TEST_CASE("TCP keep-alive: probes after the idle time, a dead peer ends the connection") {
    Baseline base;
    TcpSocket l = listen_on(kIpB, 8005);
    axnet::Keepalive inherited{true, 60'000, 500, 2};
    l.set_keepalive(inherited);
    TcpSocket cl = client();
    REQUIRE(cl.connect({kIpB, 8005}).ok());
    TcpSocket sv = l.accept().value();
    CHECK(sv.keepalive().on);  // accepted sockets inherit the listener's settings (Linux)
    CHECK(sv.keepalive().idle_ms == 60'000);
    CHECK_FALSE(cl.keepalive().on);
    CHECK(cl.keepalive().idle_ms == 7'200'000);  // Linux's defaults
    Baseline::settle(300 * kMs);                 // the handshake's last ACK is out
    // A live peer: nothing is sent before the idle time, then a probe, which the peer answers.
    cl.set_keepalive({true, 1000, 500, 2});
    uint64_t a0 = net().a.tx_frames, b0 = net().b.tx_frames;
    Baseline::settle(700 * kMs);
    CHECK(net().a.tx_frames == a0);
    Baseline::settle(1800 * kMs);
    CHECK(net().a.tx_frames > a0);  // the probe
    CHECK(net().b.tx_frames > b0);  // its answer
    CHECK_FALSE(cl.poll().hangup);  // answered probes keep the connection (past idle + 2 x 500)
    uint8_t byte = 7;
    REQUIRE(cl.send(&byte, 1).ok());
    REQUIRE(sv.recv(&byte, 1).ok());
    // A dead peer: the wire is cut, two probes go unanswered, the connection ends with
    // TimedOut (Linux: ETIMEDOUT), and a waiting recv() returns it.
    cl.set_keepalive({true, 500, 500, 2});
    net().a.cut = net().b.cut = true;
    uint64_t t0 = axtask::now_ns(), sent0 = net().a.tx_frames;
    cl.set_timeouts(10'000 * kMs, 10'000 * kMs);
    CHECK(cl.recv(&byte, 1).error() == AxError::TimedOut);
    CHECK(axtask::now_ns() - t0 < 8'000 * kMs);  // not the 10 s receive timeout
    CHECK(net().a.tx_frames - sent0 >= 2);       // the two probes (and lwIP's RST)
    CHECK(cl.poll().hangup);
    net().a.cut = net().b.cut = false;
    cl.close();
    sv.close();  // its FIN meets the client's closed port: RST, and the pcb goes
    l.close();
    CHECK(base.back());
}

TEST_CASE("TCP: bind conflicts, backlog, accept order, nonblocking accept and recv") {
    Baseline base;
    TcpSocket l = listen_on(kIpB, 8004, 2);
    TcpSocket other = TcpSocket::create().value();
    CHECK(other.bind({kIpB, 8004}).error() == AxError::AddrInUse);
    other.close();
    l.set_nonblocking(true);
    CHECK(l.accept().error() == AxError::WouldBlock);
    TcpSocket c1 = client();
    TcpSocket c2 = client();
    REQUIRE(c1.connect({kIpB, 8004}).ok());
    REQUIRE(c2.connect({kIpB, 8004}).ok());
    // Data sent before accept() waits in the new socket.
    REQUIRE(c1.send("one", 3).value() == 3);
    CHECK(l.wait({true, false, false}, axtask::now_ns() + 1000 * kMs).readable);
    TcpSocket s1 = l.accept().value();
    TcpSocket s2 = l.accept().value();
    CHECK(s1.peer_addr().value() == c1.local_addr().value());
    CHECK(s2.peer_addr().value() == c2.local_addr().value());
    char buf[8];
    CHECK(s1.recv(buf, sizeof buf).value() == 3);
    s2.set_nonblocking(true);
    CHECK(s2.recv(buf, sizeof buf).error() == AxError::WouldBlock);
    s2.set_nodelay(true);
    for (TcpSocket s : {c1, c2, s1, s2}) s.close();
    // A listener closed with a connection not yet accepted resets it.
    TcpSocket c3 = client();
    REQUIRE(c3.connect({kIpB, 8004}).ok());
    CHECK(l.wait({true, false, false}, axtask::now_ns() + 1000 * kMs).readable);
    l.close();
    CHECK(c3.recv(buf, sizeof buf).error() == AxError::ConnectionReset);
    c3.close();
    CHECK(base.back());
}

namespace {
struct Sender {
    TcpSocket s;
    uint64_t len;
    bool ok = false;
};
void send_task(void* arg) {
    auto* x = static_cast<Sender*>(arg);
    x->ok = send_pattern(x->s, x->len, 5);
    (void)x->s.shutdown(1);
}
}  // namespace

TEST_CASE("TCP: zero window, and lwIP never holds more receive buffers than its bound") {
    Baseline base;
    TcpSocket l = listen_on(kIpB, 8005);
    TcpSocket cl = client();
    REQUIRE(cl.connect({kIpB, 8005}).ok());
    TcpSocket sv = l.accept().value();
    constexpr uint64_t kLen = 1 << 20;
    Sender snd{cl, kLen};
    auto before = axnet::counters();
    auto task = spawn(send_task, &snd);
    // The server reads nothing for a while: the window closes, the sender blocks.
    size_t most_lent = 0;
    for (int i = 0; i < 300; ++i) {
        axtask::sleep_for(kMs);
        size_t lent = axnet::pool_usage().rx_lent;
        if (lent > most_lent) most_lent = lent;
    }
    CHECK_FALSE(snd.ok);  // still blocked: 1 MiB does not fit in the window and buffers
    CHECK(sv.poll().readable);
    // rx_lent sums both interfaces, and the bound is per interface: the data all arrives on
    // b, while a's lent buffers (ACKs) go back at once, so the sum is b's share.
    CHECK(most_lent <= kQueue / 2);
    CHECK(most_lent >= kQueue / 2 - 2);  // the window is larger than the bound
    CHECK(axnet::counters().rx_copied > before.rx_copied);
    // Then it reads everything.
    auto got = recv_all(sv);
    REQUIRE(got.ok());
    REQUIRE(axtask::join(task).ok());
    CHECK(snd.ok);
    CHECK(got.value().n == kLen);
    CHECK(got.value().h == expected(kLen, 5).h);
    sv.close();
    cl.close();
    l.close();
    CHECK(base.back());
}

TEST_CASE("UDP: send_to, recv_from, peek_from, connect, queue overflow") {
    Baseline base;
    UdpSocket a = UdpSocket::create().value();
    UdpSocket b = UdpSocket::create().value();
    REQUIRE(a.bind({kIpA, 5000}).ok());
    REQUIRE(b.bind({kIpB, 5001}).ok());
    UdpSocket c = UdpSocket::create().value();
    CHECK(c.bind({kIpB, 5001}).error() == AxError::AddrInUse);
    c.close();
    REQUIRE(a.send_to("hello", 5, {kIpB, 5001}).value() == 5);
    char buf[64] = {};
    SocketAddr from;
    b.set_recv_timeout(1000 * kMs);
    CHECK(b.peek_from(buf, sizeof buf, &from).value() == 5);
    CHECK(b.recv_from(buf, 3, &from).value() == 3);  // the rest of the datagram is dropped
    CHECK(std::memcmp(buf, "hel", 3) == 0);
    CHECK(from == SocketAddr{kIpA, 5000});
    b.set_nonblocking(true);
    CHECK(b.recv_from(buf, sizeof buf, &from).error() == AxError::WouldBlock);
    b.set_nonblocking(false);
    b.set_recv_timeout(50 * kMs);
    CHECK(b.recv_from(buf, sizeof buf, &from).error() == AxError::TimedOut);
    std::vector<uint8_t> big(UdpSocket::kMaxPayload + 1);
    CHECK(a.send_to(big.data(), big.size(), {kIpB, 5001}).error() == AxError::InvalidInput);
    CHECK(a.send(buf, 1).error() == AxError::NotConnected);
    REQUIRE(a.connect({kIpB, 5001}).ok());
    CHECK(a.peer_addr().value() == SocketAddr{kIpB, 5001});
    REQUIRE(a.send("x", 1).ok());
    b.set_recv_timeout(1000 * kMs);
    CHECK(b.recv_from(buf, sizeof buf, nullptr).value() == 1);
    // More datagrams than the queue holds: the excess is dropped and counted.
    for (size_t i = 0; i < UdpSocket::kQueueLen + 10; ++i) {
        REQUIRE(a.send(&i, sizeof i).ok());
        if (i % 16 == 0) Baseline::settle(kMs);
    }
    Baseline::settle(50 * kMs);
    CHECK(b.drops() == 10);
    CHECK(b.poll().readable);
    a.close();
    b.close();  // frees what is still queued
    CHECK(base.back());
}

TEST_CASE("hostile frames are dropped and counted, and nothing leaks") {
    Baseline base;
    auto before = axnet::counters();
    FakeNic& b = net().b;
    uint8_t f[1514] = {};
    b.deliver(f, 5);  // shorter than an Ethernet header
    std::memset(f, 0xff, 6);
    f[12] = 0x08, f[13] = 0x06;  // ARP, but only 30 bytes
    b.deliver(f, 30);
    Baseline::settle(5 * kMs);
    auto mid = axnet::counters();
    CHECK(mid.rx_dropped_short == before.rx_dropped_short + 1);
    CHECK(mid.rx_dropped_arp == before.rx_dropped_arp + 1);
    // Random frames, some dressed as IPv4/TCP to our address with random options and flags.
    uint64_t x = 88172645463325252ull;
    auto rnd = [&x]() {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return x;
    };
    driver_net::EthernetAddress mac = b.mac_address();
    for (int i = 0; i < 20000; ++i) {
        size_t len = 14 + rnd() % 200;
        for (size_t k = 0; k < len; ++k) f[k] = uint8_t(rnd());
        if (i % 2 == 0) {
            std::memcpy(f, mac.bytes, 6);
            f[12] = 0x08, f[13] = 0x00;
            f[14] = uint8_t(0x45 + rnd() % 3);  // IPv4, header 20-28 bytes
            f[16] = 0, f[17] = uint8_t(len - 14);
            f[20] = f[21] = 0;              // not a fragment
            f[23] = (i % 4 == 0) ? 6 : 17;  // TCP or UDP
            std::memcpy(f + 30, &kIpB, 4);
        }
        b.deliver(f, len);
        if (i % 32 == 0) Baseline::settle(0);
    }
    Baseline::settle(20 * kMs);
    CHECK(axnet::counters().rx_frames >= mid.rx_frames + 20000);
    CHECK(base.back());
}
