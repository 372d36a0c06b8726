/* strchr: the first occurrence of (char)c in a string; c == 0 finds the NUL (C17 7.24.5.2). */
#include <string.h>

char* strchr(const char* s, int c) {
    for (;; s++) {
        if (*s == (char)c) return (char*)s;
        if (!*s) return NULL;
    }
}
