/* vprintf: vfprintf to stdout (C17 7.21.6.10). */
#include "../internal/stdio_impl.h"

int vprintf(const char* restrict fmt, va_list ap) {
    return vfprintf(stdout, fmt, ap);
}
