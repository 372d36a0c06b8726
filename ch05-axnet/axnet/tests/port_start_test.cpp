// axnet/tests/port_start_test.cpp: the first ephemeral ports when lwIP's random start is the
// worst one. lwIP 2.1.3 starts its TCP ports at 0xc000 + (LWIP_RAND() & 0x3fff) and steps the
// port before comparing it with 0xffff, so a start of 0xffff wraps to port 0 and the first
// bind to port 0 fails; axnet keeps lwip_init()'s draws off that start (port.cpp,
// ax_lwip_rand). A program of its own: the draw must be forced before lwIP starts, which
// happens once per process.
#include <axnet/axnet.h>
#include <axnet/tcp_socket.h>
#include <axnet/udp_socket.h>
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>
#include <utility>

#include "../src/internal.h"

using axnet::Ipv4Addr;

TEST_CASE("ephemeral ports are in range when lwIP's random start is 0xffff") {
    axnet::detail::set_rand_for_test([]() -> uint32_t { return 0xffffffff; });
    axtask::init();
    REQUIRE(axnet::init().ok());
    axnet::detail::set_rand_for_test(nullptr);

    uint16_t ports[3] = {};
    axnet::TcpSocket tcp[3];
    for (int i = 0; i < 3; ++i) {
        auto s = axnet::TcpSocket::create();
        REQUIRE(s.ok());
        tcp[i] = std::move(s.value());
        REQUIRE(tcp[i].bind({Ipv4Addr::any(), 0}).ok());  // ERR_BUF from a start of 0xffff
        ports[i] = tcp[i].local_addr().value().port;
        CHECK(ports[i] >= 0xc000);
        CHECK(ports[i] < 0xffff);
    }
    CHECK(ports[0] != ports[1]);
    CHECK(ports[1] != ports[2]);

    auto u = axnet::UdpSocket::create();
    REQUIRE(u.ok());
    REQUIRE(u.value().bind({Ipv4Addr::any(), 0}).ok());
    CHECK(u.value().local_addr().value().port >= 0xc000);
    for (auto& s : tcp) s.close();
    u.value().close();
}
