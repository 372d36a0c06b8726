/// @file ktest/ktest.h
/// @brief In-kernel tests. A test case is a function registered in the `.ktest_cases` linker
/// section, so a test kernel links in whatever cases its modules define and runs them all:
///
///     KTEST(heap, new_and_delete) {
///         int* p = new int(7);
///         KEXPECT_EQ(*p, 7);
///         delete p;
///     }
///
/// The runner prints one line per case (`[ktest] heap.new_and_delete ... ok`), the failed
/// checks with file, line and values, then a summary; the test kernel exits with success only
/// if every case passed.
#pragma once
#include <axlog/format.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ktest {

/// State of the running case; the KEXPECT macros record failures here.
class Context {
public:
    /// Records a failed check if @p ok is false. Returns @p ok.
    bool check(bool ok, const char* expr, const char* file, int line);
    /// Records a failed equality check, printing both values.
    template <class A, class B>
    bool check_eq(const A& a, const B& b, const char* ea, const char* eb, const char* file,
                  int line) {
        if (a == b) return true;
        fail_eq(ea, eb, axlog::FormatArg(a), axlog::FormatArg(b), file, line);
        return false;
    }
    /// Number of failed checks so far in this case.
    int failures() const { return m_failures; }

private:
    void fail_eq(const char* ea, const char* eb, axlog::FormatArg a, axlog::FormatArg b,
                 const char* file, int line);
    int m_failures = 0;
};

/// A registered case (placed in .ktest_cases by KTEST). Aligned to 32 bytes because the
/// compiler aligns 32-byte objects to 32 anyway: the section must be a gap-free array.
struct alignas(32) Case {
    const char* name;      ///< "suite.name".
    void (*fn)(Context&);  ///< The body.
    const char* file;      ///< Where it is defined.
    int line;              ///< Line of the definition.
};

/// How long a case waits for an event that must come (a device's completion, an ARP reply, a
/// timer tick) before calling it lost: 10 s. Generous on purpose: such a loop ends as soon as
/// the event comes, so a working system never waits this long, while a busy host can stop the
/// emulator for a second or more at any point and the guest's clock runs on meanwhile.
inline constexpr uint64_t kPatienceNs = 10'000'000'000ull;

/// Upper bounds on elapsed time, made fair to a loaded host. Runs @p measure (which returns a
/// duration in ns, and may check lower bounds itself) up to @p tries times, stopping at the
/// first duration below @p bound, and returns the shortest seen. Check the result against
/// @p bound: a clock, timer or wake-up at the wrong rate misses the bound on every try, while a
/// host that deschedules the emulator in the middle of one try cannot fail the case alone.
template <class Measure>
uint64_t shortest_ns(int tries, uint64_t bound, Measure&& measure) {
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < tries && best >= bound; ++i) {
        uint64_t ns = measure();
        if (ns < best) best = ns;
    }
    return best;
}

/// Runs every case whose name contains @p filter (all if empty). Returns the number of cases
/// that failed. Prints "ktest: N passed, M failed".
int run_all(std::string_view filter = {});

}  // namespace ktest

/// Defines and registers test case @p suite.@p name; the body follows in braces.
#define KTEST(suite, name)                                                                      \
    static void ktest_fn_##suite##_##name(::ktest::Context& ktest_ctx);                         \
    [[gnu::used,                                                                                \
      gnu::section(".ktest_cases")]] static const ::ktest::Case ktest_case_##suite##_##name = { \
        #suite "." #name, ktest_fn_##suite##_##name, __FILE__, __LINE__};                       \
    static void ktest_fn_##suite##_##name([[maybe_unused]] ::ktest::Context& ktest_ctx)

/// Checks a condition; the case goes on after a failure.
#define KEXPECT(cond) ktest_ctx.check(static_cast<bool>(cond), #cond, __FILE__, __LINE__)
/// Checks a == b and prints both values on failure.
#define KEXPECT_EQ(a, b) ktest_ctx.check_eq((a), (b), #a, #b, __FILE__, __LINE__)
/// Checks a condition and ends the case at once if it fails.
#define KASSERT(cond)               \
    do {                            \
        if (!KEXPECT(cond)) return; \
    } while (0)
