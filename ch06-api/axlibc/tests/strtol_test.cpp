// axlibc's strtol family against glibc's on random strings and bases (value, end pointer and
// errno), and the fixed edge cases: base prefixes, limits, EINVAL for a bad base.
#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>

#include "axlibc_host.h"
#include "test_common.h"

using axlibc_test::rng;
using axlibc_test::scaled;

// glibc's C89/C99 strtol family, by symbol name. Since glibc 2.38, <stdlib.h> under _GNU_SOURCE
// (which g++ always defines) renames strtol to __isoc23_strtol, which also reads C23's "0b"
// prefix; axlibc implements the C99 functions, so the comparison binds to the C99 symbols on
// every glibc.
extern "C" {
long glibc_strtol(const char*, char**, int) __asm__("strtol");
unsigned long glibc_strtoul(const char*, char**, int) __asm__("strtoul");
long long glibc_strtoll(const char*, char**, int) __asm__("strtoll");
unsigned long long glibc_strtoull(const char*, char**, int) __asm__("strtoull");
}

namespace {

// Compares one string in one base through all four functions.
long compare_all(const std::string& s, int base, std::string& first) {
    long bad = 0;
    int* ax_errno = axlibc___errno_location();
    auto one = [&](const char* fn, auto glibc, auto ours) {
        char *ew = nullptr, *eg = nullptr;
        errno = 0;
        auto w = glibc(s.c_str(), &ew, base);
        int errw = errno;
        *ax_errno = 0;
        auto g = ours(s.c_str(), &eg, base);
        int errg = *ax_errno;
        if (w != g || ew != eg || errw != errg) {
            if (bad++ < 4) {
                first += std::string(fn) + "(\"" + s + "\", " + std::to_string(base) + "): glibc " +
                         std::to_string(w) + " errno " + std::to_string(errw) + ", axlibc " +
                         std::to_string(g) + " errno " + std::to_string(errg) + "\n";
            }
        }
    };
    one("strtol", glibc_strtol, axlibc_strtol);
    one("strtoul", glibc_strtoul, axlibc_strtoul);
    one("strtoll", glibc_strtoll, axlibc_strtoll);
    one("strtoull", glibc_strtoull, axlibc_strtoull);
    return bad;
}

}  // namespace

TEST_CASE("strto[u]l[l] on random strings match glibc", "[axlibc][strtol]") {
    auto r = rng();
    const std::string alphabet = " \t\n+-0000xX123456789abcdefzZ";
    long bad = 0;
    std::string first;
    for (long i = 0; i < scaled(60000); ++i) {
        std::string s;
        int n = r() % 30;
        if (r() % 3 == 0) {  // a number near the 64-bit limits, in some base
            static const char* near[] = {"9223372036854775807",     "9223372036854775808",
                                         "18446744073709551615",    "18446744073709551616",
                                         "0x7fffffffffffffff",      "0x8000000000000000",
                                         "0xffffffffffffffff",      "0x10000000000000000",
                                         "01777777777777777777777", "02000000000000000000000"};
            s = std::string(r() % 2 ? "-" : "") + near[r() % 10];
        } else {
            for (int k = 0; k < n; ++k) s += alphabet[r() % alphabet.size()];
        }
        static const int bases[] = {0, 0, 10, 16, 8, 2, 36};
        int base = r() % 4 == 0 ? 2 + static_cast<int>(r() % 35) : bases[r() % 7];
        bad += compare_all(s, base, first);
    }
    INFO(first);
    REQUIRE(bad == 0);
}

TEST_CASE("strtol edge cases match glibc", "[axlibc][strtol]") {
    long bad = 0;
    std::string first;
    for (const char* s :
         {"0x", "0X1g", "0x ", "  -0x8000000000000001z", "-1", "-18446744073709551616", "", "z",
          "   ", "+", "-", "0", "-0", "08", "0b1", "1e3", "\t\v\f\r\n 42"}) {
        for (int base : {0, 8, 10, 16, 36}) bad += compare_all(s, base, first);
    }
    INFO(first);
    REQUIRE(bad == 0);
}

TEST_CASE("strtol: a base outside 0 and 2..36 is EINVAL and leaves *end alone",
          "[axlibc][strtol]") {
    int* ax_errno = axlibc___errno_location();
    for (int base : {1, -1, 37, 100}) {
        char* end = reinterpret_cast<char*>(0x1234);
        *ax_errno = 0;
        REQUIRE(axlibc_strtol("12", &end, base) == 0);
        REQUIRE(*ax_errno == EINVAL);
        REQUIRE(end == reinterpret_cast<char*>(0x1234));
    }
    *ax_errno = 0;
    REQUIRE(axlibc_atoi("  -123abc") == -123);
    REQUIRE(axlibc_atol("9223372036854775807") == LONG_MAX);
    REQUIRE(*ax_errno == 0);
}
