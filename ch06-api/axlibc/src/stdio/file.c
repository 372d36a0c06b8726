/* The three standard streams. stdin exists for programs that name it; nothing reads it. */
#include "../internal/stdio_impl.h"

static struct __axlibc_file files[3] = {{0, 0}, {1, 0}, {2, 0}};

FILE* const stdin = &files[0];
FILE* const stdout = &files[1];
FILE* const stderr = &files[2];
