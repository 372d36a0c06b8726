/* vfprintf: format to a stream (C17 7.21.6.8); a failed write sets the stream's error flag. */
#include "../internal/stdio_impl.h"

int vfprintf(FILE* restrict f, const char* restrict fmt, va_list ap) {
    int r = __axlibc_vdprintf(f->fd, fmt, ap);
    if (r < 0) f->error = 1;
    return r;
}
