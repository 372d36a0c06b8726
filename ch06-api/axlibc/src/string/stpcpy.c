/* stpcpy: copy a string with its NUL; returns the address of the copied NUL (POSIX). */
#include <string.h>

char* stpcpy(char* restrict dst, const char* restrict src) {
    while ((*dst = *src)) dst++, src++;
    return dst;
}
