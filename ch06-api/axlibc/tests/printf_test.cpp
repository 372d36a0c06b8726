// axlibc's printf family against glibc's on random formats and values: integers with every
// flag, width, precision and length; doubles from random bit patterns (the whole range,
// subnormals, inf, nan) and chosen ties in %f %e %g %a with precisions up to 40; long double.
#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "axlibc_host.h"
#include "test_common.h"

using axlibc_test::rng;
using axlibc_test::scaled;

namespace {

struct Compare {
    long cases = 0;
    long mismatches = 0;
    std::string first;

    template <class... A>
    void operator()(const std::string& fmt, A... args) {
        static char want[8192], got[8192];
        int rw = std::snprintf(want, sizeof want, fmt.c_str(), args...);
        int rg = axlibc_snprintf(got, sizeof got, fmt.c_str(), args...);
        ++cases;
        if (rw != rg || std::strcmp(want, got) != 0) {
            if (mismatches++ < 8) {
                first += "\"" + fmt + "\": glibc [" + want + "] (" + std::to_string(rw) +
                         ") axlibc [" + got + "] (" + std::to_string(rg) + ")\n";
            }
        }
    }
};

std::string random_flags(std::mt19937_64& r) {
    std::string f;
    for (char c : {'-', '+', ' ', '#', '0'}) {
        if (r() % 4 == 0) f += c;
    }
    return f;
}

// Width and precision: none, a number, or '*' (then the int is passed, possibly negative).
struct Field {
    std::string text;
    bool star = false;
    int value = 0;
};

Field random_field(std::mt19937_64& r, int max, bool precision) {
    Field f;
    switch (r() % 4) {
        case 0:
            return f;
        case 1:
        case 2:
            f.text = std::to_string(r() % (max + 1));
            break;
        default:
            f.star = true;
            f.text = "*";
            f.value = static_cast<int>(r() % (max + 1)) - (r() % 4 == 0 ? max / 2 : 0);
    }
    if (precision) f.text = "." + f.text;
    return f;
}

template <class T>
void check_with_fields(Compare& cmp, const std::string& fmt, const Field& w, const Field& p, T v) {
    if (w.star && p.star)
        cmp(fmt, w.value, p.value, v);
    else if (w.star)
        cmp(fmt, w.value, v);
    else if (p.star)
        cmp(fmt, p.value, v);
    else
        cmp(fmt, v);
}

double random_double_bits(std::mt19937_64& r) {
    uint64_t b = r();
    switch (r() % 8) {
        case 0:
            b &= ~(uint64_t{0x7ff} << 52);
            break;  // subnormal or zero
        case 1:
            b |= uint64_t{0x7ff} << 52;
            break;  // inf or nan
        case 2:
            b = (b & ~(uint64_t{0x7ff} << 52)) | (uint64_t{1023 + r() % 60 - 20} << 52);
            break;
        default:
            break;  // anywhere
    }
    double d;
    std::memcpy(&d, &b, sizeof d);
    return d;
}

// Values whose decimal digits end exactly on a 5 at some place: ties for %f and %e rounding.
double random_tie(std::mt19937_64& r) {
    double d = static_cast<double>(r() % 100000) + 0.5;
    return std::ldexp(d, -static_cast<int>(r() % 8));  // k/2^n: exact, ends in 5
}

}  // namespace

TEST_CASE("printf integer conversions match glibc", "[axlibc][printf]") {
    auto r = rng();
    Compare cmp;
    const char* lengths[] = {"", "hh", "h", "l", "ll", "j", "z", "t"};
    const char convs[] = "diuoxX";
    for (long i = 0; i < scaled(120000); ++i) {
        Field w = random_field(r, 30, false), p = random_field(r, 30, true);
        std::string len = lengths[r() % 8];
        char conv = convs[r() % 6];
        std::string fmt = "<%" + random_flags(r) + w.text + p.text + len + conv + ">";
        uint64_t bits = r() >> (r() % 64);
        if (r() % 16 == 0) bits = 0;
        long long v = static_cast<long long>(r() % 2 ? bits : -bits);
        if (len == "" || len == "hh" || len == "h") {
            check_with_fields(cmp, fmt, w, p, static_cast<int>(v));
        } else {
            check_with_fields(cmp, fmt, w, p, v);
        }
    }
    INFO(cmp.first);
    REQUIRE(cmp.mismatches == 0);
}

TEST_CASE("printf %f %e %g %a match glibc, digit for digit", "[axlibc][printf]") {
    auto r = rng();
    Compare cmp;
    const char convs[] = "fFeEgGaA";
    for (long i = 0; i < scaled(150000); ++i) {
        Field w = random_field(r, 40, false), p = random_field(r, 40, true);
        char conv = convs[r() % 8];
        std::string fmt = "%" + random_flags(r) + w.text + p.text + conv;
        double v = r() % 5 == 0 ? random_tie(r) : random_double_bits(r);
        check_with_fields(cmp, fmt, w, p, v);
    }
    INFO(cmp.first);
    REQUIRE(cmp.mismatches == 0);
}

TEST_CASE("printf of long double matches glibc", "[axlibc][printf]") {
    auto r = rng();
    Compare cmp;
    const char convs[] = "fegaA";
    for (long i = 0; i < scaled(4000); ++i) {
        long double v =
            std::ldexp(static_cast<long double>(r()), static_cast<int>(r() % 600) - 300);
        if (r() % 4 == 0)
            v = std::ldexp(static_cast<long double>(r()), static_cast<int>(r() % 32000) - 16000);
        if (r() % 2) v = -v;
        std::string fmt =
            "%" + random_flags(r) + "." + std::to_string(r() % 41) + "L" + convs[r() % 5];
        cmp(fmt, v);
    }
    INFO(cmp.first);
    REQUIRE(cmp.mismatches == 0);
}

TEST_CASE("printf: glibc's reference cases", "[axlibc][printf]") {
    Compare cmp;
    cmp("%.0f %.0f %.0f", 0.5, 1.5, 2.5);  // 0 2 2
    cmp("%.2f", 1.005);                    // 1.00
    cmp("%.1f", 0.35);                     // 0.3
    cmp("%.20f", 0.1);                     // 0.10000000000000000555
    cmp("%g %g %g", 1e5, 1e-5, 123456789.0);
    cmp("%f", DBL_MAX);  // 316 characters
    cmp("%.40e %.40f", DBL_TRUE_MIN, DBL_MIN);
    cmp("%.0a %.0a %.1a %a %a", 1.5, 2.5, 1.96875, DBL_TRUE_MIN, -0.0);
    cmp("%#.0e %#g %#.3g %g %.0g %#.0g", 1.0, 1.0, 0.0001, 0.0, 0.0, 0.0);
    cmp("%f %F %e %E %a %A %010f %-10f|", INFINITY, -INFINITY, NAN, -NAN, INFINITY, NAN, INFINITY,
        -NAN);
    cmp("%.1100f", DBL_TRUE_MIN);
    INFO(cmp.first);
    REQUIRE(cmp.mismatches == 0);
}

TEST_CASE("printf %c %s %p %n %% and snprintf truncation match glibc", "[axlibc][printf]") {
    auto r = rng();
    Compare cmp;
    cmp("[%c|%5c|%-5c|%lc|%ls|%5.2ls]", 'x', 'y', 'z', L'A', L"wide", L"wide");
    cmp("[%s|%.3s|%10s|%-10s|%.0s|%s]", "hello", "hello", "hi", "hi", "gone", "");
    cmp("[%s][%.3s][%.6s][%10s]", static_cast<char*>(nullptr), static_cast<char*>(nullptr),
        static_cast<char*>(nullptr), static_cast<char*>(nullptr));
    cmp("[%p|%p|%20p|%-20p|%+p|% p]", static_cast<void*>(nullptr), &cmp, &cmp, &cmp, &cmp, &cmp);
    cmp("[%%|%5%|%-5d%%]", 3);
    for (int i = 0; i < scaled(20000); ++i) {
        Field w = random_field(r, 30, false), p = random_field(r, 30, true);
        std::string fmt = "%" + random_flags(r) + w.text + p.text + "s";
        if (r() % 3 == 0) {
            fmt = "%" + random_flags(r) + w.text + "p";
            p = Field{};
        }
        void* ptr = reinterpret_cast<void*>(r() >> (r() % 64));
        if (fmt.back() == 'p')
            check_with_fields(cmp, fmt, w, p, ptr);
        else
            check_with_fields(cmp, fmt, w, p, "a string");
    }
    INFO(cmp.first);
    REQUIRE(cmp.mismatches == 0);

    // %n stores the count so far, in the length modifier's type.
    int n1 = -1, n2 = -1;
    signed char hh = -1;
    long long ll = -1;
    REQUIRE(axlibc_snprintf(nullptr, 0, "abc%nde%hhnf%lln%n", &n1, &hh, &ll, &n2) == 6);
    REQUIRE((n1 == 3 && hh == 5 && ll == 6 && n2 == 6));
}

TEST_CASE("snprintf truncates exactly as glibc", "[axlibc][printf]") {
    auto r = rng();
    for (int i = 0; i < scaled(5000); ++i) {
        size_t size = r() % 40;
        int k = static_cast<int>(r());
        double v = random_double_bits(r);
        char want[64], got[64];
        std::memset(want, 'X', sizeof want);
        std::memset(got, 'X', sizeof got);
        int rw = std::snprintf(want, size, "%d|%.5e|%s", k, v, "tail");
        int rg = axlibc_snprintf(got, size, "%d|%.5e|%s", k, v, "tail");
        REQUIRE(rw == rg);
        REQUIRE(std::memcmp(want, got, sizeof want) == 0);
    }
}

TEST_CASE("printf errors: EOVERFLOW past INT_MAX, EILSEQ for non-ASCII wide characters",
          "[axlibc][printf]") {
    int* err = axlibc___errno_location();
    *err = 0;
    REQUIRE(axlibc_snprintf(nullptr, 0, "%5000000000d", 1) == -1);
    REQUIRE(*err == EOVERFLOW);
    *err = 0;
    REQUIRE(axlibc_snprintf(nullptr, 0, "%*d", INT_MIN, 1) == -1);
    REQUIRE(*err == EOVERFLOW);
    *err = 0;
    REQUIRE(axlibc_snprintf(nullptr, 0, "%*d%*d", INT_MAX, 1, 2, 3) == -1);
    REQUIRE(*err == EOVERFLOW);
    *err = 0;
    REQUIRE(axlibc_snprintf(nullptr, 0, "%lc", 0xe9) == -1);
    REQUIRE(*err == EILSEQ);
    *err = 0;
    REQUIRE(axlibc_snprintf(nullptr, 0, "%y") == -1);  // glibc prints it; axlibc refuses
    REQUIRE(*err == EINVAL);
}
