/* The platform under axlibc in the host test build: the heap interface of axlibc/hooks.h over
 * the host's own allocator. Compiled against the host's headers, without the renaming that
 * the rest of the host build gets, since it calls the host's malloc. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

void* __axlibc_heap_alloc(size_t size, size_t align) {
    return aligned_alloc(align, (size + align - 1) / align * align);
}

void __axlibc_heap_free(void* p) {
    free(p);
}

size_t __axlibc_heap_usable_size(const void* p) {
    return malloc_usable_size((void*)p);
}
