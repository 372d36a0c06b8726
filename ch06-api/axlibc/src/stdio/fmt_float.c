/* printf's floating-point conversions: %f %F %e %E %g %G from the exact decimal expansion
 * (decimal.c), rounded once at the requested place; %a %A from the binary digits, rounded to
 * the requested number of hex digits. Ties go to even, as glibc does in the default rounding
 * mode. Chapter 6, "What axlibc implements". */
#include "../internal/fpconv.h"
#include "../internal/stdio_impl.h"

/* Writes digits [from, from+count) of d, in chunks. */
static void emit_digits(struct __axlibc_out* o, const struct __axlibc_decimal* d, int from,
                        int count) {
    char chunk[64];
    while (count > 0) {
        int k = count < (int)sizeof chunk ? count : (int)sizeof chunk;
        for (int i = 0; i < k; i++) chunk[i] = (char)('0' + __axlibc_decimal_digit(d, from + i));
        __axlibc_out_bytes(o, chunk, (size_t)k);
        from += k;
        count -= k;
    }
}

/* Padding around a body of `len` bytes: spaces before (right-aligned), zeros after the sign and
 * prefix ('0' flag, finite values only), or spaces after ('-'). Returns the zeros to write. */
static size_t pad_before(struct __axlibc_out* o, const struct __axlibc_spec* sp, size_t len,
                         int zero_ok) {
    size_t pad = (size_t)sp->width > len ? (size_t)sp->width - len : 0;
    if (sp->flags & __AXLIBC_F_LEFT) return 0;
    if (zero_ok && (sp->flags & __AXLIBC_F_ZERO)) return pad;
    __axlibc_out_fill(o, ' ', pad);
    return 0;
}

static void pad_after(struct __axlibc_out* o, const struct __axlibc_spec* sp, size_t len) {
    if ((sp->flags & __AXLIBC_F_LEFT) && (size_t)sp->width > len) {
        __axlibc_out_fill(o, ' ', (size_t)sp->width - len);
    }
}

/* The exponent part: e+05, E-123, p+0. */
static size_t exponent_text(char* buf, char letter, int x, int min_digits) {
    char tmp[8];
    int n = 0;
    unsigned u = x < 0 ? (unsigned)-x : (unsigned)x;
    do tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) || n < min_digits);
    size_t len = 0;
    buf[len++] = letter;
    buf[len++] = x < 0 ? '-' : '+';
    while (n) buf[len++] = tmp[--n];
    return len;
}

static void fmt_hex(struct __axlibc_out* o, const struct __axlibc_spec* sp,
                    const struct __axlibc_fp* x, const char* sign, size_t nsign, int upper) {
    int fb = x->hex_frac_bits, full = fb / 4;
    uint64_t mant = x->mant;
    int exp = mant ? x->hex_exp : 0;
    int nd;
    if (sp->prec >= 0 && sp->prec < full) {
        int drop = fb - 4 * sp->prec;
        uint64_t kept = mant >> drop, rem = mant & (((uint64_t)1 << drop) - 1);
        uint64_t half = (uint64_t)1 << (drop - 1);
        if (rem > half || (rem == half && (kept & 1))) kept++;
        if (fb == 60 && kept >> (4 * sp->prec) >= 16) { /* 0xf.f -> 0x1p+4 more, as glibc */
            kept >>= 4;
            exp += 4;
        }
        mant = kept << drop; /* may carry into the leading digit: 0x1.f -> 0x2.0 */
        nd = sp->prec;
    } else if (sp->prec >= 0) {
        nd = sp->prec;
    } else {
        nd = full;
        while (nd > 0 && ((mant >> (fb - 4 * nd)) & 15) == 0) nd--;
    }
    const char* xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char lead[4];
    size_t nlead = 0;
    uint64_t l = mant >> fb;
    if (l >= 16) lead[nlead++] = xd[l >> 4];
    lead[nlead++] = xd[l & 15];
    char ex[12];
    size_t nex = exponent_text(ex, upper ? 'P' : 'p', exp, 1);
    int point = nd > 0 || (sp->flags & __AXLIBC_F_ALT);
    size_t len = nsign + 2 + nlead + (size_t)point + (size_t)nd + nex;
    size_t zeros = pad_before(o, sp, len, 1);
    __axlibc_out_bytes(o, sign, nsign);
    __axlibc_out_bytes(o, upper ? "0X" : "0x", 2);
    __axlibc_out_fill(o, '0', zeros);
    __axlibc_out_bytes(o, lead, nlead);
    if (point) __axlibc_out_bytes(o, ".", 1);
    for (int i = 1; i <= nd; i++) {
        int shift = fb - 4 * i;
        char c = shift >= 0 ? xd[(mant >> shift) & 15] : '0';
        __axlibc_out_bytes(o, &c, 1);
    }
    __axlibc_out_bytes(o, ex, nex);
    pad_after(o, sp, len + zeros);
}

void __axlibc_fmt_float(struct __axlibc_out* o, const struct __axlibc_spec* sp,
                        const struct __axlibc_fp* x) {
    char c = sp->conv;
    int upper = c == 'F' || c == 'E' || c == 'G' || c == 'A';
    char lower = (char)(c | 32);
    char sign[1];
    size_t nsign = 0;
    if (x->neg)
        sign[nsign++] = '-';
    else if (sp->flags & __AXLIBC_F_PLUS)
        sign[nsign++] = '+';
    else if (sp->flags & __AXLIBC_F_SPACE)
        sign[nsign++] = ' ';

    if (x->cls != 0) { /* inf, nan: no zero padding */
        const char* text = x->cls == 1 ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
        size_t len = nsign + 3;
        pad_before(o, sp, len, 0);
        __axlibc_out_bytes(o, sign, nsign);
        __axlibc_out_bytes(o, text, 3);
        pad_after(o, sp, len);
        return;
    }
    if (lower == 'a') {
        fmt_hex(o, sp, x, sign, nsign, upper);
        return;
    }

    struct __axlibc_decimal d;
    __axlibc_decimal_from_binary(&d, x->mant, x->e2);
    int prec = sp->prec < 0 ? 6 : sp->prec;
    int alt = (sp->flags & __AXLIBC_F_ALT) != 0;
    int style_e, nfrac;
    if (lower == 'g') {
        int P = prec == 0 ? 1 : prec;
        __axlibc_decimal_round(&d, P);
        int X = d.n ? d.dexp - 1 : 0;
        style_e = !(P > X && X >= -4);
        nfrac = style_e ? P - 1 : P - 1 - X;
        if (!alt) { /* %g drops trailing zeros */
            int last = style_e ? nfrac : d.dexp + nfrac - 1;
            while (nfrac > 0 && __axlibc_decimal_digit(&d, last) == 0) nfrac--, last--;
        }
    } else if (lower == 'e') {
        style_e = 1;
        nfrac = prec;
        __axlibc_decimal_round(&d, prec + 1);
    } else {
        style_e = 0;
        nfrac = prec;
        __axlibc_decimal_round(&d, d.dexp + prec);
    }
    int point = nfrac > 0 || alt;

    if (style_e) {
        char ex[12];
        size_t nex = exponent_text(ex, upper ? 'E' : 'e', d.n ? d.dexp - 1 : 0, 2);
        size_t len = nsign + 1 + (size_t)point + (size_t)nfrac + nex;
        size_t zeros = pad_before(o, sp, len, 1);
        __axlibc_out_bytes(o, sign, nsign);
        __axlibc_out_fill(o, '0', zeros);
        emit_digits(o, &d, 0, 1);
        if (point) __axlibc_out_bytes(o, ".", 1);
        emit_digits(o, &d, 1, nfrac);
        __axlibc_out_bytes(o, ex, nex);
        pad_after(o, sp, len + zeros);
        return;
    }
    int intlen = d.n && d.dexp > 0 ? d.dexp : 1;
    size_t len = nsign + (size_t)intlen + (size_t)point + (size_t)nfrac;
    size_t zeros = pad_before(o, sp, len, 1);
    __axlibc_out_bytes(o, sign, nsign);
    __axlibc_out_fill(o, '0', zeros);
    if (d.n && d.dexp > 0)
        emit_digits(o, &d, 0, d.dexp);
    else
        __axlibc_out_bytes(o, "0", 1);
    if (point) __axlibc_out_bytes(o, ".", 1);
    emit_digits(o, &d, d.n ? d.dexp : 0, nfrac);
    pad_after(o, sp, len + zeros);
}
