/* The exact decimal expansion behind printf's %f, %e and %g (chapter 6, "What axlibc
 * implements"). A binary floating-point value is mant * 2^e2 with integers mant and e2, so it
 * is exactly
 *     mant * 2^e2                    when e2 >= 0 (an integer), and
 *     mant * 5^-e2 / 10^-e2          when e2 < 0  (a decimal fraction with -e2 digits),
 * and both are big integers built by multiplying by small powers of 2 or 5 in base 10^9. The
 * digits are then rounded once, at the place the conversion asks for: no double arithmetic,
 * so no digit is ever wrong and ties go to even exactly as in glibc. */
#include "../internal/fpconv.h"

static const uint32_t pow10_table[10] = {1,      10,      100,      1000,      10000,
                                         100000, 1000000, 10000000, 100000000, 1000000000};

/* d = d * f + 0, for a factor f below 2^31 (so limb * f + carry fits in 64 bits). */
static void mul_small(struct __axlibc_decimal* d, uint32_t f) {
    uint64_t carry = 0;
    for (int i = 0; i < d->nlimbs; i++) {
        uint64_t t = (uint64_t)d->limb[i] * f + carry;
        d->limb[i] = (uint32_t)(t % 1000000000u);
        carry = t / 1000000000u;
    }
    while (carry) {
        d->limb[d->nlimbs++] = (uint32_t)(carry % 1000000000u);
        carry /= 1000000000u;
    }
}

static int count_digits(const struct __axlibc_decimal* d) {
    if (d->nlimbs == 0) return 0;
    uint32_t top = d->limb[d->nlimbs - 1];
    int k = 1;
    while (k < 9 && top >= pow10_table[k]) k++;
    return (d->nlimbs - 1) * 9 + k;
}

void __axlibc_decimal_from_binary(struct __axlibc_decimal* d, uint64_t mant, int e2) {
    d->nlimbs = 0;
    while (mant) {
        d->limb[d->nlimbs++] = (uint32_t)(mant % 1000000000u);
        mant /= 1000000000u;
    }
    if (d->nlimbs == 0) {
        d->n = 0;
        d->dexp = 1;
        return;
    }
    if (e2 >= 0) {
        for (; e2 >= 29; e2 -= 29) mul_small(d, 1u << 29);
        if (e2) mul_small(d, 1u << e2);
        d->n = count_digits(d);
        d->dexp = d->n;
    } else {
        int k = -e2;
        for (; k >= 13; k -= 13) mul_small(d, 1220703125u); /* 5^13 */
        uint32_t f = 1;
        while (k--) f *= 5;
        mul_small(d, f);
        d->n = count_digits(d);
        d->dexp = d->n + e2; /* the value is the integer times 10^e2 */
    }
}

int __axlibc_decimal_digit(const struct __axlibc_decimal* d, int i) {
    if (i < 0 || i >= d->n) return 0;
    int p = d->n - 1 - i; /* position from the right */
    return (int)(d->limb[p / 9] / pow10_table[p % 9] % 10);
}

/* True when any digit at position i or after it is not zero. */
static int nonzero_from(const struct __axlibc_decimal* d, int i) {
    if (i >= d->n) return 0;
    if (i < 0) i = 0;
    int p = d->n - 1 - i; /* digits at positions p..0 from the right */
    if (d->limb[p / 9] % pow10_table[p % 9 + 1]) return 1;
    for (int l = p / 9 - 1; l >= 0; l--) {
        if (d->limb[l]) return 1;
    }
    return 0;
}

void __axlibc_decimal_round(struct __axlibc_decimal* d, int keep) {
    if (d->n == 0 || keep >= d->n) return;
    int r = keep >= 0 ? __axlibc_decimal_digit(d, keep) : 0;
    int up = r > 5 ||
             (r == 5 && (nonzero_from(d, keep + 1) || (__axlibc_decimal_digit(d, keep - 1) & 1)));
    if (keep < 0 || (keep == 0 && !up)) {
        d->nlimbs = 0;
        d->n = 0;
        return;
    }
    /* Clear the digits from position `keep` on: positions 0..p from the right. */
    int p = d->n - 1 - keep;
    for (int l = 0; l < p / 9; l++) d->limb[l] = 0;
    d->limb[p / 9] -= d->limb[p / 9] % pow10_table[p % 9 + 1];
    if (!up) return;
    /* Add one unit in the last kept place: 10^(p+1) from the right. */
    int l = (p + 1) / 9;
    uint32_t add = pow10_table[(p + 1) % 9];
    if (l >= d->nlimbs) d->limb[d->nlimbs++] = 0;
    for (;;) {
        d->limb[l] += add;
        if (d->limb[l] < 1000000000u) break;
        d->limb[l] -= 1000000000u;
        add = 1;
        if (++l == d->nlimbs) d->limb[d->nlimbs++] = 0;
    }
    while (d->nlimbs && d->limb[d->nlimbs - 1] == 0) d->nlimbs--;
    int n = count_digits(d);
    d->dexp += n - d->n;
    d->n = n;
}
