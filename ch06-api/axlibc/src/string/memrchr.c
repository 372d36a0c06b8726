/* memrchr: the last byte equal to (unsigned char)c among n bytes (GNU, also in musl). */
#include <string.h>

void* memrchr(const void* s, int c, size_t n) {
    const unsigned char* p = s;
    while (n--) {
        if (p[n] == (unsigned char)c) return (void*)(p + n);
    }
    return NULL;
}
