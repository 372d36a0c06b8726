/* atexit: register a function for exit() to call, last registered first (C17 7.22.4.2). A
 * fixed table of 32, the minimum POSIX requires (ATEXIT_MAX): no allocation, so registering
 * works before the heap does. -1 when the table is full. */
#include <stdlib.h>

#include "exit_impl.h"

void (*__axlibc_atexit_fns[__AXLIBC_ATEXIT_MAX])(void);
int __axlibc_atexit_count;

int atexit(void (*fn)(void)) {
    if (__axlibc_atexit_count == __AXLIBC_ATEXIT_MAX) return -1;
    __axlibc_atexit_fns[__axlibc_atexit_count++] = fn;
    return 0;
}
