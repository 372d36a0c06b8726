/// @file arceos_posix_api/posix.h
/// @brief arceos_posix_api (ArceOS api/arceos_posix_api): the POSIX calls over axnet and axtask,
/// with Linux's numbers and structure layouts (x86_64), for axlibc to wrap. Every call returns
/// its result (>= 0) or a negative Linux errno (-EBADF); axlibc turns that into -1 and errno.
///
/// One descriptor table (0..kMaxFds-1, lowest free first, as Linux) holds the console (0, 1,
/// 2), TCP and UDP sockets and epoll instances. A descriptor refers to an open file; dup()
/// shares the file (and its O_NONBLOCK), FD_CLOEXEC belongs to the descriptor. The file is
/// freed when its last descriptor is closed. Pointers passed in are borrowed for the call.
/// Chapter 6, "The POSIX side", tells the design.
#pragma once
#include <cstddef>
#include <cstdint>

namespace arceos_posix_api {

/// Linux errno values (asm-generic/errno*.h), the ones these calls return, negated.
enum Errno : int {
    kEPERM = 1,
    kENOENT = 2,
    kEINTR = 4,
    kEBADF = 9,
    kEAGAIN = 11,
    kENOMEM = 12,
    kEFAULT = 14,
    kEEXIST = 17,
    kEINVAL = 22,
    kEMFILE = 24,
    kENOTTY = 25,
    kEPIPE = 32,
    kEDOM = 33,
    kENOSYS = 38,
    kENOTSOCK = 88,
    kEDESTADDRREQ = 89,
    kEMSGSIZE = 90,
    kENOPROTOOPT = 92,
    kEPROTONOSUPPORT = 93,
    kESOCKTNOSUPPORT = 94,
    kEOPNOTSUPP = 95,
    kEAFNOSUPPORT = 97,
    kEADDRINUSE = 98,
    kEADDRNOTAVAIL = 99,
    kENETUNREACH = 101,
    kECONNABORTED = 103,
    kECONNRESET = 104,
    kEISCONN = 106,
    kENOTCONN = 107,
    kETIMEDOUT = 110,
    kECONNREFUSED = 111,
    kEHOSTUNREACH = 113,
    kEALREADY = 114,
    kEINPROGRESS = 115,
};

/// Linux's constants for these calls (x86_64 values).
namespace abi {
constexpr int kAfInet = 2;              ///< AF_INET.
constexpr int kSockStream = 1;          ///< SOCK_STREAM.
constexpr int kSockDgram = 2;           ///< SOCK_DGRAM.
constexpr int kSockNonblock = 04000;    ///< SOCK_NONBLOCK (= O_NONBLOCK).
constexpr int kSockCloexec = 02000000;  ///< SOCK_CLOEXEC (= O_CLOEXEC).
constexpr int kIpprotoTcp = 6;          ///< IPPROTO_TCP.
constexpr int kIpprotoUdp = 17;         ///< IPPROTO_UDP.
constexpr int kSolSocket = 1;           ///< SOL_SOCKET.
constexpr int kSoReuseaddr = 2;         ///< SO_REUSEADDR.
constexpr int kSoType = 3;              ///< SO_TYPE.
constexpr int kSoError = 4;             ///< SO_ERROR.
constexpr int kSoKeepalive = 9;         ///< SO_KEEPALIVE.
constexpr int kSoRcvtimeo = 20;         ///< SO_RCVTIMEO.
constexpr int kSoSndtimeo = 21;         ///< SO_SNDTIMEO.
constexpr int kTcpNodelay = 1;          ///< TCP_NODELAY (level IPPROTO_TCP).
constexpr int kTcpKeepidle = 4;         ///< TCP_KEEPIDLE (seconds).
constexpr int kTcpKeepintvl = 5;        ///< TCP_KEEPINTVL (seconds).
constexpr int kTcpKeepcnt = 6;          ///< TCP_KEEPCNT (probes).
constexpr int kMsgPeek = 0x2;           ///< MSG_PEEK.
constexpr int kMsgDontwait = 0x40;      ///< MSG_DONTWAIT.
constexpr int kMsgNosignal = 0x4000;    ///< MSG_NOSIGNAL (no signals here: accepted, no effect).
constexpr int kONonblock = 04000;       ///< O_NONBLOCK.
constexpr int kFGetfd = 1;              ///< F_GETFD.
constexpr int kFSetfd = 2;              ///< F_SETFD.
constexpr int kFGetfl = 3;              ///< F_GETFL.
constexpr int kFSetfl = 4;              ///< F_SETFL.
constexpr int kFdCloexec = 1;           ///< FD_CLOEXEC.
constexpr int kORdwr = 2;               ///< O_RDWR (what F_GETFL reports for a socket).
constexpr unsigned long kFionread = 0x541B;   ///< FIONREAD.
constexpr unsigned long kFionbio = 0x5421;    ///< FIONBIO.
constexpr short kPollIn = 0x001;              ///< POLLIN.
constexpr short kPollOut = 0x004;             ///< POLLOUT.
constexpr short kPollErr = 0x008;             ///< POLLERR.
constexpr short kPollHup = 0x010;             ///< POLLHUP.
constexpr short kPollNval = 0x020;            ///< POLLNVAL.
constexpr short kPollRdhup = 0x2000;          ///< POLLRDHUP: the peer shut down writing.
constexpr uint32_t kEpollIn = 0x001;          ///< EPOLLIN.
constexpr uint32_t kEpollOut = 0x004;         ///< EPOLLOUT.
constexpr uint32_t kEpollErr = 0x008;         ///< EPOLLERR.
constexpr uint32_t kEpollHup = 0x010;         ///< EPOLLHUP.
constexpr uint32_t kEpollRdhup = 0x2000;      ///< EPOLLRDHUP: the peer shut down writing.
constexpr uint32_t kEpollOneshot = 1u << 30;  ///< EPOLLONESHOT.
constexpr uint32_t kEpollEt = 1u << 31;       ///< EPOLLET.
constexpr int kEpollCtlAdd = 1;               ///< EPOLL_CTL_ADD.
constexpr int kEpollCtlDel = 2;               ///< EPOLL_CTL_DEL.
constexpr int kEpollCtlMod = 3;               ///< EPOLL_CTL_MOD.
constexpr int kEpollCloexec = 02000000;       ///< EPOLL_CLOEXEC.
}  // namespace abi

/// Descriptors in the table (select's FD_SETSIZE as well).
constexpr int kMaxFds = 1024;

/// struct sockaddr_in (16 bytes; port and address in network byte order).
struct SockAddrIn {
    uint16_t sin_family;  ///< AF_INET.
    uint16_t sin_port;    ///< Port, network byte order.
    uint32_t sin_addr;    ///< Address, network byte order.
    uint8_t sin_zero[8];  ///< Padding.
};
static_assert(sizeof(SockAddrIn) == 16);

/// struct iovec.
struct IoVec {
    void* iov_base;  ///< Buffer (borrowed).
    size_t iov_len;  ///< Its length.
};

/// struct pollfd.
struct PollFd {
    int fd;         ///< Descriptor (negative: ignored, revents 0).
    short events;   ///< Requested POLL* bits.
    short revents;  ///< Returned bits.
};

/// struct epoll_event (packed on x86_64, 12 bytes).
struct __attribute__((packed)) EpollEvent {
    uint32_t events;  ///< EPOLL* bits.
    uint64_t data;    ///< The caller's data, returned as given.
};
static_assert(sizeof(EpollEvent) == 12);

/// fd_set: kMaxFds bits.
struct FdSet {
    unsigned long bits[kMaxFds / (8 * sizeof(unsigned long))];  ///< Bit fd of the set.
};

/// struct timeval.
struct TimeVal {
    long tv_sec;   ///< Seconds.
    long tv_usec;  ///< Microseconds.
};

/// Must be called once after axnet::init(): wraps axnet's idle hook so that every run of the
/// network stack wakes the tasks blocked in select, poll and epoll_wait, and opens 0, 1 and 2
/// on the console. A second call does nothing.
void init();

// --- Descriptors (fd_ops) -----------------------------------------------------------------
/// close(2). Errors: EBADF.
int sys_close(int fd);
/// dup(2): the lowest free descriptor, sharing @p fd's file. Errors: EBADF, EMFILE.
int sys_dup(int fd);
/// dup2(2): closes @p newfd if open, then makes it share @p oldfd's file. Errors: EBADF.
int sys_dup2(int oldfd, int newfd);
/// read(2). Errors: EBADF, EAGAIN, ENOTCONN, ECONNRESET, EINVAL (epoll).
long sys_read(int fd, void* buf, size_t len);
/// write(2). Errors: EBADF, EAGAIN, EPIPE, ECONNRESET, EINVAL (epoll).
long sys_write(int fd, const void* buf, size_t len);
/// readv(2): read() into each buffer in turn, stopping at a short read.
long sys_readv(int fd, const IoVec* iov, int iovcnt);
/// writev(2): write() of each buffer in turn, stopping at a short write.
long sys_writev(int fd, const IoVec* iov, int iovcnt);
/// fcntl(2): F_GETFL/F_SETFL (O_NONBLOCK), F_GETFD/F_SETFD (FD_CLOEXEC). Errors: EBADF, EINVAL.
int sys_fcntl(int fd, int cmd, long arg);
/// ioctl(2): FIONBIO (int* arg), FIONREAD (int* arg). Errors: EBADF, ENOTTY, EINVAL.
int sys_ioctl(int fd, unsigned long request, void* arg);

// --- Sockets (net) ------------------------------------------------------------------------
/// socket(2): AF_INET, SOCK_STREAM or SOCK_DGRAM (| SOCK_NONBLOCK | SOCK_CLOEXEC).
/// Errors: EAFNOSUPPORT, EINVAL, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EMFILE, ENOMEM.
int sys_socket(int domain, int type, int protocol);
/// bind(2). Errors: EBADF, ENOTSOCK, EINVAL, EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, EFAULT.
int sys_bind(int fd, const void* addr, uint32_t addrlen);
/// listen(2) (binds an ephemeral port first if unbound). Errors: EOPNOTSUPP (UDP), EINVAL.
int sys_listen(int fd, int backlog);
/// accept4(2) (@p flags: SOCK_NONBLOCK | SOCK_CLOEXEC; accept is flags 0). @p addr may be null;
/// the address is truncated to *@p addrlen and *@p addrlen set to 16.
/// Errors: EINVAL (not listening, bad flags), EOPNOTSUPP (UDP), EAGAIN, EMFILE.
int sys_accept4(int fd, void* addr, uint32_t* addrlen, int flags);
/// connect(2). Errors: ECONNREFUSED, ETIMEDOUT, EINPROGRESS, EALREADY, EISCONN, ...
int sys_connect(int fd, const void* addr, uint32_t addrlen);
/// sendto(2) (send is @p to null). Errors: EPIPE, EDESTADDRREQ, EMSGSIZE, EAGAIN, ...
long sys_sendto(int fd, const void* buf, size_t len, int flags, const void* to, uint32_t tolen);
/// recvfrom(2) (recv is @p from null): MSG_PEEK, MSG_DONTWAIT. Errors: EAGAIN, ENOTCONN, ...
long sys_recvfrom(int fd, void* buf, size_t len, int flags, void* from, uint32_t* fromlen);
/// shutdown(2). Errors: EINVAL, ENOTCONN.
int sys_shutdown(int fd, int how);
/// getsockname(2).
int sys_getsockname(int fd, void* addr, uint32_t* addrlen);
/// getpeername(2). Error: ENOTCONN.
int sys_getpeername(int fd, void* addr, uint32_t* addrlen);
/// setsockopt(2): SO_REUSEADDR, SO_RCVTIMEO, SO_SNDTIMEO, SO_KEEPALIVE, TCP_NODELAY,
/// TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT act (the keep-alive ones are inherited by
/// accepted sockets); others ENOPROTOOPT. Errors: EINVAL (short option, keep-alive value out
/// of Linux's range), EFAULT, EDOM (timeval).
int sys_setsockopt(int fd, int level, int name, const void* val, uint32_t len);
/// getsockopt(2): the options above, SO_TYPE, SO_ERROR (read and cleared).
int sys_getsockopt(int fd, int level, int name, void* val, uint32_t* len);

// --- I/O multiplexing (io_mpx) ------------------------------------------------------------
/// poll(2): @p timeout_ms < 0 waits without limit. Returns the descriptors with revents. The
/// bits are Linux's tcp_poll answers, POLLRDHUP included when asked (the peer's FIN, our own
/// SHUT_RD, the connection's end); POLLERR and POLLHUP are reported even when not asked:
/// revents = readiness & (events | POLLERR | POLLHUP). A closed descriptor gets POLLNVAL, a
/// negative one is skipped (revents 0). Returns how many entries have revents != 0.
int sys_poll(PollFd* fds, size_t nfds, int timeout_ms);
/// select(2): sets may be null; @p timeout null waits without limit and is written back with
/// the time left. Errors: EINVAL (nfds < 0 or > kMaxFds... Linux accepts more: bits past
/// kMaxFds are ignored), EBADF (a closed descriptor in a set).
int sys_select(int nfds, FdSet* rd, FdSet* wr, FdSet* ex, TimeVal* timeout);
/// epoll_create1(2) (@p flags: EPOLL_CLOEXEC). Errors: EINVAL, EMFILE, ENOMEM.
int sys_epoll_create1(int flags);
/// epoll_ctl(2). Errors: EBADF, EINVAL, EEXIST, ENOENT, EPERM (console), ENOMEM.
int sys_epoll_ctl(int epfd, int op, int fd, const EpollEvent* ev);
/// epoll_wait(2): level-triggered, EPOLLET (on each rise of a ready bit), EPOLLONESHOT.
/// Errors: EBADF, EINVAL (not epoll, maxevents <= 0).
int sys_epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout_ms);

// --- Host names (resolve; kernel build only) ------------------------------------------------
/// Resolves the host name @p name through axnet's DNS client (axnet::dns_query), blocking the
/// calling task up to 5 s; stores the IPv4 address in *@p addr, network byte order. This is
/// the resolve hook axlibc's getaddrinfo calls. Errors: ENOENT (the server says no such name),
/// ETIMEDOUT (no answer: getaddrinfo's EAI_AGAIN), ENOMEM, EINVAL (empty or longer than 255
/// bytes), EFAULT (null pointer).
int sys_resolve(const char* name, uint32_t* addr);

}  // namespace arceos_posix_api
