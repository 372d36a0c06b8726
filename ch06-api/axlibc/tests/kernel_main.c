/* A C program on axlibc inside the kernel (test "libc"): console output through the write
 * hook, the kernel command line as environment, strtol's limits, qsort, strerror,
 * floating point (printf and strtod; the C code runs with SSE), and exit() running an atexit
 * handler. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void* a, const void* b) {
    return *(const int*)a - *(const int*)b;
}

static void at_exit(void) {
    puts("axlibc: atexit handler ran");
}

int main(void) {
    atexit(at_exit);
    const char* greeting = getenv("AXLIBC_GREETING");
    printf("axlibc: getenv AXLIBC_GREETING=%s\n", greeting ? greeting : "(none)");
    printf("axlibc: [%5d|%#06x|%-+3d|%#o|%-4s]\n", -42, 42, 7, 42, "ok");

    errno = 0;
    long max = strtol("0x7fffffffffffffff", NULL, 0);
    int e1 = errno;
    strtol("0x8000000000000000", NULL, 0);
    printf("axlibc: strtol %#lx errno %d, 0x8000000000000000 errno %d\n", max, e1, errno);

    int v[] = {8, 3, 13, 1, 5, 2};
    qsort(v, 6, sizeof v[0], cmp_int);
    printf("axlibc: qsort %d %d %d %d %d %d\n", v[0], v[1], v[2], v[3], v[4], v[5]);
    printf("axlibc: strerror(ECONNREFUSED) %s\n", strerror(ECONNREFUSED));

    printf("axlibc: float %.3f %.2e %g %a strtod %g\n", 1.0005, 12345.678, 0.0001, 1.0,
           strtod("2.5e-3", NULL) * 1000);
    exit(0);
}
