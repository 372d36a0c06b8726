/// @file axnet/tcp_socket.h
/// @brief TcpSocket (ArceOS axnet::TcpSocket): a TCP socket over lwIP's raw API, blocking by
/// default (the calling task waits on the socket's wait queue while the idle loop polls the
/// NICs), nonblocking on request (WouldBlock / InProgress instead of waiting).
///
/// A TcpSocket is a handle, like a file descriptor: copying it copies the handle, and exactly
/// one copy must be closed with close(), which frees the socket. Every call on a closed handle
/// is a bug. Errors carry the POSIX meaning: ConnectionRefused (ECONNREFUSED), TimedOut,
/// ConnectionReset, AddrInUse, NotConnected, WouldBlock (EAGAIN), InProgress, WriteZero
/// (EPIPE: sending after shutdown), NoMemory (out of pcbs or buffers). A connection that lwIP
/// gives up on (retransmissions or keep-alive probes unanswered) fails with TimedOut.
///
/// States (chapter 5, section 4):
///   Fresh --bind--> Bound --listen--> Listening --accept--> (a new Connected socket)
///   Fresh/Bound --connect--> Connecting --(SYN-ACK)--> Connected --(FIN both ways)--> Closed
///   any --(RST, timeout, refused)--> Closed with a pending error
#pragma once
#include <axerrno/axerrno.h>
#include <axnet/addr.h>

#include <cstddef>
#include <cstdint>

namespace axnet {

struct TcpState;

/// What poll() reports.
struct PollState {
    bool readable;       ///< recv() or accept() would not block (data, end of stream, error, or a
                         ///< connection waiting to be accepted).
    bool writable;       ///< send() would not block (connected, room in the send buffer).
    bool hangup;         ///< The connection is over (reset, refused, or closed both ways).
    bool rdhup = false;  ///< Reading is over: the peer's FIN, shutdown(0), or the connection
                         ///< ended (Linux's POLLRDHUP, RCV_SHUTDOWN).
    bool error = false;  ///< An error (reset, timeout) waits to be returned by the next call.
};

/// Keep-alive settings (SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT). After @p idle_ms
/// without a segment from the peer, lwIP sends a probe every @p interval_ms; after @p count
/// unanswered probes it ends the connection (TimedOut). lwIP's timer runs every 500 ms, so
/// times are kept to that granularity. The defaults are Linux's: 7200 s, 75 s, 9.
struct Keepalive {
    bool on = false;                ///< Probes are sent (SO_KEEPALIVE).
    uint32_t idle_ms = 7'200'000;   ///< Idle time before the first probe (TCP_KEEPIDLE).
    uint32_t interval_ms = 75'000;  ///< Between probes (TCP_KEEPINTVL).
    uint32_t count = 9;             ///< Unanswered probes before giving up (TCP_KEEPCNT).
};

/// A TCP socket handle.
class TcpSocket {
public:
    /// A handle to no socket (valid() is false), to be assigned one.
    constexpr TcpSocket() = default;
    /// A new unconnected socket. Error: NoMemory (no pcb or no memory).
    [[nodiscard]] static axerrno::AxResult<TcpSocket> create();

    /// Binds to @p addr (port 0: any free port; address 0.0.0.0: any interface).
    /// Errors: AddrInUse, InvalidInput (already bound or connected).
    [[nodiscard]] axerrno::AxResult<> bind(SocketAddr addr);
    /// Starts accepting connections, at most @p backlog of them waiting for accept() (1..255;
    /// more are refused with RST by lwIP). Binds to an ephemeral port first if unbound (Linux
    /// does; lwIP does not). Errors: NoMemory, InvalidInput (connected or listening).
    [[nodiscard]] axerrno::AxResult<> listen(int backlog = 128);
    /// Waits for a connection and returns a new socket for it (the caller closes it).
    /// Errors: WouldBlock (nonblocking, none waiting), InvalidInput (not listening).
    [[nodiscard]] axerrno::AxResult<TcpSocket> accept();
    /// Connects to @p addr, waiting at most @p timeout_ns (UINT64_MAX: as long as lwIP retries).
    /// Errors: ConnectionRefused, TimedOut, HostUnreachable (no route), InProgress
    /// (nonblocking: poll() for writable, then connect() again says the result),
    /// IsConnected, NoMemory.
    [[nodiscard]] axerrno::AxResult<> connect(SocketAddr addr,
                                              uint64_t timeout_ns = 20'000'000'000);

    /// Sends all of @p data (nonblocking: as much as fits, WouldBlock if nothing does). lwIP
    /// copies the bytes: @p data is the caller's again on return. Returns the bytes taken.
    /// Errors: NotConnected, WriteZero (shut down for writing), ConnectionReset, NoMemory.
    [[nodiscard]] axerrno::AxResult<size_t> send(const void* data, size_t len);
    /// Receives up to @p len bytes, waiting until some arrive; 0 means the peer closed its
    /// side. Errors: WouldBlock (nonblocking), NotConnected, ConnectionReset.
    [[nodiscard]] axerrno::AxResult<size_t> recv(void* buf, size_t len);
    /// Shuts down reading, writing or both (what: 0 read, 1 write, 2 both, as SHUT_RD/WR/RDWR).
    /// Writing: sends FIN once what is queued has gone. Errors: NotConnected, InvalidInput.
    [[nodiscard]] axerrno::AxResult<> shutdown(int what);
    /// Closes the socket and frees it (the handle and its copies become invalid): a FIN when
    /// everything received was read, an RST otherwise (unread data would be lost silently);
    /// a listening socket resets the connections not yet accepted.
    void close();

    /// The local address. Error: NotConnected (neither bound nor connected).
    [[nodiscard]] axerrno::AxResult<SocketAddr> local_addr() const;
    /// The peer's address. Error: NotConnected.
    [[nodiscard]] axerrno::AxResult<SocketAddr> peer_addr() const;
    /// Makes accept/connect/send/recv return WouldBlock or InProgress instead of waiting.
    void set_nonblocking(bool on);
    /// Whether the socket is nonblocking.
    bool is_nonblocking() const;
    /// A blocking recv() or send() call gives up with TimedOut once it has waited @p recv_ns /
    /// @p send_ns in all (SO_RCVTIMEO, SO_SNDTIMEO; UINT64_MAX, the default: never); a send()
    /// that times out may have queued part of its data. A server drops a peer that stops
    /// reading or sending this way.
    void set_timeouts(uint64_t recv_ns, uint64_t send_ns);
    /// Disables (true) or enables Nagle's algorithm (TCP_NODELAY).
    void set_nodelay(bool on);
    /// Lets bind() take a port that connections in TIME_WAIT still hold (SO_REUSEADDR).
    void set_reuse_address(bool on);
    /// Sets keep-alive (chapter 6, "Keep-alive"). A listening socket passes its settings to the
    /// connections it accepts, as Linux does. Values of 0 are taken as 1.
    void set_keepalive(const Keepalive& k);
    /// The keep-alive settings (as set, or the defaults).
    Keepalive keepalive() const;
    /// Readiness now (never waits).
    PollState poll() const;
    /// Waits until poll() reports something in @p want (readable/writable fields set), or the
    /// monotonic @p deadline_ns. Returns what poll() reports then.
    PollState wait(PollState want, uint64_t deadline_ns) const;

    /// Whether the handle refers to a socket.
    bool valid() const { return m_s != nullptr; }

private:
    explicit TcpSocket(TcpState* s) : m_s(s) {}
    TcpState* m_s = nullptr;
};

}  // namespace axnet
