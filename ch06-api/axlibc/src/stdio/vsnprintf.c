/* vsnprintf: format into buf, storing at most size-1 bytes and a NUL (C17 7.21.6.12).
 * Returns the length the whole output would have, so a caller can size a buffer; -1 with
 * errno when formatting fails (EOVERFLOW past INT_MAX). */
#include "../internal/stdio_impl.h"

int vsnprintf(char* restrict buf, size_t size, const char* restrict fmt, va_list ap) {
    struct __axlibc_out o = {buf, size ? size - 1 : 0, 0, -1, 0, 0};
    int r = __axlibc_vformat(&o, fmt, ap);
    if (size) buf[o.len] = 0;
    return r < 0 ? -1 : (int)o.total;
}
