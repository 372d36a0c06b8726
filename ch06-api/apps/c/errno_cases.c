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
    expect("nonblocking connect to a closed port",
           connect(c, SA(to_closed), sizeof to_closed), EINPROGRESS);
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
    close(s);
    printf("errno_cases: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
