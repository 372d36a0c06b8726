/* strncasecmp: strcasecmp over at most n bytes (POSIX, C locale). */
#include <ctype.h>
#include <strings.h>

int strncasecmp(const char* a, const char* b, size_t n) {
    const unsigned char *x = (const void*)a, *y = (const void*)b;
    if (n == 0) return 0;
    for (; --n && *x && tolower(*x) == tolower(*y); x++, y++) {
    }
    return tolower(*x) - tolower(*y);
}
