/* memcmp: compare n bytes as unsigned char (C17 7.24.4.1). */
#include <string.h>

int memcmp(const void* a, const void* b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x - *y;
    }
    return 0;
}
