/* strcpy: copy a string with its NUL (C17 7.24.2.3). */
#include <string.h>

char* strcpy(char* restrict dst, const char* restrict src) {
    stpcpy(dst, src);
    return dst;
}
