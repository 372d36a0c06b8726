/* malloc: size bytes aligned for any type (C17 7.22.3.4), from the heap interface of
 * axlibc/hooks.h. Null with errno ENOMEM when the heap is exhausted. malloc(0) returns a
 * unique pointer, as glibc does. */
#include <axlibc/hooks.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

void* malloc(size_t size) {
    if (size > PTRDIFF_MAX) { /* no object may be larger (glibc refuses these too) */
        errno = ENOMEM;
        return NULL;
    }
    void* p = __axlibc_heap_alloc(size ? size : 1, 16);
    if (!p) errno = ENOMEM;
    return p;
}
