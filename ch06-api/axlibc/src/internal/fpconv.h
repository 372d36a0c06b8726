/* The two exact conversions between binary floating point and decimal, on integers only (no
 * floating-point instruction: exactness comes from integer arithmetic, not from the FPU):
 *   - __axlibc_decimal_*: the exact decimal expansion of mant * 2^e2 (printf %f %e %g);
 *   - __axlibc_scan_float: decimal or hexadecimal text to the nearest binary64/binary32 (strtod).
 * Chapter 6, "What axlibc implements", explains why both are exact and how. */
#ifndef _AXLIBC_FPCONV_H
#define _AXLIBC_FPCONV_H

#include <stdint.h>

/* Limbs of 9 decimal digits: enough for the longest exact expansion of the widest type built
 * (x87 long double: 2^-16445 times a 64-bit mantissa has 11,500 digits; a double 767). */
#if __SIZEOF_LONG_DOUBLE__ > 8
#define __AXLIBC_DECIMAL_LIMBS 1300
#else
#define __AXLIBC_DECIMAL_LIMBS 90
#endif

/* An exact decimal number 0.d[0]d[1]...d[n-1] x 10^dexp, its digits held as an integer in base
 * 10^9 (limb[0] the least significant). n == 0 means the value zero. */
struct __axlibc_decimal {
    uint32_t limb[__AXLIBC_DECIMAL_LIMBS];
    int nlimbs;
    int n;
    int dexp;
};

/* Sets @p d to mant * 2^e2 exactly (mant may be 0). */
void __axlibc_decimal_from_binary(struct __axlibc_decimal* d, uint64_t mant, int e2);
/* Digit @p i (0 the most significant); 0 for any i outside 0..n-1. */
int __axlibc_decimal_digit(const struct __axlibc_decimal* d, int i);
/* Rounds to the first @p keep digits (keep may be 0 or negative), ties to even, as glibc does
 * in the default rounding mode. A carry may add a digit in front (dexp grows by one). */
void __axlibc_decimal_round(struct __axlibc_decimal* d, int keep);

/* A binary floating-point format: mantissa bits with the hidden one (53 or 24), the smallest
 * normal exponent (-1022 or -126) and the exponent bias (1023 or 127). */
struct __axlibc_float_format {
    int mant_bits;
    int emin;
    int bias;
};
extern const struct __axlibc_float_format __axlibc_binary64, __axlibc_binary32;

/* Parses the longest prefix of @p s that strtod accepts (C17 7.22.1.3: white space, sign,
 * decimal or 0x hexadecimal with optional exponent, inf, infinity, nan, nan(chars)) and returns
 * the IEEE bits of the nearest value in @p fmt (ties to even). *end gets the first byte not used
 * (s itself when nothing was a number); *erange is set on overflow and on an inexact result
 * below the normal range, the cases where glibc sets ERANGE (errno itself is set, as in glibc,
 * when a nan(...) payload exceeds 64 bits). */
uint64_t __axlibc_scan_float(const char* s, const char** end,
                             const struct __axlibc_float_format* fmt, int* erange);

#endif
