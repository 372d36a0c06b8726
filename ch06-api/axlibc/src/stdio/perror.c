/* perror: "s: message\n" for the current errno on stderr (C17 7.21.10.4), in one write. */
#include <errno.h>
#include <string.h>

#include "../internal/stdio_impl.h"

void perror(const char* s) {
    int e = errno;
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, strerror(e));
    else
        fprintf(stderr, "%s\n", strerror(e));
    errno = e;
}
