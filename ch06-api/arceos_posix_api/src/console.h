// arceos_posix_api/src/console.h: the console under descriptors 0, 1 and 2 (axhal's serial
// console in the kernel, the process's own stdin/stdout on the host: console_kernel.cpp and
// console_host.cpp).
#pragma once
#include <cstddef>

namespace arceos_posix_api::detail {
/// Writes @p len bytes of @p buf.
void console_write(const char* buf, size_t len);
/// The next input byte, or -1 when none is waiting (never blocks).
int console_read_byte();
}  // namespace arceos_posix_api::detail
