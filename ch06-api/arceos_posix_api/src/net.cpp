// arceos_posix_api/src/net.cpp: the socket calls over axnet's TcpSocket and UdpSocket, with
// the errors Linux gives for the same call (chapter 6, "How accept in C reaches
// TcpSocket::accept"). Where lwIP and Linux differ (bind next to a listener, listen without
// bind), this layer decides as Linux does before asking axnet.
#include <axnet/axnet.h>

#include <cstring>
#include <new>

#include "file.h"

namespace arceos_posix_api {

using namespace detail;

namespace {

constexpr size_t kPendingCap = 64 * 1024;

uint16_t bswap16(uint16_t v) {
    return uint16_t(v << 8 | v >> 8);
}

// A struct sockaddr_in from the caller: EFAULT (null), EINVAL (short), EAFNOSUPPORT.
int parse_addr(const void* addr, uint32_t len, axnet::SocketAddr& out) {
    if (!addr) return -kEFAULT;
    if (len < sizeof(SockAddrIn)) return -kEINVAL;
    SockAddrIn in;
    std::memcpy(&in, addr, sizeof in);
    if (in.sin_family != abi::kAfInet) return -kEAFNOSUPPORT;
    out.ip.be = in.sin_addr;
    out.port = bswap16(in.sin_port);
    return 0;
}

// Writes @p a to the caller's sockaddr, truncated to *len; *len becomes 16 (Linux).
int write_addr(void* addr, uint32_t* len, axnet::SocketAddr a) {
    if (!addr) return 0;
    if (!len) return -kEFAULT;
    SockAddrIn in{};
    in.sin_family = abi::kAfInet;
    in.sin_port = bswap16(a.port);
    in.sin_addr = a.ip.be;
    std::memcpy(addr, &in, *len < sizeof in ? *len : sizeof in);
    *len = sizeof in;
    return 0;
}

// Whether @p ip is one this host answers on (bind's EADDRNOTAVAIL).
bool is_local(axnet::Ipv4Addr ip) {
    if (ip.is_any() || ip.octet(0) == 127) return true;
    for (size_t i = 0;; ++i) {
        auto info = axnet::interface_info(i);
        if (!info.ok()) return false;
        if (info.value().ip == ip) return true;
    }
}

File* socket_of(int fd, int& err) {
    File* f = get(fd);
    if (!f) {
        err = -kEBADF;
    } else if (f->kind != Kind::Tcp && f->kind != Kind::Udp) {
        err = -kENOTSOCK;
        f = nullptr;
    }
    return f;
}

// A nonblocking connect that was in progress: ask axnet for its outcome (connect again).
void settle_connect(File& f) {
    if (f.phase != TcpPhase::Connecting) return;
    f.tcp.set_nonblocking(true);
    auto r = f.tcp.connect(f.connect_to);
    f.tcp.set_nonblocking(f.nonblocking);
    if (r.ok() || r.error() == axerrno::AxError::IsConnected) {
        f.phase = TcpPhase::Connected;
    } else if (r.error() != axerrno::AxError::InProgress) {
        f.so_error = to_errno(r.error());
        f.phase = TcpPhase::Bound;  // failed: unconnected again, as Linux
        f.connect_failed = true;
    }
}

// Chapter 6, "Keep-alive": the four options as Linux takes them. SO_KEEPALIVE is a flag on any
// socket (on UDP it has no effect, on Linux either); the TCP_KEEP* are TCP's, in seconds (count
// for TCP_KEEPCNT), 1..32767 (1..127 for the count) or EINVAL, as Linux's tcp_sock_set_keep*.
int set_keepalive_option(File& f, int level, int name, int v) {
    if (level == abi::kSolSocket) {
        if (f.kind == Kind::Udp) {
            f.keepalive_udp = v != 0;
            return 0;
        }
        axnet::Keepalive k = f.tcp.keepalive();
        k.on = v != 0;
        f.tcp.set_keepalive(k);
        return 0;
    }
    if (v < 1 || v > (name == abi::kTcpKeepcnt ? 127 : 32767)) return -kEINVAL;
    axnet::Keepalive k = f.tcp.keepalive();
    if (name == abi::kTcpKeepidle) k.idle_ms = uint32_t(v) * 1000;
    if (name == abi::kTcpKeepintvl) k.interval_ms = uint32_t(v) * 1000;
    if (name == abi::kTcpKeepcnt) k.count = uint32_t(v);
    f.tcp.set_keepalive(k);
    return 0;
}

bool is_keepalive_option(const File& f, int level, int name) {
    if (level == abi::kSolSocket) return name == abi::kSoKeepalive;
    return level == abi::kIpprotoTcp && f.kind == Kind::Tcp &&
           (name == abi::kTcpKeepidle || name == abi::kTcpKeepintvl || name == abi::kTcpKeepcnt);
}

int get_keepalive_option(const File& f, int name) {
    if (name == abi::kSoKeepalive && f.kind == Kind::Udp) return f.keepalive_udp;
    axnet::Keepalive k = f.tcp.keepalive();
    if (name == abi::kSoKeepalive) return k.on;
    if (name == abi::kTcpKeepidle) return int(k.idle_ms / 1000);
    if (name == abi::kTcpKeepintvl) return int(k.interval_ms / 1000);
    return int(k.count);
}

uint64_t timeval_ns(const TimeVal& tv) {
    if (tv.tv_sec == 0 && tv.tv_usec == 0) return UINT64_MAX;  // 0: no timeout
    return uint64_t(tv.tv_sec) * 1'000'000'000 + uint64_t(tv.tv_usec) * 1'000;
}

TimeVal ns_timeval(uint64_t ns) {
    if (ns == UINT64_MAX) return {0, 0};
    return {long(ns / 1'000'000'000), long(ns % 1'000'000'000 / 1'000)};
}

}  // namespace

long detail::fill_pending(File& f, bool block) {
    if (!f.pending) {
        f.pending = new (std::nothrow) uint8_t[kPendingCap];
        if (!f.pending) return -kENOMEM;
    }
    if (f.pending_len == kPendingCap) return 0;
    f.tcp.set_nonblocking(!block || f.nonblocking);
    auto r = f.tcp.recv(f.pending + f.pending_len, kPendingCap - f.pending_len);
    f.tcp.set_nonblocking(f.nonblocking);
    if (!r.ok()) return -to_errno(r.error());
    f.pending_len += r.value();
    return long(r.value());
}

int sys_socket(int domain, int type, int protocol) {
    if (domain != abi::kAfInet) return -kEAFNOSUPPORT;
    int base = type & ~(abi::kSockNonblock | abi::kSockCloexec);
    if (base <= 0 || base > 10) return -kEINVAL;  // Linux: SOCK_MAX
    // A new file holding a new socket of type Sock (handle member @p member).
    auto open = [](auto create, Kind kind, auto File::*member) -> File* {
        auto s = create();
        if (!s.ok()) return nullptr;
        File* f = new_file(kind);
        if (!f) {
            s.value().close();
            return nullptr;
        }
        f->*member = s.value();
        return f;
    };
    File* f = nullptr;
    if (base == abi::kSockStream) {
        if (protocol != 0 && protocol != abi::kIpprotoTcp) return -kEPROTONOSUPPORT;
        f = open(axnet::TcpSocket::create, Kind::Tcp, &File::tcp);
    } else if (base == abi::kSockDgram) {
        if (protocol != 0 && protocol != abi::kIpprotoUdp) return -kEPROTONOSUPPORT;
        f = open(axnet::UdpSocket::create, Kind::Udp, &File::udp);
    } else {
        return -kESOCKTNOSUPPORT;
    }
    if (!f) return -kENOMEM;
    f->nonblocking = (type & abi::kSockNonblock) != 0;
    int fd = install(f, (type & abi::kSockCloexec) != 0);
    if (fd < 0) put(f);
    return fd;
}

int sys_bind(int fd, const void* addr, uint32_t addrlen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    axnet::SocketAddr a;
    if (int e = parse_addr(addr, addrlen, a); e < 0) return e;
    if (!is_local(a.ip)) return -kEADDRNOTAVAIL;
    if (f->kind == Kind::Udp) {
        if (f->udp_bound) return -kEINVAL;
        auto r = f->udp.bind(a);
        if (!r.ok()) return -to_errno(r.error());
        f->udp_bound = true;
        return 0;
    }
    if (f->phase != TcpPhase::Fresh) return -kEINVAL;
    if (a.port != 0 && tcp_port_listening(a.port)) return -kEADDRINUSE;
    auto r = f->tcp.bind(a);
    if (!r.ok()) return -to_errno(r.error());
    f->phase = TcpPhase::Bound;
    return 0;
}

int sys_listen(int fd, int backlog) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    if (f->kind == Kind::Udp) return -kEOPNOTSUPP;
    if (f->phase == TcpPhase::Listening) return 0;
    if (f->phase != TcpPhase::Fresh && f->phase != TcpPhase::Bound) return -kEINVAL;
    if (f->phase == TcpPhase::Bound) {
        auto a = f->tcp.local_addr();
        if (a.ok() && tcp_port_listening(a.value().port)) return -kEADDRINUSE;
    }
    if (backlog < 1) backlog = 1;
    if (backlog > 255) backlog = 255;  // lwIP's backlog is a u8
    auto r = f->tcp.listen(backlog);
    if (!r.ok()) return -to_errno(r.error());
    f->phase = TcpPhase::Listening;
    readiness_queue().notify_all();
    return 0;
}

// chapter 6, "How accept in C reaches TcpSocket::accept"
int sys_accept4(int fd, void* addr, uint32_t* addrlen, int flags) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    if (flags & ~(abi::kSockNonblock | abi::kSockCloexec)) return -kEINVAL;
    if (f->kind == Kind::Udp) return -kEOPNOTSUPP;
    if (f->phase != TcpPhase::Listening) return -kEINVAL;
    if (addr && !addrlen) return -kEFAULT;
    f->tcp.set_nonblocking(f->nonblocking);
    auto r = f->tcp.accept();
    if (!r.ok()) {
        if (r.error() == axerrno::AxError::WouldBlock) ++f->in_drained;
        return -to_errno(r.error());
    }
    File* nf = new_file(Kind::Tcp);
    if (!nf) {
        r.value().close();
        return -kENOMEM;
    }
    nf->tcp = r.value();
    nf->phase = TcpPhase::Connected;
    nf->nonblocking = (flags & abi::kSockNonblock) != 0;  // not inherited (Linux)
    nf->tcp.set_nonblocking(nf->nonblocking);
    int nfd = install(nf, (flags & abi::kSockCloexec) != 0);
    if (nfd < 0) {
        put(nf);
        return nfd;
    }
    auto peer = nf->tcp.peer_addr();
    if (peer.ok()) (void)write_addr(addr, addrlen, peer.value());
    return nfd;
}

int sys_connect(int fd, const void* addr, uint32_t addrlen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    axnet::SocketAddr a;
    if (int e = parse_addr(addr, addrlen, a); e < 0) return e;
    if (f->kind == Kind::Udp) {
        auto r = f->udp.connect(a);
        if (!r.ok()) return -to_errno(r.error());
        f->udp_bound = true;
        return 0;
    }
    if (f->phase == TcpPhase::Connecting) {
        settle_connect(*f);
        if (f->phase == TcpPhase::Connecting) return -kEALREADY;
        if (f->phase == TcpPhase::Connected) return -kEISCONN;
        int e = f->so_error;
        f->so_error = 0;
        return -e;
    }
    if (f->phase == TcpPhase::Connected || f->phase == TcpPhase::Listening) return -kEISCONN;
    f->tcp.set_nonblocking(f->nonblocking);
    auto r = f->nonblocking || f->sndtimeo_ns == UINT64_MAX ? f->tcp.connect(a)
                                                            : f->tcp.connect(a, f->sndtimeo_ns);
    if (r.ok()) {
        f->phase = TcpPhase::Connected;
        return 0;
    }
    if (r.error() == axerrno::AxError::InProgress) {
        f->phase = TcpPhase::Connecting;
        f->connect_to = a;
        return -kEINPROGRESS;
    }
    f->connect_failed = true;
    return -to_errno(r.error());
}

long sys_sendto(int fd, const void* buf, size_t len, int flags, const void* to, uint32_t tolen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    bool nb = f->nonblocking || (flags & abi::kMsgDontwait);
    if (f->kind == Kind::Udp) {
        if (len > axnet::UdpSocket::kMaxPayload) return -kEMSGSIZE;  // no IP fragmentation
        f->udp.set_nonblocking(nb);
        axerrno::AxResult<size_t> r = axerrno::AxError::NotConnected;
        if (to) {
            axnet::SocketAddr a;
            if (int e = parse_addr(to, tolen, a); e < 0) return e;
            r = f->udp.send_to(buf, len, a);
            if (r.ok()) f->udp_bound = true;
        } else {
            r = f->udp.send(buf, len);
            if (!r.ok() && r.error() == axerrno::AxError::NotConnected)
                r = axerrno::AxError::BadState;
        }
        f->udp.set_nonblocking(f->nonblocking);
        if (!r.ok())
            return r.error() == axerrno::AxError::BadState ? -kEDESTADDRREQ : -to_errno(r.error());
        return long(r.value());
    }
    settle_connect(*f);
    if (f->phase != TcpPhase::Connected || f->shut_wr) return -kEPIPE;  // the address is ignored
    f->tcp.set_nonblocking(nb);
    auto r = f->tcp.send(buf, len);
    f->tcp.set_nonblocking(f->nonblocking);
    if (!r.ok()) {
        if (r.error() == axerrno::AxError::NotConnected) return -kEPIPE;
        if (r.error() == axerrno::AxError::WouldBlock) ++f->out_drained;
        return -to_errno(r.error());
    }
    return long(r.value());
}

long sys_recvfrom(int fd, void* buf, size_t len, int flags, void* from, uint32_t* fromlen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    bool nb = f->nonblocking || (flags & abi::kMsgDontwait);
    bool peek = (flags & abi::kMsgPeek) != 0;
    if (f->kind == Kind::Udp) {
        axnet::SocketAddr src;
        f->udp.set_nonblocking(nb);
        auto r = peek ? f->udp.peek_from(buf, len, &src) : f->udp.recv_from(buf, len, &src);
        f->udp.set_nonblocking(f->nonblocking);
        if (!r.ok()) {
            if (r.error() == axerrno::AxError::TimedOut) return -kEAGAIN;  // SO_RCVTIMEO
            if (r.error() == axerrno::AxError::WouldBlock) ++f->in_drained;
            return -to_errno(r.error());
        }
        if (int e = write_addr(from, fromlen, src); e < 0) return e;
        return long(r.value());
    }
    settle_connect(*f);
    if (f->phase != TcpPhase::Connected) return -kENOTCONN;
    if (f->shut_rd && f->pending_len == 0) return 0;
    if (f->pending_len == 0 && (peek || len == 0)) {
        if (len == 0) return 0;
        bool saved = f->nonblocking;
        f->nonblocking = nb;
        long n = fill_pending(*f, true);
        f->nonblocking = saved;
        if (n == -kEAGAIN) ++f->in_drained;
        if (n < 0) return n == -kETIMEDOUT ? -kEAGAIN : n;
        if (n == 0) return 0;
    }
    size_t got = 0;
    if (f->pending_len > 0) {
        size_t n = len < f->pending_len ? len : f->pending_len;
        std::memcpy(buf, f->pending, n);
        if (!peek) {
            std::memmove(f->pending, f->pending + n, f->pending_len - n);
            f->pending_len -= n;
        }
        got = n;
    } else {
        f->tcp.set_nonblocking(nb);
        auto r = f->tcp.recv(buf, len);
        f->tcp.set_nonblocking(f->nonblocking);
        if (!r.ok()) {
            if (r.error() == axerrno::AxError::TimedOut) return -kEAGAIN;  // SO_RCVTIMEO
            if (r.error() == axerrno::AxError::WouldBlock) ++f->in_drained;
            return -to_errno(r.error());
        }
        got = r.value();
    }
    if (from) {
        auto peer = f->tcp.peer_addr();
        if (peer.ok()) (void)write_addr(from, fromlen, peer.value());
    }
    return long(got);
}

int sys_shutdown(int fd, int how) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    if (how < 0 || how > 2) return -kEINVAL;
    if (f->kind == Kind::Udp) {
        if (!f->udp.peer_addr().ok()) return -kENOTCONN;
    } else {
        settle_connect(*f);
        if (f->phase == TcpPhase::Listening) return 0;
        if (f->phase != TcpPhase::Connected) return -kENOTCONN;
        auto r = f->tcp.shutdown(how);
        if (!r.ok()) return -to_errno(r.error());
    }
    if (how != 1) f->shut_rd = true;
    if (how != 0) f->shut_wr = true;
    readiness_queue().notify_all();
    return 0;
}

int sys_getsockname(int fd, void* addr, uint32_t* addrlen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    if (!addr || !addrlen) return -kEFAULT;
    auto r = f->kind == Kind::Tcp ? f->tcp.local_addr() : f->udp.local_addr();
    return write_addr(addr, addrlen, r.ok() ? r.value() : axnet::SocketAddr{});  // unbound: 0:0
}

int sys_getpeername(int fd, void* addr, uint32_t* addrlen) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    if (!addr || !addrlen) return -kEFAULT;
    if (f->kind == Kind::Tcp) {
        settle_connect(*f);
        if (f->phase != TcpPhase::Connected) return -kENOTCONN;
    }
    auto r = f->kind == Kind::Tcp ? f->tcp.peer_addr() : f->udp.peer_addr();
    if (!r.ok()) return -kENOTCONN;
    return write_addr(addr, addrlen, r.value());
}

int sys_setsockopt(int fd, int level, int name, const void* val, uint32_t len) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    bool timeo = level == abi::kSolSocket && (name == abi::kSoRcvtimeo || name == abi::kSoSndtimeo);
    bool keepalive = is_keepalive_option(*f, level, name);
    bool known = (level == abi::kSolSocket && name == abi::kSoReuseaddr) || timeo || keepalive ||
                 (level == abi::kIpprotoTcp && name == abi::kTcpNodelay && f->kind == Kind::Tcp);
    if (!known) return -kENOPROTOOPT;
    if (!val) return -kEFAULT;
    if (timeo) {
        if (len < sizeof(TimeVal)) return -kEINVAL;
        TimeVal tv;
        std::memcpy(&tv, val, sizeof tv);
        if (tv.tv_usec < 0 || tv.tv_usec >= 1'000'000) return -kEDOM;
        if (tv.tv_sec < 0) tv = {0, 0};  // Linux: a negative timeout means none
        (name == abi::kSoRcvtimeo ? f->rcvtimeo_ns : f->sndtimeo_ns) = timeval_ns(tv);
        if (f->kind == Kind::Tcp)
            f->tcp.set_timeouts(f->rcvtimeo_ns, f->sndtimeo_ns);
        else
            f->udp.set_recv_timeout(f->rcvtimeo_ns);
        return 0;
    }
    if (len < sizeof(int)) return -kEINVAL;
    int on;
    std::memcpy(&on, val, sizeof on);
    if (keepalive) return set_keepalive_option(*f, level, name, on);
    if (name == abi::kSoReuseaddr && level == abi::kSolSocket) {
        f->reuseaddr = on != 0;
        if (f->kind == Kind::Tcp) f->tcp.set_reuse_address(f->reuseaddr);
    } else {
        f->nodelay = on != 0;
        f->tcp.set_nodelay(f->nodelay);
    }
    return 0;
}

int sys_getsockopt(int fd, int level, int name, void* val, uint32_t* len) {
    int err = 0;
    File* f = socket_of(fd, err);
    if (!f) return err;
    int ival = 0;
    if (level == abi::kSolSocket && (name == abi::kSoRcvtimeo || name == abi::kSoSndtimeo)) {
        if (!val || !len) return -kEFAULT;
        TimeVal tv = ns_timeval(name == abi::kSoRcvtimeo ? f->rcvtimeo_ns : f->sndtimeo_ns);
        uint32_t n = *len < sizeof tv ? *len : sizeof tv;
        std::memcpy(val, &tv, n);
        *len = n;
        return 0;
    }
    if (level == abi::kSolSocket && name == abi::kSoReuseaddr) {
        ival = f->reuseaddr;
    } else if (level == abi::kSolSocket && name == abi::kSoType) {
        ival = f->kind == Kind::Tcp ? abi::kSockStream : abi::kSockDgram;
    } else if (level == abi::kSolSocket && name == abi::kSoError) {
        if (f->kind == Kind::Tcp) settle_connect(*f);
        ival = f->so_error;
        f->so_error = 0;
    } else if (level == abi::kIpprotoTcp && name == abi::kTcpNodelay && f->kind == Kind::Tcp) {
        ival = f->nodelay;
    } else if (is_keepalive_option(*f, level, name)) {
        ival = get_keepalive_option(*f, name);
    } else {
        return -kENOPROTOOPT;
    }
    if (!val || !len) return -kEFAULT;
    uint32_t n = *len < sizeof ival ? *len : sizeof ival;
    std::memcpy(val, &ival, n);
    *len = n;
    return 0;
}

}  // namespace arceos_posix_api
