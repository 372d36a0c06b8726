// minnet/src/interface.cpp: minnet::Interface (see minnet/interface.h): the receive loop, ARP
// (RFC 826), ICMP echo (RFC 792), UDP (RFC 768) and the waiting transmit path. Hardware-free:
// the kernel and the host tests (tests/interface_test.cpp, over a fake NIC) compile this file.
#include <axlog/log.h>
#include <minnet/interface.h>

namespace minnet {

using driver_net::EthernetAddress;
using driver_net::NetBuf;
using driver_net::NetBufPtr;

namespace {

// IEEE 802.3: the least significant bit of the first byte marks a group (multicast or
// broadcast) address. A sender's address is never one; a frame claiming it is not answered.
bool is_unicast(const EthernetAddress& mac) {
    return (mac.bytes[0] & 1) == 0;
}

// The data of ping()'s echo requests: byte i is i, so a reply's data can be checked.
void fill_ping_data(uint8_t* data) {
    for (size_t i = 0; i < Interface::kPingDataLen; ++i) data[i] = uint8_t(i);
}

bool is_ping_data(const uint8_t* data, size_t len) {
    if (len != Interface::kPingDataLen) return false;
    for (size_t i = 0; i < len; ++i) {
        if (data[i] != uint8_t(i)) return false;
    }
    return true;
}

}  // namespace

Interface::Interface(driver_net::NetDriverOps& dev, driver_net::NetBufPool& rx_pool, Config cfg,
                     Env env)
    : m_dev(dev), m_rx_pool(rx_pool), m_cfg(cfg), m_env(env) {}

DevResult<> Interface::start() {
    size_t posted = 0;
    for (; posted < m_dev.rx_queue_size(); ++posted) {
        auto b = m_rx_pool.alloc();
        if (!b.ok()) break;
        if (auto r = m_dev.recycle_rx_buffer(b.value()->into_buf_ptr()); !r.ok()) {
            (void)m_rx_pool.free(b.value());  // refused: the buffer is still ours
            if (r.error() != DevError::NoMemory && r.error() != DevError::Again) return r;
            break;  // the driver's receive queue is full
        }
    }
    char ip[16], gw[16], mac[18];
    m_cfg.ip.format(ip);
    m_cfg.gateway.format(gw);
    format_mac(m_cfg.mac, mac);
    // A driver that fills its receive queue itself at start-up (virtio-net does) leaves
    // nothing to post: say so, rather than a bare "0 posted" that reads like a failure.
    if (posted == 0) {
        axlog::info("minnet: {} at {}, gateway {}; receive buffers: the driver's own", ip, mac, gw);
    } else {
        axlog::info("minnet: {} at {}, gateway {}; {} receive buffers posted from minnet's pool",
                    ip, mac, gw, posted);
    }
    return {};
}

void Interface::poll() {
    // Called again from inside a UDP handler (through udp_send()), poll() receives nothing, so
    // handlers never nest: it only recycles transmit buffers.
    if (!m_in_poll) {
        m_in_poll = true;
        for (size_t budget = m_dev.rx_queue_size(); budget > 0; --budget) {
            auto r = m_dev.receive();
            if (!r.ok()) break;  // Again: nothing pending
            ++m_stats.rx_frames;
            handle_frame(r.value().packet(), r.value().packet_len());
            give_back(r.value());
        }
        m_in_poll = false;
    }
    // A failure here is a corrupt buffer handle inside the driver; the driver counts it and
    // the buffers it could not free stay queued: nothing for minnet to do.
    (void)m_dev.recycle_tx_buffers();
}

void Interface::give_back(NetBufPtr buf) {
    if (m_dev.recycle_rx_buffer(buf).ok()) return;
    NetBuf* b = NetBuf::from_buf_ptr(buf);  // refused: the buffer is still ours
    (void)b->pool()->free(b);
    ++m_stats.rx_buffers_to_pool;
}

void Interface::handle_frame(const uint8_t* frame, size_t len) {
    ParsedFrame f;
    ParseResult kind = parse_frame(frame, len, f);
    if (kind == ParseResult::Malformed) {
        if (++m_stats.rx_dropped_malformed <= kMalformedLogLimit) {
            bool last = m_stats.rx_dropped_malformed == kMalformedLogLimit;
            axlog::warn("minnet: dropped a malformed frame of {} bytes: {}{}", len, f.reason,
                        last ? " (further ones are only counted)" : "");
        }
        return;
    }
    if (f.eth.dst != m_cfg.mac && f.eth.dst != kBroadcastMac) {
        ++m_stats.rx_dropped_not_for_us;
        return;
    }
    if (kind == ParseResult::Arp) {
        handle_arp(f);
    } else if (kind == ParseResult::IcmpEcho) {
        handle_icmp(f);
    } else if (kind == ParseResult::Udp) {
        handle_udp(f);
    } else {
        ++m_stats.rx_other;
    }
}

// RFC 826, "Packet Reception", step by step. (The parser checked ar$hrd and ar$pro.)
void Interface::handle_arp(const ParsedFrame& f) {
    const ArpPacket& a = f.arp;
    // Never learnt from nor answered: a probe (sender 0.0.0.0, RFC 5227 section 2.1.1) or a
    // sender claiming a group MAC.
    bool usable = a.sender_ip != Ipv4Addr{} && is_unicast(a.sender_mac);
    // "If the pair <protocol type, sender protocol address> is already in my translation
    // table, update the sender hardware address field of the entry ... Merge_flag := true."
    bool merged = usable && arp_update(a.sender_ip, a.sender_mac);
    // "?Am I the target protocol address?"
    if (a.target_ip != m_cfg.ip) {
        ++m_stats.rx_dropped_not_for_us;
        return;
    }
    ++m_stats.rx_arp;
    if (!usable) return;
    // "If Merge_flag is false, add the triplet ... to the translation table." RFC 826 adds
    // every sender; minnet, like Linux by default, adds only the sender of a request for us
    // (it is about to talk to us) and the answer to a request of its own. A reply nobody
    // asked for is dropped: otherwise a flood of forged replies fills the cache with junk.
    bool asked = a.op == kArpReply && arp_take_pending(a.sender_ip);
    if (!merged && (a.op == kArpRequest || asked)) arp_insert(a.sender_ip, a.sender_mac);
    if (a.op == kArpReply && !asked && !merged) ++m_stats.rx_arp_unsolicited;
    // "?Is the opcode ares_op$REQUEST? Swap hardware and protocol fields, putting the local
    // hardware and protocol addresses in the sender fields. Set the ar$op field to
    // ares_op$REPLY. Send the packet to the (new) target hardware address."
    if (a.op == kArpRequest) (void)send_arp(kArpReply, a.sender_mac, a.sender_mac, a.sender_ip);
}

void Interface::handle_icmp(const ParsedFrame& f) {
    if (f.ip.dst != m_cfg.ip) {
        ++m_stats.rx_dropped_not_for_us;
        return;
    }
    ++m_stats.rx_icmp;
    const IcmpEcho& e = f.icmp;
    if (e.type == kIcmpEchoRequest) {
        // RFC 792: "The data received in the echo message must be returned in the echo reply
        // message", with the same identifier and sequence number. It goes back to the MAC it
        // came from (the sender, or the router that forwarded it), so no ARP is needed.
        if (!is_unicast(f.eth.src)) return;
        auto b = alloc_frame(icmp_echo_frame_len(e.data_len), 0);
        if (!b.ok()) return;
        FrameAddrs to{m_cfg.mac, f.eth.src, m_cfg.ip, f.ip.src};
        size_t n = build_icmp_echo(b.value().packet(), b.value().packet_len(), to, kIcmpEchoReply,
                                   e.id, e.seq, e.data, e.data_len);
        if (send_frame(b.value(), n, 0).ok()) ++m_stats.echo_replies_sent;
        return;
    }
    PendingPing& p = m_ping;
    if (p.waiting && !p.answered && f.ip.src == p.ip && e.id == kPingId && e.seq == p.seq &&
        is_ping_data(e.data, e.data_len)) {
        p.answered = true;
        p.answered_at = m_env.now_ns();
    }
}

void Interface::handle_udp(const ParsedFrame& f) {
    if (f.ip.dst != m_cfg.ip) {
        ++m_stats.rx_dropped_not_for_us;
        return;
    }
    ++m_stats.rx_udp;
    for (const Binding& b : m_bindings) {
        if (b.port != 0 && b.port == f.udp.dst_port) {
            b.handler(b.ctx, f.ip.src, f.udp.src_port, f.udp.data, f.udp.data_len);
            return;
        }
    }
    // RFC 1122 section 4.1.3.1 asks for an ICMP Port Unreachable here; minnet only counts
    // (chapter 3, exercise 1).
    ++m_stats.rx_udp_no_port;
}

bool Interface::arp_lookup(Ipv4Addr ip, EthernetAddress& mac) const {
    for (const ArpEntry& e : m_arp) {
        if (e.age != 0 && e.ip == ip) {
            mac = e.mac;
            return true;
        }
    }
    return false;
}

bool Interface::arp_update(Ipv4Addr ip, const EthernetAddress& mac) {
    for (ArpEntry& e : m_arp) {
        if (e.age != 0 && e.ip == ip) {
            e.mac = mac;
            return true;
        }
    }
    return false;
}

// A free entry, else the oldest one that is not the gateway's: the gateway carries every
// packet that leaves the /24, and no stream of ARP from the network may push it out.
void Interface::arp_insert(Ipv4Addr ip, const EthernetAddress& mac) {
    static_assert(kArpCacheSize >= 2, "one entry may be the gateway's, another must be free");
    ArpEntry* victim = nullptr;
    for (ArpEntry& e : m_arp) {
        if (e.age == 0) {
            victim = &e;
            break;
        }
        if (e.ip == m_cfg.gateway) continue;
        if (!victim || e.age < victim->age) victim = &e;
    }
    *victim = {ip, mac, ++m_arp_clock};
    char ip_text[16], mac_text[18];
    ip.format(ip_text);
    format_mac(mac, mac_text);
    axlog::info("arp: {} is at {}", ip_text, mac_text);
}

// Remembers that a request for @p ip went out, so that its reply is learnt: the entry for
// @p ip if there is one, else a free one, else the oldest.
void Interface::arp_note_request(Ipv4Addr ip) {
    ArpPending* slot = nullptr;
    for (ArpPending& p : m_arp_pending) {
        if (p.used && p.ip == ip) {
            slot = &p;
            break;
        }
        if (!slot || (slot->used && (!p.used || p.sent_ns < slot->sent_ns))) slot = &p;
    }
    *slot = {ip, m_env.now_ns(), true};
}

// True, and forgets the request, if a request for @p ip went out less than kArpPendingNs ago.
bool Interface::arp_take_pending(Ipv4Addr ip) {
    for (ArpPending& p : m_arp_pending) {
        if (p.used && p.ip == ip) {
            bool in_time = m_env.now_ns() - p.sent_ns < kArpPendingNs;
            p = {};
            return in_time;
        }
    }
    return false;
}

Ipv4Addr Interface::next_hop(Ipv4Addr dst) const {
    bool same_24 = dst.bytes[0] == m_cfg.ip.bytes[0] && dst.bytes[1] == m_cfg.ip.bytes[1] &&
                   dst.bytes[2] == m_cfg.ip.bytes[2];
    return same_24 ? dst : m_cfg.gateway;
}

DevResult<EthernetAddress> Interface::resolve(Ipv4Addr ip, uint64_t timeout_ns) {
    EthernetAddress mac;
    if (arp_lookup(ip, mac)) return mac;
    const uint64_t start = m_env.now_ns();
    uint64_t last_sent = 0;
    for (bool sent = false;;) {
        uint64_t now = m_env.now_ns();
        if (!sent || now - last_sent >= kArpRetransmitNs) {
            // A lost request (no buffer, queue full) is covered by the next retransmission.
            if (send_arp(kArpRequest, kBroadcastMac, EthernetAddress{}, ip).ok()) {
                ++m_stats.arp_requests_sent;
                arp_note_request(ip);
            }
            sent = true;
            last_sent = now;
        }
        if (m_in_poll) return DevError::Again;
        poll();
        if (arp_lookup(ip, mac)) return mac;
        if (m_env.now_ns() - start >= timeout_ns) return DevError::Again;
        m_env.idle();
    }
}

DevResult<uint64_t> Interface::ping(Ipv4Addr ip, uint16_t seq, uint64_t timeout_ns) {
    if (m_in_poll) return DevError::BadState;
    const uint64_t start = m_env.now_ns();
    auto mac = resolve(next_hop(ip), timeout_ns);
    if (!mac.ok()) return mac.error();
    auto b = alloc_frame(icmp_echo_frame_len(kPingDataLen), timeout_ns);
    if (!b.ok()) return b.error();
    uint8_t data[kPingDataLen];
    fill_ping_data(data);
    FrameAddrs to{m_cfg.mac, mac.value(), m_cfg.ip, ip};
    size_t n = build_icmp_echo(b.value().packet(), b.value().packet_len(), to, kIcmpEchoRequest,
                               kPingId, seq, data, sizeof(data));
    m_ping = {true, false, ip, seq, 0};
    const uint64_t sent_at = m_env.now_ns();
    DevResult<uint64_t> result = DevError::Again;
    if (auto r = send_frame(b.value(), n, timeout_ns); !r.ok()) {
        result = r.error();
    } else {
        while (true) {
            poll();
            if (m_ping.answered) {
                result = m_ping.answered_at - sent_at;
                break;
            }
            if (m_env.now_ns() - start >= timeout_ns) break;
            m_env.idle();
        }
    }
    m_ping.waiting = false;
    return result;
}

DevResult<> Interface::udp_send(uint16_t src_port, Ipv4Addr dst, uint16_t dst_port,
                                const uint8_t* data, size_t len) {
    if (len > kMaxUdpPayload || (len > 0 && !data)) return DevError::InvalidParam;
    auto mac = resolve(next_hop(dst), kSendWaitNs);
    if (!mac.ok()) {
        ++m_stats.tx_failed;
        return mac.error();
    }
    auto b = alloc_frame(udp_frame_len(len), kSendWaitNs);
    if (!b.ok()) return b.error();
    FrameAddrs to{m_cfg.mac, mac.value(), m_cfg.ip, dst};
    size_t n =
        build_udp(b.value().packet(), b.value().packet_len(), to, src_port, dst_port, data, len);
    return send_frame(b.value(), n, kSendWaitNs);
}

bool Interface::udp_bind(uint16_t port, UdpHandler handler, void* ctx) {
    if (port == 0 || !handler) return false;
    Binding* free_slot = nullptr;
    for (Binding& b : m_bindings) {
        if (b.port == port) return false;
        if (b.port == 0 && !free_slot) free_slot = &b;
    }
    if (!free_slot) return false;
    *free_slot = {port, handler, ctx};
    return true;
}

// Between two attempts on the transmit path: from the second wait on, gives up (false) once
// @p budget_ns have passed since @p start, else idles; then polls, which also returns sent
// buffers to their pool (recycle_tx_buffers) and so frees room.
bool Interface::tx_wait(uint64_t start, uint64_t budget_ns, unsigned attempt) {
    if (attempt > 0) {
        if (m_env.now_ns() - start >= budget_ns) return false;
        m_env.idle();
    }
    poll();
    return true;
}

DevResult<NetBufPtr> Interface::alloc_frame(size_t len, uint64_t budget_ns) {
    const uint64_t start = m_env.now_ns();
    for (unsigned attempt = 0;; ++attempt) {
        auto b = m_dev.alloc_tx_buffer(len);
        if (b.ok()) return b;
        if (b.error() != DevError::NoMemory || !tx_wait(start, budget_ns, attempt)) {
            ++m_stats.tx_failed;
            return b.error();
        }
    }
}

// Transmits the frame a builder wrote into @p buf (@p built_len bytes: 0 if it refused),
// retrying while the queue is full (Again). On failure the buffer, still ours
// (NetDriverOps::transmit), goes back to its pool.
DevResult<> Interface::send_frame(NetBufPtr buf, size_t built_len, uint64_t budget_ns) {
    DevResult<> r = DevError::InvalidParam;
    if (built_len != 0) {
        const uint64_t start = m_env.now_ns();
        for (unsigned attempt = 0;; ++attempt) {
            r = m_dev.transmit(buf);
            if (r.ok()) {
                ++m_stats.tx_frames;
                return r;
            }
            if (r.error() != DevError::Again || !tx_wait(start, budget_ns, attempt)) break;
        }
    }
    NetBuf* b = NetBuf::from_buf_ptr(buf);
    (void)b->pool()->free(b);
    ++m_stats.tx_failed;
    return r;
}

DevResult<> Interface::send_arp(uint16_t op, const EthernetAddress& eth_dst,
                                const EthernetAddress& target_mac, Ipv4Addr target_ip) {
    auto b = alloc_frame(arp_frame_len(), 0);
    if (!b.ok()) return b.error();
    ArpPacket arp{op, m_cfg.mac, m_cfg.ip, target_mac, target_ip};
    size_t n = build_arp(b.value().packet(), b.value().packet_len(), eth_dst, arp);
    return send_frame(b.value(), n, 0);
}

}  // namespace minnet
