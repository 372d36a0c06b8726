/* axtask/tests/fpu_work.c: the floating-point work of axtask's FPU tests (see fpu_work.h). The
 * rounding mode and the sticky exception flags live in MXCSR and the x87 control and status
 * words, which a context switch must carry per task: a task that sees another's rounding mode
 * computes different bits, and one that sees another's flags reports an exception it never
 * raised. */
#include "fpu_work.h"

void axtask_fpu_work(struct AxFpuWork* w, void (*yield)(void)) {
    uint32_t saved_mxcsr;
    uint8_t saved_x87_env[28]; /* FNSTENV: control, status and tag words, pointers */
    __asm__ volatile("stmxcsr %0\n fnstenv %1" : "=m"(saved_mxcsr), "=m"(saved_x87_env));
    /* MXCSR: every exception masked (0x1f80), rounding control in bits 13-14; x87 control
     * word: every exception masked, 64-bit precision (0x37f), rounding in bits 10-11. */
    uint32_t mxcsr = 0x1f80u | (w->rounding & 3u) << 13;
    uint16_t fcw = (uint16_t)(0x037fu | (w->rounding & 3u) << 10);
    __asm__ volatile("ldmxcsr %0\n fldcw %1\n fnclex" ::"m"(mxcsr), "m"(fcw));
    if (w->raise_divzero) {
        volatile double zero = 0.0, inf;
        volatile long double lzero = 0.0L, linf;
        inf = 1.0 / zero;
        linf = 1.0L / lzero;
        (void)inf;
        (void)linf;
    }
    volatile double x = 1.0;
    volatile long double y = 1.0L;
    for (int i = 0; i < w->rounds; ++i) {
        x = x / 3.0 + 0.1;
        y = y / 3.0L + 0.1L;
        if (yield) yield();
    }
    double xr = x;
    long double yr = y;
    w->x87_bits[0] = w->x87_bits[1] = 0;
    __builtin_memcpy(&w->sse_bits, &xr, sizeof xr);
    __builtin_memcpy(w->x87_bits, &yr, 10); /* the 80-bit value; the padding is undefined */
    __asm__ volatile("stmxcsr %0\n fnstsw %1" : "=m"(w->mxcsr), "=m"(w->fsw));
    __asm__ volatile("ldmxcsr %0\n fldenv %1" ::"m"(saved_mxcsr), "m"(saved_x87_env));
}
