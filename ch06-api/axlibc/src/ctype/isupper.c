/* isupper: is c an upper-case ASCII letter? (C17 7.4.1, C locale) */
#include <ctype.h>

int isupper(int c) {
    return (unsigned)c - 'A' < 26;
}
