// ch03-virtio-net/app/main.cpp: the stage 3 demo program, on QEMU user networking (guest
// 10.0.2.15, gateway 10.0.2.2, which is also how the guest reaches the host's 127.0.0.1).
// It resolves the gateway by ARP, pings it, then, if the command line asks:
//   udp_peer=PORT udp_count=N  sends N datagrams to a UDP echo server on the host and checks
//                              every echo;
//   udp_serve=1                serves UDP echo on port 5555 (reach it with hostfwd) until a
//                              datagram "quit" arrives.
//   udp_window=W               datagrams the client keeps in flight (default 32; 1 measures
//                              latency)
//   bench=1                    first measures how many frames per second the driver transmits
//   ip=A.B.C.D gw=A.B.C.D      addresses (defaults 10.0.2.15 and 10.0.2.2: QEMU user networking)
// Between frames the CPU halts; the NIC's receive interrupt wakes it (or the timer, polled).
// The NIC is the build's AxNetDevice: virtio-net here; stage 4 builds this same program for
// QEMU's igb (AX_DEMO_NIC names the device in messages).
#include <axdriver/all_devices.h>
#include <axhal/cpu.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <axruntime/axruntime.h>
#include <minnet/interface.h>

#include <cstring>
#include <new>

#ifndef AX_DEMO_NIC
#define AX_DEMO_NIC "virtio-net"
#endif

// The arguments above; the runtime warns about any that no linked module declares (stage 4's
// Intel driver, when this program is built for igb, declares its own msix=0).
AX_CMDLINE_ARGS("udp_peer", "udp_count", "udp_serve", "udp_window", "bench", "ip", "gw");

namespace {

using axdriver::AxNetDevice;
using minnet::Ipv4Addr;

constexpr uint16_t kEchoPort = 5555;
constexpr uint16_t kClientPort = 40000;
constexpr size_t kPayload = 72;  // seq (4) + crc (4) + 64 pattern bytes, as tests/net_test.py
constexpr uint32_t kDefaultWindow = 32;
constexpr uint64_t kMs = 1000000;

AxNetDevice* g_nic;

uint64_t now_ns() {
    return axhal::monotonic_ns();
}

// Halts until the next interrupt unless a frame is already waiting: interrupts stay off between
// the check and the halt (sti; hlt), so a frame cannot arrive unnoticed in between.
void idle() {
    axhal::irq_disable();
    if (g_nic->arm_rx_interrupt()) {
        axhal::irq_enable();
    } else {
        axhal::wait_for_irq();
    }
}

Ipv4Addr ip(const char* text) {
    Ipv4Addr a{};
    (void)Ipv4Addr::parse(text, a);
    return a;
}

uint32_t parse_u32(std::string_view s) {
    uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + uint32_t(c - '0');
    }
    return v;
}

// CRC-32 (IEEE 802.3, reflected), to match the host side's zlib.crc32.
uint32_t crc32(const uint8_t* p, size_t n) {
    uint32_t c = 0xffffffff;
    for (size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320 & (0u - (c & 1)));
    }
    return ~c;
}

void make_datagram(uint32_t seq, uint8_t* out) {
    for (size_t i = 0; i < 64; ++i) out[8 + i] = uint8_t(seq + i);
    uint32_t crc = crc32(out + 8, 64);
    std::memcpy(out, &seq, 4);
    std::memcpy(out + 4, &crc, 4);
}

// --- UDP echo client ---------------------------------------------------------------------------

struct Client {
    uint32_t count = 0;
    uint32_t echoed = 0;
    uint32_t corrupt = 0;
    uint8_t* seen = nullptr;      // one flag per sequence number
    uint64_t* sent_at = nullptr;  // send time per sequence number
    uint64_t* rtts = nullptr;     // round-trip times of the echoes, in arrival order
};

void on_echo(void* ctx, Ipv4Addr, uint16_t, const uint8_t* data, size_t len) {
    auto* c = static_cast<Client*>(ctx);
    uint8_t expect[kPayload];
    uint32_t seq = 0;
    if (len == kPayload) std::memcpy(&seq, data, 4);
    if (len != kPayload || seq >= c->count || c->seen[seq]) {
        ++c->corrupt;
        return;
    }
    make_datagram(seq, expect);
    if (std::memcmp(expect, data, kPayload) != 0) {
        ++c->corrupt;
        return;
    }
    c->seen[seq] = 1;
    c->rtts[c->echoed++] = now_ns() - c->sent_at[seq];
}

void sort(uint64_t* v, size_t n) {  // heap sort: no library, O(n log n)
    auto sift = [&](size_t i, size_t end) {
        while (2 * i + 1 < end) {
            size_t c = 2 * i + 1;
            if (c + 1 < end && v[c + 1] > v[c]) ++c;
            if (v[i] >= v[c]) return;
            uint64_t t = v[i];
            v[i] = v[c], v[c] = t, i = c;
        }
    };
    for (size_t i = n / 2; i-- > 0;) sift(i, n);
    for (size_t end = n; end-- > 1;) {
        uint64_t t = v[0];
        v[0] = v[end], v[end] = t;
        sift(0, end);
    }
}

bool run_client(minnet::Interface& iface, uint16_t port, uint32_t count, uint32_t window) {
    Client c;
    c.count = count;
    c.seen = new (std::nothrow) uint8_t[count]();
    c.sent_at = new (std::nothrow) uint64_t[count];
    c.rtts = new (std::nothrow) uint64_t[count];
    if (!c.seen || !c.sent_at || !c.rtts) {
        axlog::error("udp client: no memory for {} datagrams", count);
        return false;
    }
    if (!iface.udp_bind(kClientPort, on_echo, &c)) return false;
    Ipv4Addr host = iface.config().gateway;
    uint32_t sent = 0;
    uint64_t last_progress = now_ns();
    uint8_t buf[kPayload];
    while (c.echoed + c.corrupt < count && now_ns() - last_progress < 2000 * kMs) {
        while (sent < count && sent - c.echoed - c.corrupt < window) {
            make_datagram(sent, buf);
            c.sent_at[sent] = now_ns();
            if (!iface.udp_send(kClientPort, host, port, buf, kPayload).ok()) break;
            ++sent;
        }
        uint32_t before = c.echoed + c.corrupt;
        iface.poll();
        if (c.echoed + c.corrupt != before) {
            last_progress = now_ns();
        } else {
            idle();
        }
    }
    sort(c.rtts, c.echoed);
    uint64_t median = c.echoed ? c.rtts[c.echoed / 2] / 1000 : 0;
    uint64_t p99 = c.echoed ? c.rtts[c.echoed * 99 / 100] / 1000 : 0;
    axlog::println(
        "udp client: {} sent, {} echoed, {} lost, {} corrupt; round trip median {} us, "
        "p99 {} us",
        sent, c.echoed, count - c.echoed - c.corrupt, c.corrupt, median, p99);
    return c.echoed == count && c.corrupt == 0;
}

// --- UDP echo service --------------------------------------------------------------------------

struct Pending {
    Ipv4Addr src;
    uint16_t port;
    uint16_t len;
    uint8_t data[1472];
};

struct Server {
    Pending queue[64];
    size_t head = 0, count = 0;
    uint64_t echoed = 0;
    uint64_t dropped = 0;
    bool quit = false;
};

// Called from poll(): queue the datagram; it is echoed from the main loop, not from inside
// the interface's receive path.
void on_request(void* ctx, Ipv4Addr src, uint16_t src_port, const uint8_t* data, size_t len) {
    auto* s = static_cast<Server*>(ctx);
    if (len == 4 && std::memcmp(data, "quit", 4) == 0) {
        s->quit = true;
        return;
    }
    if (s->count == 64 || len > sizeof(Pending::data)) {
        ++s->dropped;
        return;
    }
    Pending& p = s->queue[(s->head + s->count++) % 64];
    p.src = src, p.port = src_port, p.len = uint16_t(len);
    std::memcpy(p.data, data, len);
}

bool run_server(minnet::Interface& iface) {
    static Server s;
    if (!iface.udp_bind(kEchoPort, on_request, &s)) return false;
    char addr[16];
    iface.config().ip.format(addr);
    axlog::println("udp echo service: listening on {}:{}", addr, kEchoPort);
    while (!s.quit) {
        iface.poll();
        while (s.count > 0) {
            Pending& p = s.queue[s.head];
            if (iface.udp_send(kEchoPort, p.src, p.port, p.data, p.len).ok()) ++s.echoed;
            s.head = (s.head + 1) % 64, --s.count;
        }
        if (!s.quit) idle();
    }
    axlog::println("udp echo service: {} datagrams echoed, {} dropped (queue full)", s.echoed,
                   s.dropped);
    return s.dropped == 0;
}

// --- transmit benchmark ------------------------------------------------------------------------

// Transmits frames of @p len bytes (broadcast, a local experimental EtherType) for about
// @p ns nanoseconds, collecting completions as it goes; prints frames per second.
void bench_transmit(AxNetDevice& nic, size_t len, uint64_t ns) {
    uint64_t frames = 0, full = 0, start = now_ns();
    while (now_ns() - start < ns) {
        auto tx = nic.alloc_tx_buffer(len);
        if (!tx.ok()) {
            (void)nic.recycle_tx_buffers();
            continue;
        }
        uint8_t* f = tx.value().packet();
        std::memset(f, 0xff, 6);
        std::memcpy(f + 6, nic.mac_address().bytes, 6);
        f[12] = 0x88, f[13] = 0xb5;
        if (nic.transmit(tx.value()).ok()) {
            ++frames;
        } else {
            ++full;
            auto* b = driver_net::NetBuf::from_buf_ptr(tx.value());
            (void)b->pool()->free(b);
            (void)nic.recycle_tx_buffers();
        }
    }
    uint64_t took = now_ns() - start;
    (void)nic.recycle_tx_buffers();
    axlog::println(
        "bench: transmit {}-byte frames: {} frames/s ({} frames in {} ms, queue full {} "
        "times)",
        len, frames * 1000000000 / took, frames, took / kMs, full);
}

}  // namespace

int main() {
    axdriver::AllDevices all = axdriver::init_drivers();
    if (all.net.empty()) {
        axlog::error("no {} device: boot this kernel with its stage's make chN-run", AX_DEMO_NIC);
        return 1;
    }
    g_nic = all.net[0];
    auto pool = driver_net::NetBufPool::create(16, driver_net::NetBufPool::kMinBufferLen);
    if (!pool.ok()) return 1;
    Ipv4Addr my_ip = ip("10.0.2.15"), gateway = ip("10.0.2.2");
    if (auto v = axruntime::cmdline_value("ip"); !v.empty()) {
        char text[16] = {};
        std::memcpy(text, v.data(), v.size() < 15 ? v.size() : 15);
        (void)Ipv4Addr::parse(text, my_ip);
    }
    if (auto v = axruntime::cmdline_value("gw"); !v.empty()) {
        char text[16] = {};
        std::memcpy(text, v.data(), v.size() < 15 ? v.size() : 15);
        (void)Ipv4Addr::parse(text, gateway);
    }
    if (axruntime::cmdline_value("bench") == "1") {
        bench_transmit(*g_nic, 60, 1000 * kMs);  // 64 bytes on the wire with the FCS
        bench_transmit(*g_nic, 1514, 1000 * kMs);
    }
    minnet::Interface iface(*g_nic, *pool.value(), {g_nic->mac_address(), my_ip, gateway},
                            {now_ns, idle});
    if (!iface.start().ok()) return 1;

    bool ok = true;
    char gw_text[16];
    gateway.format(gw_text);
    auto mac = iface.resolve(gateway, 2000 * kMs);
    if (mac.ok()) {
        const uint8_t* m = mac.value().bytes;
        axlog::println("arp: {} is at {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", gw_text, m[0],
                       m[1], m[2], m[3], m[4], m[5]);
    } else {
        axlog::println("arp: no answer from {}", gw_text);
        ok = false;
    }
    for (uint16_t seq = 1; seq <= 3 && ok; ++seq) {
        auto rtt = iface.ping(gateway, seq, 2000 * kMs);
        if (rtt.ok()) {
            axlog::println("icmp: reply from {} seq={} time={} us", gw_text, seq,
                           rtt.value() / 1000);
        } else {
            axlog::println("icmp: no reply from {} seq={}", gw_text, seq);
            ok = false;
        }
    }
    uint32_t peer = parse_u32(axruntime::cmdline_value("udp_peer"));
    uint32_t count = parse_u32(axruntime::cmdline_value("udp_count"));
    uint32_t window = parse_u32(axruntime::cmdline_value("udp_window"));
    if (window == 0) window = kDefaultWindow;
    if (ok && peer > 0 && peer < 65536 && count > 0) {
        ok = run_client(iface, uint16_t(peer), count, window);
    }
    if (ok && axruntime::cmdline_value("udp_serve") == "1") ok = run_server(iface);

    const auto& st = g_nic->stats();
    axlog::println(
        "{}: {} frames received, {} sent, {} receive interrupts, {} kicks, "
        "{} bad lengths",
        g_nic->device_name(), st.rx_packets, st.tx_packets, st.irqs, st.notifications,
        st.rx_bad_len);
    return ok ? 0 : 1;
}
