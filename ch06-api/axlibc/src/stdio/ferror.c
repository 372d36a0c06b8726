/* ferror, clearerr and fileno: a stream's error flag and descriptor (C17 7.21.10, POSIX). */
#include "../internal/stdio_impl.h"

int ferror(FILE* f) {
    return f->error;
}

void clearerr(FILE* f) {
    f->error = 0;
}

int fileno(FILE* f) {
    return f->fd;
}
