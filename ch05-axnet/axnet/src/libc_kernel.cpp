// axnet/src/libc_kernel.cpp: the C library functions lwIP calls that the kernel's runtime
// (axruntime's cxx_support.cpp) does not define. Kernel build only: the host has its libc.
#include <cstddef>

extern "C" {

int strncmp(const char* a, const char* b, size_t n) {
    for (; n > 0; --n, ++a, ++b) {
        if (*a != *b || *a == '\0')
            return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
    }
    return 0;
}

// netif_find() parses an interface number with atoi(), which the host's <stdlib.h> (whose
// declarations the kernel compiles against) inlines as a call to strtol() when optimising.
// Bases 2-36 and 0 (prefix decides); out-of-range values clamp (there is no errno here).
long strtol(const char* s, char** end, int base) {
    const char* p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    unsigned long v = 0, limit = neg ? 0x8000000000000000ul : 0x7ffffffffffffffful;
    bool any = false, over = false;
    for (;; ++p) {
        int d = *p >= '0' && *p <= '9'   ? *p - '0'
                : *p >= 'a' && *p <= 'z' ? *p - 'a' + 10
                : *p >= 'A' && *p <= 'Z' ? *p - 'A' + 10
                                         : 99;
        if (d >= base) break;
        any = true;
        if (v > (limit - unsigned(d)) / unsigned(base)) over = true;
        if (!over) v = v * unsigned(base) + unsigned(d);
    }
    if (end) *end = const_cast<char*>(any ? p : s);
    if (over) v = limit;
    return neg ? long(0 - v) : long(v);
}

int atoi(const char* s) {
    return int(strtol(s, nullptr, 10));
}

}  // extern "C"
