/* stdlib.h: number parsing, sorting, memory, program exit and the environment (C17 7.22).
 *
 * Memory from malloc/calloc/realloc is the caller's until free(). Out of memory is a null
 * pointer with errno ENOMEM, never a crash. */
#ifndef _AXLIBC_STDLIB_H
#define _AXLIBC_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

/** Quotient and remainder of div(). */
typedef struct {
    int quot; /**< Quotient, truncated toward zero. */
    int rem;  /**< Remainder, with the sign of the dividend. */
} div_t;
/** Quotient and remainder of ldiv(). */
typedef struct {
    long quot; /**< Quotient, truncated toward zero. */
    long rem;  /**< Remainder, with the sign of the dividend. */
} ldiv_t;

long strtol(const char* restrict s, char** restrict end, int base);
unsigned long strtoul(const char* restrict s, char** restrict end, int base);
long long strtoll(const char* restrict s, char** restrict end, int base);
unsigned long long strtoull(const char* restrict s, char** restrict end, int base);
int atoi(const char* s);
long atol(const char* s);
long long atoll(const char* s);

double strtod(const char* restrict s, char** restrict end);
float strtof(const char* restrict s, char** restrict end);
double atof(const char* s);

int abs(int x);
long labs(long x);
long long llabs(long long x);
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);

void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t n, size_t size,
              int (*cmp)(const void*, const void*));

int rand(void);
void srand(unsigned seed);

void* malloc(size_t size);
void* calloc(size_t n, size_t size);
void* realloc(void* p, size_t size);
void* aligned_alloc(size_t align, size_t size);
void free(void* p);

int atexit(void (*fn)(void));
__attribute__((__noreturn__)) void exit(int status);
__attribute__((__noreturn__)) void _Exit(int status);
__attribute__((__noreturn__)) void abort(void);

/* The value of NAME=value in the environment (the kernel command line in the kernel), or null.
 * The string is the library's: do not modify it. */
char* getenv(const char* name);

#ifdef __cplusplus
}
#endif

#endif
