/* strcasecmp: compare two strings ignoring ASCII case (POSIX, C locale). */
#include <ctype.h>
#include <strings.h>

int strcasecmp(const char* a, const char* b) {
    const unsigned char *x = (const void*)a, *y = (const void*)b;
    for (; *x && tolower(*x) == tolower(*y); x++, y++) {
    }
    return tolower(*x) - tolower(*y);
}
