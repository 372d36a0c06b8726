// ch05-axnet/app/main.cpp: the stage 5 demo kernel on QEMU user networking (guest 10.0.2.15,
// gateway 10.0.2.2 = the host's 127.0.0.1). It brings up axnet on the NIC, serves TCP echo
// (7000), HTTP/1.1 (8080) and UDP echo (7001) with one task per connection until GET /quit,
// and on request first acts as a client. Command line (QEMU -append):
//   ip=dhcp | ip=A.B.C.D  mask= gw= dns=   addresses (default: QEMU user networking's)
//   fetch=PORT        fetch http://10.0.2.2:PORT/ with the TCP client, print size and CRC-32
//   lookup=NAME       resolve NAME with the DNS server (dns=, or DHCP's)
//   refused=PORT      connect to 10.0.2.2:PORT, expecting ConnectionRefused
//   unreachable=1     connect to 10.0.2.99 (nobody: ARP goes unanswered), expecting TimedOut
//   idle_timeout=S    drop a connection that neither sends nor reads for S seconds (default 60)
#include <axlog/log.h>
#include <axnet/axnet.h>
#include <axnet/init_network.h>
#include <axnet/tcp_socket.h>
#include <axruntime/axruntime.h>
#include <axtask/axtask.h>

#include "services.h"

// The program's own arguments (axnet declares ip, mask, gw and dns where it reads them).
AX_CMDLINE_ARGS("fetch", "lookup", "refused", "unreachable", "idle_timeout");

namespace {

using axnet::Ipv4Addr;
using axnet::SocketAddr;
using axnet::TcpSocket;

constexpr uint64_t kMs = 1'000'000;
const Ipv4Addr kHost = Ipv4Addr::from_octets(10, 0, 2, 2);

// A number from the command line (0 if absent, malformed, or above 65535).
uint16_t port_value(std::string_view key) {
    std::string_view v = axruntime::cmdline_value(key);
    uint32_t p = 0;
    for (char c : v) {
        if (c < '0' || c > '9' || (p = p * 10 + uint32_t(c - '0')) > 65535) return 0;
    }
    return uint16_t(p);
}

// CRC-32 (IEEE 802.3, reflected), to match the host side's zlib.crc32.
uint32_t crc32(uint32_t crc, const uint8_t* p, size_t n) {
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) {
        crc ^= p[i];
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
    return ~crc;
}

// The TCP client: GET / from a server on the host, then count and checksum the body.
bool fetch(uint16_t port) {
    auto s = TcpSocket::create();
    if (!s.ok()) return false;
    TcpSocket c = s.value();
    bool ok = false;
    if (auto r = c.connect({kHost, port}); !r.ok()) {
        axlog::println("fetch: connect to 10.0.2.2:{}: {}", port, axerrno::error_name(r.error()));
    } else {
        const char req[] = "GET / HTTP/1.0\r\nHost: 10.0.2.2\r\n\r\n";
        (void)c.send(req, sizeof req - 1);
        static uint8_t buf[8192];
        uint64_t total = 0, body = 0;
        uint32_t crc = 0;
        bool in_body = false;
        uint32_t tail = 0;  // the last four bytes seen, to find the end of the head
        for (;;) {
            auto r = c.recv(buf, sizeof buf);
            if (!r.ok() || r.value() == 0) {
                ok = r.ok();
                break;
            }
            for (size_t i = 0; i < r.value(); ++i) {
                if (in_body) {
                    crc = crc32(crc, buf + i, 1);
                    ++body;
                } else {
                    tail = tail << 8 | buf[i];
                    in_body = tail == 0x0d0a0d0a;
                }
            }
            total += r.value();
        }
        axlog::println("fetch: {} bytes from 10.0.2.2:{}, body {} bytes, crc32 {:08x}", total, port,
                       body, crc);
    }
    c.close();
    return ok;
}

// Connects somewhere that must fail, and logs how.
void expect_failure(SocketAddr to, uint64_t timeout_ns) {
    auto s = TcpSocket::create();
    if (!s.ok()) return;
    char ip[16];
    to.ip.format(ip);
    uint64_t t0 = axtask::now_ns();
    auto r = s.value().connect(to, timeout_ns);
    axlog::println("connect to {}:{}: {} after {} ms", static_cast<const char*>(ip), to.port,
                   r.ok() ? "connected" : axerrno::error_name(r.error()),
                   (axtask::now_ns() - t0) / kMs);
    s.value().close();
}

void print_interface() {
    auto info = axnet::interface_info(0);
    if (!info.ok()) return;
    char ip[16], gw[16], dns[16];
    info.value().ip.format(ip);
    info.value().gateway.format(gw);
    info.value().dns.format(dns);
    axlog::println("axnet: address {}, gateway {}, dns {}", static_cast<const char*>(ip),
                   static_cast<const char*>(gw), static_cast<const char*>(dns));
}

}  // namespace

int main() {
    axtask::init();
    if (!axnet::init_network(axdriver::init_drivers()).ok()) return 1;
    print_interface();

    bool ok = true;
    if (uint16_t p = port_value("fetch")) ok &= fetch(p);
    if (auto name = axruntime::cmdline_value("lookup"); !name.empty()) {
        auto a = axnet::dns_query(name);
        char text[16] = "";
        if (a.ok()) a.value().format(text);
        axlog::println("dns: {} is {}", name, a.ok() ? text : axerrno::error_name(a.error()));
    }
    if (uint16_t p = port_value("refused")) expect_failure({kHost, p}, 5000 * kMs);
    if (axruntime::cmdline_value("unreachable") == "1") {
        expect_failure({Ipv4Addr::from_octets(10, 0, 2, 99), 80}, 2000 * kMs);
    }

    uint64_t idle_s = port_value("idle_timeout");
    if (auto r = app::start_services((idle_s ? idle_s : 60) * 1000 * kMs); !r.ok()) {
        axlog::error("services: {}", axerrno::error_name(r.error()));
        return 1;
    }
    axlog::println("services: tcp echo on {}, http on {}, udp echo on {}", app::kEchoPort,
                   app::kHttpPort, app::kUdpEchoPort);
    while (!app::g_quit) app::g_quit_wq.wait();
    axtask::sleep_for(100 * kMs);  // let the /quit response leave
    app::print_totals();
    axnet::PoolUsage u = axnet::pool_usage();
    axlog::println("axnet: lwIP pools {} in use, heap {} bytes, {} receive buffers lent",
                   u.memp_used, u.mem_used, u.rx_lent);
    return ok ? 0 : 1;
}
