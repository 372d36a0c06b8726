/* fputc and putc: write one byte (C17 7.21.7.3, 7.21.7.8); the byte, or EOF on error. */
#include "../internal/stdio_impl.h"

int fputc(int c, FILE* f) {
    unsigned char b = (unsigned char)c;
    return fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

int putc(int c, FILE* f) {
    return fputc(c, f);
}
