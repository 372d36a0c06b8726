// arceos_posix_api/src/console_host.cpp: descriptors 0-2 of the host tests: written to the
// process's stdout; input never waits (the tests give the console none).
#include <cstdio>

#include "console.h"

namespace arceos_posix_api::detail {
void console_write(const char* buf, size_t len) {
    std::fwrite(buf, 1, len, stdout);
}
int console_read_byte() {
    return -1;
}
}  // namespace arceos_posix_api::detail
