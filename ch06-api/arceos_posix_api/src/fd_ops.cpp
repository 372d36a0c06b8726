// arceos_posix_api/src/fd_ops.cpp: the descriptor table and the calls on any descriptor:
// close, dup, dup2, read, write, readv, writev, fcntl, ioctl (chapter 6, "The descriptor
// table"). Socket-specific work is in net.cpp, epoll's in io_mpx.cpp.
#include <axnet/axnet.h>

#include <new>

#include "console.h"
#include "file.h"

namespace arceos_posix_api {

namespace detail {
namespace {

struct Slot {
    File* file = nullptr;
    bool cloexec = false;
};
Slot g_table[kMaxFds];
axtask::WaitQueue g_readiness;
bool g_ready = false;

// The network stack has run: any socket may have changed, wake every multiplexing waiter.
uint64_t idle_hook() {
    uint64_t next = axnet::idle_hook();
    g_readiness.notify_all();
    return next;
}

}  // namespace

axtask::WaitQueue& readiness_queue() {
    return g_readiness;
}

File* get(int fd) {
    if (fd < 0 || fd >= kMaxFds) return nullptr;
    return g_table[fd].file;
}

// Linux gives the lowest free descriptor (fs/file.c alloc_fd).
// chapter 6, "The descriptor table"
int install(File* f, bool cloexec, int from) {
    // LAB ch06.fd_table: the lowest free descriptor (chapter 6, 10.1)
    for (int fd = from; fd < kMaxFds; ++fd) {
        if (g_table[fd].file == nullptr) {
            g_table[fd] = {f, cloexec};
            return fd;
        }
    }
    return -kEMFILE;
    // LAB END
}

File* new_file(Kind kind) {
    File* f = new (std::nothrow) File;
    if (f) f->kind = kind;
    return f;
}

void put(File* f) {
    if (--f->refs > 0) return;
    epoll_forget(f);
    switch (f->kind) {
        case Kind::Tcp:
            f->tcp.close();
            break;
        case Kind::Udp:
            f->udp.close();
            break;
        case Kind::Epoll:
            epoll_free(f->ep);
            break;
        case Kind::Console:
            break;
    }
    delete[] f->pending;
    delete f;
    g_readiness.notify_all();
}

int to_errno(axerrno::AxError e) {
    using axerrno::AxError;
    switch (e) {
        case AxError::WouldBlock:
            return kEAGAIN;
        case AxError::NoMemory:
            return kENOMEM;
        case AxError::AddrInUse:
            return kEADDRINUSE;
        case AxError::AddrNotAvailable:
            return kEADDRNOTAVAIL;
        case AxError::ConnectionAborted:
            return kECONNABORTED;
        case AxError::ConnectionRefused:
            return kECONNREFUSED;
        case AxError::ConnectionReset:
            return kECONNRESET;
        case AxError::InProgress:
            return kEINPROGRESS;
        case AxError::IsConnected:
            return kEISCONN;
        case AxError::NotConnected:
            return kENOTCONN;
        case AxError::TimedOut:
            return kETIMEDOUT;
        case AxError::WriteZero:
            return kEPIPE;
        case AxError::HostUnreachable:
            return kEHOSTUNREACH;
        case AxError::PermissionDenied:
            return kEPERM;
        case AxError::AlreadyExists:
            return kEEXIST;
        case AxError::NotFound:
            return kENOENT;
        case AxError::Unsupported:
            return kEOPNOTSUPP;
        case AxError::BadAddress:
            return kEFAULT;
        default:
            return kEINVAL;
    }
}

}  // namespace detail

using namespace detail;

bool detail::tcp_port_listening(uint16_t port) {
    for (auto& slot : g_table) {
        File* f = slot.file;
        if (f && f->kind == Kind::Tcp && f->phase == TcpPhase::Listening) {
            auto a = f->tcp.local_addr();
            if (a.ok() && a.value().port == port) return true;
        }
    }
    return false;
}

void init() {
    if (g_ready) return;
    g_ready = true;
    axtask::set_idle_hook(idle_hook);
    for (int fd = 0; fd < 3; ++fd) {
        File* f = new_file(Kind::Console);
        if (f) (void)install(f, false, fd);
    }
}

int sys_close(int fd) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    g_table[fd] = {};
    put(f);
    return 0;
}

int sys_dup(int fd) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    int nfd = install(f, false);
    if (nfd >= 0) ++f->refs;
    return nfd;
}

int sys_dup2(int oldfd, int newfd) {
    File* f = get(oldfd);
    if (!f || newfd < 0 || newfd >= kMaxFds) return -kEBADF;
    if (oldfd == newfd) return newfd;
    ++f->refs;
    if (File* old = g_table[newfd].file) put(old);
    g_table[newfd] = {f, false};
    return newfd;
}

long sys_read(int fd, void* buf, size_t len) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    switch (f->kind) {
        case Kind::Console: {
            // The serial console has no interrupt-driven input queue: read returns what is
            // waiting, or EAGAIN (nonblocking) / waits in 10 ms steps (blocking).
            auto* p = static_cast<char*>(buf);
            size_t n = 0;
            while (n < len) {
                int c = console_read_byte();
                if (c < 0) {
                    if (n > 0) break;
                    if (f->nonblocking) return -kEAGAIN;
                    axtask::sleep_for(10'000'000);
                    continue;
                }
                p[n++] = char(c);
                if (c == '\n') break;
            }
            return long(n);
        }
        case Kind::Epoll:
            return -kEINVAL;
        default:
            return sys_recvfrom(fd, buf, len, 0, nullptr, nullptr);
    }
}

long sys_write(int fd, const void* buf, size_t len) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    switch (f->kind) {
        case Kind::Console:
            console_write(static_cast<const char*>(buf), len);
            return long(len);
        case Kind::Epoll:
            return -kEINVAL;
        default:
            return sys_sendto(fd, buf, len, 0, nullptr, 0);
    }
}

namespace {
// readv/writev: @p op (read or write) on each buffer in turn, stopping at a short transfer;
// an error after some bytes moved returns those bytes (the error comes on the next call).
template <class Op>
long each_iov(const IoVec* iov, int iovcnt, Op op) {
    if (iovcnt < 0 || iovcnt > 1024) return -kEINVAL;  // Linux: IOV_MAX
    long total = 0;
    for (int i = 0; i < iovcnt; ++i) {
        long n = op(iov[i]);
        if (n < 0) return total > 0 ? total : n;
        total += n;
        if (size_t(n) < iov[i].iov_len) break;
    }
    return total;
}
}  // namespace

long sys_readv(int fd, const IoVec* iov, int iovcnt) {
    return each_iov(iov, iovcnt,
                    [fd](const IoVec& v) { return sys_read(fd, v.iov_base, v.iov_len); });
}

long sys_writev(int fd, const IoVec* iov, int iovcnt) {
    return each_iov(iov, iovcnt,
                    [fd](const IoVec& v) { return sys_write(fd, v.iov_base, v.iov_len); });
}

int sys_fcntl(int fd, int cmd, long arg) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    switch (cmd) {
        case abi::kFGetfd:
            return g_table[fd].cloexec ? abi::kFdCloexec : 0;
        case abi::kFSetfd:
            g_table[fd].cloexec = (arg & abi::kFdCloexec) != 0;
            return 0;
        case abi::kFGetfl:
            return abi::kORdwr | (f->nonblocking ? abi::kONonblock : 0);
        case abi::kFSetfl:
            f->nonblocking = (arg & abi::kONonblock) != 0;
            return 0;
        default:
            return -kEINVAL;
    }
}

int sys_ioctl(int fd, unsigned long request, void* arg) {
    File* f = get(fd);
    if (!f) return -kEBADF;
    if (request == abi::kFionbio) {
        if (!arg) return -kEFAULT;
        f->nonblocking = *static_cast<int*>(arg) != 0;
        return 0;
    }
    if (request == abi::kFionread) {
        if (!arg) return -kEFAULT;
        if (f->kind == Kind::Udp) {
            // Linux: the size of the next datagram (0 when none).
            static uint8_t scratch[axnet::UdpSocket::kMaxPayload];
            f->udp.set_nonblocking(true);
            auto r = f->udp.peek_from(scratch, sizeof scratch, nullptr);
            f->udp.set_nonblocking(f->nonblocking);
            *static_cast<int*>(arg) = r.ok() ? int(r.value()) : 0;
            return 0;
        }
        if (f->kind != Kind::Tcp || f->phase == TcpPhase::Listening) return -kEINVAL;
        long r = fill_pending(*f, false);
        if (r < 0 && r != -kEAGAIN) return int(r);
        *static_cast<int*>(arg) = int(f->pending_len);
        return 0;
    }
    return -kENOTTY;
}

}  // namespace arceos_posix_api
