/* islower: is c a lower-case ASCII letter? (C17 7.4.1, C locale) */
#include <ctype.h>

int islower(int c) {
    return (unsigned)c - 'a' < 26;
}
