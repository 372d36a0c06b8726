// arceos_posix_api/src/file.h: the open file behind a descriptor (console, TCP or UDP socket,
// epoll instance), the descriptor table, the error mapping and the wake-up queue shared by
// select, poll and epoll_wait. Internal to the module.
#pragma once
#include <arceos_posix_api/posix.h>
#include <axerrno/axerrno.h>
#include <axnet/tcp_socket.h>
#include <axnet/udp_socket.h>
#include <axtask/axtask.h>

namespace arceos_posix_api::detail {

struct EpollInstance;

/// What kind of file a descriptor refers to.
enum class Kind : uint8_t { Console, Tcp, Udp, Epoll };

/// Where a TCP socket is in its life (the layer's own view, for Linux's errors).
enum class TcpPhase : uint8_t { Fresh, Bound, Listening, Connecting, Connected };

/// An open file; shared by the descriptors dup() made, freed when the last is closed.
struct File {
    Kind kind;
    int refs = 1;  // descriptors referring to it
    bool nonblocking = false;
    // Sockets
    axnet::TcpSocket tcp;
    axnet::UdpSocket udp;
    TcpPhase phase = TcpPhase::Fresh;
    bool udp_bound = false;
    bool shut_rd = false, shut_wr = false;
    bool reuseaddr = false, nodelay = false;
    bool keepalive_udp = false;   // SO_KEEPALIVE on a UDP socket: kept, no effect (as Linux)
    bool connect_failed = false;  // a connect was refused or timed out (poll: IN|RDHUP)
    uint64_t rcvtimeo_ns = UINT64_MAX, sndtimeo_ns = UINT64_MAX;
    // Times a read or accept (a send) met EAGAIN: epoll's edge detection (io_mpx.cpp).
    uint32_t in_drained = 0, out_drained = 0;
    int so_error = 0;                // pending error for SO_ERROR
    axnet::SocketAddr connect_to{};  // target of a nonblocking connect
    // Bytes taken from the TCP socket but not yet read (FIONREAD and MSG_PEEK): a malloc'd
    // buffer, owned by the file.
    uint8_t* pending = nullptr;
    size_t pending_len = 0;
    // Epoll
    EpollInstance* ep = nullptr;
};

/// The file of @p fd, or null (EBADF).
File* get(int fd);
/// Installs @p f at the lowest free descriptor >= @p from (Linux's rule) and returns it; -EMFILE
/// if none. The slot takes over the caller's reference (the count is unchanged); on -EMFILE the
/// caller still owns it.
int install(File* f, bool cloexec, int from = 0);
/// A new file of @p kind (refs 1), or null (out of memory).
File* new_file(Kind kind);
/// Drops one reference to @p f; the last frees it (closing the socket).
void put(File* f);

/// The Linux errno for an axnet error (positive).
int to_errno(axerrno::AxError e);

/// The readiness of @p f as poll(2) bits (POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDHUP).
short poll_mask(File& f);

/// Moves what the TCP socket of @p f has received into f.pending (up to 64 KiB held), waiting
/// for some if @p block. Returns the bytes added (0: end of stream) or -errno.
long fill_pending(File& f, bool block);
/// Whether a TCP socket of this table listens on @p port (Linux refuses a bind next to it even
/// with SO_REUSEADDR; lwIP would take it and fail only at listen).
bool tcp_port_listening(uint16_t port);

/// Tasks blocked in select, poll or epoll_wait: woken after each run of the network stack and
/// whenever this layer changes a file's state itself.
axtask::WaitQueue& readiness_queue();

/// Frees an epoll instance's entries (the file's last close).
void epoll_free(EpollInstance* ep);
/// Removes every epoll entry that refers to @p f (its last descriptor was closed).
void epoll_forget(File* f);

}  // namespace arceos_posix_api::detail
