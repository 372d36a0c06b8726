/* printf's integer conversions: %d %i %u %o %x %X, and %p for a non-null pointer (which glibc
 * prints as %#lx, sign flags included). Chapter 6, "What axlibc implements". */
#include <stdint.h>

#include "../internal/lab.h"
#include "../internal/stdio_impl.h"

/* Writes: [pad] sign prefix [zeros] digits [pad], where the zeros come from the precision (the
 * minimum number of digits) or, with '0' and no precision, from the width. */
void __axlibc_fmt_int(struct __axlibc_out* o, const struct __axlibc_spec* sp, uintmax_t v,
                      int neg) {
    // LAB ch06.fmt_int: integers (chapter 6, 9.5) | stub: __axlibc_lab_todo("ch06.fmt_int");
    char digits[3 * sizeof(uintmax_t)]; /* octal: 22 digits for 64 bits */
    char *end = digits + sizeof digits, *p = end;
    char c = sp->conv;
    unsigned base = c == 'o' ? 8 : (c == 'x' || c == 'X' || c == 'p') ? 16 : 10;
    const char* xdigits = c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    for (uintmax_t t = v; t; t /= base) *--p = xdigits[t % base];
    size_t ndig = (size_t)(end - p);

    /* Precision: at least that many digits; "%.0d" of 0 prints no digit at all. */
    size_t zeros = 0;
    if (sp->prec < 0 && v == 0) zeros = 1;
    if (sp->prec >= 0 && (size_t)sp->prec > ndig) zeros = (size_t)sp->prec - ndig;
    /* '#' with %o: the first digit printed is a 0. */
    if (c == 'o' && (sp->flags & __AXLIBC_F_ALT) && zeros == 0 && (ndig == 0 || *p != '0')) {
        zeros = 1;
    }

    char prefix[3];
    size_t npre = 0;
    int is_signed = c == 'd' || c == 'i' || c == 'p';
    if (neg) {
        prefix[npre++] = '-';
    } else if (is_signed && (sp->flags & __AXLIBC_F_PLUS)) {
        prefix[npre++] = '+';
    } else if (is_signed && (sp->flags & __AXLIBC_F_SPACE)) {
        prefix[npre++] = ' ';
    }
    if (((c == 'x' || c == 'X') && (sp->flags & __AXLIBC_F_ALT) && v != 0) || c == 'p') {
        prefix[npre++] = '0';
        prefix[npre++] = c == 'X' ? 'X' : 'x';
    }

    size_t len = npre + zeros + ndig;
    size_t pad = (size_t)sp->width > len ? (size_t)sp->width - len : 0;
    if ((sp->flags & __AXLIBC_F_ZERO) && !(sp->flags & __AXLIBC_F_LEFT) && sp->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!(sp->flags & __AXLIBC_F_LEFT)) __axlibc_out_fill(o, ' ', pad);
    __axlibc_out_bytes(o, prefix, npre);
    __axlibc_out_fill(o, '0', zeros);
    __axlibc_out_bytes(o, p, ndig);
    if (sp->flags & __AXLIBC_F_LEFT) __axlibc_out_fill(o, ' ', pad);
    // LAB END
}
