/* strcspn: length of the prefix of s with no byte from reject (C17 7.24.5.3). */
#include <string.h>

size_t strcspn(const char* s, const char* reject) {
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n])) n++;
    return n;
}
