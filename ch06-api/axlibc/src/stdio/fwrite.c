/* fwrite: write n items of size bytes (C17 7.21.8.2); returns the items written. GCC turns
 * fprintf(f, "constant") into fwrite, so even programs that never call it need it. */
#include "../internal/stdio_impl.h"

size_t fwrite(const void* restrict p, size_t size, size_t n, FILE* restrict f) {
    if (size == 0 || n == 0) return 0;
    if (__axlibc_write_all(f->fd, p, size * n) < 0) {
        f->error = 1;
        return 0;
    }
    return n;
}
