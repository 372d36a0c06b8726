/* strtok_r: split a string into tokens separated by bytes of delim, keeping the position in
 * *save so that several strings can be split at once (POSIX). Writes NULs into s. */
#include <string.h>

char* strtok_r(char* restrict s, const char* restrict delim, char** restrict save) {
    if (!s && !(s = *save)) return NULL;
    s += strspn(s, delim);
    if (!*s) {
        *save = NULL;
        return NULL;
    }
    char* end = s + strcspn(s, delim);
    if (*end) {
        *end = 0;
        *save = end + 1;
    } else {
        *save = NULL;
    }
    return s;
}
