/* strncpy: copy at most n bytes of a string and pad the rest of the n with NULs (C17
 * 7.24.2.4). The result is not terminated when src has n bytes or more. */
#include <string.h>

char* strncpy(char* restrict dst, const char* restrict src, size_t n) {
    size_t i = 0;
    for (; i < n && src[i]; i++) dst[i] = src[i];
    for (; i < n; i++) dst[i] = 0;
    return dst;
}
