/// @file arceos_api/types.h
/// @brief The plain types of arceos_api's interface (addresses, readiness, errors) and its
/// owning handles: AxTcpSocketHandle, AxUdpSocketHandle and AxTaskHandle own what they name
/// and release it when destroyed (a socket is closed, a task detached). Handles are move-only;
/// a moved-from handle is inert, and every call on it fails with BadState.
#pragma once
#include <arceos_api/expected.h>
#include <axerrno/axerrno.h>

#include <cstddef>
#include <cstdint>

namespace arceos_api {

using axerrno::AxError;
/// What arceos_api's functions return: a T, or the AxError saying why not.
template <class T = void>
using ApiResult = Expected<T, AxError>;

/// An IPv4 address (ArceOS: core::net::Ipv4Addr; lwIP is built for IPv4 only).
struct AxIpv4Addr {
    uint8_t octets[4] = {};  ///< a.b.c.d, a first.
    /// Addresses compare by value.
    bool operator==(const AxIpv4Addr&) const = default;
};

/// An IPv4 address and a port in host byte order (ArceOS: core::net::SocketAddr).
struct AxSocketAddr {
    AxIpv4Addr ip;      ///< The address (0.0.0.0: any, for bind).
    uint16_t port = 0;  ///< The port (0: any free one, for bind).
    /// Socket addresses compare by value.
    bool operator==(const AxSocketAddr&) const = default;
};

/// What ax_tcp_poll / ax_udp_poll report (ArceOS: AxPollState).
struct AxPollState {
    bool readable = false;  ///< A receive or accept would not block.
    bool writable = false;  ///< A send would not block.
    bool hangup = false;    ///< The connection is over (TCP only).
};

/// Which direction ax_tcp_shutdown closes (Rust: std::net::Shutdown; POSIX SHUT_RD/WR/RDWR).
enum class AxShutdown : uint8_t {
    Read,   ///< No more receiving.
    Write,  ///< No more sending: the peer sees the end of the stream (FIN).
    Both,   ///< Both.
};

/// What a raw NIC benchmark counted (ax_net_bench_transmit / ax_net_bench_receive).
struct AxBenchResult {
    uint64_t frames = 0;  ///< Frames sent or received.
    uint64_t bytes = 0;   ///< Their bytes (Ethernet header and payload, no FCS).
    uint64_t ns = 0;      ///< How long the run took.
};

namespace imp {

/// The TCP socket handle (use the name AxTcpSocketHandle). Owns the socket: the destructor
/// closes it. Opaque: it holds axnet's socket handle by value, without its header.
class TcpSocketHandle {
public:
    /// An inert handle (no socket).
    TcpSocketHandle() = default;
    /// Takes over @p o's socket; @p o becomes inert.
    TcpSocketHandle(TcpSocketHandle&& o) noexcept;
    /// Closes the socket this handle had, then takes over @p o's.
    TcpSocketHandle& operator=(TcpSocketHandle&& o) noexcept;
    TcpSocketHandle(const TcpSocketHandle&) = delete;
    TcpSocketHandle& operator=(const TcpSocketHandle&) = delete;
    /// Closes the socket, if the handle still has one.
    ~TcpSocketHandle();
    /// Whether the handle owns a socket.
    bool valid() const { return m_sock != nullptr; }

    void* m_sock = nullptr;  ///< axnet's socket state (its TcpSocket's only member); null: inert.
    bool m_nodelay = false;  ///< What ax_tcp_set_nodelay set last (ax_tcp_nodelay reports it).
    uint64_t m_recv_timeout = UINT64_MAX;  ///< ns a blocking receive may wait (MAX: forever).
    uint64_t m_send_timeout = UINT64_MAX;  ///< ns a blocking send may wait (MAX: forever).
};

/// The UDP socket handle (use the name AxUdpSocketHandle). Owns the socket.
class UdpSocketHandle {
public:
    /// An inert handle (no socket).
    UdpSocketHandle() = default;
    /// Takes over @p o's socket; @p o becomes inert.
    UdpSocketHandle(UdpSocketHandle&& o) noexcept;
    /// Closes the socket this handle had, then takes over @p o's.
    UdpSocketHandle& operator=(UdpSocketHandle&& o) noexcept;
    UdpSocketHandle(const UdpSocketHandle&) = delete;
    UdpSocketHandle& operator=(const UdpSocketHandle&) = delete;
    /// Closes the socket, if the handle still has one.
    ~UdpSocketHandle();
    /// Whether the handle owns a socket.
    bool valid() const { return m_sock != nullptr; }

    void* m_sock = nullptr;  ///< axnet's socket state; null: inert.
};

/// A spawned task (use the name AxTaskHandle). Dropping it detaches the task, as dropping a
/// Rust JoinHandle does; ax_join waits for it.
class TaskHandle {
public:
    /// An inert handle.
    TaskHandle() = default;
    /// Takes over @p o's task; @p o becomes inert.
    TaskHandle(TaskHandle&& o) noexcept : m_task(o.m_task) { o.m_task = nullptr; }
    /// Detaches the task this handle had, then takes over @p o's.
    TaskHandle& operator=(TaskHandle&& o) noexcept;
    TaskHandle(const TaskHandle&) = delete;
    TaskHandle& operator=(const TaskHandle&) = delete;
    /// Detaches the task, if the handle still has one.
    ~TaskHandle();
    /// Whether the handle names a task not yet joined or detached.
    bool valid() const { return m_task != nullptr; }

    void* m_task = nullptr;  ///< The axtask handle (heap); null: inert.
};

/// What ax_tcp_accept returns: the new connection's socket and its peer.
struct TcpAccepted {
    TcpSocketHandle socket;  ///< The connection (owned by the caller now).
    AxSocketAddr peer;       ///< The client's address.
};

/// What ax_udp_recv_from returns.
struct UdpReceived {
    size_t len = 0;     ///< Bytes copied into the caller's buffer.
    AxSocketAddr from;  ///< The sender.
};

}  // namespace imp
}  // namespace arceos_api
