/* abs, labs, llabs: magnitude (C17 7.22.6.1); the most negative value has none (undefined). */
#include <stdlib.h>

int abs(int x) {
    return x < 0 ? -x : x;
}

long labs(long x) {
    return x < 0 ? -x : x;
}

long long llabs(long long x) {
    return x < 0 ? -x : x;
}
