/* puts: a string and a newline to stdout, in one write (C17 7.21.7.10). GCC turns
 * printf("text\n") into puts("text"). Returns a non-negative number, or EOF on error. */
#include "../internal/stdio_impl.h"

int puts(const char* s) {
    return printf("%s\n", s) < 0 ? EOF : 0;
}
