// axlibc's platform in the kernel: installs the hooks of axlibc/hooks.h before main() runs
// (a global constructor, axruntime's init step 4): descriptors 1 and 2 write to the console,
// exit() powers off through axruntime, the environment is the kernel command line. The
// POSIX layer later replaces the write hook with its descriptor table. malloc and friends
// are axalloc's own (axalloc/src/global.cpp), so the kernel build of axlibc leaves its
// malloc files out (ch06-api/CMakeLists.txt).
#include <axhal/boot_info.h>
#include <axhal/console.h>
#include <axruntime/axruntime.h>

#include "../../include/axlibc/hooks.h"

namespace {

constexpr long kEbadf = 9;  // errno.h (Linux's number)

long console_write(int fd, const void* buf, size_t len) {
    if (fd != 1 && fd != 2) return -kEbadf;
    axhal::console_write(static_cast<const char*>(buf), len);
    return static_cast<long>(len);
}

void power_off(int status) {
    axruntime::exit(status);
}

// getenv reads the command line, so its environment-like words (HTTP_PORT=8080) are the C
// program's, not unknown kernel arguments.
AX_CMDLINE_ENVIRONMENT();

const char* command_line() {
    return axhal::boot_info().cmdline;
}

struct InstallHooks {
    InstallHooks() {
        __axlibc_set_write_hook(console_write);
        __axlibc_set_exit_hook(power_off);
        __axlibc_set_env_hook(command_line);
    }
} install_hooks;

}  // namespace
