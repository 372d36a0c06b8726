/* isxdigit: is c a hexadecimal digit? (C17 7.4.1, C locale) */
#include <ctype.h>

int isxdigit(int c) {
    return isdigit(c) || ((unsigned)c | 32) - 'a' < 6;
}
