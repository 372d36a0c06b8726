// axnet/tests/dns_test.cpp: axnet::dns_query on the host against a DNS server the test runs
// on the wire's other address (10.0.0.2:53, an axnet UdpSocket in a task). The server answers
// one name, says "no such name" for another (NXDOMAIN) and never answers a third, so that the
// three outcomes of chapter 5, 4.8 are told apart: an address, NotFound, and TimedOut when
// lwIP gives up after its retries (about 4 s: DNS_MAX_RETRIES in lwipopts.h). A query whose
// own timeout ends first must not be touched after it is freed when lwIP's late callback comes.
#include <axnet/axnet.h>
#include <axnet/udp_socket.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "lwip/dns.h"
#include "wire.h"

namespace {

using axerrno::AxError;
using axnet::Ipv4Addr;
using axnet::SocketAddr;
using axnet::UdpSocket;
using axnet_test::Baseline;
using axnet_test::kIpB;
using axnet_test::kMs;

const Ipv4Addr kFoundAddr = Ipv4Addr::from_octets(10, 1, 2, 3);

// The server's behaviour per name, and what it saw.
struct DnsServer {
    UdpSocket sock;
    bool stop = false;
    int queries = 0;
    int silent_queries = 0;
};

// The question's name as dotted text ("found.axnet.test"), or empty if malformed. @p end is
// set to the offset just past the question (name, type, class).
std::string question_name(const uint8_t* msg, size_t len, size_t& end) {
    std::string name;
    size_t i = 12;
    while (i < len && msg[i] != 0) {
        size_t n = msg[i++];
        if (n > 63 || i + n > len) return {};
        if (!name.empty()) name += '.';
        name.append(reinterpret_cast<const char*>(msg + i), n);
        i += n;
    }
    if (i + 5 > len) return {};
    end = i + 5;  // the root label, QTYPE, QCLASS
    return name;
}

void put16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

// Answers: "found.axnet.test" A 10.1.2.3; "silent.*" never; anything else NXDOMAIN.
void serve_dns(void* arg) {
    auto* s = static_cast<DnsServer*>(arg);
    s->sock.set_recv_timeout(20 * kMs);
    uint8_t msg[512];
    while (!s->stop) {
        SocketAddr from;
        auto got = s->sock.recv_from(msg, sizeof msg, &from);
        if (!got.ok()) continue;  // the timeout: look at stop again
        size_t len = got.value(), end = 0;
        std::string name = question_name(msg, len, end);
        if (len < 12 || name.empty()) continue;
        ++s->queries;
        if (name.rfind("silent.", 0) == 0) {
            ++s->silent_queries;
            continue;
        }
        bool found = name == "found.axnet.test";
        uint8_t out[512];
        std::memcpy(out, msg, end);               // ID and the question, as asked
        put16(out + 2, found ? 0x8180 : 0x8183);  // response, RD, RA; NOERROR or NXDOMAIN
        put16(out + 4, 1);                        // one question
        put16(out + 6, found ? 1 : 0);            // one answer, or none
        put16(out + 8, 0);
        put16(out + 10, 0);
        size_t n = end;
        if (found) {
            const uint8_t answer[] = {0xc0, 0x0c,              // the question's name
                                      0x00, 0x01, 0x00, 0x01,  // A, IN
                                      0x00, 0x00, 0x00, 0x3c,  // TTL 60 s
                                      0x00, 0x04,              // four bytes of address
                                      10,   1,    2,    3};
            std::memcpy(out + n, answer, sizeof answer);
            n += sizeof answer;
        }
        (void)s->sock.send_to(out, n, from);
    }
}

}  // namespace

TEST_CASE("dns_query: an answer, no such name, and a server that never answers") {
    Baseline base;
    DnsServer srv;
    srv.sock = UdpSocket::create().value();
    REQUIRE(srv.sock.bind({kIpB, 53}).ok());
    // The stack's DNS server: the wire's other end (the port stays 53, add_interface's).
    ip_addr_t server;
    IP_ADDR4(&server, 10, 0, 0, 2);
    dns_setserver(0, &server);
    auto spawned = axtask::spawn(serve_dns, &srv, {"dns", 256 * 1024});
    REQUIRE(spawned.ok());
    axtask::TaskHandle task = std::move(spawned.value());

    auto found = axnet::dns_query("found.axnet.test", 10'000 * kMs);
    REQUIRE(found.ok());
    CHECK(found.value() == kFoundAddr);
    // A second query of the same name is lwIP's cached answer: the server is not asked again.
    int asked = srv.queries;
    CHECK(axnet::dns_query("found.axnet.test", 10'000 * kMs).value() == kFoundAddr);
    CHECK(srv.queries == asked);

    CHECK(axnet::dns_query("missing.axnet.test", 10'000 * kMs).error() == AxError::NotFound);

    // A caller that gives up first: TimedOut at its own deadline. lwIP still holds the lookup
    // and calls back when it gives up too, so the lookup must outlive the caller: freeing it
    // on the caller's timeout is a use after free in that callback, which the sanitizer build
    // of this test reports (tried).
    uint64_t t0 = axtask::now_ns();
    CHECK(axnet::dns_query("silent.early.axnet.test", 200 * kMs).error() == AxError::TimedOut);
    CHECK(axtask::now_ns() - t0 < 2'000 * kMs);
    // A caller that waits longer than lwIP's retries: lwIP gives up, and that is TimedOut
    // ("no answer"), not NotFound ("no such name"), though lwIP reports both alike.
    t0 = axtask::now_ns();
    CHECK(axnet::dns_query("silent.late.axnet.test", 60'000 * kMs).error() == AxError::TimedOut);
    uint64_t waited = axtask::now_ns() - t0;
    CHECK(waited < 30'000 * kMs);    // lwIP's retries ended it, not the 60 s deadline
    CHECK(srv.silent_queries >= 2);  // each silent name was asked, and asked again

    srv.stop = true;
    REQUIRE(axtask::join(task).ok());
    srv.sock.close();
    // The early lookup's late callback has come by now (both names were given up together).
    Baseline::settle(500 * kMs);
    CHECK(base.back());
}
