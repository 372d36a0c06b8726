/* strlen: bytes before the terminating NUL (C17 7.24.6.3). */
#include <string.h>

size_t strlen(const char* s) {
    const char* p = s;
    while (*p) p++;
    return (size_t)(p - s);
}
