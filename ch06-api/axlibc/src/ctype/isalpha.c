/* isalpha: is c an ASCII letter? (C17 7.4.1, C locale) */
#include <ctype.h>

int isalpha(int c) {
    return ((unsigned)c | 32) - 'a' < 26;
}
