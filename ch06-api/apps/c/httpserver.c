/* httpserver.c: an HTTP/1.1 server, one thread per connection (the seed's C httpserver, made
 * to keep connections alive). The same source builds for Linux (gcc) and for this kernel
 * (axlibc); the tests run both against the same clients.
 *
 *   GET /        a small page (keep-alive unless the request says Connection: close)
 *   GET /quit    answers, then the server exits with status 0
 *   anything else that is a request: 404; a malformed request: 400 and the connection closes
 * Port: HTTP_PORT from the environment (the kernel command line), default 8080. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define REQ_MAX 8192

static const char page[] =
    "<html><body><h1>Hello from httpserver</h1><p>One thread per connection.</p></body></html>\n";

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long served;

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

static int respond(int fd, int status, const char* reason, const char* body, int keep) {
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n"
                     "Connection: %s\r\n\r\n",
                     status, reason, strlen(body), keep ? "keep-alive" : "close");
    if (send_all(fd, head, (size_t)n) < 0) return -1;
    return send_all(fd, body, strlen(body));
}

/* Where "\r\n\r\n" ends in the @p n bytes at @p p, or 0. */
static size_t head_end(const char* p, size_t n) {
    for (size_t i = 3; i < n; ++i)
        if (p[i - 3] == '\r' && p[i - 2] == '\n' && p[i - 1] == '\r' && p[i] == '\n') return i + 1;
    return 0;
}

/* Closes after an error or /quit so the answer arrives: FIN first, then read and drop what
 * the client still sends until it closes (at most 2 s). Closing with unread data would send
 * a reset, which may destroy the answer before the client reads it. */
static void linger_close(int fd, char* buf) {
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, REQ_MAX, 0) > 0) {
    }
    close(fd);
}

/* Whether the head (NUL-terminated) is "METHOD SP TARGET SP HTTP/1.x CRLF ...". */
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

static void* serve(void* arg) {
    int fd = (int)(long)arg;
    char* buf = malloc(REQ_MAX);
    size_t have = 0;
    int keep = 1;
    while (buf && keep) {
        size_t used;
        while (!(used = head_end(buf, have))) {
            if (have == REQ_MAX) {
                respond(fd, 431, "Request Header Fields Too Large", "too large\n", 0);
                linger_close(fd, buf);
                free(buf);
                return NULL;
            }
            ssize_t r = recv(fd, buf + have, REQ_MAX - have, 0);
            if (r <= 0) {
                keep = 0;
                break;
            }
            have += (size_t)r;
        }
        if (!keep) break;
        buf[used - 2] = '\0';
        char target[256];
        if (strlen(buf) != used - 2 || !well_formed(buf, target, sizeof target)) {
            respond(fd, 400, "Bad Request", "bad request\n", 0);
            linger_close(fd, buf);
            free(buf);
            return NULL;
        }
        keep = strstr(buf, "Connection: close") == NULL && strstr(buf, "HTTP/1.0") == NULL;
        int quit = strcmp(target, "/quit") == 0;
        int ok = strncmp(buf, "GET ", 4) == 0 && (strcmp(target, "/") == 0 || quit);
        if (respond(fd, ok ? 200 : 404, ok ? "OK" : "Not Found", ok ? page : "not found\n",
                    keep && !quit) < 0)
            break;
        pthread_mutex_lock(&count_lock);
        ++served;
        pthread_mutex_unlock(&count_lock);
        if (quit) {
            linger_close(fd, buf);
            printf("httpserver: %lu responses, quitting\n", served);
            exit(0);
        }
        memmove(buf, buf + used, have - used);
        have -= used;
    }
    free(buf);
    close(fd);
    return NULL;
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    const char* env = getenv("HTTP_PORT");
    int port = env ? atoi(env) : 8080;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(lfd, (struct sockaddr*)&addr, sizeof addr) < 0 || listen(lfd, 128) < 0) {
        perror("bind/listen");
        return 1;
    }
    printf("httpserver: listening on port %d\n", port);
    fflush(stdout);
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            perror("accept");
            continue;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t t;
        if (pthread_create(&t, NULL, serve, (void*)(long)fd) != 0) {
            close(fd);
            continue;
        }
        pthread_detach(t);
    }
}
