/* printf: format to stdout (C17 7.21.6.3). */
#include "../internal/stdio_impl.h"

int printf(const char* restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}
