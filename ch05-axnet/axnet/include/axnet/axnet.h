/// @file axnet/axnet.h
/// @brief axnet, the network framework (ArceOS modules/axnet): lwIP 2.1.3 (raw API, NO_SYS)
/// over any NIC that implements NetDriverOps, its interfaces and their configuration, the
/// poll that drives lwIP, and DNS. The sockets are in tcp_socket.h and udp_socket.h.
///
/// Life cycle: init() once (lwIP and the 127.0.0.1 loopback interface), add_interface() for
/// each NIC (the first is the default route), then sockets. lwIP runs only in poll_interfaces(),
/// which axtask's idle loop calls (the idle hook installed by init()) and which blocking calls
/// reach by waiting; interrupt handlers never enter lwIP. Chapter 5 tells the design.
#pragma once
#include <axerrno/axerrno.h>
#include <axnet/addr.h>
#include <driver_net/net_driver_ops.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace axnet {

using axerrno::AxError;
using axerrno::AxResult;

/// How an interface gets its address.
struct Config {
    bool dhcp = false;  ///< Ask a DHCP server (the command line's ip=dhcp).
    Ipv4Addr ip = Ipv4Addr::from_octets(10, 0, 2, 15);           ///< Static address.
    Ipv4Addr netmask = Ipv4Addr::from_octets(255, 255, 255, 0);  ///< Static netmask.
    Ipv4Addr gateway = Ipv4Addr::from_octets(10, 0, 2, 2);       ///< Static default gateway.
    /// DNS server (DHCP's replaces it unless dns_given).
    Ipv4Addr dns = Ipv4Addr::from_octets(10, 0, 2, 3);
    uint16_t dns_port = 53;  ///< The DNS server's UDP port.
    bool dns_given = false;  ///< The command line named the DNS server: it wins over DHCP's.
};

/// Reads a Config from kernel command line words: `ip=dhcp` or `ip=A.B.C.D`, `mask=`, `gw=`,
/// `dns=A.B.C.D[:PORT]`; absent or malformed values keep QEMU user networking's defaults (a
/// malformed value is reported in @p bad, the name of the first bad key, or left empty).
/// Hardware-free.
Config config_from_cmdline(std::string_view cmdline, std::string_view* bad = nullptr);

/// A NIC for add_interface().
struct Device {
    driver_net::NetDriverOps* ops = nullptr;    ///< The driver (not owned).
    driver_net::NetBufPool* rx_pool = nullptr;  ///< Where receive buffers come from (not owned).
    /// Optional: arms the NIC's receive interrupt before the CPU halts; returns true when a
    /// frame is already pending (then the idle loop must not halt). Null: the NIC is polled at
    /// every timer deadline only.
    bool (*arm_rx_irq)(void* ctx) = nullptr;
    void* ctx = nullptr;       ///< Passed to arm_rx_irq.
    const char* name = "eth";  ///< For logs ("eth0").
};

/// Starts lwIP and the loopback interface (127.0.0.1), installs axnet's idle hook in axtask
/// and registers a shutdown hook with axruntime::add_shutdown_hook: at exit, TCP data that
/// send() accepted is still delivered (lwIP is polled until nothing is unsent or
/// unacknowledged, at most 2 s; past that a warning names the bytes dropped). Call once, after
/// axtask::init(). Error: BadState if called twice.
[[nodiscard]] AxResult<> init();

/// Adds @p dev as an interface configured by @p cfg: posts receive buffers from its pool (at
/// most its receive queue's size) and brings it up; with cfg.dhcp, waits (blocking the calling
/// task) until a DHCP server gives an address or @p dhcp_timeout_ns passes (TimedOut, the
/// interface stays up and keeps asking). The first interface is the default route. Returns
/// the interface's index. Errors: NoMemory, InvalidInput (no ops or pool), TimedOut.
[[nodiscard]] AxResult<size_t> add_interface(const Device& dev, const Config& cfg,
                                             uint64_t dhcp_timeout_ns = 10'000'000'000);

/// Interface @p index's current address, netmask and gateway (after DHCP, what it gave).
struct InterfaceInfo {
    Ipv4Addr ip;       ///< Address.
    Ipv4Addr netmask;  ///< Netmask.
    Ipv4Addr gateway;  ///< Default gateway.
    Ipv4Addr dns;      ///< First DNS server.
};
/// The configuration interface @p index has now. Error: NotFound.
[[nodiscard]] AxResult<InterfaceInfo> interface_info(size_t index);

/// Receives what every NIC has, runs the loopback interface and lwIP's timers, and gives
/// finished transmit buffers back (ArceOS ax_poll_interfaces). Returns at once when called
/// again from inside itself. Task context only.
void poll_interfaces();

/// The idle hook (installed by init()): poll_interfaces(), arm every NIC's receive interrupt,
/// and return the monotonic time (ns) of lwIP's next timer (UINT64_MAX: none; now: a frame is
/// already pending).
uint64_t idle_hook();

/// Resolves @p name (dotted-quad text is parsed, anything else asked of the DNS server), blocking
/// the calling task until the answer or @p timeout_ns. Errors: InvalidInput (empty or longer
/// than 255 bytes), NotFound (the server answered: no such name, or an error code), TimedOut
/// (no answer: @p timeout_ns passed, or lwIP gave up after its retries, about 4 s; the POSIX
/// layer makes it getaddrinfo's EAI_AGAIN, "try again"), NoMemory.
[[nodiscard]] AxResult<Ipv4Addr> dns_query(std::string_view name,
                                           uint64_t timeout_ns = 5'000'000'000);

/// What axnet has counted since init().
struct Counters {
    uint64_t rx_frames;           ///< Frames taken from NICs.
    uint64_t rx_zero_copy;        ///< ... handed to lwIP in the driver's own buffer.
    uint64_t rx_copied;           ///< ... copied because lwIP held its bound of driver buffers.
    uint64_t rx_dropped_short;    ///< ... dropped: shorter than an Ethernet header.
    uint64_t rx_dropped_arp;      ///< ... dropped: ARP shorter than 42 bytes (lwIP checks none).
    uint64_t rx_dropped_no_pbuf;  ///< ... dropped: no pbuf to copy into.
    uint64_t rx_buffers_to_pool;  ///< Receive buffers the driver refused back (went to the pool).
    uint64_t tx_frames;           ///< Frames given to NICs.
    uint64_t tx_no_buffer;        ///< Frames lwIP could not send: no transmit buffer (ERR_MEM).
    uint64_t tcp_close_rst;       ///< Closes that reset the connection (unread data).
};
/// The counters so far.
Counters counters();

/// How much of lwIP's and the NICs' memory is in use: equal before and after a piece of work
/// that has closed every socket it opened means nothing leaked.
struct PoolUsage {
    /// Elements in use over all lwIP pools (MEMP_STATS), less the pcbs of connections in
    /// TIME_WAIT (lwIP frees those itself after 2 MSL, or reuses them when it runs out) and
    /// the timer entries (TCP's timer runs only while some connection exists).
    uint32_t memp_used;
    uint32_t mem_used;      ///< Bytes in use in lwIP's heap (MEM_STATS).
    uint32_t rx_lent;       ///< Driver receive buffers lwIP holds now.
    uint32_t rx_pool_free;  ///< Buffers free in the interfaces' receive pools.
    /// Same usage.
    bool operator==(const PoolUsage&) const = default;
};
/// Usage now.
PoolUsage pool_usage();

}  // namespace axnet
