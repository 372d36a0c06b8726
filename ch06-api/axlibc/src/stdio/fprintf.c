/* fprintf: format to a stream (C17 7.21.6.1). */
#include "../internal/stdio_impl.h"

int fprintf(FILE* restrict f, const char* restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}
