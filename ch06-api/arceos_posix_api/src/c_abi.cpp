// arceos_posix_api/src/c_abi.cpp: the POSIX functions C programs call (declared by axlibc's
// headers: sys/socket.h, unistd.h, fcntl.h, poll.h, sys/select.h, sys/epoll.h, ...), each a
// thin wrapper over a sys_* call that turns a negative result into -1 and errno (ArceOS
// axlibc's e()). Kernel build only: on the host these names are glibc's.
#include <arceos_posix_api/posix.h>

#include <cstdarg>

namespace px = arceos_posix_api;

extern "C" int* __errno_location();

namespace {
template <class T>
T ret(T r) {
    if (r < 0) {
        *__errno_location() = int(-r);
        return T(-1);
    }
    return r;
}
}  // namespace

extern "C" {

int close(int fd) {
    return ret(px::sys_close(fd));
}
int dup(int fd) {
    return ret(px::sys_dup(fd));
}
int dup2(int oldfd, int newfd) {
    return ret(px::sys_dup2(oldfd, newfd));
}
long read(int fd, void* buf, size_t len) {
    return ret(px::sys_read(fd, buf, len));
}
long write(int fd, const void* buf, size_t len) {
    return ret(px::sys_write(fd, buf, len));
}
long readv(int fd, const px::IoVec* iov, int n) {
    return ret(px::sys_readv(fd, iov, n));
}
long writev(int fd, const px::IoVec* iov, int n) {
    return ret(px::sys_writev(fd, iov, n));
}
int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    long arg = cmd == px::abi::kFSetfd || cmd == px::abi::kFSetfl ? va_arg(ap, long) : 0;
    va_end(ap);
    return ret(px::sys_fcntl(fd, cmd, arg));
}
int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    return ret(px::sys_ioctl(fd, request, arg));
}

int socket(int domain, int type, int protocol) {
    return ret(px::sys_socket(domain, type, protocol));
}
int bind(int fd, const void* addr, unsigned len) {
    return ret(px::sys_bind(fd, addr, len));
}
int listen(int fd, int backlog) {
    return ret(px::sys_listen(fd, backlog));
}
int accept(int fd, void* addr, unsigned* len) {
    return ret(px::sys_accept4(fd, addr, len, 0));
}
int accept4(int fd, void* addr, unsigned* len, int flags) {
    return ret(px::sys_accept4(fd, addr, len, flags));
}
int connect(int fd, const void* addr, unsigned len) {
    return ret(px::sys_connect(fd, addr, len));
}
long send(int fd, const void* buf, size_t len, int flags) {
    return ret(px::sys_sendto(fd, buf, len, flags, nullptr, 0));
}
long recv(int fd, void* buf, size_t len, int flags) {
    return ret(px::sys_recvfrom(fd, buf, len, flags, nullptr, nullptr));
}
long sendto(int fd, const void* buf, size_t len, int flags, const void* to, unsigned tolen) {
    return ret(px::sys_sendto(fd, buf, len, flags, to, tolen));
}
long recvfrom(int fd, void* buf, size_t len, int flags, void* from, unsigned* fromlen) {
    return ret(px::sys_recvfrom(fd, buf, len, flags, from, fromlen));
}
int shutdown(int fd, int how) {
    return ret(px::sys_shutdown(fd, how));
}
int getsockname(int fd, void* addr, unsigned* len) {
    return ret(px::sys_getsockname(fd, addr, len));
}
int getpeername(int fd, void* addr, unsigned* len) {
    return ret(px::sys_getpeername(fd, addr, len));
}
int setsockopt(int fd, int level, int name, const void* val, unsigned len) {
    return ret(px::sys_setsockopt(fd, level, name, val, len));
}
int getsockopt(int fd, int level, int name, void* val, unsigned* len) {
    return ret(px::sys_getsockopt(fd, level, name, val, len));
}

int poll(px::PollFd* fds, unsigned long nfds, int timeout_ms) {
    return ret(px::sys_poll(fds, nfds, timeout_ms));
}
int select(int nfds, px::FdSet* rd, px::FdSet* wr, px::FdSet* ex, px::TimeVal* timeout) {
    return ret(px::sys_select(nfds, rd, wr, ex, timeout));
}
int epoll_create1(int flags) {
    return ret(px::sys_epoll_create1(flags));
}
int epoll_create(int size) {
    if (size <= 0) return ret(-int(px::kEINVAL));
    return ret(px::sys_epoll_create1(0));
}
int epoll_ctl(int epfd, int op, int fd, px::EpollEvent* ev) {
    return ret(px::sys_epoll_ctl(epfd, op, fd, ev));
}
int epoll_wait(int epfd, px::EpollEvent* events, int maxevents, int timeout_ms) {
    return ret(px::sys_epoll_wait(epfd, events, maxevents, timeout_ms));
}

}  // extern "C"
