// minnet/tests/host_log.cpp: the functions axlog's log.cpp needs at link time, for the host
// tests (in the kernel axhal and axruntime define them): log lines go to stderr, the log clock
// stays at 0, and a panic (which minnet never raises) prints its message and aborts.
#include <axlog/panic.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

void axlog_write(const char* s, size_t len) {
    std::fwrite(s, 1, len, stderr);
}

uint64_t axlog_now_ns() {
    return 0;
}

void ax_panic_handler(const axlog::PanicInfo& info) {
    std::fprintf(stderr, "panic at %s:%u: %s\n", info.file, info.line, info.message);
    std::abort();
}
