/* tolower: the lower-case form of an upper-case ASCII letter; any other value unchanged
 * (C17 7.4.2.1, C locale). */
#include <ctype.h>

int tolower(int c) {
    return isupper(c) ? c | 32 : c;
}
