/* dprintf: format to a descriptor (POSIX). */
#include "../internal/stdio_impl.h"

int dprintf(int fd, const char* restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = __axlibc_vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}
