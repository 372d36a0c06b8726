// ktest/src/ktest.cpp: the in-kernel test runner.
#include <axhal/time.h>
#include <axlog/log.h>
#include <ktest/ktest.h>

extern "C" const ktest::Case __ktest_start[], __ktest_end[];

namespace ktest {

bool Context::check(bool ok, const char* expr, const char* file, int line) {
    if (!ok) {
        ++m_failures;
        axlog::println("    check failed at {}:{}: {}", file, line, expr);
    }
    return ok;
}

void Context::fail_eq(const char* ea, const char* eb, axlog::FormatArg a, axlog::FormatArg b,
                      const char* file, int line) {
    ++m_failures;
    axlog::FormatArg args[] = {file, line, ea, eb, a, b};
    char buf[256];
    axlog::BufferWriter w(buf, sizeof(buf));
    axlog::vformat(w, "    check failed at {}:{}: {} == {} (got {} and {})", args, 6);
    axlog::println("{}", w.view());
}

int run_all(std::string_view filter) {
    int passed = 0, failed = 0;
    size_t total = size_t(__ktest_end - __ktest_start);
    axlog::println("ktest: {} cases{}{}", total, filter.empty() ? "" : " matching ", filter);
    for (const Case* c = __ktest_start; c != __ktest_end; ++c) {
        if (!filter.empty() && std::string_view(c->name).find(filter) == std::string_view::npos) {
            continue;
        }
        Context ctx;
        uint64_t t0 = axhal::monotonic_ns();
        c->fn(ctx);
        uint64_t us = (axhal::monotonic_ns() - t0) / 1000;
        if (ctx.failures() == 0) {
            ++passed;
            axlog::println("[ktest] {} ... ok ({} us)", c->name, us);
        } else {
            ++failed;
            axlog::println("[ktest] {} ... FAILED ({} failed checks; defined at {}:{})", c->name,
                           ctx.failures(), c->file, c->line);
        }
    }
    axlog::println("ktest: {} passed, {} failed", passed, failed);
    return failed;
}

}  // namespace ktest
