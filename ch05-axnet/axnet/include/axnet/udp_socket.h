/// @file axnet/udp_socket.h
/// @brief UdpSocket (ArceOS axnet::UdpSocket): a UDP socket over lwIP's raw API, blocking by
/// default. A handle like TcpSocket: exactly one copy is closed with close().
///
/// Received datagrams wait in a queue of at most kQueueLen; beyond it they are dropped and
/// counted (drops()), as a full socket buffer drops them on Linux. Datagrams above
/// kMaxPayload bytes are refused (lwIP is built without IP fragmentation).
#pragma once
#include <axerrno/axerrno.h>
#include <axnet/addr.h>
#include <axnet/tcp_socket.h>

#include <cstddef>
#include <cstdint>

namespace axnet {

struct UdpState;

/// A UDP socket handle.
class UdpSocket {
public:
    /// A handle to no socket (valid() is false), to be assigned one.
    constexpr UdpSocket() = default;
    /// Datagrams a socket queues before dropping.
    static constexpr size_t kQueueLen = 256;
    /// Largest payload: a 1500-byte MTU less the IPv4 and UDP headers.
    static constexpr size_t kMaxPayload = 1472;

    /// A new socket. Error: NoMemory.
    [[nodiscard]] static axerrno::AxResult<UdpSocket> create();
    /// Binds to @p addr (port 0: any free port). Errors: AddrInUse, InvalidInput.
    [[nodiscard]] axerrno::AxResult<> bind(SocketAddr addr);
    /// Sends @p len bytes to @p to (binds to an ephemeral port first if unbound). Returns @p len.
    /// Errors: InvalidInput (over kMaxPayload), HostUnreachable, NoMemory, WouldBlock (no
    /// transmit buffer for a while).
    [[nodiscard]] axerrno::AxResult<size_t> send_to(const void* data, size_t len, SocketAddr to);
    /// Waits for a datagram, copies up to @p len bytes of it into @p buf (the rest is lost, as
    /// with recvfrom), stores the sender in @p from (may be null), and returns the bytes copied.
    /// Errors: WouldBlock (nonblocking and none queued), TimedOut (past set_recv_timeout).
    [[nodiscard]] axerrno::AxResult<size_t> recv_from(void* buf, size_t len, SocketAddr* from);
    /// As recv_from, but leaves the datagram queued.
    [[nodiscard]] axerrno::AxResult<size_t> peek_from(void* buf, size_t len, SocketAddr* from);
    /// Sets the default peer (and filters received datagrams to it). Errors: as bind.
    [[nodiscard]] axerrno::AxResult<> connect(SocketAddr peer);
    /// send_to the connected peer. Error: NotConnected.
    [[nodiscard]] axerrno::AxResult<size_t> send(const void* data, size_t len);
    /// recv_from the connected peer. Error: NotConnected.
    [[nodiscard]] axerrno::AxResult<size_t> recv(void* buf, size_t len);
    /// Closes the socket, drops its queue and frees it.
    void close();

    /// The local address. Error: NotConnected (not bound).
    [[nodiscard]] axerrno::AxResult<SocketAddr> local_addr() const;
    /// The connected peer. Error: NotConnected.
    [[nodiscard]] axerrno::AxResult<SocketAddr> peer_addr() const;
    /// Makes recv_from/peek_from return WouldBlock instead of waiting.
    void set_nonblocking(bool on);
    /// Blocking receives give up with TimedOut after @p ns (UINT64_MAX, the default: never).
    void set_recv_timeout(uint64_t ns);
    /// readable: a datagram is queued; writable: always; hangup: never.
    PollState poll() const;
    /// Datagrams dropped because the queue was full.
    uint64_t drops() const;

    /// Whether the handle refers to a socket.
    bool valid() const { return m_s != nullptr; }

private:
    explicit UdpSocket(UdpState* s) : m_s(s) {}
    UdpState* m_s = nullptr;
};

}  // namespace axnet
