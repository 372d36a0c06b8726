/* strncmp: compare at most n bytes of two strings (C17 7.24.4.4). */
#include <string.h>

int strncmp(const char* a, const char* b, size_t n) {
    if (n == 0) return 0;
    for (; --n && *a && *a == *b; a++, b++) {
    }
    return *(const unsigned char*)a - *(const unsigned char*)b;
}
