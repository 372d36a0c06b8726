/// @file arceos_api/imp.h
/// @brief The implementations behind arceos_api's public names (ArceOS: arceos_api::imp).
/// Applications call the names in arceos_api.h, which check the build's features first; the
/// functions here are declared for every build but defined only in the module of their
/// feature (src/net.cpp for `net`, src/task.cpp for `multitask`), so calling one directly
/// without its feature fails at link time instead of with arceos_api.h's clear message.
///
/// Every function that takes a handle fails with BadState on an inert (moved-from or closed)
/// one. Blocking calls block the calling task, never the CPU: the idle task polls the NICs
/// meanwhile (chapter 5). Buffers are the caller's, before and after each call: data is
/// copied in and out.
#pragma once
#include <arceos_api/types.h>

#include <string_view>

namespace arceos_api::imp {

// --- stdio, time, task: always there -------------------------------------------------------

/// Writes @p len bytes to the console (the serial port); returns @p len.
size_t ax_console_write_bytes(const void* buf, size_t len);
/// The value of `key=value` on the kernel command line (QEMU -append), empty if absent.
std::string_view ax_cmdline_value(std::string_view key);
/// Nanoseconds since boot, monotonic.
uint64_t ax_monotonic_time_ns();
/// Lets other tasks run (without `multitask`: returns at once).
void ax_yield_now();
/// Blocks until the monotonic time @p deadline_ns (without `multitask`: spins until then).
void ax_sleep_until(uint64_t deadline_ns);
/// Ends the program, that is the kernel, with @p status (0: success), from any task.
[[noreturn]] void ax_exit(int status);

// --- multitask ----------------------------------------------------------------------------

/// Spawns a task running fn(arg) with @p stack_size bytes of stack, named @p name (copied).
/// Errors: NoMemory, InvalidInput (null fn, zero stack).
ApiResult<TaskHandle> ax_spawn(void (*fn)(void*), void* arg, const char* name, size_t stack_size);
/// Waits for the task to end and frees it; @p t becomes inert. Error: BadState (inert handle).
ApiResult<> ax_join(TaskHandle& t);
/// The calling task's id (1 is the main task).
uint64_t ax_current_task_id();

// --- net: TCP -----------------------------------------------------------------------------

/// A new TCP socket, blocking, Nagle on. Error: NoMemory.
ApiResult<TcpSocketHandle> ax_tcp_socket();
/// The local address. Error: NotConnected (neither bound nor connected).
ApiResult<AxSocketAddr> ax_tcp_socket_addr(const TcpSocketHandle& s);
/// The peer's address. Error: NotConnected.
ApiResult<AxSocketAddr> ax_tcp_peer_addr(const TcpSocketHandle& s);
/// Nonblocking (true): calls return WouldBlock or InProgress instead of waiting.
ApiResult<> ax_tcp_set_nonblocking(TcpSocketHandle& s, bool on);
/// TCP_NODELAY: true sends small segments at once (Nagle off).
ApiResult<> ax_tcp_set_nodelay(TcpSocketHandle& s, bool on);
/// Whether TCP_NODELAY is set.
ApiResult<bool> ax_tcp_nodelay(const TcpSocketHandle& s);
/// SO_RCVTIMEO and SO_SNDTIMEO: a blocking receive or send gives up with TimedOut after
/// @p recv_ns or @p send_ns nanoseconds (UINT64_MAX: never, the default). Error: InvalidInput
/// for 0 (as Rust's set_read_timeout(Some(0))).
ApiResult<> ax_tcp_set_timeouts(TcpSocketHandle& s, uint64_t recv_ns, uint64_t send_ns);
/// SO_REUSEADDR: bind may take a port that connections in TIME_WAIT still hold.
ApiResult<> ax_tcp_set_reuse_address(TcpSocketHandle& s, bool on);
/// Connects to @p addr, waiting for the handshake. Errors: ConnectionRefused, TimedOut,
/// HostUnreachable, InProgress (nonblocking), IsConnected, NoMemory.
ApiResult<> ax_tcp_connect(TcpSocketHandle& s, AxSocketAddr addr);
/// Binds to @p addr. Errors: AddrInUse (another socket has it), InvalidInput (this socket is
/// bound already).
ApiResult<> ax_tcp_bind(TcpSocketHandle& s, AxSocketAddr addr);
/// Listens with at most @p backlog (1..255) connections waiting. Error: InvalidInput.
ApiResult<> ax_tcp_listen(TcpSocketHandle& s, int backlog);
/// Waits for a connection. Errors: WouldBlock (nonblocking), InvalidInput (not listening).
ApiResult<TcpAccepted> ax_tcp_accept(TcpSocketHandle& s);
/// Sends what fits of @p len bytes (blocking: all of them); returns the count. Errors:
/// NotConnected, WriteZero (shut down for writing), ConnectionReset, WouldBlock, TimedOut.
ApiResult<size_t> ax_tcp_send(TcpSocketHandle& s, const void* buf, size_t len);
/// Receives up to @p len bytes; 0 is the end of the stream. Errors: NotConnected,
/// ConnectionReset, WouldBlock (nonblocking).
ApiResult<size_t> ax_tcp_recv(TcpSocketHandle& s, void* buf, size_t len);
/// Readiness now.
ApiResult<AxPollState> ax_tcp_poll(const TcpSocketHandle& s);
/// Shuts down one or both directions. Errors: NotConnected, InvalidInput.
ApiResult<> ax_tcp_shutdown(TcpSocketHandle& s, AxShutdown how);
/// Closes the socket now; the handle becomes inert. Error: BadState (closed already).
ApiResult<> ax_tcp_close(TcpSocketHandle& s);

// --- net: UDP -----------------------------------------------------------------------------

/// A new UDP socket, blocking. Error: NoMemory.
ApiResult<UdpSocketHandle> ax_udp_socket();
/// The local address. Error: NotConnected (unbound).
ApiResult<AxSocketAddr> ax_udp_socket_addr(const UdpSocketHandle& s);
/// The connected peer. Error: NotConnected.
ApiResult<AxSocketAddr> ax_udp_peer_addr(const UdpSocketHandle& s);
/// Nonblocking (true): receives return WouldBlock instead of waiting.
ApiResult<> ax_udp_set_nonblocking(UdpSocketHandle& s, bool on);
/// Binds to @p addr. Errors: AddrInUse, InvalidInput.
ApiResult<> ax_udp_bind(UdpSocketHandle& s, AxSocketAddr addr);
/// Waits for a datagram and copies up to @p len bytes of it (the rest is dropped).
ApiResult<UdpReceived> ax_udp_recv_from(UdpSocketHandle& s, void* buf, size_t len);
/// As ax_udp_recv_from, leaving the datagram queued.
ApiResult<UdpReceived> ax_udp_peek_from(UdpSocketHandle& s, void* buf, size_t len);
/// Sends one datagram to @p to. Errors: InvalidInput (over 1472 bytes), HostUnreachable.
ApiResult<size_t> ax_udp_send_to(UdpSocketHandle& s, const void* buf, size_t len, AxSocketAddr to);
/// Sets the default peer (and receives only from it).
ApiResult<> ax_udp_connect(UdpSocketHandle& s, AxSocketAddr addr);
/// Sends to the connected peer. Error: NotConnected.
ApiResult<size_t> ax_udp_send(UdpSocketHandle& s, const void* buf, size_t len);
/// Receives from the connected peer. Error: NotConnected.
ApiResult<size_t> ax_udp_recv(UdpSocketHandle& s, void* buf, size_t len);
/// Readiness now.
ApiResult<AxPollState> ax_udp_poll(const UdpSocketHandle& s);
/// Closes the socket now; the handle becomes inert. Error: BadState (closed already).
ApiResult<> ax_udp_close(UdpSocketHandle& s);

// --- net: the rest ------------------------------------------------------------------------

/// Resolves @p name (dotted-quad text, or a DNS query). Errors: NotFound, TimedOut,
/// InvalidInput. One address (lwIP's resolver keeps the first A record).
ApiResult<AxIpv4Addr> ax_dns_query(std::string_view name);
/// Runs the NICs and lwIP's timers once (the idle task does this by itself).
void ax_poll_interfaces();
/// Raw NIC benchmark (ArceOS axnet's bench_transmit, for bwbench): transmits broadcast frames
/// of @p frame_len bytes (60..1514, a local experimental EtherType) through NetDriverOps for
/// @p ns nanoseconds, without lwIP and without yielding. Error: InvalidInput (length).
ApiResult<AxBenchResult> ax_net_bench_transmit(size_t frame_len, uint64_t ns);
/// Raw NIC benchmark (ArceOS bench_receive): takes every frame the NIC receives for @p ns
/// nanoseconds, counts it and gives the buffer straight back, without lwIP and without
/// yielding (lwIP sees none of these frames).
ApiResult<AxBenchResult> ax_net_bench_receive(uint64_t ns);

}  // namespace arceos_api::imp
