// axnet/src/stack.cpp: axnet's life cycle (see axnet/axnet.h): lwIP's start, the interfaces,
// the poll that drives lwIP and its timers, DHCP, and the counters and pool usage the tests
// compare. Chapter 5, section 6.
#include <axlog/log.h>
#include <axruntime/axruntime.h>

#include "internal.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/memp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/stats.h"
#include "lwip/timeouts.h"
#include "netif.h"

namespace axnet {

namespace detail {
Counters g_counters;

AxError error_from(err_t e) {
    switch (e) {
        case ERR_MEM:
        case ERR_BUF:
            return AxError::NoMemory;
        case ERR_TIMEOUT:
            return AxError::TimedOut;
        case ERR_RTE:
            return AxError::HostUnreachable;
        case ERR_INPROGRESS:
            return AxError::InProgress;
        case ERR_WOULDBLOCK:
            return AxError::WouldBlock;
        case ERR_USE:
            return AxError::AddrInUse;
        case ERR_ALREADY:
            return AxError::InProgress;
        case ERR_ISCONN:
            return AxError::IsConnected;
        case ERR_CONN:
            return AxError::NotConnected;
        case ERR_ABRT:
            return AxError::ConnectionAborted;
        case ERR_RST:
            return AxError::ConnectionReset;
        case ERR_CLSD:
            return AxError::NotConnected;
        case ERR_IF:
            return AxError::Io;
        default:
            return AxError::InvalidInput;  // ERR_VAL, ERR_ARG
    }
}
}  // namespace detail

using detail::from_lwip;
using detail::g_counters;
using detail::NetDevIf;
using detail::to_lwip;

namespace {

constexpr size_t kMaxInterfaces = 4;
NetDevIf* g_ifaces[kMaxInterfaces];
size_t g_num_ifaces;
bool g_started;
bool g_polling;
bool g_in_timers;  // inside sys_check_timeouts(): what lwIP calls now, a timer called
uint16_t g_dns_port = 53;
axtask::WaitQueue g_dhcp_wq;  // tasks waiting for a DHCP address

void status_changed(netif*) {
    g_dhcp_wq.notify_all();
}

// Chapter 5, 4.9, nothing accepted is lost: the TCP bytes lwIP still holds for its peers.
struct Backlog {
    size_t connections;  // connections with a segment unsent or unacknowledged
    size_t bytes;        // the data in those segments
};

Backlog tcp_backlog() {
    Backlog b = {};
    for (tcp_pcb* p = tcp_active_pcbs; p; p = p->next) {
        if (!p->unsent && !p->unacked) continue;  // a FIN alone is a segment too: counted
        ++b.connections;
        for (tcp_seg* s = p->unsent; s; s = s->next) b.bytes += s->len;
        for (tcp_seg* s = p->unacked; s; s = s->next) b.bytes += s->len;
    }
    return b;
}

constexpr uint64_t kShutdownFlushNs = 2'000'000'000;

// The shutdown hook (axruntime::add_shutdown_hook): keep lwIP running (receive, timers,
// retransmissions) until every byte send() accepted and every FIN is acknowledged, at most
// kShutdownFlushNs. The main task sleeps between polls; the idle loop polls meanwhile too.
void flush_on_shutdown(void*) {
    uint64_t start = axtask::now_ns();
    uint64_t deadline = detail::deadline_after(kShutdownFlushNs);
    Backlog first = tcp_backlog();
    for (;;) {
        poll_interfaces();
        Backlog b = tcp_backlog();
        if (b.connections == 0) {
            if (first.connections != 0)
                axlog::info("axnet: shutdown: {} bytes on {} TCP connections delivered in {} ms",
                            first.bytes, first.connections, (axtask::now_ns() - start) / 1000000);
            return;
        }
        if (axtask::now_ns() >= deadline) {
            axlog::warn(
                "axnet: shutdown: {} bytes on {} TCP connections undelivered after {} ms, "
                "dropped",
                b.bytes, b.connections, kShutdownFlushNs / 1000000);
            return;
        }
        axtask::sleep_for(1'000'000);
    }
}

}  // namespace

namespace detail {
bool in_timers() {
    return g_in_timers;
}
}  // namespace detail

AxResult<> init() {
    if (g_started) return AxError::BadState;
    detail::init_lwip();  // lwip_init(), which adds the loopback interface 127.0.0.1 too
    g_started = true;
    axtask::set_idle_hook(idle_hook);
    if (!axruntime::add_shutdown_hook(flush_on_shutdown, nullptr))
        axlog::warn("axnet: no room for the shutdown hook: unsent TCP data dies at exit");
    return {};
}

AxResult<size_t> add_interface(const Device& dev, const Config& cfg, uint64_t dhcp_timeout_ns) {
    if (!g_started) return AxError::BadState;
    if (g_num_ifaces == kMaxInterfaces) return AxError::NoMemory;
    auto made = NetDevIf::create(dev);
    if (!made.ok()) return made.error();
    NetDevIf* nif = made.value();
    if (auto r = nif->start(cfg); !r.ok()) return r.error();
    size_t index = g_num_ifaces++;
    g_ifaces[index] = nif;
    netif* n = nif->lwip_netif();
    if (index == 0) netif_set_default(n);
    ip4_addr_t dns = to_lwip(cfg.dns);
    g_dns_port = cfg.dns_port;
    if (!cfg.dhcp) {
        dns_setserver(0, &dns);
        return index;
    }
    // Chapter 5, 4.8: start, then wait for the status callback to report an address.
    netif_set_status_callback(n, status_changed);
    if (dhcp_start(n) != ERR_OK) return AxError::NoMemory;
    uint64_t deadline = detail::deadline_after(dhcp_timeout_ns);
    while (!dhcp_supplied_address(n)) {
        if (!g_dhcp_wq.wait_until(deadline)) {
            if (dhcp_supplied_address(n)) break;
            axlog::warn("axnet: no DHCP answer on {}{}", dev.name, unsigned(n->num));
            return AxError::TimedOut;
        }
    }
    if (cfg.dns_given || ip4_addr_isany(ip_2_ip4(dns_getserver(0)))) dns_setserver(0, &dns);
    return index;
}

AxResult<InterfaceInfo> interface_info(size_t index) {
    if (index >= g_num_ifaces) return AxError::NotFound;
    netif* n = g_ifaces[index]->lwip_netif();
    return InterfaceInfo{from_lwip(*netif_ip4_addr(n)), from_lwip(*netif_ip4_netmask(n)),
                         from_lwip(*netif_ip4_gw(n)), from_lwip(*ip_2_ip4(dns_getserver(0)))};
}

void poll_interfaces() {
    if (g_polling || !g_started) return;  // called again from inside lwIP: nothing to do
    g_polling = true;
    for (size_t i = 0; i < g_num_ifaces; ++i) g_ifaces[i]->poll();
    netif_poll_all();  // frames lwIP sent to itself (127.0.0.1, its own addresses)
    g_in_timers = true;
    sys_check_timeouts();  // TCP's 250 ms timer, ARP, DHCP, DNS
    g_in_timers = false;
    g_polling = false;
}

uint64_t idle_hook() {
    poll_interfaces();
    uint64_t now = axtask::now_ns();
    bool pending = false;
    for (size_t i = 0; i < g_num_ifaces; ++i) pending |= g_ifaces[i]->arm_irq();
    if (pending) return now;
    u32_t ms = sys_timeouts_sleeptime();
    if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE) return UINT64_MAX;
    return now + uint64_t(ms) * 1000000;
}

Counters counters() {
    return g_counters;
}

PoolUsage pool_usage() {
    PoolUsage u = {};
    for (int i = 0; i < MEMP_MAX; ++i) {
        if (i != MEMP_SYS_TIMEOUT) u.memp_used += lwip_stats.memp[i]->used;
    }
    for (tcp_pcb* p = tcp_tw_pcbs; p; p = p->next) --u.memp_used;
    u.mem_used = uint32_t(lwip_stats.mem.used);
    for (size_t i = 0; i < g_num_ifaces; ++i) {
        u.rx_lent += uint32_t(g_ifaces[i]->lent());
        u.rx_pool_free += uint32_t(g_ifaces[i]->rx_pool_free());
    }
    return u;
}

}  // namespace axnet

extern "C" unsigned short ax_dns_server_port(void) {
    return axnet::g_dns_port;
}
