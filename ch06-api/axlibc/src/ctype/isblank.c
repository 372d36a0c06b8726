/* isblank: is c a space or a tab? (C17 7.4.1, C locale) */
#include <ctype.h>

int isblank(int c) {
    return c == ' ' || c == '\t';
}
