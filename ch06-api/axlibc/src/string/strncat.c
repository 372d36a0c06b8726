/* strncat: append at most n bytes of a string, then a NUL (C17 7.24.3.2). */
#include <string.h>

char* strncat(char* restrict dst, const char* restrict src, size_t n) {
    char* d = dst + strlen(dst);
    while (n-- && *src) *d++ = *src++;
    *d = 0;
    return dst;
}
