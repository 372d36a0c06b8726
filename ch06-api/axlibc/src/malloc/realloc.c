/* realloc: resize a block (C17 7.22.3.5). Stays in place when the block already holds size
 * bytes; otherwise allocates, copies and frees, and on failure leaves the old block valid.
 * realloc(p, 0) frees p and returns null, as glibc does. */
#include <axlibc/hooks.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void* realloc(void* p, size_t size) {
    if (!p) return malloc(size);
    if (size == 0) {
        free(p);
        return NULL;
    }
    size_t have = __axlibc_heap_usable_size(p);
    if (size <= have) return p;
    void* q = malloc(size);
    if (!q) return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}
