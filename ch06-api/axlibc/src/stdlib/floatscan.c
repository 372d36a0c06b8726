/* Text to the nearest binary floating-point value, exactly (chapter 6, "What axlibc
 * implements"): the decimal digits become a big integer D and an exponent E, the value is the
 * fraction N/M = D*10^E, and the mantissa is the integer quotient of N and M scaled by a power
 * of two so that it has two bits more than the format keeps; the remainder says whether
 * anything was left over. One rounding, ties to even, on exact integers: no step can be off by
 * one unit as a floating-point accumulation can. Only the first 800 significant digits are
 * kept, the rest folded into one sticky digit: a value halfway between two doubles has at most
 * 767 significant digits, so the sticky digit decides every case the full string would. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>

#include "../internal/fpconv.h"
#include "../internal/strtox.h"

const struct __axlibc_float_format __axlibc_binary64 = {53, -1022, 1023};
const struct __axlibc_float_format __axlibc_binary32 = {24, -126, 127};

enum { kMaxDigits = 800, kLimbs = 140 }; /* 140 x 32 bits: D*10^E scaled, with room */

/* A non-negative big integer in base 2^32, limb[0] the least significant. */
struct big {
    uint32_t limb[kLimbs];
    int n;
};

static void big_set(struct big* b, uint32_t v) {
    b->n = v != 0;
    b->limb[0] = v;
}

static void big_mul_add(struct big* b, uint32_t f, uint32_t add) {
    uint64_t carry = add;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->limb[i] * f + carry;
        b->limb[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) b->limb[b->n++] = (uint32_t)carry;
}

static void big_mul_pow10(struct big* b, int k) {
    for (; k >= 9; k -= 9) big_mul_add(b, 1000000000u, 0);
    uint32_t f = 1;
    while (k--) f *= 10;
    big_mul_add(b, f, 0);
}

static void big_shl(struct big* b, int s) {
    int w = s / 32, r = s % 32;
    if (b->n == 0) return;
    b->limb[b->n + w] = 0;
    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t v = (uint64_t)b->limb[i] << r;
        b->limb[i + w + 1] |= (uint32_t)(v >> 32);
        b->limb[i + w] = (uint32_t)v;
    }
    for (int i = 0; i < w; i++) b->limb[i] = 0;
    b->n += w + 1;
    while (b->n && b->limb[b->n - 1] == 0) b->n--;
}

static int big_bits(const struct big* b) {
    if (b->n == 0) return 0;
    return b->n * 32 - __builtin_clz(b->limb[b->n - 1]);
}

static int big_cmp(const struct big* a, const struct big* b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--) {
        if (a->limb[i] != b->limb[i]) return a->limb[i] < b->limb[i] ? -1 : 1;
    }
    return 0;
}

static void big_sub(struct big* a, const struct big* b) { /* a -= b, a >= b */
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->limb[i] - (i < b->n ? b->limb[i] : 0) - borrow;
        borrow = t < 0;
        a->limb[i] = (uint32_t)(t + (borrow << 32));
    }
    while (a->n && a->limb[a->n - 1] == 0) a->n--;
}

/* Rounds q (the value in units of 2^(lsb-2), plus `sticky` for anything below) to the format,
 * ties to even, and returns its bits. e is floor(log2(value)). */
static uint64_t round_encode(uint64_t q, int sticky, int lsb, int e,
                             const struct __axlibc_float_format* f, int* erange) {
    uint64_t m = q >> 2;
    unsigned rb = q & 3;
    int inexact = rb || sticky;
    if (rb > 2 || (rb == 2 && (sticky || (m & 1)))) m++;
    if (m >> f->mant_bits) { /* carried into a new bit */
        m >>= 1;
        lsb++;
    }
    uint64_t frac_mask = ((uint64_t)1 << (f->mant_bits - 1)) - 1;
    int biased = lsb + f->mant_bits - 1 + f->bias;
    if (biased >= 2 * f->bias + 1) { /* overflow: infinity */
        *erange = 1;
        return (uint64_t)(2 * f->bias + 1) << (f->mant_bits - 1);
    }
    if (e < f->emin && inexact) {
        /* Tiny after rounding (as x86 detects it): would the value, rounded to the full
         * precision with no lower exponent bound, still be below the smallest normal? */
        uint64_t mu = q >> 1;
        if ((q & 1) && (sticky || (mu & 1))) mu++;
        if (!(e == f->emin - 1 && mu >> f->mant_bits)) *erange = 1;
    }
    if (!(m >> (f->mant_bits - 1))) return m; /* subnormal or zero: exponent field 0 */
    return ((uint64_t)biased << (f->mant_bits - 1)) | (m & frac_mask);
}

/* The lowest bit's exponent for a value whose top bit is 2^e. */
static int lsb_for(int e, const struct __axlibc_float_format* f) {
    int lsb = e - (f->mant_bits - 1);
    int min = f->emin - (f->mant_bits - 1);
    return lsb < min ? min : lsb;
}

/* D * 10^E, D given as decimal digits (no leading zero), rounded to the format. */
static uint64_t decimal_to_bits(const char* digits, int nd, long E,
                                const struct __axlibc_float_format* f, int* erange) {
    /* Far outside the range: 10^(nd+E) bounds the value from above, 10^(nd+E-1) from below. */
    long mag = nd + E;
    if (mag > (f->bias + 1) * 30103L / 100000 + 2) {
        *erange = 1;
        return (uint64_t)(2 * f->bias + 1) << (f->mant_bits - 1);
    }
    if (mag < -((f->bias + f->mant_bits) * 30103L / 100000) - 2) {
        *erange = 1;
        return 0;
    }
    _Static_assert(kLimbs * 32 >= (kMaxDigits + 1 + 325) * 3322 / 1000 + 128, "room for N, M");
    struct big N, M;
    big_set(&N, 0);
    for (int i = 0; i < nd; i++) {
        if (N.n == 0)
            big_set(&N, (uint32_t)(digits[i] - '0'));
        else
            big_mul_add(&N, 10, (uint32_t)(digits[i] - '0'));
    }
    big_set(&M, 1);
    if (E > 0) big_mul_pow10(&N, (int)E);
    if (E < 0) big_mul_pow10(&M, (int)-E);
    /* e = floor(log2(N/M)): the bit lengths give it to within one. */
    int e = big_bits(&N) - big_bits(&M);
    struct big t = M;
    if (e >= 0) {
        big_shl(&t, e);
        if (big_cmp(&N, &t) < 0) e--;
    } else {
        struct big u = N;
        big_shl(&u, -e);
        if (big_cmp(&u, &M) < 0) e--;
    }
    /* q = floor(N / (M * 2^(lsb-2))), at most mant_bits + 2 bits, by shift and subtract. */
    int lsb = lsb_for(e, f);
    int s = lsb - 2;
    if (s > 0) big_shl(&M, s);
    if (s < 0) big_shl(&N, -s);
    uint64_t q = 0;
    for (int bit = f->mant_bits + 2; bit >= 0; bit--) {
        t = M;
        big_shl(&t, bit);
        if (big_cmp(&N, &t) >= 0) {
            big_sub(&N, &t);
            q |= (uint64_t)1 << bit;
        }
    }
    return round_encode(q, N.n != 0, lsb, e, f, erange);
}

/* H * 2^be with H below 2^64 (plus a sticky bit for hex digits beyond), rounded. */
static uint64_t binary_to_bits(uint64_t H, int sticky, long be,
                               const struct __axlibc_float_format* f, int* erange) {
    int hb = 63 - __builtin_clzll(H);
    long e = hb + be;
    if (e > f->bias) {
        *erange = 1;
        return (uint64_t)(2 * f->bias + 1) << (f->mant_bits - 1);
    }
    if (e < f->emin - f->mant_bits - 2) e = f->emin - f->mant_bits - 2; /* rounds to 0 */
    int lsb = lsb_for((int)e, f);
    long shift = lsb - 2 - be;
    uint64_t q;
    if (shift >= 64) {
        q = 0;
        sticky |= H != 0;
    } else if (shift > 0) {
        q = H >> shift;
        sticky |= (H & (((uint64_t)1 << shift) - 1)) != 0;
    } else {
        q = H << -shift;
    }
    return round_encode(q, sticky, lsb, (int)e, f, erange);
}

static int hexval(int c) {
    if (isdigit(c)) return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Matches a case-insensitive lower-case word at s. */
static int match(const char* s, const char* word) {
    for (; *word; s++, word++) {
        if ((*s | 32) != *word) return 0;
    }
    return 1;
}

/* Reads an exponent's digits after its letter, if there is a valid one: [+-]digits. */
static const char* scan_exponent(const char* p, long* out) {
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if (!isdigit((unsigned char)*p)) return NULL;
    long v = 0;
    for (; isdigit((unsigned char)*p); p++) {
        if (v < 100000000) v = v * 10 + (*p - '0'); /* saturate: far beyond any format */
    }
    *out = neg ? -v : v;
    return p;
}

static uint64_t scan_hex(const char* p, const char** end, const struct __axlibc_float_format* f,
                         int* erange) {
    uint64_t H = 0;
    int sticky = 0, any = 0, dot = 0;
    long be = 0;
    for (;; p++) {
        if (*p == '.' && !dot) {
            dot = 1;
            continue;
        }
        int v = hexval((unsigned char)*p);
        if (v < 0) break;
        any = 1;
        if (H >> 60) { /* no room: the digit only says whether anything is left over */
            sticky |= v != 0;
            if (!dot) be += 4;
        } else {
            H = H << 4 | (uint64_t)v;
            if (dot) be -= 4;
        }
    }
    if (!any) return (uint64_t)-1; /* "0x" alone: the caller takes just the 0 */
    long pe;
    const char* q;
    if ((*p | 32) == 'p' && (q = scan_exponent(p + 1, &pe))) {
        p = q;
        be += pe;
    }
    *end = p;
    if (H == 0) return 0;
    return binary_to_bits(H, sticky, be, f, erange);
}

uint64_t __axlibc_scan_float(const char* s, const char** end, const struct __axlibc_float_format* f,
                             int* erange) {
    const char* p = s;
    uint64_t sign_bit = (uint64_t)1 << (f->mant_bits - 1 + (f->mant_bits == 53 ? 11 : 8));
    uint64_t inf_bits = (uint64_t)(2 * f->bias + 1) << (f->mant_bits - 1);
    *erange = 0;
    *end = s;
    while (isspace((unsigned char)*p)) p++;
    uint64_t sign = 0;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? sign_bit : 0;

    if (match(p, "inf")) {
        *end = p + (match(p, "infinity") ? 8 : 3);
        return sign | inf_bits;
    }
    if (match(p, "nan")) {
        p += 3;
        uint64_t quiet = (uint64_t)1 << (f->mant_bits - 2), payload = 0;
        if (*p == '(') { /* nan(n-char-sequence): letters, digits and _ */
            const char* q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_') q++;
            if (*q == ')') {
                /* A sequence that is wholly an integer (base 0, as strtoull reads it) is the
                 * payload, cut to the mantissa bits below the quiet bit. A NaN is never a range
                 * error: a payload too large for 64 bits leaves errno alone, as glibc 2.41 does
                 * (Debian 13); glibc 2.36 (Debian 12) set ERANGE. */
                char* e;
                int saved_errno = errno;
                unsigned long long v = __axlibc_strtox(p + 1, &e, 0, 0);
                errno = saved_errno;
                if (e == q) payload = v & (quiet - 1);
                p = q + 1;
            }
        }
        *end = p;
        return sign | inf_bits | quiet | payload;
    }
    if (p[0] == '0' && (p[1] | 32) == 'x') {
        const char* e = p + 1;
        uint64_t bits = scan_hex(p + 2, &e, f, erange);
        if (bits == (uint64_t)-1) {
            *end = p + 1;
            return sign;
        }
        *end = e;
        return sign | bits;
    }

    char digits[kMaxDigits + 1];
    int nd = 0, any = 0, dot = 0, sticky = 0;
    long E = 0;
    for (;; p++) {
        if (*p == '.' && !dot) {
            dot = 1;
            continue;
        }
        if (!isdigit((unsigned char)*p)) break;
        any = 1;
        if (nd == 0 && *p == '0') { /* a leading zero: only the exponent moves */
            if (dot) E--;
            continue;
        }
        if (nd < kMaxDigits) {
            digits[nd++] = *p;
            if (dot) E--;
        } else {
            sticky |= *p != '0';
            if (!dot) E++;
        }
    }
    if (!any) return 0;
    long xe;
    const char* q;
    if ((*p | 32) == 'e' && (q = scan_exponent(p + 1, &xe))) {
        p = q;
        E += xe;
    }
    *end = p;
    if (nd == 0) return sign;
    if (sticky) { /* one more digit, non-zero, one place further right */
        digits[nd++] = '1';
        E--;
    }
    return sign | decimal_to_bits(digits, nd, E, f, erange);
}
