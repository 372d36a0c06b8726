/* strnlen: strlen, but reads at most max bytes (POSIX). */
#include <string.h>

size_t strnlen(const char* s, size_t max) {
    const char* z = memchr(s, 0, max);
    return z ? (size_t)(z - s) : max;
}
