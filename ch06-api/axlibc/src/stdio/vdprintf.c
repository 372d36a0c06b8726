/* vdprintf: format to a descriptor (POSIX); printf, fprintf and their v-forms end here. The
 * text goes out in chunks of a buffer on this stack frame, so a printf is one write for
 * short output. */
#include "../internal/stdio_impl.h"

int __axlibc_vdprintf(int fd, const char* fmt, va_list ap) {
    char chunk[256];
    struct __axlibc_out o = {chunk, sizeof chunk, 0, fd, 0, 0};
    if (__axlibc_vformat(&o, fmt, ap) < 0) return -1;
    if (__axlibc_out_flush(&o) < 0) return -1;
    return (int)o.total;
}

int vdprintf(int fd, const char* restrict fmt, va_list ap) {
    return __axlibc_vdprintf(fd, fmt, ap);
}
