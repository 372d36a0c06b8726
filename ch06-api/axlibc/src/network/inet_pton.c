/* inet_pton: dotted-quad text to an IPv4 address (arpa/inet.h). As glibc: exactly four
 * decimal parts 0..255, no leading zeros beyond one digit, nothing after. */
#include <arpa/inet.h>
#include <errno.h>

int inet_pton(int af, const char* src, void* dst) {
    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    unsigned char out[4];
    for (int part = 0; part < 4; ++part) {
        if (part > 0 && *src++ != '.') return 0;
        if (*src < '0' || *src > '9') return 0;
        if (src[0] == '0' && src[1] >= '0' && src[1] <= '9') return 0;
        unsigned v = 0;
        int digits = 0;
        while (*src >= '0' && *src <= '9') {
            v = v * 10 + (unsigned)(*src++ - '0');
            if (++digits > 3 || v > 255) return 0;
        }
        out[part] = (unsigned char)v;
    }
    if (*src != '\0') return 0;
    unsigned char* d = dst;
    for (int i = 0; i < 4; ++i) d[i] = out[i];
    return 1;
}
