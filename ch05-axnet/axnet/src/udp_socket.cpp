// axnet/src/udp_socket.cpp: UdpSocket (see axnet/udp_socket.h) over lwIP's raw UDP API. The
// receive callback queues the datagram's pbuf (no copy: a lent driver buffer stays lent until
// the application reads it, within the netif's bound); send_to copies into a fresh pbuf.
// Chapter 5, 4.7.
#include <axnet/udp_socket.h>

#include <new>

#include "internal.h"
#include "lwip/udp.h"

namespace axnet {

using detail::block_on;
using detail::from_lwip;

/// A UDP socket's state, shared by its handle and lwIP's receive callback.
struct UdpState {
    struct Datagram {
        pbuf* p;
        SocketAddr from;
    };
    udp_pcb* pcb = nullptr;
    Datagram queue[UdpSocket::kQueueLen] = {};
    size_t head = 0;
    size_t len = 0;
    uint64_t drops = 0;
    bool nonblocking = false;
    bool connected = false;
    uint64_t recv_timeout_ns = UINT64_MAX;
    axtask::WaitQueue wq;
};

namespace {

// Called by lwIP with a datagram for the socket: ours to keep (or free) from here on. @p addr
// is only valid during the call, so the sender is copied.
void on_recv(void* arg, udp_pcb*, pbuf* p, const ip_addr_t* addr, u16_t port) {
    auto* s = static_cast<UdpState*>(arg);
    if (s->len == UdpSocket::kQueueLen) {
        ++s->drops;
        pbuf_free(p);
        return;
    }
    s->queue[(s->head + s->len++) % UdpSocket::kQueueLen] = {p, {from_lwip(*ip_2_ip4(addr)), port}};
    s->wq.notify_all();
}

AxResult<size_t> take(UdpState* s, void* buf, size_t len, SocketAddr* from, bool peek) {
    return block_on<size_t>(s->wq, s->nonblocking, detail::deadline_after(s->recv_timeout_ns),
                            [&]() -> AxResult<size_t> {
                                if (s->len == 0) return AxError::WouldBlock;
                                UdpState::Datagram& d = s->queue[s->head];
                                size_t n = d.p->tot_len < len ? d.p->tot_len : len;
                                (void)pbuf_copy_partial(d.p, buf, u16_t(n), 0);
                                if (from) *from = d.from;
                                if (!peek) {
                                    pbuf_free(d.p);
                                    d.p = nullptr;
                                    s->head = (s->head + 1) % UdpSocket::kQueueLen;
                                    --s->len;
                                }
                                return n;
                            });
}

}  // namespace

AxResult<UdpSocket> UdpSocket::create() {
    udp_pcb* pcb = udp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb) return AxError::NoMemory;
    auto* s = new (std::nothrow) UdpState;
    if (!s) {
        udp_remove(pcb);
        return AxError::NoMemory;
    }
    s->pcb = pcb;
    udp_recv(pcb, on_recv, s);
    return UdpSocket(s);
}

AxResult<> UdpSocket::bind(SocketAddr addr) {
    if (m_s->pcb->local_port != 0) return AxError::InvalidInput;
    ip_addr_t ip = IPADDR4_INIT(addr.ip.be);
    if (err_t e = udp_bind(m_s->pcb, &ip, addr.port); e != ERR_OK) return detail::error_from(e);
    return {};
}

AxResult<size_t> UdpSocket::send_to(const void* data, size_t len, SocketAddr to) {
    if (len > kMaxPayload) return AxError::InvalidInput;
    ip_addr_t ip = IPADDR4_INIT(to.ip.be);
    // A full transmit queue (ERR_MEM from the netif) clears as the NIC sends: poll once to
    // reclaim its buffers, then try again, a few times.
    for (int attempt = 0; attempt < 4; ++attempt) {
        pbuf* p = pbuf_alloc(PBUF_TRANSPORT, u16_t(len), PBUF_RAM);
        if (!p) return AxError::NoMemory;
        (void)pbuf_take(p, data, u16_t(len));  // cannot fail: p holds len bytes
        err_t e = udp_sendto(m_s->pcb, p, &ip, to.port);
        pbuf_free(p);
        if (e == ERR_OK) return len;
        if (e != ERR_MEM) return detail::error_from(e);
        poll_interfaces();
        axtask::yield_now();
    }
    return AxError::WouldBlock;
}

AxResult<size_t> UdpSocket::recv_from(void* buf, size_t len, SocketAddr* from) {
    return take(m_s, buf, len, from, false);
}

AxResult<size_t> UdpSocket::peek_from(void* buf, size_t len, SocketAddr* from) {
    return take(m_s, buf, len, from, true);
}

AxResult<> UdpSocket::connect(SocketAddr peer) {
    ip_addr_t ip = IPADDR4_INIT(peer.ip.be);
    if (err_t e = udp_connect(m_s->pcb, &ip, peer.port); e != ERR_OK) {
        return detail::error_from(e);
    }
    m_s->connected = true;
    return {};
}

AxResult<size_t> UdpSocket::send(const void* data, size_t len) {
    if (!m_s->connected) return AxError::NotConnected;
    return send_to(data, len, {from_lwip(*ip_2_ip4(&m_s->pcb->remote_ip)), m_s->pcb->remote_port});
}

AxResult<size_t> UdpSocket::recv(void* buf, size_t len) {
    if (!m_s->connected) return AxError::NotConnected;
    return take(m_s, buf, len, nullptr, false);
}

void UdpSocket::close() {
    UdpState* s = m_s;
    m_s = nullptr;
    udp_remove(s->pcb);
    for (size_t i = 0; i < s->len; ++i) pbuf_free(s->queue[(s->head + i) % kQueueLen].p);
    delete s;
}

AxResult<SocketAddr> UdpSocket::local_addr() const {
    if (m_s->pcb->local_port == 0) return AxError::NotConnected;
    return SocketAddr{from_lwip(*ip_2_ip4(&m_s->pcb->local_ip)), m_s->pcb->local_port};
}

AxResult<SocketAddr> UdpSocket::peer_addr() const {
    if (!m_s->connected) return AxError::NotConnected;
    return SocketAddr{from_lwip(*ip_2_ip4(&m_s->pcb->remote_ip)), m_s->pcb->remote_port};
}

void UdpSocket::set_nonblocking(bool on) {
    m_s->nonblocking = on;
}

void UdpSocket::set_recv_timeout(uint64_t ns) {
    m_s->recv_timeout_ns = ns;
}

PollState UdpSocket::poll() const {
    return {m_s->len > 0, true, false};
}

uint64_t UdpSocket::drops() const {
    return m_s->drops;
}

}  // namespace axnet
