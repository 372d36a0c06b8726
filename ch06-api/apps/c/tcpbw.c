/* tcpbw.c: TCP bandwidth, both ends of the pair in one program: a sender that writes a
 * pseudo-random stream as fast as the socket takes it, and a sink that reads and counts. Each
 * side keeps a CRC-32 of the stream, the sink answers its count and CRC when the sender has
 * finished, and the sender checks them: a test (and the benchmark against a Linux guest) gets
 * a rate that is known to be of correct data. The same source builds for Linux (gcc) and for
 * this kernel (axlibc).
 *
 * Environment (on the kernel: the command line):
 *   BW_MODE    send | sink (default sink)
 *   BW_HOST    send: the sink's name or dotted quad (default 10.0.2.2, QEMU's host)
 *   BW_PORT    send: the sink's port; sink: the port to listen on (default 5001)
 *   BW_BYTES   send: how many bytes to send, a number with an optional K, M or G suffix
 *              (powers of 1024; default 64M)
 *   BW_COUNT   sink: how many senders to serve, one after another, then exit (default 1;
 *              0: serve forever)
 * Protocol: the sender connects, sends its bytes, shuts down its writing side; the sink
 * answers one line "tcpbw: N bytes crc32 XXXXXXXX\n", shuts down its side and waits for the
 * sender to close.
 * Output (one line per transfer, integers only: the kernel has no floating point):
 *   tcpbw: sent N bytes in T ms, R Mbit/s, crc32 XXXXXXXX, peer agrees
 *   tcpbw: received N bytes in T ms, R Mbit/s, crc32 XXXXXXXX
 * A peer that sends or takes nothing for 30 s mid-transfer is an error.
 * Exit status 0 when every transfer was whole (the sender: the sink's count and CRC equal its
 * own), 1 otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536

static unsigned char buf[CHUNK];
static uint32_t crc_table[256];

/* CRC-32 (IEEE 802.3, reflected, zlib's), a byte at a time from a table. */
static void crc_init(void) {
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        crc_table[i] = c;
    }
}
static uint32_t crc32(uint32_t crc, const unsigned char* p, size_t n) {
    crc = ~crc;
    while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char* env_or(const char* name, const char* fallback) {
    const char* v = getenv(name);
    return v && *v ? v : fallback;
}

/* "64M" and friends; 0 when malformed. */
static uint64_t parse_size(const char* s) {
    char* end;
    uint64_t n = strtoull(s, &end, 10);
    if (end == s) return 0;
    switch (*end) {
        case 'K':
            n <<= 10;
            ++end;
            break;
        case 'M':
            n <<= 20;
            ++end;
            break;
        case 'G':
            n <<= 30;
            ++end;
            break;
        default:
            break;
    }
    return *end ? 0 : n;
}

static void report(const char* what, uint64_t bytes, uint64_t ms, uint32_t crc, const char* tail) {
    uint64_t mbit = bytes * 8 / 1000 / (ms ? ms : 1);
    printf("tcpbw: %s %llu bytes in %llu ms, %llu Mbit/s, crc32 %08x%s\n", what,
           (unsigned long long)bytes, (unsigned long long)ms, (unsigned long long)mbit,
           (unsigned)crc, tail);
    fflush(stdout);
}

/* A peer that sends or takes nothing for 30 s mid-transfer ends it with an error (EAGAIN),
 * not a hang. */
static void set_timeout(int fd) {
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static int connect_to(const char* host, const char* port) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e != 0) {
        printf("tcpbw: getaddrinfo %s: %s\n", host, gai_strerror(e));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        printf("tcpbw: connect %s:%s: %s\n", host, port, strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* The sender: BW_BYTES of an xorshift stream, then the sink's verdict. */
static int run_send(void) {
    const char* host = env_or("BW_HOST", "10.0.2.2");
    const char* port = env_or("BW_PORT", "5001");
    uint64_t total = parse_size(env_or("BW_BYTES", "64M"));
    if (total == 0) {
        printf("tcpbw: BW_BYTES must be a number with an optional K, M or G suffix\n");
        return 1;
    }
    int fd = connect_to(host, port);
    if (fd < 0) return 1;
    set_timeout(fd);
    printf("tcpbw: sending %llu bytes to %s:%s\n", (unsigned long long)total, host, port);
    fflush(stdout);
    uint64_t start = now_ms(), sent = 0, x = 0x9e3779b97f4a7c15ull;
    uint32_t crc = 0;
    while (sent < total) {
        size_t n = total - sent < CHUNK ? (size_t)(total - sent) : CHUNK;
        for (size_t i = 0; i < n; i += 8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            memcpy(buf + i, &x, 8); /* CHUNK is a multiple of 8; the tail's excess is unsent */
        }
        crc = crc32(crc, buf, n);
        for (size_t off = 0; off < n;) {
            ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                printf("tcpbw: send after %llu bytes: %s\n", (unsigned long long)(sent + off),
                       strerror(errno));
                close(fd);
                return 1;
            }
            off += (size_t)w;
        }
        sent += n;
    }
    shutdown(fd, SHUT_WR);
    char answer[128];
    size_t have = 0;
    ssize_t r;
    while (have < sizeof answer - 1 &&
           (r = recv(fd, answer + have, sizeof answer - 1 - have, 0)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        have += (size_t)r;
    }
    uint64_t ms = now_ms() - start;
    close(fd);
    answer[have] = '\0';
    char want[128];
    snprintf(want, sizeof want, "tcpbw: %llu bytes crc32 %08x\n", (unsigned long long)sent,
             (unsigned)crc);
    int agree = strcmp(answer, want) == 0;
    report("sent", sent, ms, crc, agree ? ", peer agrees" : ", peer DISAGREES");
    if (!agree) printf("tcpbw: the sink answered: %s\n", have ? answer : "(nothing)");
    return !agree;
}

/* Closes after the answer so that it arrives: FIN first, then wait (at most 5 s) for the
 * sender to close its side. Returning at once could end the program, and on this kernel
 * power the machine off, before the answer left. */
static void linger_close(int fd) {
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, CHUNK, 0) > 0) {
    }
    close(fd);
}

/* The sink: count and checksum one sender's stream, answer, repeat. */
static int run_sink(void) {
    int port = atoi(env_or("BW_PORT", "5001"));
    int count = atoi(env_or("BW_COUNT", "1"));
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (lfd < 0 || bind(lfd, (struct sockaddr*)&addr, sizeof addr) < 0 || listen(lfd, 4) < 0) {
        perror("tcpbw: socket/bind/listen");
        return 1;
    }
    printf("tcpbw: sink listening on port %d\n", port);
    fflush(stdout);
    for (int served = 0; count == 0 || served < count; ++served) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            perror("tcpbw: accept");
            return 1;
        }
        set_timeout(fd);
        uint64_t start = now_ms(), got = 0;
        uint32_t crc = 0;
        for (;;) {
            ssize_t r = recv(fd, buf, CHUNK, 0);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) {
                printf("tcpbw: recv after %llu bytes: %s\n", (unsigned long long)got,
                       strerror(errno));
                close(fd);
                return 1;
            }
            if (r == 0) break;
            crc = crc32(crc, buf, (size_t)r);
            got += (uint64_t)r;
        }
        uint64_t ms = now_ms() - start;
        char answer[128];
        int n = snprintf(answer, sizeof answer, "tcpbw: %llu bytes crc32 %08x\n",
                         (unsigned long long)got, (unsigned)crc);
        send(fd, answer, (size_t)n, MSG_NOSIGNAL);
        linger_close(fd);
        report("received", got, ms, crc, "");
    }
    close(lfd);
    return 0;
}

int main(void) {
    crc_init();
    const char* mode = env_or("BW_MODE", "sink");
    if (strcmp(mode, "send") == 0) return run_send();
    if (strcmp(mode, "sink") == 0) return run_sink();
    printf("tcpbw: BW_MODE must be send or sink, not %s\n", mode);
    return 1;
}
