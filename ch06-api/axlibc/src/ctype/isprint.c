/* isprint: is c printable, space included? (C17 7.4.1, C locale) */
#include <ctype.h>

int isprint(int c) {
    return (unsigned)c - 32 < 95;
}
