// axruntime/tests/shutdown_test.cpp: host tests of the shutdown hooks exit() runs before the
// power-off: order, contexts, the table's bound, and a hook that calls exit() again.
#include <axruntime/axruntime.h>

#include <catch2/catch_test_macros.hpp>

#include <vector>

namespace {
std::vector<int> g_ran;
void record(void* ctx) {
    g_ran.push_back(*static_cast<int*>(ctx));
}
// Stands for a hook whose work ends in exit(): the runtime's exit runs the hooks again.
void reenter(void* ctx) {
    record(ctx);
    axruntime::run_shutdown_hooks();
}
}  // namespace

TEST_CASE("shutdown hooks run last registered first, each once, with their context", "[shutdown]") {
    g_ran.clear();
    int a = 1, b = 2, c = 3;
    REQUIRE(axruntime::add_shutdown_hook(record, &a));
    REQUIRE(axruntime::add_shutdown_hook(reenter, &b));
    REQUIRE(axruntime::add_shutdown_hook(record, &c));
    // The inner run (from reenter) runs hook a; the outer run finds nothing left.
    CHECK(axruntime::run_shutdown_hooks() == 2);
    CHECK(g_ran == std::vector<int>{3, 2, 1});
    CHECK(axruntime::run_shutdown_hooks() == 0);
    CHECK(g_ran.size() == 3);
}

TEST_CASE("the hook table is bounded and refuses a null hook", "[shutdown]") {
    g_ran.clear();
    int v = 7;
    CHECK_FALSE(axruntime::add_shutdown_hook(nullptr, &v));
    for (size_t i = 0; i < axruntime::kMaxShutdownHooks; ++i)
        REQUIRE(axruntime::add_shutdown_hook(record, &v));
    CHECK_FALSE(axruntime::add_shutdown_hook(record, &v));
    CHECK(axruntime::run_shutdown_hooks() == axruntime::kMaxShutdownHooks);
    CHECK(g_ran.size() == axruntime::kMaxShutdownHooks);
}
