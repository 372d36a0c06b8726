/// @file minnet/interface.h
/// @brief minnet::Interface: one IPv4 address on one NIC, driven through NetDriverOps. It
/// answers ARP (RFC 826) and ping (RFC 792), keeps an 8-entry ARP cache, resolves addresses,
/// pings, and sends and receives UDP (RFC 768). Chapter 3's teaching stack: no TCP, no
/// routing beyond "/24 or the gateway", no fragments, no IP options. Chapter 5 replaces it
/// with lwIP.
///
/// Nothing runs by itself: the kernel calls poll() (or a blocking call that polls) and every
/// received frame is handled there, on the caller's stack. Time and waiting are injected
/// (Env), so the same code runs in the kernel and in the host tests.
///
/// ARP learns only what it has reason to believe (as Linux does by default): the answer to a
/// request of its own, the sender of a request for our address (it is about to talk to us), and
/// a new MAC for an address already in the cache (RFC 826's merge). A reply nobody asked for
/// teaches nothing, so a flood of spoofed replies cannot fill the cache; and the gateway's entry
/// is never the one replaced, so no flood evicts it. Like Linux without static entries, minnet
/// cannot tell a forged update of a known address from a real one.
///
/// Left out, and chapter 3's exercises: ARP entries never expire (RFC 1122 section 2.3.2.1 asks
/// for a timeout: exercise 2); no ICMP errors are sent, not even Port Unreachable (RFC 1122
/// section 4.1.3.1: exercise 1). Left out for good: loopback (a datagram to our own address goes
/// nowhere).
#pragma once
#include <driver_net/net_buf.h>
#include <driver_net/net_driver_ops.h>
#include <minnet/wire.h>

#include <cstddef>
#include <cstdint>

namespace minnet {

using driver_common::DevError;
using driver_common::DevResult;

/// An IPv4 interface on a NIC. Not thread-safe: one context uses it at a time.
class Interface {
public:
    /// Addresses: assumed to be in a /24 network; anything outside it goes to the gateway.
    struct Config {
        driver_net::EthernetAddress mac;  ///< Our MAC (normally dev.mac_address()).
        Ipv4Addr ip;                      ///< Our IPv4 address.
        Ipv4Addr gateway;                 ///< Next hop for addresses outside our /24.
    };

    /// What the interface needs from its surroundings.
    struct Env {
        /// A monotonic clock in nanoseconds (the kernel passes axhal::monotonic_ns).
        uint64_t (*now_ns)();
        /// Called while a blocking call waits for the network: the kernel passes a function
        /// that halts until the next interrupt (the NIC's, or the timer's, which bounds the
        /// wait); tests pass one that advances a fake clock and delivers frames.
        void (*idle)();
    };

    /// A UDP receive handler: called from poll() with the datagram's source and payload.
    /// @p data points into the receive buffer and is valid only during the call.
    using UdpHandler = void (*)(void* ctx, Ipv4Addr src, uint16_t src_port, const uint8_t* data,
                                size_t len);

    /// Counters. Every received frame lands in exactly one of rx_arp, rx_icmp, rx_udp,
    /// rx_other, rx_dropped_malformed and rx_dropped_not_for_us.
    struct Stats {
        uint64_t rx_frames;              ///< Frames returned by receive().
        uint64_t rx_arp;                 ///< ARP requests and replies addressed to our IP.
        uint64_t rx_arp_unsolicited;     ///< Replies (in rx_arp) to no request of ours: ignored.
        uint64_t rx_icmp;                ///< ICMP echo requests and replies to our IP.
        uint64_t rx_udp;                 ///< UDP datagrams to our IP (bound port or not).
        uint64_t rx_other;               ///< Well-formed but not handled (IPv6, TCP...).
        uint64_t rx_dropped_malformed;   ///< Refused by parse_frame(); the first few logged.
        uint64_t rx_dropped_not_for_us;  ///< Another MAC or IP than ours.
        uint64_t rx_udp_no_port;         ///< UDP datagrams to a port nobody bound (in rx_udp).
        uint64_t rx_buffers_to_pool;     ///< Receive buffers the driver refused back, freed.
        uint64_t tx_frames;              ///< Frames the driver accepted.
        uint64_t tx_failed;              ///< Not sent: no ARP reply, no buffer, queue full.
        uint64_t arp_requests_sent;      ///< ARP requests broadcast by resolve() (in tx_frames).
        uint64_t echo_replies_sent;      ///< ICMP echo replies sent (in tx_frames).
    };

    /// Entries in the ARP cache; when it is full, the oldest entry other than the gateway's is
    /// replaced.
    static constexpr size_t kArpCacheSize = 8;
    /// Addresses resolve() may be waiting for at once; a reply for any other is not learnt.
    static constexpr size_t kArpPendingSize = 4;
    /// A request of ours is answered in time if the reply comes within this of sending it.
    static constexpr uint64_t kArpPendingNs = 1'000'000'000;
    /// UDP ports that can be bound at once.
    static constexpr size_t kMaxBindings = 8;
    /// resolve() repeats its ARP request this often.
    static constexpr uint64_t kArpRetransmitNs = 200'000'000;
    /// How long udp_send() waits for ARP, a transmit buffer, and room in the transmit queue.
    static constexpr uint64_t kSendWaitNs = 1'000'000'000;
    /// Data bytes in a ping() echo request (as the ping utility sends).
    static constexpr size_t kPingDataLen = 56;
    /// The identifier of ping()'s echo requests.
    static constexpr uint16_t kPingId = 0x4158;  // "AX"
    /// Malformed frames logged (at warn level) before the rest are only counted.
    static constexpr uint64_t kMalformedLogLimit = 8;

    /// An interface on @p dev, receiving into buffers from @p rx_pool. Both must outlive it;
    /// both functions of @p env must be set. Sends nothing until start().
    Interface(driver_net::NetDriverOps& dev, driver_net::NetBufPool& rx_pool, Config cfg, Env env);
    Interface(const Interface&) = delete;
    Interface& operator=(const Interface&) = delete;

    /// Posts receive buffers from the receive pool to the driver (recycle_rx_buffer) until
    /// dev.rx_queue_size() are posted, the pool is empty or the driver's queue is full (a
    /// driver may have posted buffers of its own already). Errors: any other error of
    /// recycle_rx_buffer (e.g. InvalidParam: the pool's buffers are too small).
    [[nodiscard]] DevResult<> start();

    /// Handles every received frame (up to dev.rx_queue_size() per call, so a flood cannot
    /// keep it from returning): answers ARP requests and echo requests for our IP, records ARP
    /// replies and echo replies, calls UDP handlers, counts the rest. Each receive buffer goes
    /// back to the driver (or, if the driver refuses it, to its pool). Then returns sent
    /// transmit buffers to their pool (recycle_tx_buffers). Called from a UDP handler (through
    /// udp_send()), it only does the latter: handlers never nest.
    void poll();

    /// The MAC of @p ip: from the cache, else by broadcasting ARP requests (every
    /// kArpRetransmitNs), polling and idling until the reply. Error Again after @p timeout_ns
    /// without a reply; from inside a UDP handler a cache miss sends one request and returns
    /// Again at once (the reply cannot be received there).
    [[nodiscard]] DevResult<driver_net::EthernetAddress> resolve(Ipv4Addr ip, uint64_t timeout_ns);

    /// Sends an echo request (id kPingId, sequence @p seq, kPingDataLen bytes) to @p ip through
    /// its next hop and waits for the matching reply (same source, id, seq and data). Returns
    /// the round trip in nanoseconds. Errors: Again (no ARP reply or no echo reply within
    /// @p timeout_ns, which covers both), NoMemory (no transmit buffer), BadState (called from
    /// a UDP handler).
    [[nodiscard]] DevResult<uint64_t> ping(Ipv4Addr ip, uint16_t seq, uint64_t timeout_ns);

    /// Sends @p len bytes at @p data (copied: the caller keeps them) from our @p src_port to
    /// @p dst : @p dst_port. May wait up to kSendWaitNs for ARP, then for a transmit buffer,
    /// then for room in the transmit queue, polling meanwhile. Errors: InvalidParam (len >
    /// kMaxUdpPayload), Again (no ARP reply; transmit queue still full), NoMemory (no
    /// transmit buffer), or the driver's error. On error nothing was sent and every buffer is
    /// back in its pool.
    [[nodiscard]] DevResult<> udp_send(uint16_t src_port, Ipv4Addr dst, uint16_t dst_port,
                                       const uint8_t* data, size_t len);

    /// Delivers UDP datagrams to our IP and @p port to @p handler, with @p ctx. Returns false
    /// if the port is 0 or already bound, the handler is null, or kMaxBindings are in use.
    bool udp_bind(uint16_t port, UdpHandler handler, void* ctx);

    /// The counters so far.
    const Stats& stats() const { return m_stats; }
    /// The configuration.
    const Config& config() const { return m_cfg; }

private:
    struct ArpEntry {
        Ipv4Addr ip;
        driver_net::EthernetAddress mac;
        uint64_t age;  // insertion order: the smallest is the oldest; 0 = unused
    };
    struct ArpPending {  // an ARP request of ours, waiting for its reply
        Ipv4Addr ip;
        uint64_t sent_ns;  // when the last request for ip went out
        bool used;
    };
    struct Binding {
        uint16_t port;  // 0 = unused
        UdpHandler handler;
        void* ctx;
    };
    struct PendingPing {  // the echo request ping() waits for
        bool waiting;
        bool answered;
        Ipv4Addr ip;
        uint16_t seq;
        uint64_t answered_at;
    };

    void handle_frame(const uint8_t* frame, size_t len);
    void handle_arp(const ParsedFrame& f);
    void handle_icmp(const ParsedFrame& f);
    void handle_udp(const ParsedFrame& f);
    void give_back(driver_net::NetBufPtr buf);
    bool arp_lookup(Ipv4Addr ip, driver_net::EthernetAddress& mac) const;
    bool arp_update(Ipv4Addr ip, const driver_net::EthernetAddress& mac);
    void arp_insert(Ipv4Addr ip, const driver_net::EthernetAddress& mac);
    void arp_note_request(Ipv4Addr ip);
    bool arp_take_pending(Ipv4Addr ip);
    Ipv4Addr next_hop(Ipv4Addr dst) const;
    bool tx_wait(uint64_t start, uint64_t budget_ns, unsigned attempt);
    DevResult<driver_net::NetBufPtr> alloc_frame(size_t len, uint64_t budget_ns);
    DevResult<> send_frame(driver_net::NetBufPtr buf, size_t built_len, uint64_t budget_ns);
    DevResult<> send_arp(uint16_t op, const driver_net::EthernetAddress& eth_dst,
                         const driver_net::EthernetAddress& target_mac, Ipv4Addr target_ip);

    driver_net::NetDriverOps& m_dev;
    driver_net::NetBufPool& m_rx_pool;
    Config m_cfg;
    Env m_env;
    ArpEntry m_arp[kArpCacheSize] = {};
    uint64_t m_arp_clock = 0;
    ArpPending m_arp_pending[kArpPendingSize] = {};
    Binding m_bindings[kMaxBindings] = {};
    PendingPing m_ping = {};
    bool m_in_poll = false;
    Stats m_stats = {};
};

}  // namespace minnet
