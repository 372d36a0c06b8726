/* memmove: copy n bytes between buffers that may overlap (C17 7.24.2.2): forwards when the
 * destination is below the source, backwards otherwise, so no byte is read after it is
 * overwritten. */
#include <stdint.h>
#include <string.h>

void* memmove(void* dst, const void* src, size_t n) {
    unsigned char* d = dst;
    const unsigned char* s = src;
    if (d == s || n == 0) return dst;
    if ((uintptr_t)d - (uintptr_t)s >= n) return memcpy(dst, src, n); /* no harmful overlap */
    while (n--) d[n] = s[n];
    return dst;
}
