// axstd/src/net.cpp: axstd::net's sockets over arceos_api's net functions (chapter 6, 3.4):
// address conversion, the tries-each-address loops of bind and connect, and RAII over the
// owning handles.
#include <axstd/net.h>

namespace axstd::net {

namespace api = arceos_api::net;
using arceos_api::AxShutdown;
using arceos_api::AxSocketAddr;

namespace {

AxSocketAddr to_api(SocketAddr a) {
    Ipv4Addr ip = a.ip();
    return {{{ip.octet(0), ip.octet(1), ip.octet(2), ip.octet(3)}}, a.port()};
}

Ipv4Addr from_api(arceos_api::AxIpv4Addr ip) {
    return {ip.octets[0], ip.octets[1], ip.octets[2], ip.octets[3]};
}

SocketAddr from_api(AxSocketAddr a) {
    return {from_api(a.ip), a.port};
}

// arceos_api's results into io::Result (same template, io::Error for AxError).
io::Result<> to_io(arceos_api::ApiResult<> r) {
    if (!r.ok()) return r.error();
    return {};
}

template <class T>
io::Result<T> to_io(arceos_api::ApiResult<T>&& r) {
    if (!r.ok()) return r.error();
    return std::move(r).value();
}

io::Result<SocketAddr> to_io(arceos_api::ApiResult<AxSocketAddr>&& r) {
    if (!r.ok()) return r.error();
    return from_api(r.value());
}

}  // namespace

// --- ToSocketAddrs ------------------------------------------------------------------------

io::Result<SocketAddrs> to_socket_addrs(HostPort hp) {
    return resolve_with(hp, [](std::string_view name) -> io::Result<Ipv4Addr> {
        auto r = api::ax_dns_query(name);
        if (!r.ok()) return r.error();
        return from_api(r.value());
    });
}

io::Result<SocketAddrs> to_socket_addrs(std::string_view host_port) {
    io::Result<HostPort> hp = split_host_port(host_port);
    if (!hp.ok()) return hp.error();
    return to_socket_addrs(hp.value());
}

io::Result<SocketAddrs> to_socket_addrs(SocketAddr a) {
    SocketAddrs out;
    out.push(a);
    return out;
}

// --- TcpStream ----------------------------------------------------------------------------

io::Result<TcpStream> TcpStream::connect_any(const SocketAddrs& list) {
    io::Error last = io::ErrorKind::InvalidInput;  // an empty list
    for (SocketAddr a : list) {
        auto s = api::ax_tcp_socket();
        if (!s.ok()) return s.error();
        api::AxTcpSocketHandle h = std::move(s).value();
        auto r = api::ax_tcp_connect(h, to_api(a));
        if (r.ok()) return TcpStream(std::move(h));
        last = r.error();
    }
    return last;
}

io::Result<size_t> TcpStream::read(std::span<uint8_t> buf) {
    return to_io(api::ax_tcp_recv(m_sock, buf.data(), buf.size()));
}

io::Result<size_t> TcpStream::write(std::span<const uint8_t> buf) {
    return to_io(api::ax_tcp_send(m_sock, buf.data(), buf.size()));
}

io::Result<> TcpStream::shutdown(Shutdown how) {
    AxShutdown h = how == Shutdown::Read    ? AxShutdown::Read
                   : how == Shutdown::Write ? AxShutdown::Write
                                            : AxShutdown::Both;
    return to_io(api::ax_tcp_shutdown(m_sock, h));
}

io::Result<SocketAddr> TcpStream::peer_addr() const {
    return to_io(api::ax_tcp_peer_addr(m_sock));
}

io::Result<SocketAddr> TcpStream::local_addr() const {
    return to_io(api::ax_tcp_socket_addr(m_sock));
}

io::Result<> TcpStream::set_nodelay(bool on) {
    return to_io(api::ax_tcp_set_nodelay(m_sock, on));
}

io::Result<bool> TcpStream::nodelay() const {
    return to_io(api::ax_tcp_nodelay(m_sock));
}

io::Result<> TcpStream::set_nonblocking(bool on) {
    return to_io(api::ax_tcp_set_nonblocking(m_sock, on));
}

io::Result<> TcpStream::set_read_timeout(time::Duration d) {
    if (!m_sock.valid()) return io::ErrorKind::BadState;
    return to_io(api::ax_tcp_set_timeouts(m_sock, d.as_nanos(), m_sock.m_send_timeout));
}

io::Result<> TcpStream::set_write_timeout(time::Duration d) {
    if (!m_sock.valid()) return io::ErrorKind::BadState;
    return to_io(api::ax_tcp_set_timeouts(m_sock, m_sock.m_recv_timeout, d.as_nanos()));
}

io::Result<> TcpStream::close() {
    return to_io(api::ax_tcp_close(m_sock));
}

// --- TcpListener --------------------------------------------------------------------------

io::Result<TcpListener> TcpListener::bind_any(const SocketAddrs& list) {
    io::Error last = io::ErrorKind::InvalidInput;
    for (SocketAddr a : list) {
        auto s = api::ax_tcp_socket();
        if (!s.ok()) return s.error();
        TcpListener l;
        l.m_sock = std::move(s).value();
        // Rust's TcpListener::bind sets SO_REUSEADDR before bind (chapter 6, 3.4).
        if (auto r = api::ax_tcp_set_reuse_address(l.m_sock, true); !r.ok()) return r.error();
        if (auto r = api::ax_tcp_bind(l.m_sock, to_api(a)); !r.ok()) {
            last = r.error();
            continue;
        }
        if (auto r = api::ax_tcp_listen(l.m_sock, 128); !r.ok()) {
            last = r.error();
            continue;
        }
        return l;
    }
    return last;
}

io::Result<Accepted> TcpListener::accept() {
    auto r = api::ax_tcp_accept(m_sock);
    if (!r.ok()) return r.error();
    return Accepted{TcpStream(std::move(r.value().socket)), from_api(r.value().peer)};
}

io::Result<TcpStream> TcpListener::Incoming::Iterator::operator*() const {
    // LAB ch06.incoming: one accept per step, the stream without its address (chapter 6, 3.4)
    io::Result<Accepted> a = listener->accept();
    if (!a.ok()) return a.error();
    return std::move(a.value().stream);
    // LAB END
}

io::Result<SocketAddr> TcpListener::local_addr() const {
    return to_io(api::ax_tcp_socket_addr(m_sock));
}

io::Result<> TcpListener::set_nonblocking(bool on) {
    return to_io(api::ax_tcp_set_nonblocking(m_sock, on));
}

io::Result<> TcpListener::close() {
    return to_io(api::ax_tcp_close(m_sock));
}

// --- UdpSocket ----------------------------------------------------------------------------

io::Result<UdpSocket> UdpSocket::bind_any(const SocketAddrs& list) {
    io::Error last = io::ErrorKind::InvalidInput;
    for (SocketAddr a : list) {
        auto s = api::ax_udp_socket();
        if (!s.ok()) return s.error();
        UdpSocket u;
        u.m_sock = std::move(s).value();
        auto r = api::ax_udp_bind(u.m_sock, to_api(a));
        if (r.ok()) return u;
        last = r.error();
    }
    return last;
}

io::Result<size_t> UdpSocket::send_to_addr(std::span<const uint8_t> buf, SocketAddr to) {
    return to_io(api::ax_udp_send_to(m_sock, buf.data(), buf.size(), to_api(to)));
}

io::Result<Datagram> UdpSocket::recv_from(std::span<uint8_t> buf) {
    auto r = api::ax_udp_recv_from(m_sock, buf.data(), buf.size());
    if (!r.ok()) return r.error();
    return Datagram{r.value().len, from_api(r.value().from)};
}

io::Result<Datagram> UdpSocket::peek_from(std::span<uint8_t> buf) {
    auto r = api::ax_udp_peek_from(m_sock, buf.data(), buf.size());
    if (!r.ok()) return r.error();
    return Datagram{r.value().len, from_api(r.value().from)};
}

io::Result<> UdpSocket::connect_addr(SocketAddr to) {
    return to_io(api::ax_udp_connect(m_sock, to_api(to)));
}

io::Result<size_t> UdpSocket::send(std::span<const uint8_t> buf) {
    return to_io(api::ax_udp_send(m_sock, buf.data(), buf.size()));
}

io::Result<size_t> UdpSocket::recv(std::span<uint8_t> buf) {
    return to_io(api::ax_udp_recv(m_sock, buf.data(), buf.size()));
}

io::Result<SocketAddr> UdpSocket::local_addr() const {
    return to_io(api::ax_udp_socket_addr(m_sock));
}

io::Result<SocketAddr> UdpSocket::peer_addr() const {
    return to_io(api::ax_udp_peer_addr(m_sock));
}

io::Result<> UdpSocket::set_nonblocking(bool on) {
    return to_io(api::ax_udp_set_nonblocking(m_sock, on));
}

io::Result<> UdpSocket::close() {
    return to_io(api::ax_udp_close(m_sock));
}

}  // namespace axstd::net
