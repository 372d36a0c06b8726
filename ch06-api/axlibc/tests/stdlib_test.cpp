// qsort against std::sort, bsearch, the malloc family over the host heap, getenv over the env
// hook, exit/atexit over the exit hook, and errno per thread through the errno hook.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "axlibc_host.h"
#include "test_common.h"

using axlibc_test::rng;
using axlibc_test::scaled;

namespace {

int cmp_u32(const void* a, const void* b) {
    uint32_t x = *static_cast<const uint32_t*>(a), y = *static_cast<const uint32_t*>(b);
    return (x > y) - (x < y);
}

struct Record {  // 24 bytes: sorted by key, payload carried along
    uint64_t key;
    uint64_t payload[2];
};

int cmp_record(const void* a, const void* b) {
    uint64_t x = static_cast<const Record*>(a)->key, y = static_cast<const Record*>(b)->key;
    return (x > y) - (x < y);
}

}  // namespace

TEST_CASE("qsort sorts as std::sort does; bsearch finds every element", "[axlibc][stdlib]") {
    auto r = rng();
    for (long i = 0; i < scaled(400); ++i) {
        size_t n = i < 5 ? static_cast<size_t>(i) : r() % 3000;
        uint32_t range = r() % 2 ? 16 : UINT32_MAX;  // many duplicates, or few
        std::vector<uint32_t> v(n);
        for (auto& x : v) x = static_cast<uint32_t>(r() % range);
        if (i % 7 == 0) std::sort(v.begin(), v.end());     // already sorted
        if (i % 11 == 0) std::sort(v.rbegin(), v.rend());  // reversed
        std::vector<uint32_t> w = v;
        std::sort(w.begin(), w.end());
        axlibc_qsort(v.data(), n, sizeof v[0], cmp_u32);
        REQUIRE(v == w);
        for (size_t k = 0; k < n; k += 1 + n / 50) {
            auto* hit = static_cast<uint32_t*>(axlibc_bsearch(&w[k], v.data(), n, 4, cmp_u32));
            REQUIRE((hit && *hit == w[k]));
        }
        uint32_t absent = UINT32_MAX;
        if (range == 16) REQUIRE(axlibc_bsearch(&absent, v.data(), n, 4, cmp_u32) == nullptr);

        std::vector<Record> recs(n % 500);
        for (auto& rec : recs) rec = {r() % 100, {r(), r()}};
        std::vector<Record> sorted = recs;
        axlibc_qsort(sorted.data(), sorted.size(), sizeof(Record), cmp_record);
        REQUIRE(std::is_sorted(sorted.begin(), sorted.end(),
                               [](const Record& a, const Record& b) { return a.key < b.key; }));
        // The same records, only moved: the payloads travelled with their keys.
        auto less = [](const Record& a, const Record& b) {
            return std::tie(a.key, a.payload[0], a.payload[1]) <
                   std::tie(b.key, b.payload[0], b.payload[1]);
        };
        std::sort(recs.begin(), recs.end(), less);
        std::sort(sorted.begin(), sorted.end(), less);
        REQUIRE((recs.empty() ||
                 std::memcmp(recs.data(), sorted.data(), recs.size() * sizeof(Record)) == 0));
    }
}

TEST_CASE("malloc, calloc, realloc, aligned_alloc, free; ENOMEM on overflow", "[axlibc][stdlib]") {
    int* err = axlibc___errno_location();
    auto* p = static_cast<unsigned char*>(axlibc_malloc(100));
    REQUIRE(p);
    REQUIRE(reinterpret_cast<uintptr_t>(p) % 16 == 0);
    std::memset(p, 0xab, 100);
    p = static_cast<unsigned char*>(axlibc_realloc(p, 10000));
    REQUIRE(p);
    for (int i = 0; i < 100; ++i) REQUIRE(p[i] == 0xab);
    REQUIRE(axlibc_realloc(p, 0) == nullptr);  // frees, as glibc does

    auto* z = static_cast<unsigned char*>(axlibc_calloc(1000, 3));
    REQUIRE(z);
    for (int i = 0; i < 3000; ++i) REQUIRE(z[i] == 0);
    axlibc_free(z);
    axlibc_free(nullptr);

    *err = 0;
    REQUIRE(axlibc_calloc(SIZE_MAX / 2, 3) == nullptr);
    REQUIRE(*err == ENOMEM);
    *err = 0;
    REQUIRE(axlibc_malloc(SIZE_MAX - 4096) == nullptr);
    REQUIRE(*err == ENOMEM);
    for (size_t huge : {SIZE_MAX, SIZE_MAX - 5, size_t{PTRDIFF_MAX} + 1}) {
        *err = 0;
        REQUIRE(axlibc_malloc(huge) == nullptr);
        REQUIRE(*err == ENOMEM);
        *err = 0;
        REQUIRE(axlibc_aligned_alloc(64, huge) == nullptr);
        REQUIRE(*err == ENOMEM);
        void* keep = axlibc_malloc(8);
        REQUIRE(axlibc_realloc(keep, huge) == nullptr);  // the old block stays valid
        axlibc_free(keep);
    }
    void* a = axlibc_aligned_alloc(4096, 5000);
    REQUIRE(reinterpret_cast<uintptr_t>(a) % 4096 == 0);
    axlibc_free(a);
    *err = 0;
    REQUIRE(axlibc_aligned_alloc(48, 10) == nullptr);
    REQUIRE(*err == EINVAL);
}

TEST_CASE("getenv reads NAME=value words from the env hook", "[axlibc][stdlib]") {
    auto old =
        __axlibc_set_env_hook([] { return "log=debug AXLIBC_GREETING=hello  empty= x=1=2"; });
    REQUIRE(std::strcmp(axlibc_getenv("AXLIBC_GREETING"), "hello") == 0);
    REQUIRE(std::strcmp(axlibc_getenv("log"), "debug") == 0);
    REQUIRE(std::strcmp(axlibc_getenv("empty"), "") == 0);
    REQUIRE(std::strcmp(axlibc_getenv("x"), "1=2") == 0);
    REQUIRE(axlibc_getenv("lo") == nullptr);
    REQUIRE(axlibc_getenv("AXLIBC") == nullptr);
    REQUIRE(axlibc_getenv("") == nullptr);
    __axlibc_set_env_hook(nullptr);
    REQUIRE(axlibc_getenv("log") == nullptr);
    __axlibc_set_env_hook(old);
}

namespace {
std::jmp_buf exit_jump;
std::vector<int> exit_order;
int exit_status = -1;
}  // namespace

TEST_CASE("exit runs atexit handlers last-first, then the exit hook", "[axlibc][stdlib]") {
    auto old = __axlibc_set_exit_hook([](int status) {
        exit_status = status;
        std::longjmp(exit_jump, 1);
    });
    exit_order.clear();
    REQUIRE(axlibc_atexit([] { exit_order.push_back(1); }) == 0);
    REQUIRE(axlibc_atexit([] {
                exit_order.push_back(2);
                axlibc_atexit([] { exit_order.push_back(3); });  // registered while exiting
            }) == 0);
    if (setjmp(exit_jump) == 0) axlibc_exit(7);
    REQUIRE(exit_status == 7);
    REQUIRE(exit_order == std::vector<int>{2, 3, 1});
    __axlibc_set_exit_hook(old);
}

namespace {
thread_local int task_errno;
}  // namespace

TEST_CASE("errno is per thread once the errno hook is installed", "[axlibc][errno]") {
    int* global = axlibc___errno_location();
    auto old = __axlibc_set_errno_hook([] { return &task_errno; });
    int seen[2] = {0, 0};
    auto worker = [&](int k) {
        *axlibc___errno_location() = 0;
        axlibc_strtol("99999999999999999999", nullptr, 10);  // ERANGE in this thread only
        if (k == 1) *axlibc___errno_location() = 0;
        seen[k] = *axlibc___errno_location();
    };
    std::thread t0(worker, 0), t1(worker, 1);
    t0.join();
    t1.join();
    REQUIRE(seen[0] == ERANGE);
    REQUIRE(seen[1] == 0);
    REQUIRE(axlibc___errno_location() == &task_errno);
    __axlibc_set_errno_hook(old);
    REQUIRE(axlibc___errno_location() == global);  // back to the one global slot
}
