/* strcoll: collation order, which in the C locale (the only one here) is strcmp's. */
#include <string.h>

int strcoll(const char* a, const char* b) {
    return strcmp(a, b);
}
