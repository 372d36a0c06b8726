/* free: give a block back (C17 7.22.3.3); free(NULL) does nothing. */
#include <axlibc/hooks.h>
#include <stdlib.h>

void free(void* p) {
    if (p) __axlibc_heap_free(p);
}
