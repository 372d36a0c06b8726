/* udpserver.c: a UDP echo server (the seed's udpserver): each datagram goes back to its
 * sender, unchanged. The same source builds for Linux (gcc) and for this kernel (axlibc); the
 * tests run both against the same client.
 *
 * Environment (on the kernel: the command line):
 *   UDP_PORT   the port to serve (default 5555)
 * The datagram "quit" ends the server with status 0 after it prints how many it echoed. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    const char* env = getenv("UDP_PORT");
    int port = env ? atoi(env) : 5555;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr*)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    printf("udpserver: listening on port %d\n", port);
    fflush(stdout);
    static char buf[65536];
    unsigned long echoed = 0, errors = 0;
    for (;;) {
        struct sockaddr_in from;
        socklen_t fromlen = sizeof from;
        ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr*)&from, &fromlen);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("recvfrom");
            if (++errors > 100) return 1;
            continue;
        }
        if (n == 4 && memcmp(buf, "quit", 4) == 0) break;
        if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr*)&from, fromlen) != n) {
            perror("sendto");
            ++errors;
            continue;
        }
        ++echoed;
    }
    printf("udpserver: %lu datagrams echoed, %lu errors, quitting\n", echoed, errors);
    close(fd);
    return 0;
}
