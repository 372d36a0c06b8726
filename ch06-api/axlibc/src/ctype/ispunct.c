/* ispunct: is c printable, not a space, not alphanumeric? (C17 7.4.1, C locale) */
#include <ctype.h>

int ispunct(int c) {
    return isgraph(c) && !isalnum(c);
}
