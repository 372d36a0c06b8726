/* The printf engine (C17 7.21.6.1): walks the format, parses each conversion specification
 * (flags, width, precision, both possibly `*`, length modifier, conversion), fetches its
 * argument with the right type and hands it to fmt_int.c, fmt_float.c or the string and
 * character code here. Every printf-family function ends up here with its own sink. Not
 * supported: positional arguments (%1$d) and the GNU %m. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../internal/stdio_impl.h"

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_LD };

/* Reads a decimal number of the format; -1 when it exceeds INT_MAX. */
static int read_number(const char** pp) {
    const char* p = *pp;
    long v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > INT_MAX) v = (long)INT_MAX + 1;
    }
    *pp = p;
    return v > INT_MAX ? -1 : (int)v;
}

static enum length read_length(const char** pp) {
    const char* p = *pp;
    enum length len = LEN_NONE;
    switch (*p) {
        case 'h':
            len = p[1] == 'h' ? (p++, LEN_HH) : LEN_H;
            break;
        case 'l':
            len = p[1] == 'l' ? (p++, LEN_LL) : LEN_L;
            break;
        case 'q':
            len = LEN_LL;
            break;
        case 'j':
            len = LEN_J;
            break;
        case 'z':
            len = LEN_Z;
            break;
        case 't':
            len = LEN_T;
            break;
        case 'L':
            len = LEN_LD;
            break;
        default:
            return LEN_NONE;
    }
    *pp = p + 1;
    return len;
}

static intmax_t signed_arg(va_list* ap, enum length len) {
    switch (len) {
        case LEN_HH:
            return (signed char)va_arg(*ap, int);
        case LEN_H:
            return (short)va_arg(*ap, int);
        case LEN_L:
            return va_arg(*ap, long);
        case LEN_LL:
            return va_arg(*ap, long long);
        case LEN_J:
            return va_arg(*ap, intmax_t);
        case LEN_Z:
            return va_arg(*ap, long); /* ssize_t */
        case LEN_T:
            return va_arg(*ap, ptrdiff_t);
        default:
            return va_arg(*ap, int);
    }
}

static uintmax_t unsigned_arg(va_list* ap, enum length len) {
    switch (len) {
        case LEN_HH:
            return (unsigned char)va_arg(*ap, unsigned);
        case LEN_H:
            return (unsigned short)va_arg(*ap, unsigned);
        case LEN_L:
            return va_arg(*ap, unsigned long);
        case LEN_LL:
            return va_arg(*ap, unsigned long long);
        case LEN_J:
            return va_arg(*ap, uintmax_t);
        case LEN_Z:
            return va_arg(*ap, size_t);
        case LEN_T:
            return (uintmax_t)(size_t)va_arg(*ap, ptrdiff_t);
        default:
            return va_arg(*ap, unsigned);
    }
}

/* %n: stores the count so far in the pointed-to object of the length's type. */
static void store_count(va_list* ap, enum length len, size_t n) {
    switch (len) {
        case LEN_HH:
            *va_arg(*ap, signed char*) = (signed char)n;
            break;
        case LEN_H:
            *va_arg(*ap, short*) = (short)n;
            break;
        case LEN_L:
            *va_arg(*ap, long*) = (long)n;
            break;
        case LEN_LL:
            *va_arg(*ap, long long*) = (long long)n;
            break;
        case LEN_J:
            *va_arg(*ap, intmax_t*) = (intmax_t)n;
            break;
        case LEN_Z:
            *va_arg(*ap, size_t*) = n;
            break;
        case LEN_T:
            *va_arg(*ap, ptrdiff_t*) = (ptrdiff_t)n;
            break;
        default:
            *va_arg(*ap, int*) = (int)n;
            break;
    }
}

/* Bytes of a string padded to the width (%s, %c, "(nil)"). */
static void fmt_text(struct __axlibc_out* o, const struct __axlibc_spec* sp, const char* s,
                     size_t n) {
    size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;
    if (!(sp->flags & __AXLIBC_F_LEFT)) __axlibc_out_fill(o, ' ', pad);
    __axlibc_out_bytes(o, s, n);
    if (sp->flags & __AXLIBC_F_LEFT) __axlibc_out_fill(o, ' ', pad);
}

/* %ls: a wide string in the C locale, where only ASCII has a one-byte form. */
static int fmt_wide(struct __axlibc_out* o, const struct __axlibc_spec* sp, const wchar_t* ws) {
    size_t n = 0;
    while ((sp->prec < 0 || n < (size_t)sp->prec) && ws[n]) {
        if ((unsigned)ws[n] > 0x7f) return EILSEQ;
        n++;
    }
    char chunk[64];
    size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;
    if (!(sp->flags & __AXLIBC_F_LEFT)) __axlibc_out_fill(o, ' ', pad);
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof chunk && i < n; k++, i++) chunk[k] = (char)ws[i];
        __axlibc_out_bytes(o, chunk, k);
    }
    if (sp->flags & __AXLIBC_F_LEFT) __axlibc_out_fill(o, ' ', pad);
    return 0;
}

/* Takes a double or long double argument apart into sign, mantissa and exponent. */
static void float_arg(va_list* ap, enum length len, struct __axlibc_fp* x) {
    if (len == LEN_LD && __SIZEOF_LONG_DOUBLE__ > 8) {
        long double v = va_arg(*ap, long double); /* x87 extended: 64-bit mantissa, int bit */
        unsigned char raw[16];
        memcpy(raw, &v, 10);
        uint64_t m;
        uint16_t se;
        memcpy(&m, raw, 8);
        memcpy(&se, raw + 8, 2);
        int ex = se & 0x7fff;
        x->neg = se >> 15;
        x->cls = ex == 0x7fff ? ((m << 1) ? 2 : 1) : 0;
        x->mant = m;
        x->e2 = (ex ? ex : 1) - 16383 - 63;
        x->hex_frac_bits = 60;
        x->hex_exp = x->e2 + 60;
        return;
    }
    double v = len == LEN_LD ? (double)va_arg(*ap, long double) : va_arg(*ap, double);
    uint64_t b;
    memcpy(&b, &v, 8);
    int ex = (int)(b >> 52 & 0x7ff);
    uint64_t frac = b & (((uint64_t)1 << 52) - 1);
    x->neg = (int)(b >> 63);
    x->cls = ex == 0x7ff ? (frac ? 2 : 1) : 0;
    x->mant = ex ? frac | (uint64_t)1 << 52 : frac;
    x->e2 = (ex ? ex : 1) - 1075;
    x->hex_frac_bits = 52;
    x->hex_exp = ex ? ex - 1023 : -1022;
}

/* One conversion whose specification is parsed; 0 or an error number. */
static int convert(struct __axlibc_out* o, struct __axlibc_spec* sp, enum length len, va_list* ap) {
    switch (sp->conv) {
        case 'd':
        case 'i': {
            intmax_t v = signed_arg(ap, len);
            __axlibc_fmt_int(o, sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0);
            return 0;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            __axlibc_fmt_int(o, sp, unsigned_arg(ap, len), 0);
            return 0;
        case 'p': {
            void* p = va_arg(*ap, void*);
            if (!p) {
                fmt_text(o, sp, "(nil)", 5);
            } else {
                sp->flags |= __AXLIBC_F_ALT;
                __axlibc_fmt_int(o, sp, (uintptr_t)p, 0);
            }
            return 0;
        }
        case 'c': {
            if (len == LEN_L) {
                unsigned wc = va_arg(*ap, unsigned); /* wint_t */
                if (wc > 0x7f) return EILSEQ;
                char ch = (char)wc;
                fmt_text(o, sp, &ch, 1);
                return 0;
            }
            char ch = (char)va_arg(*ap, int);
            fmt_text(o, sp, &ch, 1);
            return 0;
        }
        case 's': {
            if (len == LEN_L) {
                const wchar_t* ws = va_arg(*ap, const wchar_t*);
                if (ws) return fmt_wide(o, sp, ws);
            } else {
                const char* s = va_arg(*ap, const char*);
                if (s) {
                    fmt_text(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, (size_t)sp->prec));
                    return 0;
                }
            }
            /* A null string prints "(null)", or nothing when the precision cuts it. */
            int fits = sp->prec < 0 || sp->prec >= 6;
            fmt_text(o, sp, "(null)", fits ? 6 : 0);
            return 0;
        }
        case 'n':
            store_count(ap, len, o->total);
            return 0;
        case '%':
            __axlibc_out_bytes(o, "%", 1);
            return 0; /* "%5%": glibc ignores the width */
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A': {
            struct __axlibc_fp x;
            float_arg(ap, len, &x);
            __axlibc_fmt_float(o, sp, &x);
            return 0;
        }
        default:
            return EINVAL;
    }
}

int __axlibc_vformat(struct __axlibc_out* o, const char* fmt, va_list ap_in) {
    va_list ap;
    va_copy(ap, ap_in);
    int err = 0;
    const char* p = fmt;
    while (*p && !err) {
        const char* pct = strchr(p, '%');
        size_t lit = pct ? (size_t)(pct - p) : strlen(p);
        __axlibc_out_bytes(o, p, lit);
        if (!pct) break;
        p = pct + 1;
        if (*p == '%') {
            __axlibc_out_bytes(o, "%", 1);
            p++;
            continue;
        }
        struct __axlibc_spec sp = {0, 0, -1, 0};
        for (;; p++) {
            if (*p == '-')
                sp.flags |= __AXLIBC_F_LEFT;
            else if (*p == '+')
                sp.flags |= __AXLIBC_F_PLUS;
            else if (*p == ' ')
                sp.flags |= __AXLIBC_F_SPACE;
            else if (*p == '#')
                sp.flags |= __AXLIBC_F_ALT;
            else if (*p == '0')
                sp.flags |= __AXLIBC_F_ZERO;
            else if (*p != '\'')
                break; /* thousands grouping: none in the C locale */
        }
        if (*p == '*') {
            int w = va_arg(ap, int);
            p++;
            if (w < 0) { /* a negative width is '-' with its magnitude */
                sp.flags |= __AXLIBC_F_LEFT;
                if (w == INT_MIN)
                    err = EOVERFLOW; /* its magnitude is no int */
                else
                    w = -w;
            }
            sp.width = w;
        } else if ((sp.width = read_number(&p)) < 0) {
            err = EOVERFLOW;
        }
        if (*p == '.') {
            p++;
            if (*p == '*') {
                int pr = va_arg(ap, int);
                p++;
                sp.prec = pr < 0 ? -1 : pr; /* a negative precision is no precision */
            } else if ((sp.prec = read_number(&p)) < 0) {
                err = EOVERFLOW;
            }
        }
        if (err) break;
        enum length len = read_length(&p);
        sp.conv = *p;
        if (!*p) {
            err = EINVAL;
            break;
        }
        p++;
        err = convert(o, &sp, len, &ap);
    }
    va_end(ap);
    if (!err && o->total > INT_MAX) err = EOVERFLOW;
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}
