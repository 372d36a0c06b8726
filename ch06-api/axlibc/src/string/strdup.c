/* strdup: a malloc'd copy of a string; null with errno ENOMEM when memory is short (POSIX). */
#include <stdlib.h>
#include <string.h>

char* strdup(const char* s) {
    size_t n = strlen(s) + 1;
    char* d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}
