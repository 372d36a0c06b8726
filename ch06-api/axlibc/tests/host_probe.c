/* Built like the host library (renamed, axlibc's headers only): gives the C++ tests what they
 * can only see through axlibc's own headers. */
#include <errno.h>
#include <stdio.h>

#include "axlibc_host.h"

const struct axlibc_errno_name axlibc_probe_errno[] = {
#define AXLIBC_ERRNO(n) {#n, n},
#include "errno_names.inc"
#undef AXLIBC_ERRNO
    {0, 0}};

struct __axlibc_file* axlibc_probe_stream(int which) {
    return which == 1 ? stdout : which == 2 ? stderr : stdin;
}
