/* axtask/tests/fpu_work.h: floating-point work for the tests of axtask's FPU switch (chapter 5,
 * "Floating point in tasks"), in C so that the kernel's ktest can compile it with SSE while its
 * C++ stays -mgeneral-regs-only. Results travel as bit patterns: the caller needs no FPU. */
#ifndef AXTASK_TESTS_FPU_WORK_H
#define AXTASK_TESTS_FPU_WORK_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/** One run of axtask_fpu_work(): what to do, and what came out. */
struct AxFpuWork {
    unsigned rounding;    /**< in: rounding control, 0 nearest, 1 down, 2 up, 3 toward zero. */
    int raise_divzero;    /**< in: divide by zero once first (x87 and SSE), setting the flags. */
    int rounds;           /**< in: iterations, each followed by a yield. */
    uint64_t sse_bits;    /**< out: the double result's bits. */
    uint64_t x87_bits[2]; /**< out: the long double result's 10 bytes (zero-padded). */
    uint32_t mxcsr;       /**< out: MXCSR at the end (rounding and sticky flags). */
    uint16_t fsw;         /**< out: the x87 status word at the end (sticky flags). */
};

/** Sets the rounding mode in MXCSR and the x87 control word, clears the exception flags,
 * optionally raises divide-by-zero, then iterates x = x / 3 + 0.1 in double (SSE) and in long
 * double (x87), calling @p yield (if not null) after each step. The caller's MXCSR and x87
 * environment (control and status) are restored on return; the work's own are reported in
 * @p w. */
void axtask_fpu_work(struct AxFpuWork* w, void (*yield)(void));

#ifdef __cplusplus
}
#endif
#endif
