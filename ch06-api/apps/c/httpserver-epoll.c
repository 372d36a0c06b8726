/* httpserver-epoll.c: the HTTP/1.1 server of httpserver.c in one thread: nonblocking sockets,
 * one edge-triggered epoll instance, every socket read and accepted until EAGAIN (the
 * contract of EPOLLET). Same page, same answers (400 and close for a malformed request,
 * GET /quit exits with status 0), same tests. Builds unchanged for Linux and for this kernel.
 * Port: HTTP_PORT from the environment (the kernel command line), default 8080. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define REQ_MAX 8192
#define MAX_EVENTS 64

static const char page[] =
    "<html><body><h1>Hello from httpserver</h1><p>One thread, edge-triggered epoll.</p>"
    "</body></html>\n";

/* One connection: what was received and not yet answered, and a response not yet sent. */
struct conn {
    int fd;
    size_t have;
    char in[REQ_MAX];
    char out[512];
    size_t out_len, out_sent;
    int close_after; /* after out is sent: FIN, then drop what comes until the client closes */
    int draining;
};

static unsigned long served;

static void drop(int ep, struct conn* c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

static size_t head_end(const char* p, size_t n) {
    for (size_t i = 3; i < n; ++i)
        if (p[i - 3] == '\r' && p[i - 2] == '\n' && p[i - 1] == '\r' && p[i] == '\n') return i + 1;
    return 0;
}

static int well_formed(const char* head, char* target, size_t target_len) {
    const char* sp1 = strchr(head, ' ');
    if (!sp1 || sp1 == head) return 0;
    for (const char* c = head; c < sp1; ++c)
        if (*c < 'A' || *c > 'Z') return 0;
    const char* sp2 = strchr(sp1 + 1, ' ');
    const char* eol = strstr(head, "\r\n");
    if (!sp2 || !eol || sp2 > eol || sp2 == sp1 + 1) return 0;
    if (strncmp(sp2 + 1, "HTTP/1.", 7) != 0 || eol - (sp2 + 1) != 8) return 0;
    size_t len = (size_t)(sp2 - sp1 - 1);
    if (len >= target_len) return 0;
    memcpy(target, sp1 + 1, len);
    target[len] = '\0';
    return 1;
}

static void set_response(struct conn* c, int status, const char* reason, const char* body,
                         int keep) {
    int n = snprintf(c->out, sizeof c->out,
                     "HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n"
                     "Connection: %s\r\n\r\n%s",
                     status, reason, strlen(body), keep ? "keep-alive" : "close", body);
    c->out_len = (size_t)n;
    c->out_sent = 0;
    c->close_after = !keep;
}

/* Sends what is pending; 1 when all of it has gone, 0 on EAGAIN, -1 on error. */
static int flush(struct conn* c) {
    while (c->out_sent < c->out_len) {
        ssize_t w = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (w < 0) return errno == EAGAIN ? 0 : -1;
        c->out_sent += (size_t)w;
    }
    return 1;
}

/* Reads until EAGAIN and answers each complete request; 0 to keep the connection, -1 to drop
 * it, 1 when /quit was answered. */
static int handle(struct conn* c) {
    for (;;) {
        if (c->draining) { /* closing with unread data would reset the answer away */
            ssize_t r = recv(c->fd, c->in, REQ_MAX, 0);
            if (r > 0) continue;
            return r < 0 && errno == EAGAIN ? 0 : -1;
        }
        if (c->out_sent < c->out_len) {
            int f = flush(c);
            if (f <= 0) return f;
            if (c->close_after) {
                shutdown(c->fd, SHUT_WR);
                c->draining = 1;
                continue;
            }
        }
        size_t used = head_end(c->in, c->have);
        if (used) {
            c->in[used - 2] = '\0';
            char target[256];
            if (strlen(c->in) != used - 2 || !well_formed(c->in, target, sizeof target)) {
                set_response(c, 400, "Bad Request", "bad request\n", 0);
            } else {
                int keep = strstr(c->in, "Connection: close") == NULL &&
                           strstr(c->in, "HTTP/1.0") == NULL;
                int quit = strcmp(target, "/quit") == 0;
                int ok = strncmp(c->in, "GET ", 4) == 0 && (strcmp(target, "/") == 0 || quit);
                set_response(c, ok ? 200 : 404, ok ? "OK" : "Not Found",
                             ok ? page : "not found\n", keep && !quit);
                ++served;
                if (quit) {
                    flush(c);
                    return 1;
                }
            }
            memmove(c->in, c->in + used, c->have - used);
            c->have -= used;
            continue;
        }
        if (c->have == REQ_MAX) {
            set_response(c, 431, "Request Header Fields Too Large", "too large\n", 0);
            c->have = 0;
            continue;
        }
        ssize_t r = recv(c->fd, c->in + c->have, REQ_MAX - c->have, 0);
        if (r == 0) return -1;
        if (r < 0) return errno == EAGAIN ? 0 : -1;
        c->have += (size_t)r;
    }
}

/* After handle(): drop the connection (-1), keep it (0), or end the program (/quit). */
static void after(int ep, struct conn* c, int r) {
    if (r == 1) {
        printf("httpserver-epoll: %lu responses, quitting\n", served);
        shutdown(c->fd, SHUT_WR);
        usleep(200000); /* let the answer leave before the program ends */
        exit(0);
    }
    if (r < 0) drop(ep, c);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    const char* env = getenv("HTTP_PORT");
    int port = env ? atoi(env) : 8080;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (lfd < 0 || bind(lfd, (struct sockaddr*)&addr, sizeof addr) < 0 || listen(lfd, 128) < 0) {
        perror("socket/bind/listen");
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN | EPOLLET, {.ptr = NULL}};
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) {
        perror("epoll");
        return 1;
    }
    printf("httpserver-epoll: listening on port %d\n", port);
    fflush(stdout);
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            struct conn* c = events[i].data.ptr;
            if (c == NULL) { /* the listener: accept until EAGAIN */
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn* nc = calloc(1, sizeof *nc);
                    struct epoll_event cev = {EPOLLIN | EPOLLOUT | EPOLLET, {.ptr = nc}};
                    if (!nc || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev) < 0) {
                        free(nc);
                        close(fd);
                        continue;
                    }
                    nc->fd = fd;
                    after(ep, nc, handle(nc)); /* the request may be there already */
                }
                continue;
            }
            after(ep, c, handle(c));
        }
    }
}
