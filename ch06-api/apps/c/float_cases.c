/* float_cases.c: floating point in a C program (chapter 6, "Floating point in C programs"):
 * printf's %f %e %g %a and strtod, strtof and atof give the text and the bits glibc gives, and
 * double and long double arithmetic runs. Built unchanged for Linux and for this kernel; both
 * runs must pass every case. Prints one line per failure and "float_cases: P passed, F failed";
 * exits with F != 0. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

/* printf of one value through @p fmt must give @p want. */
#define EXPECT_FMT(want, fmt, ...)                                                          \
    do {                                                                                    \
        char got_[128];                                                                     \
        int n_ = snprintf(got_, sizeof got_, fmt, __VA_ARGS__);                             \
        if (n_ == (int)strlen(want) && strcmp(got_, want) == 0) {                           \
            ++passed;                                                                       \
        } else {                                                                            \
            ++failed;                                                                       \
            printf("FAIL printf(\"%s\"): \"%s\" (%d), want \"%s\"\n", fmt, got_, n_, want); \
        }                                                                                   \
    } while (0)

/* strtod of @p text: the bits, the end (characters consumed) and errno. */
static void expect_strtod(const char* text, uint64_t bits, int consumed, int err) {
    char* end;
    errno = 0;
    double d = strtod(text, &end);
    int got_err = errno;
    uint64_t got;
    memcpy(&got, &d, sizeof got);
    if (got == bits && end - text == consumed && got_err == err) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL strtod(\"%s\"): %#llx end %d errno %d, want %#llx end %d errno %d\n", text,
               (unsigned long long)got, (int)(end - text), got_err, (unsigned long long)bits,
               consumed, err);
    }
}

static void expect_eq(const char* what, long long got, long long want) {
    if (got == want) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL %s: %lld, want %lld\n", what, got, want);
    }
}

int main(void) {
    /* printf: the exact decimal value, rounded once (ties to even) */
    EXPECT_FMT("1.000 2.001", "%.3f %.3f", 1.0005, 2.0005); /* 1.000499999.., 2.000500000..1 */
    EXPECT_FMT("0.125", "%.3f", 0.125);
    EXPECT_FMT("0 2 2", "%.0f %.0f %.0f", 0.5, 1.5, 2.5);
    EXPECT_FMT("1.00", "%.2f", 1.005);
    EXPECT_FMT("-0.000", "%.3f", -0.0);
    EXPECT_FMT("3.14159", "%g", 3.14159265358979);
    EXPECT_FMT("1e-05", "%g", 1e-5);
    EXPECT_FMT("0.10000000000000001", "%.17g", 0.1);
    EXPECT_FMT("1.234568e+08", "%e", 123456789.0);
    EXPECT_FMT("  +1.50|2.5E-01   ", "%+7.2f|%-10.1E", 1.5, 0.25);
    EXPECT_FMT("0x1p+0 0x1.8p+1", "%a %a", 1.0, 3.0);
    EXPECT_FMT("4.9406564584124654e-324", "%.17g", 4.9406564584124654e-324);
    EXPECT_FMT("1.797693e+308", "%e", 1.7976931348623157e308);
    double nan = strtod("nan", NULL), inf = strtod("inf", NULL);
    EXPECT_FMT("inf -inf nan -nan INF", "%f %f %f %f %F", inf, -inf, nan, -nan, inf);
    EXPECT_FMT("0.333333333333333333342", "%.21Lf", 1.0L / 3.0L); /* x87 extended */

    /* strtod, strtof, atof: the nearest binary value, end pointer and errno as glibc */
    expect_strtod("0.1", 0x3fb999999999999aull, 3, 0);
    expect_strtod("9007199254740993", 0x4340000000000000ull, 16, 0); /* a tie, to even */
    expect_strtod("2.2250738585072011e-308", 0x000fffffffffffffull, 23, ERANGE);
    expect_strtod("1e400", 0x7ff0000000000000ull, 5, ERANGE);
    expect_strtod("0x1p-1074", 0x1ull, 9, 0); /* exact: no ERANGE */
    expect_strtod("  -12.5e1xyz", 0xc05f400000000000ull, 9, 0);
    expect_strtod("nan", 0x7ff8000000000000ull, 3, 0);
    expect_strtod("x", 0, 0, 0);
    float f = strtof("0.1", NULL);
    uint32_t fbits;
    memcpy(&fbits, &f, sizeof fbits);
    expect_eq("strtof(\"0.1\") bits", fbits, 0x3dcccccd);
    expect_eq("atof(\"3.25\") * 4", (long long)(atof("3.25") * 4), 13);

    /* arithmetic: the same IEEE operations in the same order give the same bits everywhere */
    double h = 0;
    for (int k = 1; k <= 1000; ++k) h += 1.0 / k;
    EXPECT_FMT("7.48547086055034", "%.15g", h);
    long double e = 1, term = 1;
    for (int k = 1; k < 25; ++k) e += term /= k;
    EXPECT_FMT("2.71828182845904524", "%.18Lg", e);

    printf("float_cases: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
