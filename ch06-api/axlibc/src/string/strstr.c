/* strstr: the first occurrence of needle in haystack (C17 7.24.5.7). The plain quadratic
 * scan: the strings programs here search (HTTP headers) are short. */
#include <string.h>

char* strstr(const char* haystack, const char* needle) {
    size_t n = strlen(needle);
    if (n == 0) return (char*)haystack;
    for (; (haystack = strchr(haystack, *needle)); haystack++) {
        if (strncmp(haystack, needle, n) == 0) return (char*)haystack;
    }
    return NULL;
}
