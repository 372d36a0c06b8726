/* bsearch: find key in a sorted array (C17 7.22.5.1); any matching element, or null. */
#include <stdlib.h>

void* bsearch(const void* key, const void* base, size_t n, size_t size,
              int (*cmp)(const void*, const void*)) {
    const unsigned char* b = base;
    while (n > 0) {
        const unsigned char* mid = b + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0) return (void*)mid;
        if (c > 0) {
            b = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}
