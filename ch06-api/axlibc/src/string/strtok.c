/* strtok: strtok_r with one hidden position for the whole program (C17 7.24.5.8): not safe
 * for two threads or two strings at once, which is why strtok_r exists. */
#include <string.h>

char* strtok(char* restrict s, const char* restrict delim) {
    static char* position;
    return strtok_r(s, delim, &position);
}
