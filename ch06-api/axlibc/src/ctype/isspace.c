/* isspace: is c white space: space, \t \n \v \f \r? (C17 7.4.1, C locale) */
#include <ctype.h>

int isspace(int c) {
    return c == ' ' || (unsigned)c - '\t' < 5;
}
