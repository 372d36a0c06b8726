/* memcpy: copy n bytes between buffers that do not overlap (C17 7.24.2.1). Word-at-a-time
 * when both pointers share alignment, bytes otherwise. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A word that may alias any object, so the copy loop is valid whatever the buffers hold. */
typedef uint64_t __attribute__((__may_alias__)) word;

void* memcpy(void* restrict dst, const void* restrict src, size_t n) {
    unsigned char* d = dst;
    const unsigned char* s = src;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        for (; n && ((uintptr_t)d & 7); n--) *d++ = *s++;
        for (; n >= 8; n -= 8, d += 8, s += 8) *(word*)(void*)d = *(const word*)(const void*)s;
    }
    for (; n; n--) *d++ = *s++;
    return dst;
}
