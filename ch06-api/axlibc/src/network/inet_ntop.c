/* inet_ntop: an IPv4 address as dotted-quad text (arpa/inet.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

const char* inet_ntop(int af, const void* src, char* dst, socklen_t size) {
    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return 0;
    }
    const unsigned char* a = src;
    char text[INET_ADDRSTRLEN];
    int n = snprintf(text, sizeof text, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    if (n < 0 || (socklen_t)n >= size) {
        errno = ENOSPC;
        return 0;
    }
    for (int i = 0; i <= n; ++i) dst[i] = text[i];
    return dst;
}
