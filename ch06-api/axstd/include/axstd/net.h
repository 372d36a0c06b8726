/// @file axstd/net.h
/// @brief axstd::net (Rust std::net) over arceos_api: ToSocketAddrs, TcpListener, TcpStream,
/// UdpSocket. Needs the feature `net`. Every object owns its socket and closes it when
/// destroyed; a moved-from object is inert and every call on it fails with BadState;
/// close() closes now and a second close() fails with BadState. Errors are io::Error.
#pragma once
#include <arceos_api/arceos_api.h>
#include <axstd/addr.h>
#include <axstd/io.h>
#include <axstd/time.h>

#include <concepts>
#include <span>
#include <string_view>

static_assert(arceos_api::features::net,
              "axstd/net.h needs arceos_api's feature `net`: add net to FEATURES in the "
              "application's ax_app()");

namespace axstd::net {

/// Rust's Shutdown: which direction TcpStream::shutdown closes.
enum class Shutdown {
    Read,   ///< No more reading.
    Write,  ///< No more writing: the peer reads the end of the stream.
    Both,   ///< Both.
};

/// Resolves "host:port" (dotted quad, or a name asked of the DNS server through ax_dns_query).
/// Errors: InvalidInput (no port, bad port, empty host), NotFound, TimedOut.
[[nodiscard]] io::Result<SocketAddrs> to_socket_addrs(std::string_view host_port);
/// Resolves @p hp (as above, with the port given apart).
[[nodiscard]] io::Result<SocketAddrs> to_socket_addrs(HostPort hp);
/// A SocketAddr stands for itself.
[[nodiscard]] io::Result<SocketAddrs> to_socket_addrs(SocketAddr a);

/// Rust's ToSocketAddrs: anything to_socket_addrs() takes (SocketAddr, HostPort, "host:port").
template <class A>
concept ToSocketAddrs = requires(const A& a) {
    { to_socket_addrs(a) } -> std::same_as<io::Result<SocketAddrs>>;
};

/// A TCP connection (Rust TcpStream). Read and Write.
class TcpStream {
public:
    /// An inert stream (no socket).
    TcpStream() = default;
    /// Connects to each address of @p addrs in turn; returns the first connection, or the
    /// last error (ConnectionRefused, TimedOut, HostUnreachable, NotFound from DNS, ...).
    template <ToSocketAddrs A>
    [[nodiscard]] static io::Result<TcpStream> connect(const A& addrs) {
        io::Result<SocketAddrs> list = to_socket_addrs(addrs);
        if (!list.ok()) return list.error();
        return connect_any(list.value());
    }

    /// Receives up to buf.size() bytes; 0 at the end of the stream. Errors: WouldBlock
    /// (nonblocking), ConnectionReset, NotConnected, BadState (inert or closed).
    [[nodiscard]] io::Result<size_t> read(std::span<uint8_t> buf);
    /// Sends some of @p buf (blocking: all of it); returns how much. Errors: WriteZero (after
    /// shutdown(Write)), NotConnected, ConnectionReset, WouldBlock, BadState.
    [[nodiscard]] io::Result<size_t> write(std::span<const uint8_t> buf);
    /// Reads exactly buf.size() bytes (io::read_exact). Error: UnexpectedEof.
    [[nodiscard]] io::Result<> read_exact(std::span<uint8_t> buf) {
        return io::read_exact(*this, buf);
    }
    /// Writes all of @p buf (io::write_all).
    [[nodiscard]] io::Result<> write_all(std::span<const uint8_t> buf) {
        return io::write_all(*this, buf);
    }
    /// Writes all of @p text.
    [[nodiscard]] io::Result<> write_all(std::string_view text) {
        return write_all(io::as_bytes(text));
    }
    /// Shuts down one or both directions (Rust shutdown(how)). Errors: NotConnected, BadState.
    [[nodiscard]] io::Result<> shutdown(Shutdown how);
    /// The peer's address. Errors: NotConnected, BadState.
    [[nodiscard]] io::Result<SocketAddr> peer_addr() const;
    /// The local address. Error: BadState.
    [[nodiscard]] io::Result<SocketAddr> local_addr() const;
    /// TCP_NODELAY (default false, as in Rust).
    [[nodiscard]] io::Result<> set_nodelay(bool on);
    /// Whether TCP_NODELAY is set.
    [[nodiscard]] io::Result<bool> nodelay() const;
    /// Nonblocking mode: read/write return WouldBlock instead of waiting.
    [[nodiscard]] io::Result<> set_nonblocking(bool on);
    /// A blocking read gives up with TimedOut after @p d (Duration::max(): never, the default).
    /// Error: InvalidInput for a zero duration, as in Rust.
    [[nodiscard]] io::Result<> set_read_timeout(time::Duration d);
    /// A blocking write gives up with TimedOut after @p d (it may have sent part of the data).
    [[nodiscard]] io::Result<> set_write_timeout(time::Duration d);
    /// Closes the socket now (the destructor does it otherwise). Error: BadState if closed.
    [[nodiscard]] io::Result<> close();
    /// Whether the stream still has its socket.
    bool is_open() const { return m_sock.valid(); }

private:
    friend class TcpListener;
    explicit TcpStream(arceos_api::net::AxTcpSocketHandle h) : m_sock(std::move(h)) {}
    static io::Result<TcpStream> connect_any(const SocketAddrs& list);
    arceos_api::net::AxTcpSocketHandle m_sock;
};

/// A connection accept() took, and its peer (Rust: the tuple (TcpStream, SocketAddr)).
struct Accepted {
    TcpStream stream;  ///< The connection.
    SocketAddr addr;   ///< The client.
};

/// A listening TCP socket (Rust TcpListener).
class TcpListener {
public:
    /// An inert listener.
    TcpListener() = default;
    /// Binds to each address of @p addrs in turn (SO_REUSEADDR set first, as Rust does, so a
    /// port held by TIME_WAIT connections binds again) and listens; returns the first that
    /// works, or the last error (AddrInUse when another socket has the port).
    template <ToSocketAddrs A>
    [[nodiscard]] static io::Result<TcpListener> bind(const A& addrs) {
        io::Result<SocketAddrs> list = to_socket_addrs(addrs);
        if (!list.ok()) return list.error();
        return bind_any(list.value());
    }
    /// Waits for a connection. Errors: WouldBlock (nonblocking), BadState.
    [[nodiscard]] io::Result<Accepted> accept();
    /// The bound address (with the port chosen when bound to port 0).
    [[nodiscard]] io::Result<SocketAddr> local_addr() const;
    /// Nonblocking mode: accept returns WouldBlock instead of waiting.
    [[nodiscard]] io::Result<> set_nonblocking(bool on);
    /// Closes the listener now. Error: BadState if closed.
    [[nodiscard]] io::Result<> close();

    /// The endless sequence of accepted connections (Rust incoming()): `for (auto s :
    /// listener.incoming())` yields io::Result<TcpStream>, one accept() per step.
    class Incoming {
    public:
        /// The one iterator: dereferencing accepts.
        struct Iterator {
            TcpListener* listener;  ///< Where connections come from.
            /// Accepts the next connection.
            io::Result<TcpStream> operator*() const;
            /// Nothing to do: the next dereference accepts again.
            Iterator& operator++() { return *this; }
            /// Never at the end (Rust's incoming() never returns None).
            bool operator!=(std::default_sentinel_t) const { return true; }
        };
        /// The first step.
        Iterator begin() { return {m_listener}; }
        /// Never reached.
        std::default_sentinel_t end() { return {}; }

    private:
        friend class TcpListener;
        explicit Incoming(TcpListener* l) : m_listener(l) {}
        TcpListener* m_listener;
    };
    /// The sequence of incoming connections.
    Incoming incoming() { return Incoming(this); }

private:
    static io::Result<TcpListener> bind_any(const SocketAddrs& list);
    arceos_api::net::AxTcpSocketHandle m_sock;
};

/// What UdpSocket::recv_from returns.
struct Datagram {
    size_t len;       ///< Bytes copied into the buffer (the rest of a longer datagram is lost).
    SocketAddr from;  ///< The sender.
};

/// A UDP socket (Rust UdpSocket).
class UdpSocket {
public:
    /// An inert socket.
    UdpSocket() = default;
    /// A socket bound to the first address of @p addrs that works.
    template <ToSocketAddrs A>
    [[nodiscard]] static io::Result<UdpSocket> bind(const A& addrs) {
        io::Result<SocketAddrs> list = to_socket_addrs(addrs);
        if (!list.ok()) return list.error();
        return bind_any(list.value());
    }
    /// Sends one datagram to the first address of @p to. Errors: InvalidInput (over 1472
    /// bytes), HostUnreachable, the resolver's, BadState.
    template <ToSocketAddrs A>
    [[nodiscard]] io::Result<size_t> send_to(std::span<const uint8_t> buf, const A& to) {
        io::Result<SocketAddrs> list = to_socket_addrs(to);
        if (!list.ok()) return list.error();
        return send_to_addr(buf, list.value()[0]);
    }
    /// Waits for a datagram. Errors: WouldBlock (nonblocking), BadState.
    [[nodiscard]] io::Result<Datagram> recv_from(std::span<uint8_t> buf);
    /// As recv_from, leaving the datagram queued.
    [[nodiscard]] io::Result<Datagram> peek_from(std::span<uint8_t> buf);
    /// Sets the default peer (and receives only from it).
    template <ToSocketAddrs A>
    [[nodiscard]] io::Result<> connect(const A& to) {
        io::Result<SocketAddrs> list = to_socket_addrs(to);
        if (!list.ok()) return list.error();
        return connect_addr(list.value()[0]);
    }
    /// Sends to the connected peer. Error: NotConnected (never connected), BadState.
    [[nodiscard]] io::Result<size_t> send(std::span<const uint8_t> buf);
    /// Receives from the connected peer. Error: NotConnected, BadState.
    [[nodiscard]] io::Result<size_t> recv(std::span<uint8_t> buf);
    /// The bound address.
    [[nodiscard]] io::Result<SocketAddr> local_addr() const;
    /// The connected peer. Error: NotConnected.
    [[nodiscard]] io::Result<SocketAddr> peer_addr() const;
    /// Nonblocking mode.
    [[nodiscard]] io::Result<> set_nonblocking(bool on);
    /// Closes the socket now. Error: BadState if closed.
    [[nodiscard]] io::Result<> close();

private:
    static io::Result<UdpSocket> bind_any(const SocketAddrs& list);
    io::Result<size_t> send_to_addr(std::span<const uint8_t> buf, SocketAddr to);
    io::Result<> connect_addr(SocketAddr to);
    arceos_api::net::AxUdpSocketHandle m_sock;
};

}  // namespace axstd::net
