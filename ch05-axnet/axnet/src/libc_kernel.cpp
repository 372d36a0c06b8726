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

// netif_find() parses an interface number with atoi: digits only, no sign, no overflow care
// beyond what netif numbers (0-255) need.
int atoi(const char* s) {
    int v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    return v;
}

}  // extern "C"
