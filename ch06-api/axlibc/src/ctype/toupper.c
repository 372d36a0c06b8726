/* toupper: the upper-case form of a lower-case ASCII letter; any other value unchanged
 * (C17 7.4.2.2, C locale). */
#include <ctype.h>

int toupper(int c) {
    return islower(c) ? c & 0x5f : c;
}
