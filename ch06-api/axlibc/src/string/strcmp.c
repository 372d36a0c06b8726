/* strcmp: compare two strings as unsigned char (C17 7.24.4.2). */
#include <string.h>

int strcmp(const char* a, const char* b) {
    for (; *a && *a == *b; a++, b++) {
    }
    return *(const unsigned char*)a - *(const unsigned char*)b;
}
