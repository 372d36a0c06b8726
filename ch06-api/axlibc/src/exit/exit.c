/* exit: call the atexit functions in reverse order, then end the program (C17 7.22.4.4).
 * A function may register another while exit runs; it is called too. Streams hold nothing
 * to flush (stdio.h). */
#include <stdlib.h>

#include "exit_impl.h"

void exit(int status) {
    while (__axlibc_atexit_count > 0) __axlibc_atexit_fns[--__axlibc_atexit_count]();
    _Exit(status);
}
