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

namespace {

// Cases in source order (file, then line): the compiler emits a file's cases into the section
// in reverse, and a stable order makes logs comparable from run to run.
constexpr size_t kMaxCases = 512;
const Case* g_sorted[kMaxCases];

bool before(const Case* a, const Case* b) {
    int c = std::string_view(a->file).compare(b->file);
    return c < 0 || (c == 0 && a->line < b->line);
}

size_t sort_cases() {
    size_t n = 0;
    for (const Case* c = __ktest_start; c != __ktest_end && n < kMaxCases; ++c) {
        size_t i = n++;
        while (i > 0 && before(c, g_sorted[i - 1])) {
            g_sorted[i] = g_sorted[i - 1];
            --i;
        }
        g_sorted[i] = c;
    }
    return n;
}

}  // namespace

int run_all(std::string_view filter) {
    int passed = 0, failed = 0;
    size_t total = sort_cases();
    if (total < size_t(__ktest_end - __ktest_start)) {
        axlog::println("ktest: more than {} cases; the rest are not run", kMaxCases);
        ++failed;
    }
    axlog::println("ktest: {} cases{}{}", total, filter.empty() ? "" : " matching ", filter);
    for (size_t k = 0; k < total; ++k) {
        const Case* c = g_sorted[k];
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
