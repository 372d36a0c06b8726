/* aligned_alloc: size bytes aligned to align (C17 7.22.3.1). EINVAL for an alignment that is
 * not a power of two or exceeds what the heap interface gives (4096, a page). */
#include <axlibc/hooks.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

void* aligned_alloc(size_t align, size_t size) {
    if (align == 0 || (align & (align - 1)) || align > 4096) {
        errno = EINVAL;
        return NULL;
    }
    if (size > PTRDIFF_MAX) {
        errno = ENOMEM;
        return NULL;
    }
    void* p = __axlibc_heap_alloc(size ? size : 1, align < 16 ? 16 : align);
    if (!p) errno = ENOMEM;
    return p;
}
