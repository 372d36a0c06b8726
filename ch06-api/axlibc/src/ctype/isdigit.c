/* isdigit: is c a decimal digit? (C17 7.4.1, C locale) */
#include <ctype.h>

int isdigit(int c) {
    return (unsigned)c - '0' < 10;
}
