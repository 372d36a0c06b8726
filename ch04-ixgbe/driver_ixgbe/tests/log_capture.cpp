// driver_ixgbe/tests/log_capture.cpp: what axlog needs at link time on the host, keeping every
// log line so the tests can check that a hostile device costs exactly one warning.
#include <axlog/panic.h>

#include <cstdio>
#include <cstdlib>
#include <string>

std::string g_ixgbe_log;  // everything logged so far (tests clear it)

void axlog_write(const char* s, size_t len) {
    g_ixgbe_log.append(s, len);
}

uint64_t axlog_now_ns() {
    return 0;
}

void ax_panic_handler(const axlog::PanicInfo& info) {
    std::fprintf(stderr, "panic at %s:%u: %s\n", info.file, info.line, info.message);
    std::abort();
}
