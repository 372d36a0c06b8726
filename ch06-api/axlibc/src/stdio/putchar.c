/* putchar: fputc to stdout (C17 7.21.7.9). GCC turns printf("x") into putchar('x'). */
#include "../internal/stdio_impl.h"

int putchar(int c) {
    return fputc(c, stdout);
}
