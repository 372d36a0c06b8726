// arceos_posix_api/src/console_kernel.cpp: descriptors 0-2 on axhal's serial console.
#include <axhal/console.h>

#include "console.h"

namespace arceos_posix_api::detail {
void console_write(const char* buf, size_t len) {
    axhal::console_write(buf, len);
}
int console_read_byte() {
    return axhal::console_read_byte();
}
}  // namespace arceos_posix_api::detail
