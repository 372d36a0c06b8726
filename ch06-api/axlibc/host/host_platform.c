/* The platform under axlibc in the host test build: the heap interface of axlibc/hooks.h over
 * the host's own allocator, and the lab stub's report on the host's stderr. Compiled against the
 * host's headers, without the renaming that the rest of the host build gets, since it calls the
 * host's malloc and stdio. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
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

/* A lab region still a stub in a student's tree (axlibc/src/internal/lab.h): said on stderr,
 * then abort(), which fails the Catch2 case that reached it. */
__attribute__((__noreturn__)) void __axlibc_lab_todo(const char* region) {
    fprintf(stderr,
            "LAB %s: not written yet (chapter 6, section 13)\n  write it, then: make ch6-grade\n",
            region);
    fflush(stderr);
    abort();
}
