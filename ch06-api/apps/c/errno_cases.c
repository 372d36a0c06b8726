/* errno_cases.c: the socket, select, poll and epoll error cases of chapter 6's table (what
 * Linux returns, measured), asserted by one C program over 127.0.0.1. Built unchanged for
 * Linux and for this kernel; both runs must pass every case. Prints one line per failure and
 * "errno_cases: P passed, F failed"; exits with F != 0. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static int passed, failed;

/* Checks that @p r is -1 with errno @p e (e == 0: that r is not -1). */
static void expect(const char* what, long r, int e) {
    int got = r == -1 ? errno : 0;
    if (got == e && (e != 0 || r != -1)) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL %s: result %ld errno %d (%s), want errno %d (%s)\n", what, r, got,
               strerror(got), e, strerror(e));
    }
}

static void expect_eq(const char* what, long got, long want) {
    if (got == want) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL %s: %ld, want %ld\n", what, got, want);
    }
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int port_of(int fd) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr*)&a, &len);
    return ntohs(a.sin_port);
}

#define SA(a) ((struct sockaddr*)&(a))

/* poll's answer for @p events on @p fd, now. */
static int revents_now(int fd, short events) {
    struct pollfd p = {fd, events, 0};
    return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

/* The same once POLLRDHUP has come (up to 2 s): the peer's FIN or RST may still be on its
 * way (here it arrives when the network stack next runs). */
static int revents_from_peer(int fd, short events) {
    struct pollfd w = {fd, POLLRDHUP, 0};
    poll(&w, 1, 2000);
    return revents_now(fd, events);
}

/* A connection to the listener @p s (nonblocking: the connection reaches it after connect
 * returns): returns the client's descriptor, *@p a the accepted one. */
static int connect_pair(int s, struct sockaddr_in to_s, int* a) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, SA(to_s), sizeof to_s);
    struct pollfd lp = {s, POLLIN, 0};
    poll(&lp, 1, 2000);
    *a = accept(s, NULL, NULL);
    return c;
}

/* POLLRDHUP/EPOLLRDHUP and keep-alive (chapter 6): poll's whole answer for each way a
 * connection's directions end, as Linux's tcp_poll gives it, and the keep-alive options. */
static void rdhup_and_keepalive(int s, struct sockaddr_in to_s) {
    const short all = POLLIN | POLLOUT | POLLRDHUP;
    int one = 1, a;
    int c = connect_pair(s, to_s, &a);
    expect_eq("connected: OUT only", revents_now(a, all), POLLOUT);
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN | EPOLLRDHUP | EPOLLET, {0}}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
    expect_eq("epoll RDHUP before the FIN", epoll_wait(ep, out, 2, 0), 0);
    shutdown(c, SHUT_WR);
    expect_eq("peer's FIN: IN|OUT|RDHUP", revents_from_peer(a, all), POLLIN | POLLOUT | POLLRDHUP);
    expect_eq("peer's FIN, RDHUP not asked", revents_now(a, POLLOUT), POLLOUT);
    expect_eq("self after SHUT_WR: OUT", revents_now(c, all), POLLOUT);
    expect_eq("epoll ET: the FIN is one event", epoll_wait(ep, out, 2, 1000), 1);
    expect_eq("epoll ET: IN|RDHUP", out[0].events, EPOLLIN | EPOLLRDHUP);
    expect_eq("epoll ET: no second event", epoll_wait(ep, out, 2, 0), 0);
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_MOD, a, &ev);
    expect_eq("epoll RDHUP not asked", epoll_wait(ep, out, 2, 0), 1);
    expect_eq("epoll RDHUP not asked: IN", out[0].events, EPOLLIN);
    close(ep);
    close(a);
    close(c);

    c = connect_pair(s, to_s, &a);
    shutdown(c, SHUT_RD);
    expect_eq("self after SHUT_RD: IN|OUT|RDHUP", revents_now(c, all),
              POLLIN | POLLOUT | POLLRDHUP);
    expect_eq("peer of SHUT_RD: OUT", revents_now(a, all), POLLOUT);
    shutdown(c, SHUT_WR);
    expect_eq("self after SHUT_RDWR: IN|OUT|HUP|RDHUP", revents_now(c, all),
              POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    close(a);
    close(c);
    /* The peer closes with unread data, which resets the connection: everything, and ERR
     * until a call returns the error. */
    c = connect_pair(s, to_s, &a);
    send(c, "x", 1, 0);
    struct pollfd ap = {a, POLLIN, 0};
    poll(&ap, 1, 2000);
    close(a);
    expect_eq("peer's RST: IN|OUT|ERR|HUP|RDHUP", revents_from_peer(c, all),
              POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP);
    char b[4];
    expect("recv after the RST", recv(c, b, sizeof b, 0), ECONNRESET);
    expect_eq("after the error is read: IN|OUT|HUP|RDHUP", revents_now(c, all),
              POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    close(c);

    /* keep-alive: Linux's defaults and ranges; a listener's settings go to what it accepts. */
    int k = socket(AF_INET, SOCK_STREAM, 0), v = -1;
    socklen_t len = sizeof v;
    getsockopt(k, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
    expect_eq("SO_KEEPALIVE default", v, 0);
    getsockopt(k, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len);
    expect_eq("TCP_KEEPIDLE default", v, 7200);
    getsockopt(k, IPPROTO_TCP, TCP_KEEPINTVL, &v, &len);
    expect_eq("TCP_KEEPINTVL default", v, 75);
    getsockopt(k, IPPROTO_TCP, TCP_KEEPCNT, &v, &len);
    expect_eq("TCP_KEEPCNT default", v, 9);
    v = 5;
    expect("SO_KEEPALIVE 5", setsockopt(k, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v), 0);
    getsockopt(k, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
    expect_eq("SO_KEEPALIVE reads 1", v, 1);
    expect("SO_KEEPALIVE optlen 2", setsockopt(k, SOL_SOCKET, SO_KEEPALIVE, &one, 2), EINVAL);
    int bad[] = {0, -1, 32768}, good = 32767, cnt_bad = 128, cnt_good = 127;
    for (int i = 0; i < 3; ++i) {
        expect("TCP_KEEPIDLE out of range", setsockopt(k, IPPROTO_TCP, TCP_KEEPIDLE, &bad[i], 4),
               EINVAL);
        expect("TCP_KEEPINTVL out of range", setsockopt(k, IPPROTO_TCP, TCP_KEEPINTVL, &bad[i], 4),
               EINVAL);
    }
    expect("TCP_KEEPIDLE 32767", setsockopt(k, IPPROTO_TCP, TCP_KEEPIDLE, &good, 4), 0);
    expect("TCP_KEEPCNT 128", setsockopt(k, IPPROTO_TCP, TCP_KEEPCNT, &cnt_bad, 4), EINVAL);
    expect("TCP_KEEPCNT 127", setsockopt(k, IPPROTO_TCP, TCP_KEEPCNT, &cnt_good, 4), 0);
    getsockopt(k, IPPROTO_TCP, TCP_KEEPCNT, &v, &len);
    expect_eq("TCP_KEEPCNT reads 127", v, 127);
    close(k);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    expect("SO_KEEPALIVE on UDP", setsockopt(u, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one), 0);
    expect("TCP_KEEPIDLE on UDP", setsockopt(u, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one),
           ENOPROTOOPT);
    close(u);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    v = 33;
    setsockopt(l, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    setsockopt(l, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v);
    struct sockaddr_in any = loopback(0);
    bind(l, SA(any), sizeof any);
    listen(l, 4);
    c = connect_pair(l, loopback(port_of(l)), &a);
    v = -1;
    getsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
    expect_eq("accepted socket inherits SO_KEEPALIVE", v, 1);
    getsockopt(a, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len);
    expect_eq("accepted socket inherits TCP_KEEPIDLE", v, 33);
    close(a);
    close(c);
    close(l);
}

int main(void) {
    /* socket */
    expect("socket domain 12345", socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
    expect("socket type 99", socket(AF_INET, 99, 0), EINVAL);
    expect("socket STREAM+UDP", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
    expect("socket SEQPACKET", socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);

    /* bind */
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    expect_eq("SOCK_NONBLOCK sets O_NONBLOCK", fcntl(s, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    struct sockaddr_in any = loopback(0), far = loopback(0), six = loopback(0);
    far.sin_addr.s_addr = htonl(0xC0000201);
    six.sin_family = AF_INET6;
    expect("bind addrlen 8", bind(s, SA(any), 8), EINVAL);
    expect("bind family INET6", bind(s, SA(six), sizeof six), EAFNOSUPPORT);
    expect("bind 192.0.2.1", bind(s, SA(far), sizeof far), EADDRNOTAVAIL);
    expect("bind stdout", bind(1, SA(any), sizeof any), ENOTSOCK);
    expect("bind addrlen 32", bind(s, SA(any), 32), 0);
    expect("bind again", bind(s, SA(any), sizeof any), EINVAL);

    /* listen, accept */
    expect("accept not listening", accept(s, NULL, NULL), EINVAL);
    expect("listen", listen(s, 8), 0);
    expect("accept nonblocking none pending", accept(s, NULL, NULL), EAGAIN);
    expect("accept4 flags 1", accept4(s, NULL, NULL, 1), EINVAL);
    int t = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in same = loopback(port_of(s));
    expect("bind next to a listener, REUSEADDR", bind(t, SA(same), sizeof same), EADDRINUSE);
    expect("listen unbound auto-binds", listen(t, 4), 0);
    expect_eq("auto-bound port is nonzero", port_of(t) != 0, 1);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    expect("listen UDP", listen(u, 4), EOPNOTSUPP);
    expect("accept UDP", accept(u, NULL, NULL), EOPNOTSUPP);

    /* connect */
    int closed_port = port_of(t);
    close(t);
    struct sockaddr_in to_closed = loopback(closed_port);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    expect("connect to a closed port", connect(c, SA(to_closed), sizeof to_closed), ECONNREFUSED);
    close(c);
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    expect("nonblocking connect to a closed port", connect(c, SA(to_closed), sizeof to_closed),
           EINPROGRESS);
    struct pollfd p = {c, POLLOUT, 0};
    expect_eq("poll after refused", poll(&p, 1, 2000), 1);
    expect_eq("poll after refused: ERR|HUP", p.revents & (POLLERR | POLLHUP), POLLERR | POLLHUP);
    int err = -1;
    socklen_t len = sizeof err;
    getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
    expect_eq("SO_ERROR after refused", err, ECONNREFUSED);
    getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
    expect_eq("SO_ERROR read twice", err, 0);
    close(c);

    /* unconnected TCP */
    c = socket(AF_INET, SOCK_STREAM, 0);
    char b[64];
    expect("send unconnected", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
    expect("recv unconnected", recv(c, b, sizeof b, 0), ENOTCONN);
    struct sockaddr_in pa;
    socklen_t plen = sizeof pa;
    expect("getpeername unconnected", getpeername(c, SA(pa), &plen), ENOTCONN);
    expect("shutdown unconnected", shutdown(c, SHUT_WR), ENOTCONN);
    expect("shutdown how 7", shutdown(c, 7), EINVAL);
    expect("close 999", close(999), EBADF);
    expect("close -1", close(-1), EBADF);

    /* options */
    expect("setsockopt unknown name", setsockopt(c, SOL_SOCKET, 12345, &one, sizeof one),
           ENOPROTOOPT);
    expect("setsockopt unknown level", setsockopt(c, 12345, SO_REUSEADDR, &one, sizeof one),
           ENOPROTOOPT);
    expect("setsockopt optlen 2", setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, 2), EINVAL);
    expect("setsockopt NULL", setsockopt(c, SOL_SOCKET, SO_REUSEADDR, NULL, 4), EFAULT);
    expect("TCP_NODELAY on UDP", setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one),
           ENOPROTOOPT);
    expect("ioctl unknown", ioctl(c, 0x1234, &one), ENOTTY);
    expect("FIONREAD on a listener", ioctl(s, FIONREAD, &one), EINVAL);
    close(c);

    /* UDP */
    expect("UDP send unconnected", send(u, "x", 1, 0), EDESTADDRREQ);
    close(u);

    /* a connection */
    c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to_s = loopback(port_of(s));
    expect("connect to the listener", connect(c, SA(to_s), sizeof to_s), 0);
    struct pollfd lp = {s, POLLIN, 0};
    poll(&lp, 1, 2000);
    int a = accept(s, NULL, NULL);
    expect("accept", a, 0);
    expect_eq("accepted socket is blocking", fcntl(a, F_GETFL) & O_NONBLOCK, 0);
    expect("connect again", connect(c, SA(to_s), sizeof to_s), EISCONN);
    expect("listen connected", listen(c, 4), EINVAL);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    send(c, "0123456789", 10, 0);
    struct pollfd ap = {a, POLLIN, 0};
    poll(&ap, 1, 2000);
    expect("recv MSG_PEEK", recv(a, b, 4, MSG_PEEK), 0);
    int n = 0;
    ioctl(a, FIONREAD, &n);
    expect_eq("FIONREAD after a peek", n, 10);
    expect_eq("read", read(a, b, sizeof b), 10);
    expect("recv MSG_DONTWAIT empty", recv(a, b, sizeof b, MSG_DONTWAIT), EAGAIN);
    shutdown(c, SHUT_WR);
    expect("send after SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
    poll(&ap, 1, 2000);
    expect_eq("recv after the peer's FIN", recv(a, b, sizeof b, 0), 0);

    /* select */
    expect("select nfds -1", select(-1, NULL, NULL, NULL, NULL), EINVAL);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(60, &rd);
    struct timeval tv = {0, 1000};
    expect("select a closed descriptor", select(61, &rd, NULL, NULL, &tv), EBADF);

    /* poll */
    int fresh = socket(AF_INET, SOCK_STREAM, 0);
    struct pollfd fp[2] = {{fresh, 0, 0}, {999, POLLIN, 0}};
    expect_eq("poll fresh TCP and a closed fd", poll(fp, 2, 0), 2);
    expect_eq("fresh TCP: HUP even for events 0", fp[0].revents, POLLHUP);
    expect_eq("closed fd: NVAL", fp[1].revents, POLLNVAL);
    close(fresh);

    /* epoll */
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN, {0}}, out[4];
    expect("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev), 0);
    expect("epoll_ctl ADD twice", epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev), EEXIST);
    expect("epoll_ctl MOD unknown", epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev), ENOENT);
    expect("epoll_ctl DEL unknown, NULL event", epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL), ENOENT);
    expect("epoll_ctl on itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
    expect("epoll_wait maxevents 0", epoll_wait(ep, out, 0, 0), EINVAL);
    expect("epoll_ctl DEL", epoll_ctl(ep, EPOLL_CTL_DEL, a, NULL), 0);
    close(ep);

    close(a);
    close(c);
    rdhup_and_keepalive(s, to_s);
    close(s);
    printf("errno_cases: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
