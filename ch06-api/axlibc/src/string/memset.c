/* memset: fill n bytes with a byte value (C17 7.24.6.1). */
#include <string.h>

void* memset(void* dst, int c, size_t n) {
    unsigned char* d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}
