// axruntime/src/cxx_support.cpp: what compiled C++ expects from its runtime when there is no
// C or C++ library: the memory functions the compiler may call, and the C++ ABI hooks
// (Itanium C++ ABI: pure virtual calls, static destructors).
#include <axlog/panic.h>

#include <cstddef>
#include <cstdint>
#include <exception>

extern "C" {

// rep movsb / rep stosb: short and fast on current CPUs ("fast string" operations), and they
// cannot be turned back into calls to themselves by the optimiser.
void* memcpy(void* dst, const void* src, size_t n) {
    void* d = dst;
    asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n)::"memory");
    return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
    if (dst <= src || static_cast<char*>(dst) >= static_cast<const char*>(src) + n) {
        return memcpy(dst, src, n);
    }
    // Overlapping with dst after src: copy backwards.
    auto* d = static_cast<char*>(dst) + n - 1;
    auto* s = static_cast<const char*>(src) + n - 1;
    asm volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n)::"memory");
    return dst;
}

void* memset(void* dst, int c, size_t n) {
    void* d = dst;
    asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

void* memchr(const void* s, int c, size_t n) {
    auto* p = static_cast<const unsigned char*>(s);
    for (size_t i = 0; i < n; ++i) {
        if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
    }
    return nullptr;
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

// A virtual call through an object whose constructor has not finished.
void __cxa_pure_virtual() {
    AX_PANIC("pure virtual function called");
}

// Static destructors: the kernel never returns from main to a caller that would run them (it
// powers off), so registering one does nothing.
void* __dso_handle = nullptr;
int __cxa_atexit(void (*)(void*), void*, void*) {
    return 0;
}
// Weak: a kernel that links the C library (axlibc, stage 6) gets its real atexit instead,
// which exit() honours.
[[gnu::weak]] int atexit(void (*)()) {
    return 0;
}

}  // extern "C"

// std::terminate: what the C++ library calls when it cannot go on (GCC 14's freestanding
// headers route string_view's and array's range errors here). Normally part of the C++
// runtime library, which the kernel does not link.
namespace std {
[[noreturn]] void terminate() noexcept {
    AX_PANIC("C++ library: std::terminate (a range or length error in library code)");
}
}  // namespace std

// Header-only parts of the C++ library (string_view, array) report misuse through these
// functions instead of throwing. Without exceptions the kernel cannot recover: it panics,
// naming the misuse. Some library versions define them inline themselves (GCC 14 when not
// hosted): cmake/kernel.cmake asks the compiler which ones are left to us, and only those are
// defined here.
namespace std {
#ifdef AX_DEFINE_THROW_out_of_range_fmt
[[noreturn]] void __throw_out_of_range_fmt(const char* fmt, ...) {
    AX_PANIC("C++ library: out of range: {}", fmt);
}
#endif
#ifdef AX_DEFINE_THROW_out_of_range
[[noreturn]] void __throw_out_of_range(const char* what) {
    AX_PANIC("C++ library: out of range: {}", what);
}
#endif
#ifdef AX_DEFINE_THROW_length_error
[[noreturn]] void __throw_length_error(const char* what) {
    AX_PANIC("C++ library: length error: {}", what);
}
#endif
#ifdef AX_DEFINE_THROW_logic_error
[[noreturn]] void __throw_logic_error(const char* what) {
    AX_PANIC("C++ library: logic error: {}", what);
}
#endif
#ifdef AX_DEFINE_THROW_bad_alloc
[[noreturn]] void __throw_bad_alloc() {
    AX_PANIC("C++ library: bad_alloc");
}
#endif
#ifdef AX_DEFINE_THROW_bad_array_new_length
[[noreturn]] void __throw_bad_array_new_length() {
    AX_PANIC("C++ library: bad array new length");
}
#endif
}  // namespace std
