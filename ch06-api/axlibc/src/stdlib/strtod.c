/* strtod, strtof, atof (C17 7.22.1.3): the exact scanner (floatscan.c) for binary64 and
 * binary32. strtof rounds the text directly to float, never through a double, which would
 * round twice. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal/fpconv.h"

double strtod(const char* restrict s, char** restrict end) {
    const char* e;
    int erange;
    uint64_t bits = __axlibc_scan_float(s, &e, &__axlibc_binary64, &erange);
    if (end) *end = (char*)e;
    if (erange) errno = ERANGE;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

float strtof(const char* restrict s, char** restrict end) {
    const char* e;
    int erange;
    uint32_t bits = (uint32_t)__axlibc_scan_float(s, &e, &__axlibc_binary32, &erange);
    if (end) *end = (char*)e;
    if (erange) errno = ERANGE;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

double atof(const char* s) {
    return strtod(s, NULL);
}
