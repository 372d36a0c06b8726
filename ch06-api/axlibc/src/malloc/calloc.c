/* calloc: n zeroed elements (C17 7.22.3.2); ENOMEM when n * size does not fit in size_t. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void* calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void* p = malloc(n * size);
    return p ? memset(p, 0, n * size) : NULL;
}
