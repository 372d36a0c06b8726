/* strtol, strtoll, strtoul, strtoull (C17 7.22.1.4): the shared parser with each type's
 * limits. long and long long are both 64 bits here (LP64). */
#include <stdlib.h>

#include "../internal/strtox.h"

long strtol(const char* restrict s, char** restrict end, int base) {
    return (long)__axlibc_strtox(s, end, base, 1);
}

long long strtoll(const char* restrict s, char** restrict end, int base) {
    return (long long)__axlibc_strtox(s, end, base, 1);
}

unsigned long strtoul(const char* restrict s, char** restrict end, int base) {
    return __axlibc_strtox(s, end, base, 0);
}

unsigned long long strtoull(const char* restrict s, char** restrict end, int base) {
    return __axlibc_strtox(s, end, base, 0);
}
