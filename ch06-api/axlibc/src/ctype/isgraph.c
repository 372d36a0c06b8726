/* isgraph: is c printable and not a space? (C17 7.4.1, C locale) */
#include <ctype.h>

int isgraph(int c) {
    return (unsigned)c - 33 < 94;
}
