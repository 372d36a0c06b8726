// arceos_api/src/net.cpp: the feature `net` over axnet (ArceOS arceos_api/src/imp/net.rs):
// socket handles that own axnet sockets, address conversion, DNS, and the start-up that
// brings the NIC and axnet up before app_main() (chapter 6, "The two API layers").
#include <arceos_api/imp.h>
#include <axhal/time.h>
#include <axnet/axnet.h>
#include <axnet/init_network.h>
#include <axnet/tcp_socket.h>
#include <axnet/udp_socket.h>

#include <cstring>
#include <type_traits>

#include "runtime.h"

namespace arceos_api::imp {

namespace {

// The handles keep axnet's socket (a one-pointer handle) as a void*, so that the public
// header needs none of axnet's. These conversions are the only place that knows.
static_assert(sizeof(axnet::TcpSocket) == sizeof(void*) &&
              std::is_trivially_copyable_v<axnet::TcpSocket>);
static_assert(sizeof(axnet::UdpSocket) == sizeof(void*) &&
              std::is_trivially_copyable_v<axnet::UdpSocket>);

template <class Sock>
Sock sock_of(void* raw) {
    Sock s;
    std::memcpy(static_cast<void*>(&s), &raw, sizeof raw);
    return s;
}

template <class Sock>
void* raw_of(Sock s) {
    void* raw;
    std::memcpy(&raw, static_cast<const void*>(&s), sizeof raw);
    return raw;
}

axnet::TcpSocket tcp(const TcpSocketHandle& h) {
    return sock_of<axnet::TcpSocket>(h.m_sock);
}
axnet::UdpSocket udp(const UdpSocketHandle& h) {
    return sock_of<axnet::UdpSocket>(h.m_sock);
}

axnet::SocketAddr to_axnet(AxSocketAddr a) {
    const uint8_t* o = a.ip.octets;
    return {axnet::Ipv4Addr::from_octets(o[0], o[1], o[2], o[3]), a.port};
}

AxIpv4Addr from_axnet(axnet::Ipv4Addr ip) {
    return {{ip.octet(0), ip.octet(1), ip.octet(2), ip.octet(3)}};
}

AxSocketAddr from_axnet(axnet::SocketAddr a) {
    return {from_axnet(a.ip), a.port};
}

ApiResult<> from(axerrno::AxResult<> r) {
    if (!r.ok()) return r.error();
    return {};
}

template <class T>
ApiResult<T> from(axerrno::AxResult<T> r) {
    if (!r.ok()) return r.error();
    return r.value();
}

ApiResult<AxSocketAddr> from(axerrno::AxResult<axnet::SocketAddr> r) {
    if (!r.ok()) return r.error();
    return from_axnet(r.value());
}

axdriver::AxNetDevice* g_nic;  // the interface's NIC, for the raw benchmarks

}  // namespace

// --- start-up -----------------------------------------------------------------------------

bool init_net() {
    auto nic = axnet::init_network(axdriver::init_drivers());
    if (!nic.ok()) return false;
    g_nic = nic.value();
    return true;
}

// --- handles ------------------------------------------------------------------------------

TcpSocketHandle::TcpSocketHandle(TcpSocketHandle&& o) noexcept
    : m_sock(o.m_sock),
      m_nodelay(o.m_nodelay),
      m_recv_timeout(o.m_recv_timeout),
      m_send_timeout(o.m_send_timeout) {
    o.m_sock = nullptr;
}

TcpSocketHandle& TcpSocketHandle::operator=(TcpSocketHandle&& o) noexcept {
    if (this != &o) {
        (void)ax_tcp_close(*this);
        m_sock = o.m_sock;
        m_nodelay = o.m_nodelay;
        m_recv_timeout = o.m_recv_timeout;
        m_send_timeout = o.m_send_timeout;
        o.m_sock = nullptr;
    }
    return *this;
}

TcpSocketHandle::~TcpSocketHandle() {
    (void)ax_tcp_close(*this);
}

UdpSocketHandle::UdpSocketHandle(UdpSocketHandle&& o) noexcept : m_sock(o.m_sock) {
    o.m_sock = nullptr;
}

UdpSocketHandle& UdpSocketHandle::operator=(UdpSocketHandle&& o) noexcept {
    if (this != &o) {
        (void)ax_udp_close(*this);
        m_sock = o.m_sock;
        o.m_sock = nullptr;
    }
    return *this;
}

UdpSocketHandle::~UdpSocketHandle() {
    (void)ax_udp_close(*this);
}

// --- TCP ----------------------------------------------------------------------------------

ApiResult<TcpSocketHandle> ax_tcp_socket() {
    auto r = axnet::TcpSocket::create();
    if (!r.ok()) return r.error();
    TcpSocketHandle h;
    h.m_sock = raw_of(r.value());
    return h;
}

ApiResult<AxSocketAddr> ax_tcp_socket_addr(const TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).local_addr());
}

ApiResult<AxSocketAddr> ax_tcp_peer_addr(const TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).peer_addr());
}

ApiResult<> ax_tcp_set_nonblocking(TcpSocketHandle& s, bool on) {
    if (!s.valid()) return AxError::BadState;
    tcp(s).set_nonblocking(on);
    return {};
}

ApiResult<> ax_tcp_set_nodelay(TcpSocketHandle& s, bool on) {
    if (!s.valid()) return AxError::BadState;
    tcp(s).set_nodelay(on);
    s.m_nodelay = on;
    return {};
}

ApiResult<bool> ax_tcp_nodelay(const TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    return s.m_nodelay;
}

ApiResult<> ax_tcp_set_timeouts(TcpSocketHandle& s, uint64_t recv_ns, uint64_t send_ns) {
    if (!s.valid()) return AxError::BadState;
    if (recv_ns == 0 || send_ns == 0) return AxError::InvalidInput;
    tcp(s).set_timeouts(recv_ns, send_ns);
    s.m_recv_timeout = recv_ns;
    s.m_send_timeout = send_ns;
    return {};
}

ApiResult<> ax_tcp_set_reuse_address(TcpSocketHandle& s, bool on) {
    if (!s.valid()) return AxError::BadState;
    tcp(s).set_reuse_address(on);
    return {};
}

ApiResult<> ax_tcp_connect(TcpSocketHandle& s, AxSocketAddr addr) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).connect(to_axnet(addr)));
}

ApiResult<> ax_tcp_bind(TcpSocketHandle& s, AxSocketAddr addr) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).bind(to_axnet(addr)));
}

ApiResult<> ax_tcp_listen(TcpSocketHandle& s, int backlog) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).listen(backlog));
}

ApiResult<TcpAccepted> ax_tcp_accept(TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    auto r = tcp(s).accept();
    if (!r.ok()) return r.error();
    TcpAccepted a;
    a.socket.m_sock = raw_of(r.value());
    if (auto peer = r.value().peer_addr(); peer.ok()) a.peer = from_axnet(peer.value());
    return a;
}

ApiResult<size_t> ax_tcp_send(TcpSocketHandle& s, const void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).send(buf, len));
}

ApiResult<size_t> ax_tcp_recv(TcpSocketHandle& s, void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).recv(buf, len));
}

ApiResult<AxPollState> ax_tcp_poll(const TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    axnet::PollState p = tcp(s).poll();
    return AxPollState{p.readable, p.writable, p.hangup};
}

ApiResult<> ax_tcp_shutdown(TcpSocketHandle& s, AxShutdown how) {
    if (!s.valid()) return AxError::BadState;
    return from(tcp(s).shutdown(static_cast<int>(how)));
}

ApiResult<> ax_tcp_close(TcpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    tcp(s).close();
    s.m_sock = nullptr;
    return {};
}

// --- UDP ----------------------------------------------------------------------------------

ApiResult<UdpSocketHandle> ax_udp_socket() {
    auto r = axnet::UdpSocket::create();
    if (!r.ok()) return r.error();
    UdpSocketHandle h;
    h.m_sock = raw_of(r.value());
    return h;
}

ApiResult<AxSocketAddr> ax_udp_socket_addr(const UdpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).local_addr());
}

ApiResult<AxSocketAddr> ax_udp_peer_addr(const UdpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).peer_addr());
}

ApiResult<> ax_udp_set_nonblocking(UdpSocketHandle& s, bool on) {
    if (!s.valid()) return AxError::BadState;
    udp(s).set_nonblocking(on);
    return {};
}

ApiResult<> ax_udp_bind(UdpSocketHandle& s, AxSocketAddr addr) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).bind(to_axnet(addr)));
}

ApiResult<UdpReceived> ax_udp_recv_from(UdpSocketHandle& s, void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    axnet::SocketAddr from_addr;
    auto r = udp(s).recv_from(buf, len, &from_addr);
    if (!r.ok()) return r.error();
    return UdpReceived{r.value(), from_axnet(from_addr)};
}

ApiResult<UdpReceived> ax_udp_peek_from(UdpSocketHandle& s, void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    axnet::SocketAddr from_addr;
    auto r = udp(s).peek_from(buf, len, &from_addr);
    if (!r.ok()) return r.error();
    return UdpReceived{r.value(), from_axnet(from_addr)};
}

ApiResult<size_t> ax_udp_send_to(UdpSocketHandle& s, const void* buf, size_t len, AxSocketAddr to) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).send_to(buf, len, to_axnet(to)));
}

ApiResult<> ax_udp_connect(UdpSocketHandle& s, AxSocketAddr addr) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).connect(to_axnet(addr)));
}

ApiResult<size_t> ax_udp_send(UdpSocketHandle& s, const void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).send(buf, len));
}

ApiResult<size_t> ax_udp_recv(UdpSocketHandle& s, void* buf, size_t len) {
    if (!s.valid()) return AxError::BadState;
    return from(udp(s).recv(buf, len));
}

ApiResult<AxPollState> ax_udp_poll(const UdpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    axnet::PollState p = udp(s).poll();
    return AxPollState{p.readable, p.writable, p.hangup};
}

ApiResult<> ax_udp_close(UdpSocketHandle& s) {
    if (!s.valid()) return AxError::BadState;
    udp(s).close();
    s.m_sock = nullptr;
    return {};
}

// --- DNS and polling ----------------------------------------------------------------------

ApiResult<AxIpv4Addr> ax_dns_query(std::string_view name) {
    auto r = axnet::dns_query(name);
    if (!r.ok()) return r.error();
    return from_axnet(r.value());
}

void ax_poll_interfaces() {
    axnet::poll_interfaces();
}

// --- raw NIC benchmarks (bwbench) -----------------------------------------------------------

ApiResult<AxBenchResult> ax_net_bench_transmit(size_t frame_len, uint64_t ns) {
    if (frame_len < 60 || frame_len > 1514) return AxError::InvalidInput;
    AxBenchResult r;
    uint64_t start = axhal::monotonic_ns();
    while (axhal::monotonic_ns() - start < ns) {
        auto tx = g_nic->alloc_tx_buffer(frame_len);
        if (!tx.ok()) {  // every buffer is in flight: take back the finished ones
            (void)g_nic->recycle_tx_buffers();
            continue;
        }
        uint8_t* f = tx.value().packet();
        std::memset(f, 0xff, 6);  // broadcast destination
        std::memcpy(f + 6, g_nic->mac_address().bytes, 6);
        f[12] = 0x88, f[13] = 0xb5;  // IEEE 802 local experimental EtherType 1
        if (g_nic->transmit(tx.value()).ok()) {
            ++r.frames;
            r.bytes += frame_len;
        } else {
            auto* b = driver_net::NetBuf::from_buf_ptr(tx.value());
            (void)b->pool()->free(b);
            (void)g_nic->recycle_tx_buffers();
        }
    }
    r.ns = axhal::monotonic_ns() - start;
    (void)g_nic->recycle_tx_buffers();
    return r;
}

ApiResult<AxBenchResult> ax_net_bench_receive(uint64_t ns) {
    AxBenchResult r;
    uint64_t start = axhal::monotonic_ns();
    while (axhal::monotonic_ns() - start < ns) {
        auto rx = g_nic->receive();
        if (!rx.ok()) continue;
        ++r.frames;
        r.bytes += rx.value().packet_len();
        if (!g_nic->recycle_rx_buffer(rx.value()).ok()) {
            auto* b = driver_net::NetBuf::from_buf_ptr(rx.value());
            (void)b->pool()->free(b);
        }
    }
    r.ns = axhal::monotonic_ns() - start;
    return r;
}

}  // namespace arceos_api::imp
