// ch05-axnet/exercises/isn_test.cpp: the test of chapter 5's axnet exercise, TCP initial
// sequence numbers as RFC 6528 asks (chapter 5, "Exercise: initial sequence numbers"). Real
// connections cross the host tests' wire (axnet/tests/wire.h) while both NICs keep a copy of
// every frame they send; the test reads the sequence numbers of the SYNs (tcp_connect's ISN)
// and of the SYN-ACKs (the listener's, tcp_listen_input's). Each connection ends in a reset, so
// that no TIME_WAIT holds its ports and the same four ports can connect again at once.
#include <axnet/axnet.h>
#include <axnet/tcp_socket.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <vector>

#include "wire.h"

namespace {

using axnet::SocketAddr;
using axnet::TcpSocket;
using axnet_test::kIpA;
using axnet_test::kIpB;
using axnet_test::net;

constexpr uint64_t kTimeout = 20'000'000'000;  // no blocking call of the test waits longer
constexpr uint16_t kServerPort = 9000;

// The ISNs of one connection, as seen on the wire.
struct Isns {
    uint32_t client = 0, server = 0;
    bool seen_client = false, seen_server = false;
};

uint32_t be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// The SYN (client) and SYN-ACK (server) of the connection from client port @p port, in frames.
void find_isns(const std::vector<std::vector<uint8_t>>& frames, uint16_t port, Isns& out) {
    for (const auto& f : frames) {
        if (f.size() < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0x00) continue;  // IPv4
        const uint8_t* ip = f.data() + 14;
        size_t ihl = size_t(ip[0] & 0x0f) * 4;
        if (ip[9] != 6 || f.size() < 14 + ihl + 20) continue;  // TCP
        const uint8_t* tcp = ip + ihl;
        uint16_t src = uint16_t(tcp[0] << 8 | tcp[1]), dst = uint16_t(tcp[2] << 8 | tcp[3]);
        bool syn = tcp[13] & 0x02, ack = tcp[13] & 0x10;
        if (syn && !ack && src == port && dst == kServerPort) {
            out.client = be32(tcp + 4);
            out.seen_client = true;
        } else if (syn && ack && src == kServerPort && dst == port) {
            out.server = be32(tcp + 4);
            out.seen_server = true;
        }
    }
}

// The server: accepts each connection, waits for its byte and closes without reading it,
// which resets the connection (chapter 5, 4.5): no TIME_WAIT on either side.
struct Server {
    TcpSocket listener;
    int connections = 0;
};

void serve(void* arg) {
    auto* s = static_cast<Server*>(arg);
    for (int i = 0; i < s->connections; ++i) {
        if (!s->listener.wait({true, false, false}, axtask::now_ns() + kTimeout).readable) return;
        auto c = s->listener.accept();
        if (!c.ok()) return;
        (void)c.value().wait({true, false, false}, axtask::now_ns() + kTimeout);
        c.value().close();
    }
}

// One connection from 10.0.0.1:@p port (0: an ephemeral port) to the server; returns its ISNs.
Isns connect_once(uint16_t port) {
    std::vector<std::vector<uint8_t>> frames;
    net().a.tx_log = &frames;
    net().b.tx_log = &frames;
    auto c = TcpSocket::create();
    REQUIRE(c.ok());
    TcpSocket s = c.value();
    REQUIRE(s.bind({kIpA, port}).ok());
    s.set_timeouts(kTimeout, kTimeout);
    uint16_t local = s.local_addr().value().port;
    REQUIRE(s.connect({kIpB, kServerPort}).ok());
    uint8_t byte = 1;
    CHECK(s.send(&byte, 1).ok());
    auto r = s.recv(&byte, 1);  // until the server's reset
    CHECK_FALSE(r.ok());
    s.close();
    net().a.tx_log = nullptr;
    net().b.tx_log = nullptr;
    Isns isns;
    find_isns(frames, local, isns);
    CHECK(isns.seen_client);
    CHECK(isns.seen_server);
    return isns;
}

// How far sequence number b is ahead of a, modulo 2^32 (RFC 793's comparison).
uint32_t ahead(uint32_t a, uint32_t b) {
    return b - a;
}

}  // namespace

TEST_CASE("exercise: TCP initial sequence numbers follow RFC 6528") {
    constexpr int kSpread = 8, kAgain = 4;
    net();  // the wire, axtask and axnet, started
    auto l = TcpSocket::create();
    REQUIRE(l.ok());
    REQUIRE(l.value().bind({kIpB, kServerPort}).ok());
    REQUIRE(l.value().listen(16).ok());
    Server srv{l.value(), kSpread + kAgain};
    auto task = axtask::spawn(serve, &srv, {"server", 256 * 1024});
    REQUIRE(task.ok());

    // Connections from different ports, one after another: knowing one connection's ISN must
    // not tell an attacker the next one's. lwIP 2.1.3's own ISN is one global counter that each
    // new connection advances by tcp_ticks (two per second since start): every step is tiny.
    std::vector<uint32_t> isns;
    for (int i = 0; i < kSpread; ++i) {
        Isns c = connect_once(0);
        isns.push_back(c.client);
        isns.push_back(c.server);
    }
    int predictable = 0;
    for (size_t i = 1; i < isns.size(); ++i) {
        uint32_t step = ahead(isns[i - 1], isns[i]);
        if (step < (1u << 24) || step > 0u - (1u << 24)) ++predictable;  // within 2^24 either way
    }
    INFO("of " << isns.size() - 1 << " steps between successive ISNs, " << predictable
               << " were within 2^24: the next ISN can be guessed from the last");
    CHECK(predictable <= 2);  // a keyed hash lands there 1 time in 128

    // The same four-tuple again and again: RFC 6528's ISN is M + F(tuple, key), with M a
    // clock, so a new incarnation of the connection starts ahead of the old one's numbers
    // (and old duplicates fall behind). A random ISN, or a hash without the clock, fails here.
    constexpr uint16_t kFixedPort = 41000;
    uint64_t prev_start = axtask::now_ns();
    Isns prev = connect_once(kFixedPort);
    for (int i = 1; i < kAgain; ++i) {
        axtask::sleep_for(20'000'000);
        uint64_t start = axtask::now_ns();
        Isns next = connect_once(kFixedPort);
        uint64_t most = axtask::now_ns() - prev_start;  // the clock ticks at most once a ns
        INFO("connection " << i << " from port " << kFixedPort << ": client ISN " << prev.client
                           << " then " << next.client << ", server ISN " << prev.server << " then "
                           << next.server << ", " << most << " ns apart at most");
        CHECK(ahead(prev.client, next.client) > 0);
        CHECK(ahead(prev.client, next.client) <= most);
        CHECK(ahead(prev.server, next.server) > 0);
        CHECK(ahead(prev.server, next.server) <= most);
        prev = next;
        prev_start = start;
    }
    REQUIRE(axtask::join(task.value()).ok());
    l.value().close();
}
