/* iscntrl: is c a control character (0-31, 127)? (C17 7.4.1, C locale) */
#include <ctype.h>

int iscntrl(int c) {
    return (unsigned)c < 32 || c == 127;
}
