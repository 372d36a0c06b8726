/* isalnum: is c a letter or a digit? (C17 7.4.1, C locale) */
#include <ctype.h>

int isalnum(int c) {
    return isalpha(c) || isdigit(c);
}
