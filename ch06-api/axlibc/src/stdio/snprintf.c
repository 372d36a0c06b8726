/* snprintf: vsnprintf with its arguments inline (C17 7.21.6.5). */
#include "../internal/stdio_impl.h"

int snprintf(char* restrict buf, size_t size, const char* restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return r;
}
