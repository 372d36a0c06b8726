/* sprintf: vsprintf with its arguments inline (C17 7.21.6.6). */
#include "../internal/stdio_impl.h"

int sprintf(char* restrict buf, const char* restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsprintf(buf, fmt, ap);
    va_end(ap);
    return r;
}
