/* bwpeer.c: the benchmarks' TCP peer for throughput and connection rate (make ch5-bench,
 * make ch6-bench). One C source that builds unchanged for Linux (gcc -static, run in the Linux
 * guest) and for this kernel over axlibc (stage 6), so both systems answer the same clients:
 *
 *   port 7000  echo: every byte back, until the client closes (stage 5's echo service)
 *   port 7002  sink: read until the client's FIN, then answer the byte count ("%llu\n")
 *   port 7003  source: read one line with a byte count, send that many bytes, close
 *
 * One thread per connection, as stage 5's services and the C httpserver. The three ports are
 * listening before "bwpeer: listening" is printed (7000 last: the Linux guest waits for it). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ECHO_PORT = 7000, SINK_PORT = 7002, SOURCE_PORT = 7003, BUF = 16384 };

static int send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void echo(int fd, char* buf) {
    for (;;) {
        ssize_t n = recv(fd, buf, BUF, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || send_all(fd, buf, (size_t)n) < 0) return;
    }
}

static void sink(int fd, char* buf) {
    unsigned long long total = 0;
    for (;;) {
        ssize_t n = recv(fd, buf, BUF, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return;
        if (n == 0) break;
        total += (unsigned long long)n;
    }
    int len = snprintf(buf, BUF, "%llu\n", total);
    send_all(fd, buf, (size_t)len);
}

static void source(int fd, char* buf) {
    size_t have = 0;
    while (have < 32 && !memchr(buf, '\n', have)) {
        ssize_t n = recv(fd, buf + have, 32 - have, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        have += (size_t)n;
    }
    if (!memchr(buf, '\n', have)) return; /* not a count: close */
    buf[have < 32 ? have : 31] = '\0';
    unsigned long long left = strtoull(buf, NULL, 10);
    for (size_t i = 0; i < BUF; ++i) buf[i] = (char)i;
    while (left > 0) {
        size_t n = left < BUF ? (size_t)left : BUF;
        if (send_all(fd, buf, n) < 0) return;
        left -= n;
    }
}

struct conn {
    int fd;
    int port;
};

static void* serve(void* arg) {
    struct conn c = *(struct conn*)arg;
    free(arg);
    char* buf = malloc(BUF);
    if (buf) {
        if (c.port == ECHO_PORT) echo(c.fd, buf);
        if (c.port == SINK_PORT) sink(c.fd, buf);
        if (c.port == SOURCE_PORT) source(c.fd, buf);
        free(buf);
    } else {
        fprintf(stderr, "bwpeer: out of memory for a connection\n");
    }
    close(c.fd);
    return NULL;
}

struct listener {
    int fd;
    int port;
};

static void* accept_loop(void* arg) {
    struct listener* l = arg;
    for (;;) {
        int fd = accept(l->fd, NULL, NULL);
        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED) perror("bwpeer: accept");
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn* c = malloc(sizeof *c);
        pthread_t t;
        if (!c) {
            close(fd);
            continue;
        }
        c->fd = fd;
        c->port = l->port;
        if (pthread_create(&t, NULL, serve, c) != 0) {
            fprintf(stderr, "bwpeer: no thread for a connection on %d\n", l->port);
            free(c);
            close(fd);
            continue;
        }
        pthread_detach(t);
    }
    return NULL;
}

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr*)&a, sizeof a) < 0 || listen(fd, 64) < 0) {
        fprintf(stderr, "bwpeer: port %d: %s\n", port, strerror(errno));
        return -1;
    }
    return fd;
}

int main(void) {
    static struct listener ls[3] = {{-1, SINK_PORT}, {-1, SOURCE_PORT}, {-1, ECHO_PORT}};
    for (int i = 0; i < 3; ++i)
        if ((ls[i].fd = listen_on(ls[i].port)) < 0) return 1;
    printf("bwpeer: listening: echo on %d, sink on %d, source on %d\n", ECHO_PORT, SINK_PORT,
           SOURCE_PORT);
    fflush(stdout);
    for (int i = 0; i < 2; ++i) {
        pthread_t t;
        if (pthread_create(&t, NULL, accept_loop, &ls[i]) != 0) {
            fprintf(stderr, "bwpeer: no thread for port %d\n", ls[i].port);
            return 1;
        }
        pthread_detach(t);
    }
    accept_loop(&ls[2]);
    return 0;
}
