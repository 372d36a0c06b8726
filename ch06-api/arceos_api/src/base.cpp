// arceos_api/src/base.cpp: the functions every build has (console, clock) and the kernel's
// main(), which brings up the build's features and then calls the application's app_main()
// (chapter 6, "Writing an application").
#include <arceos_api/arceos_api.h>
#include <axhal/console.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <axlog/panic.h>
#include <axruntime/axruntime.h>

#include "runtime.h"

namespace arceos_api {

void bad_expected_access(const char* what) {
    AX_PANIC("arceos_api: {}", what);
}

namespace imp {

size_t ax_console_write_bytes(const void* buf, size_t len) {
    axhal::console_write(static_cast<const char*>(buf), len);
    return len;
}

std::string_view ax_cmdline_value(std::string_view key) {
    return axruntime::cmdline_value(key);
}

uint64_t ax_monotonic_time_ns() {
    return axhal::monotonic_ns();
}

void ax_exit(int status) {
    axruntime::exit(status);
}

}  // namespace imp
}  // namespace arceos_api

int main() {
    arceos_api::imp::init_multitask();
    if (!arceos_api::imp::init_net()) return 1;
    return app_main();
}
