// arceos_posix_api/tests/posix_api_test.cpp: the POSIX layer on the host, over axnet_host and
// lwIP's loopback interface (127.0.0.1), one task. Each errno case is the one Linux returns
// for the same call (the table of chapter 6, measured on Linux); the host's own <errno.h>,
// <sys/socket.h> and friends give the expected numbers, so a wrong constant fails here too.
#include <arceos_posix_api/posix.h>
#include <axnet/axnet.h>
#include <axtask/axtask.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <catch2/catch_test_macros.hpp>
#include <cstring>

namespace {

namespace px = arceos_posix_api;
using px::EpollEvent;
using px::PollFd;

// The ABI constants against the host's (Linux x86_64) headers.
static_assert(px::kEBADF == EBADF && px::kEAGAIN == EAGAIN && px::kEPIPE == EPIPE &&
              px::kENOTSOCK == ENOTSOCK && px::kEOPNOTSUPP == EOPNOTSUPP &&
              px::kEADDRINUSE == EADDRINUSE && px::kECONNREFUSED == ECONNREFUSED &&
              px::kEINPROGRESS == EINPROGRESS && px::kENOPROTOOPT == ENOPROTOOPT &&
              px::kEDESTADDRREQ == EDESTADDRREQ && px::kEAFNOSUPPORT == EAFNOSUPPORT &&
              px::kESOCKTNOSUPPORT == ESOCKTNOSUPPORT && px::kEALREADY == EALREADY &&
              px::kEISCONN == EISCONN && px::kENOTCONN == ENOTCONN && px::kENOTTY == ENOTTY);
static_assert(px::abi::kSockNonblock == SOCK_NONBLOCK && px::abi::kSockCloexec == SOCK_CLOEXEC &&
              px::abi::kSoReuseaddr == SO_REUSEADDR && px::abi::kSoError == SO_ERROR &&
              px::abi::kSoRcvtimeo == SO_RCVTIMEO && px::abi::kTcpNodelay == TCP_NODELAY &&
              px::abi::kFionread == FIONREAD && px::abi::kFionbio == FIONBIO &&
              px::abi::kMsgPeek == MSG_PEEK && px::abi::kMsgDontwait == MSG_DONTWAIT &&
              px::abi::kONonblock == O_NONBLOCK && px::abi::kPollHup == POLLHUP &&
              px::abi::kEpollEt == EPOLLET && px::abi::kEpollOneshot == EPOLLONESHOT &&
              px::abi::kEpollCtlMod == EPOLL_CTL_MOD);
static_assert(sizeof(EpollEvent) == sizeof(epoll_event) && sizeof(PollFd) == sizeof(pollfd));

void setup() {
    static bool done = [] {
        axtask::init();
        REQUIRE(axnet::init().ok());
        px::init();
        return true;
    }();
    (void)done;
}

px::SockAddrIn loopback(uint16_t port) {
    px::SockAddrIn a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr = htonl(INADDR_LOOPBACK);
    return a;
}

uint16_t port_of(int fd) {
    px::SockAddrIn a{};
    uint32_t len = sizeof a;
    REQUIRE(px::sys_getsockname(fd, &a, &len) == 0);
    return ntohs(a.sin_port);
}

// A listener on 127.0.0.1:ephemeral.
int listener() {
    int l = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(l >= 3);
    auto a = loopback(0);
    REQUIRE(px::sys_bind(l, &a, sizeof a) == 0);
    REQUIRE(px::sys_listen(l, 16) == 0);
    return l;
}

// A connected pair through listener @p l: {client, server side}.
std::pair<int, int> connected(int l) {
    int c = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(port_of(l));
    REQUIRE(px::sys_connect(c, &a, sizeof a) == 0);
    int s = px::sys_accept4(l, nullptr, nullptr, 0);
    REQUIRE(s >= 0);
    return {c, s};
}

void settle() {
    for (int i = 0; i < 20; ++i) {
        axtask::run_idle_hook_once();
        axtask::sleep_for(1'000'000);
    }
}

}  // namespace

TEST_CASE("socket, bind, listen, accept: Linux's errors") {
    setup();
    CHECK(px::sys_socket(12345, SOCK_STREAM, 0) == -EAFNOSUPPORT);
    CHECK(px::sys_socket(AF_INET, 99, 0) == -EINVAL);
    CHECK(px::sys_socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -EPROTONOSUPPORT);
    CHECK(px::sys_socket(AF_INET, SOCK_SEQPACKET, 0) == -ESOCKTNOSUPPORT);
    int s = px::sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(s >= 3);
    CHECK(px::sys_fcntl(s, F_GETFL, 0) == (O_RDWR | O_NONBLOCK));
    CHECK(px::sys_fcntl(s, F_GETFD, 0) == FD_CLOEXEC);
    auto a = loopback(0);
    CHECK(px::sys_bind(s, &a, 8) == -EINVAL);
    auto bad = loopback(0);
    bad.sin_family = AF_INET6;
    CHECK(px::sys_bind(s, &bad, sizeof bad) == -EAFNOSUPPORT);
    auto far = a;
    far.sin_addr = htonl(0xC0000201);  // 192.0.2.1
    CHECK(px::sys_bind(s, &far, sizeof far) == -EADDRNOTAVAIL);
    CHECK(px::sys_bind(s, &a, 32) == 0);                        // a longer addrlen is fine
    CHECK(px::sys_bind(s, &a, sizeof a) == -EINVAL);            // bound already
    CHECK(px::sys_accept4(s, nullptr, nullptr, 0) == -EINVAL);  // not listening
    CHECK(px::sys_listen(s, 4) == 0);
    CHECK(px::sys_accept4(s, nullptr, nullptr, 0) == -EAGAIN);  // nonblocking, none pending
    CHECK(px::sys_accept4(s, nullptr, nullptr, 1) == -EINVAL);
    // The accepted socket does not inherit the listener's O_NONBLOCK; accept4's flag sets it.
    // A 4-byte address buffer gets the first 4 bytes, and the length becomes 16.
    auto to_s = loopback(port_of(s));
    int c1 = px::sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int c2 = px::sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(px::sys_connect(c1, &to_s, sizeof to_s) == -EINPROGRESS);
    CHECK(px::sys_connect(c2, &to_s, sizeof to_s) == -EINPROGRESS);
    PollFd lp{s, POLLIN, 0};
    REQUIRE(px::sys_poll(&lp, 1, 2000) == 1);
    px::SockAddrIn peer{};
    uint32_t plen = 4;
    int a1 = px::sys_accept4(s, &peer, &plen, 0);
    REQUIRE(a1 >= 0);
    CHECK(plen == 16);
    CHECK(peer.sin_family == AF_INET);
    CHECK(peer.sin_addr == 0);  // beyond the 4 bytes asked for: untouched
    CHECK(px::sys_fcntl(a1, F_GETFL, 0) == O_RDWR);
    REQUIRE(px::sys_poll(&lp, 1, 2000) == 1);
    int a2 = px::sys_accept4(s, nullptr, nullptr, SOCK_NONBLOCK);
    REQUIRE(a2 >= 0);
    CHECK(px::sys_fcntl(a2, F_GETFL, 0) == (O_RDWR | O_NONBLOCK));
    for (int fd : {c1, c2, a1, a2}) CHECK(px::sys_close(fd) == 0);
    // Another socket on the listening port, even with SO_REUSEADDR: EADDRINUSE (bind).
    int t = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    REQUIRE(px::sys_setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    auto same = loopback(port_of(s));
    CHECK(px::sys_bind(t, &same, sizeof same) == -EADDRINUSE);
    // listen without bind binds an ephemeral port (Linux; lwIP alone would not).
    CHECK(px::sys_listen(t, 4) == 0);
    CHECK(port_of(t) != 0);
    int u = px::sys_socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(px::sys_listen(u, 4) == -EOPNOTSUPP);
    CHECK(px::sys_accept4(u, nullptr, nullptr, 0) == -EOPNOTSUPP);
    int file = 0;  // the console is no socket
    CHECK(px::sys_bind(file, &a, sizeof a) == -ENOTSOCK);
    CHECK(px::sys_close(s) == 0);
    CHECK(px::sys_close(s) == -EBADF);
    CHECK(px::sys_close(999) == -EBADF);
    CHECK(px::sys_close(-1) == -EBADF);
    CHECK(px::sys_close(t) == 0);
    CHECK(px::sys_close(u) == 0);
}

TEST_CASE("connect, send, recv: Linux's errors") {
    setup();
    int c = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    int l = listener();
    uint16_t closed_port = port_of(l);
    REQUIRE(px::sys_close(l) == 0);
    settle();
    auto to = loopback(closed_port);
    CHECK(px::sys_connect(c, &to, sizeof to) == -ECONNREFUSED);
    px::sys_close(c);
    // Nonblocking: EINPROGRESS, then ERR|HUP, SO_ERROR = ECONNREFUSED once, then 0.
    c = px::sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(px::sys_connect(c, &to, sizeof to) == -EINPROGRESS);
    PollFd p{c, POLLOUT, 0};
    CHECK(px::sys_poll(&p, 1, 2000) == 1);
    CHECK((p.revents & (POLLERR | POLLHUP)) == (POLLERR | POLLHUP));
    int err = -1;
    uint32_t len = sizeof err;
    CHECK(px::sys_getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0);
    CHECK(err == ECONNREFUSED);
    CHECK(px::sys_getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0);
    CHECK(err == 0);
    px::sys_close(c);
    // Unconnected TCP: send EPIPE, recv ENOTCONN, getpeername ENOTCONN, shutdown ENOTCONN.
    c = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    char b[16];
    CHECK(px::sys_sendto(c, "x", 1, MSG_NOSIGNAL, nullptr, 0) == -EPIPE);
    CHECK(px::sys_write(c, "x", 1) == -EPIPE);
    CHECK(px::sys_recvfrom(c, b, sizeof b, 0, nullptr, nullptr) == -ENOTCONN);
    px::SockAddrIn pa{};
    uint32_t plen = sizeof pa;
    CHECK(px::sys_getpeername(c, &pa, &plen) == -ENOTCONN);
    CHECK(px::sys_getsockname(c, &pa, &plen) == 0);  // unbound: 0.0.0.0:0
    CHECK(pa.sin_port == 0);
    CHECK(px::sys_shutdown(c, SHUT_WR) == -ENOTCONN);
    CHECK(px::sys_shutdown(c, 7) == -EINVAL);
    // Options: unknown ENOPROTOOPT, short EINVAL, null EFAULT, TCP_NODELAY on UDP ENOPROTOOPT.
    int one = 1;
    CHECK(px::sys_setsockopt(c, SOL_SOCKET, 12345, &one, sizeof one) == -ENOPROTOOPT);
    CHECK(px::sys_setsockopt(c, 12345, SO_REUSEADDR, &one, sizeof one) == -ENOPROTOOPT);
    CHECK(px::sys_setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, 2) == -EINVAL);
    CHECK(px::sys_setsockopt(c, SOL_SOCKET, SO_REUSEADDR, nullptr, 4) == -EFAULT);
    CHECK(px::sys_setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
    int v = 0;
    len = sizeof v;
    CHECK(px::sys_getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0);
    CHECK(v == 1);
    CHECK(px::sys_ioctl(c, 0x1234, &v) == -ENOTTY);
    int u = px::sys_socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(px::sys_setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -ENOPROTOOPT);
    CHECK(px::sys_sendto(u, "x", 1, 0, nullptr, 0) == -EDESTADDRREQ);
    CHECK(px::sys_shutdown(u, SHUT_RD) == -ENOTCONN);
    px::sys_close(u);
    px::sys_close(c);
}

TEST_CASE("a connection: data, FIONREAD, MSG_PEEK, timeouts, dup, peer's close") {
    setup();
    int l = listener();
    auto [c, s] = connected(l);
    CHECK(px::sys_listen(c, 4) == -EINVAL);  // connected
    auto a = loopback(port_of(l));
    CHECK(px::sys_connect(c, &a, sizeof a) == -EISCONN);
    CHECK(px::sys_fcntl(s, F_GETFL, 0) == O_RDWR);  // accept does not inherit O_NONBLOCK
    int v = 0;
    CHECK(px::sys_ioctl(l, FIONREAD, &v) == -EINVAL);
    REQUIRE(px::sys_write(c, "hello world", 10) == 10);
    settle();
    CHECK(px::sys_ioctl(s, FIONREAD, &v) == 0);
    CHECK(v == 10);
    char b[32] = {};
    CHECK(px::sys_recvfrom(s, b, 4, MSG_PEEK, nullptr, nullptr) == 4);
    CHECK(px::sys_ioctl(s, FIONREAD, &v) == 0);
    CHECK(v == 10);
    px::IoVec iov[2] = {{b, 3}, {b + 3, 20}};
    CHECK(px::sys_readv(s, iov, 2) == 10);
    CHECK(std::memcmp(b, "hello worl", 10) == 0);
    CHECK(px::sys_recvfrom(s, b, sizeof b, MSG_DONTWAIT, nullptr, nullptr) == -EAGAIN);
    // SO_RCVTIMEO: a blocking recv gives up with EAGAIN after the timeout.
    px::TimeVal tv{0, 50'000};
    REQUIRE(px::sys_setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    uint64_t t0 = axtask::now_ns();
    CHECK(px::sys_read(s, b, sizeof b) == -EAGAIN);
    CHECK(axtask::now_ns() - t0 >= 40'000'000);
    // FIONBIO shares the file's flag with a dup.
    int d = px::sys_dup(s);
    REQUIRE(d > s);
    int on = 1;
    CHECK(px::sys_ioctl(d, FIONBIO, &on) == 0);
    CHECK(px::sys_fcntl(s, F_GETFL, 0) == (O_RDWR | O_NONBLOCK));
    CHECK(px::sys_dup2(d, 900) == 900);
    CHECK(px::sys_close(d) == 0);
    CHECK(px::sys_close(900) == 0);
    CHECK(px::sys_read(s, b, sizeof b) == -EAGAIN);  // still open through s
    // writev, then the peer's FIN: the data, then 0.
    px::IoVec out[2] = {{(void*)"ab", 2}, {(void*)"cd", 2}};
    CHECK(px::sys_writev(c, out, 2) == 4);
    CHECK(px::sys_shutdown(c, SHUT_WR) == 0);
    CHECK(px::sys_write(c, "x", 1) == -EPIPE);
    PollFd p{s, POLLIN, 0};
    CHECK(px::sys_poll(&p, 1, 2000) == 1);
    settle();
    CHECK(px::sys_read(s, b, sizeof b) == 4);
    CHECK(px::sys_read(s, b, sizeof b) == 0);
    px::sys_close(s);
    px::sys_close(c);
    px::sys_close(l);
}

TEST_CASE("poll and select: readiness, timeouts, closed descriptors") {
    setup();
    int l = listener();
    int fresh = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    PollFd p[3] = {{l, POLLIN, 0}, {fresh, 0, 0}, {-1, POLLIN, 0}};
    CHECK(px::sys_poll(p, 3, 0) == 1);
    CHECK(p[0].revents == 0);
    CHECK(p[1].revents == POLLHUP);  // fresh TCP: HUP even for events 0 (Linux)
    CHECK(p[2].revents == 0);
    // Timeout: nothing pending, waits ~100 ms and returns 0.
    PollFd q{l, POLLIN, 0};
    uint64_t t0 = axtask::now_ns();
    CHECK(px::sys_poll(&q, 1, 100) == 0);
    uint64_t waited = axtask::now_ns() - t0;
    CHECK(waited >= 90'000'000);
    CHECK(waited < 2'000'000'000);
    // A pending connection makes the listener readable.
    int c = px::sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    auto a = loopback(port_of(l));
    CHECK(px::sys_connect(c, &a, sizeof a) == -EINPROGRESS);
    CHECK(px::sys_poll(&q, 1, 2000) == 1);
    CHECK(q.revents == POLLIN);
    PollFd w{c, POLLOUT, 0};
    CHECK(px::sys_poll(&w, 1, 2000) == 1);
    CHECK(w.revents == POLLOUT);
    CHECK(px::sys_connect(c, &a, sizeof a) == -EISCONN);
    int s = px::sys_accept4(l, nullptr, nullptr, 0);
    REQUIRE(s >= 0);
    // select: c writable, s not yet readable; then readable after a write.
    px::FdSet rd{}, wr{};
    rd.bits[s / 64] |= 1ul << (s % 64);
    wr.bits[c / 64] |= 1ul << (c % 64);
    px::TimeVal tv{1, 0};
    CHECK(px::sys_select(1000, &rd, &wr, nullptr, &tv) == 1);
    CHECK((wr.bits[c / 64] >> (c % 64) & 1) == 1);
    CHECK(rd.bits[s / 64] == 0);
    CHECK(tv.tv_sec * 1'000'000 + tv.tv_usec <= 1'000'000);  // time left written back
    px::FdSet rd2{};
    rd2.bits[s / 64] |= 1ul << (s % 64);
    px::TimeVal tv2{0, 100'000};
    t0 = axtask::now_ns();
    CHECK(px::sys_select(s + 1, &rd2, nullptr, nullptr, &tv2) == 0);
    CHECK(axtask::now_ns() - t0 >= 90'000'000);
    CHECK(tv2.tv_sec == 0);
    CHECK(tv2.tv_usec == 0);
    REQUIRE(px::sys_write(c, "x", 1) == 1);
    rd2.bits[s / 64] |= 1ul << (s % 64);
    CHECK(px::sys_select(s + 1, &rd2, nullptr, nullptr, nullptr) == 1);
    CHECK(px::sys_select(-1, nullptr, nullptr, nullptr, nullptr) == -EINVAL);
    px::FdSet badset{};
    badset.bits[0] |= 1ul << 60;  // descriptor 60: not open
    CHECK(px::sys_select(61, &badset, nullptr, nullptr, &tv2) == -EBADF);
    // The peer's close: IN|HUP for poll, readable for select, read 1 byte then 0.
    px::sys_close(c);
    PollFd h{s, POLLIN, 0};
    CHECK(px::sys_poll(&h, 1, 2000) == 1);
    char b[4];
    CHECK(px::sys_read(s, b, sizeof b) == 1);
    CHECK(px::sys_read(s, b, sizeof b) == 0);
    PollFd n{s, POLLIN, 0};
    px::sys_close(s);
    CHECK(px::sys_poll(&n, 1, 0) == 1);
    CHECK(n.revents == POLLNVAL);
    px::sys_close(fresh);
    px::sys_close(l);
}

TEST_CASE("epoll: errors, level, edge re-arming, one-shot, blocking wait, close") {
    setup();
    int ep = px::sys_epoll_create1(0);
    REQUIRE(ep >= 0);
    CHECK(px::sys_epoll_create1(1) == -EINVAL);
    int l = listener();
    auto [c, s] = connected(l);
    EpollEvent ev{EPOLLIN, 7};
    EpollEvent out[4];
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -EINVAL);  // itself
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, 1, &ev) == -EPERM);    // the console
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == -ENOENT);
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_DEL, s, nullptr) == -ENOENT);
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, 555, &ev) == -EBADF);
    CHECK(px::sys_epoll_wait(ep, out, 0, 0) == -EINVAL);
    CHECK(px::sys_epoll_wait(s, out, 4, 0) == -EINVAL);
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == -EEXIST);
    // Small writes must not wait for the ACK of the last one (Nagle, with lwIP's delayed ACK,
    // would hold "ef" below back for a few hundred ms): TCP_NODELAY acts.
    int one = 1;
    REQUIRE(px::sys_setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
    // Blocking wait with timeout: nothing, ~100 ms.
    uint64_t t0 = axtask::now_ns();
    CHECK(px::sys_epoll_wait(ep, out, 4, 100) == 0);
    CHECK(axtask::now_ns() - t0 >= 90'000'000);
    // Level-triggered: reported while data is unread.
    REQUIRE(px::sys_write(c, "abcd", 4) == 4);
    CHECK(px::sys_epoll_wait(ep, out, 4, 2000) == 1);
    CHECK(out[0].events == EPOLLIN);
    CHECK(out[0].data == 7);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 1);
    // Edge-triggered: one event, none after a partial read, one after draining and new data.
    EpollEvent et{EPOLLIN | EPOLLET, 8};
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_MOD, s, &et) == 0);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 1);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 0);
    char b[8];
    CHECK(px::sys_read(s, b, 2) == 2);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 0);
    CHECK(px::sys_recvfrom(s, b, sizeof b, 0, nullptr, nullptr) == 2);
    CHECK(px::sys_recvfrom(s, b, sizeof b, MSG_DONTWAIT, nullptr, nullptr) == -EAGAIN);
    REQUIRE(px::sys_write(c, "ef", 2) == 2);
    settle();  // the data is there at epoll_wait's first look: the EAGAIN made the edge
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 1);
    CHECK(out[0].data == 8);
    CHECK(px::sys_epoll_wait(ep, out, 4, 50) == 0);
    // One-shot: one event, then none despite new data; MOD re-arms.
    EpollEvent os{EPOLLIN | EPOLLONESHOT, 9};
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_MOD, s, &os) == 0);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 1);
    REQUIRE(px::sys_write(c, "g", 1) == 1);
    settle();
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 0);
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_MOD, s, &os) == 0);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 1);
    // The epoll descriptor is pollable.
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == 0);
    PollFd pe{ep, POLLIN, 0};
    CHECK(px::sys_poll(&pe, 1, 0) == 1);
    // Closing the registered socket removes its entry; epoll_wait does not fail.
    px::sys_close(s);
    CHECK(px::sys_epoll_wait(ep, out, 4, 0) == 0);
    // A peer's close wakes a blocked ET wait on the listener's next connection.
    auto [c2, s2] = connected(l);
    EpollEvent et2{EPOLLIN | EPOLLET, 10};
    CHECK(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, s2, &et2) == 0);
    px::sys_close(c2);
    CHECK(px::sys_epoll_wait(ep, out, 4, 2000) == 1);
    CHECK((out[0].events & EPOLLIN) != 0);
    CHECK(px::sys_read(s2, b, sizeof b) == 0);
    px::sys_close(s2);
    px::sys_close(c);
    px::sys_close(l);
    px::sys_close(ep);
}

TEST_CASE("UDP: sendto, recvfrom, FIONREAD of the next datagram, connect") {
    setup();
    int a = px::sys_socket(AF_INET, SOCK_DGRAM, 0);
    int b = px::sys_socket(AF_INET, SOCK_DGRAM, 0);
    auto la = loopback(0);
    REQUIRE(px::sys_bind(a, &la, sizeof la) == 0);
    auto to = loopback(port_of(a));
    CHECK(px::sys_sendto(b, "abc", 3, 0, &to, sizeof to) == 3);
    CHECK(px::sys_sendto(b, "defgh", 5, 0, &to, sizeof to) == 5);
    PollFd p{a, POLLIN, 0};
    CHECK(px::sys_poll(&p, 1, 2000) == 1);
    settle();
    int v = 0;
    CHECK(px::sys_ioctl(a, FIONREAD, &v) == 0);
    CHECK(v == 3);
    char buf[16];
    px::SockAddrIn from{};
    uint32_t flen = sizeof from;
    CHECK(px::sys_recvfrom(a, buf, 2, 0, &from, &flen) == 2);  // the rest is discarded
    CHECK(ntohs(from.sin_port) == port_of(b));
    CHECK(px::sys_recvfrom(a, buf, sizeof buf, 0, nullptr, nullptr) == 5);
    CHECK(px::sys_recvfrom(a, buf, sizeof buf, MSG_DONTWAIT, nullptr, nullptr) == -EAGAIN);
    char big[2000] = {};
    CHECK(px::sys_sendto(b, big, sizeof big, 0, &to, sizeof to) == -EMSGSIZE);
    px::sys_close(a);
    px::sys_close(b);
}

// Chapter 6, "Keep-alive" and "POLLRDHUP" (errno_cases.c asserts the same against Linux, on
// Linux and in the kernel): the options reach axnet and come back, an accepted socket inherits
// them, and the peer's FIN is one edge-triggered IN|RDHUP event.
TEST_CASE("keep-alive options and POLLRDHUP/EPOLLRDHUP") {
    setup();
    static_assert(px::abi::kPollRdhup == POLLRDHUP && px::abi::kEpollRdhup == EPOLLRDHUP &&
                  px::abi::kSoKeepalive == SO_KEEPALIVE && px::abi::kTcpKeepidle == TCP_KEEPIDLE &&
                  px::abi::kTcpKeepintvl == TCP_KEEPINTVL && px::abi::kTcpKeepcnt == TCP_KEEPCNT);
    int l = px::sys_socket(AF_INET, SOCK_STREAM, 0);
    int on = 1, idle = 40, zero = 0, v = -1;
    uint32_t len = sizeof v;
    CHECK(px::sys_setsockopt(l, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) == 0);
    CHECK(px::sys_setsockopt(l, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) == 0);
    CHECK(px::sys_setsockopt(l, IPPROTO_TCP, TCP_KEEPINTVL, &zero, sizeof zero) == -EINVAL);
    auto a = loopback(0);
    REQUIRE(px::sys_bind(l, &a, sizeof a) == 0);
    REQUIRE(px::sys_listen(l, 4) == 0);
    auto [c, s] = connected(l);
    CHECK(px::sys_getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len) == 0);
    CHECK(v == 1);
    CHECK(px::sys_getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len) == 0);
    CHECK(v == 40);
    CHECK(px::sys_getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, &len) == 0);
    CHECK(v == 0);
    int ep = px::sys_epoll_create1(0);
    EpollEvent ev{EPOLLIN | EPOLLRDHUP | EPOLLET, 1}, out[2];
    REQUIRE(px::sys_epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
    CHECK(px::sys_epoll_wait(ep, out, 2, 0) == 0);
    REQUIRE(px::sys_shutdown(c, SHUT_WR) == 0);
    CHECK(px::sys_epoll_wait(ep, out, 2, 2000) == 1);
    CHECK(out[0].events == (EPOLLIN | EPOLLRDHUP));
    CHECK(px::sys_epoll_wait(ep, out, 2, 0) == 0);  // one edge
    PollFd p{s, short(POLLIN | POLLRDHUP), 0};
    CHECK(px::sys_poll(&p, 1, 0) == 1);
    CHECK(p.revents == (POLLIN | POLLRDHUP));
    px::sys_close(ep);
    px::sys_close(s);
    px::sys_close(c);
    px::sys_close(l);
}
