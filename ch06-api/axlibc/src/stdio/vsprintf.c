/* vsprintf: format into a buffer the caller promises is large enough (C17 7.21.6.13). */
#include <limits.h>

#include "../internal/stdio_impl.h"

int vsprintf(char* restrict buf, const char* restrict fmt, va_list ap) {
    return vsnprintf(buf, (size_t)INT_MAX + 1, fmt, ap);
}
