/* strrchr: the last occurrence of (char)c in a string, the NUL included (C17 7.24.5.5). */
#include <string.h>

char* strrchr(const char* s, int c) {
    return memrchr(s, c, strlen(s) + 1);
}
