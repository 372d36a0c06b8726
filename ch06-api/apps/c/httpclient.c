/* httpclient.c: an HTTP client (the seed's C httpclient): resolves a host name with
 * getaddrinfo, connects to the first address that answers, sends GET, and prints the status
 * line, the body's size and its CRC-32 (and the body itself when it is short text). The same
 * source builds for Linux (gcc, glibc's resolver) and for this kernel (axlibc, axnet's DNS
 * client); the tests run both against the same DNS and HTTP servers.
 *
 * Environment (on the kernel: the command line):
 *   HTTP_HOST   the server's name or dotted quad (default localhost)
 *   HTTP_PORT   its port (default 80)
 *   HTTP_PATH   the path to GET (default /)
 * A server silent for 30 s ends the fetch with an error.
 * Exit status 0 when the server answered 200 with a whole body (as long as its Content-Length
 * says, when it gives one), 1 otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define HEAD_MAX 4096
#define SHOW_MAX 200

/* CRC-32 (IEEE 802.3, reflected), the one zlib.crc32 computes. */
static uint32_t crc32(uint32_t crc, const unsigned char* p, size_t n) {
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static const char* env_or(const char* name, const char* fallback) {
    const char* v = getenv(name);
    return v && *v ? v : fallback;
}

/* Connects a stream socket to the first answer of getaddrinfo that accepts; -1 if none. */
static int connect_to(const char* host, const char* port) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e != 0) {
        printf("httpclient: getaddrinfo %s: %s\n", host, gai_strerror(e));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo* ai = res; ai && fd < 0; ai = ai->ai_next) {
        char text[INET_ADDRSTRLEN] = "?";
        if (ai->ai_family == AF_INET) {
            struct sockaddr_in* sin = (struct sockaddr_in*)ai->ai_addr;
            inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
        }
        printf("httpclient: %s is %s, port %s\n", host, text, port);
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            printf("httpclient: connect %s: %s\n", text, strerror(errno));
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

static int send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(void) {
    const char* host = env_or("HTTP_HOST", "localhost");
    const char* port = env_or("HTTP_PORT", "80");
    const char* path = env_or("HTTP_PATH", "/");
    int fd = connect_to(host, port);
    if (fd < 0) return 1;
    struct timeval tv = {30, 0}; /* a server that stops sending is an error, not a hang */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: */*\r\nConnection: close\r\n\r\n",
                     path, host);
    if (n < 0 || (size_t)n >= sizeof req || send_all(fd, req, (size_t)n) < 0) {
        printf("httpclient: cannot send the request\n");
        close(fd);
        return 1;
    }

    /* The head: read until the blank line. */
    static char buf[HEAD_MAX + 1];
    size_t have = 0;
    char* body = NULL;
    while (!body) {
        if (have == HEAD_MAX) break;
        ssize_t r = recv(fd, buf + have, HEAD_MAX - have, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        have += (size_t)r;
        buf[have] = '\0';
        char* end = strstr(buf, "\r\n\r\n");
        if (end) body = end + 4;
    }
    if (!body) {
        printf("httpclient: no complete response head\n");
        close(fd);
        return 1;
    }
    char* eol = strstr(buf, "\r\n");
    *eol = '\0';
    printf("httpclient: %s\n", buf);
    int status = strncmp(buf, "HTTP/1.", 7) == 0 && strlen(buf) >= 12 ? atoi(buf + 9) : 0;
    long want = -1;
    for (char* h = eol + 2; h < body - 2; h = strstr(h, "\r\n") + 2) {
        if (strncasecmp(h, "Content-Length:", 15) == 0) want = atol(h + 15);
    }

    /* The body: what followed the head, then everything until the server closes. */
    unsigned char show[SHOW_MAX];
    size_t first = (size_t)(buf + have - body), shown = first < SHOW_MAX ? first : SHOW_MAX;
    memcpy(show, body, shown);
    unsigned long total = first;
    uint32_t crc = crc32(0, (const unsigned char*)body, first);
    int failed = 0;
    for (;;) {
        ssize_t r = recv(fd, buf, HEAD_MAX, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            printf("httpclient: recv: %s\n", strerror(errno));
            failed = 1;
            break;
        }
        if (r == 0) break;
        size_t more = SHOW_MAX - shown < (size_t)r ? SHOW_MAX - shown : (size_t)r;
        memcpy(show + shown, buf, more);
        shown += more;
        total += (unsigned long)r;
        crc = crc32(crc, (const unsigned char*)buf, (size_t)r);
    }
    close(fd);
    if (total < SHOW_MAX) printf("httpclient: body: %.*s\n", (int)shown, (const char*)show);
    printf("httpclient: body %lu bytes, crc32 %08x\n", total, (unsigned)crc);
    if (want >= 0 && (unsigned long)want != total) {
        printf("httpclient: Content-Length said %ld bytes\n", want);
        failed = 1;
    }
    return failed || status != 200;
}
