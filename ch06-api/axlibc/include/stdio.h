/* stdio.h: formatted and plain output (C17 7.21) to the descriptors 1 (stdout) and 2
 * (stderr), through the write hook of axlibc/hooks.h; and formatting into buffers.
 *
 * Output is unbuffered at the FILE level: each call formats into a small buffer on its own
 * stack and hands it to the write hook, so nothing waits in a FILE at exit and fflush has
 * nothing to do. There is no input side (no stdin reading, no fopen): programs here read
 * from sockets. */
#ifndef _AXLIBC_STDIO_H
#define _AXLIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)
#define BUFSIZ 1024

/* An output stream: a descriptor and its error flag. Opaque to programs. */
typedef struct __axlibc_file FILE;

extern FILE* const stdin;
extern FILE* const stdout;
extern FILE* const stderr;
#ifndef stdin /* C17 7.21.1: they are macros too */
#define stdin stdin
#define stdout stdout
#define stderr stderr
#endif

int printf(const char* restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int fprintf(FILE* restrict f, const char* restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int dprintf(int fd, const char* restrict fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
int sprintf(char* restrict buf, const char* restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int snprintf(char* restrict buf, size_t size, const char* restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vprintf(const char* restrict fmt, va_list ap);
int vfprintf(FILE* restrict f, const char* restrict fmt, va_list ap);
int vdprintf(int fd, const char* restrict fmt, va_list ap);
int vsprintf(char* restrict buf, const char* restrict fmt, va_list ap);
int vsnprintf(char* restrict buf, size_t size, const char* restrict fmt, va_list ap);

int putchar(int c);
int puts(const char* s);
int fputc(int c, FILE* f);
int putc(int c, FILE* f);
int fputs(const char* restrict s, FILE* restrict f);
size_t fwrite(const void* restrict p, size_t size, size_t n, FILE* restrict f);
int fflush(FILE* f);
int ferror(FILE* f);
void clearerr(FILE* f);
int fileno(FILE* f);

/* Writes "s: <strerror(errno)>\n" to stderr (just the message when s is null or empty). */
void perror(const char* s);

#ifdef __cplusplus
}
#endif

#endif
