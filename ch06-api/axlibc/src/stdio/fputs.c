/* fputs: write a string without its NUL (C17 7.21.7.4); EOF on error. */
#include <string.h>

#include "../internal/stdio_impl.h"

int fputs(const char* restrict s, FILE* restrict f) {
    size_t n = strlen(s);
    return n && fwrite(s, n, 1, f) != 1 ? EOF : 0;
}
