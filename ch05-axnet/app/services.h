// ch05-axnet/app/services.h: the demo kernel's network services (services.cpp), each a task:
// TCP echo, a small HTTP/1.1 server (fixed page, keep-alive, /stats, /quit) and UDP echo,
// with one task per TCP connection.
#pragma once
#include <axnet/tcp_socket.h>
#include <axtask/axtask.h>

#include <cstdint>

namespace app {

/// The services' ports (forwarded from the host with hostfwd by the tests).
inline constexpr uint16_t kEchoPort = 7000;
inline constexpr uint16_t kHttpPort = 8080;
inline constexpr uint16_t kUdpEchoPort = 7001;

/// Set by GET /quit; main() waits on quit_wq for it.
extern bool g_quit;
extern axtask::WaitQueue g_quit_wq;

/// Starts the three services (each listens, then serves from its own task). A connection
/// that neither sends nor reads for @p idle_timeout_ns is dropped. Errors: as
/// TcpSocket/UdpSocket's, NoMemory for the tasks.
[[nodiscard]] axerrno::AxResult<> start_services(uint64_t idle_timeout_ns);

/// Prints the services' totals.
void print_totals();

}  // namespace app
