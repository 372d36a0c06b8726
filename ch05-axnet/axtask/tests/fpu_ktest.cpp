// axtask/tests/fpu_ktest.cpp: in-guest tests of axtask's FPU switch (chapter 5, "Floating point
// in tasks"): two tasks with their own rounding modes and exception flags interleaved by yields
// (the work is C compiled with SSE, fpu_work.c; this file stays -mgeneral-regs-only), and what
// the switch's FXSAVE64/FXRSTOR64 pair costs.
#include <axhal/cpu.h>
#include <axlog/log.h>
#include <ktest/ktest.h>

#include "../src/platform.h"
#include "fpu_scenario.h"

KTEST(axtask, fpu_state_per_task) {
    axtask_test::FpuScenario s;
    KASSERT(axtask_test::run_fpu_scenario(s, 200));
    for (int i = 0; i < 2; ++i) {
        KEXPECT_EQ(s.interleaved[i].sse_bits, s.alone[i].sse_bits);
        KEXPECT_EQ(s.interleaved[i].x87_bits[0], s.alone[i].x87_bits[0]);
        KEXPECT_EQ(s.interleaved[i].x87_bits[1], s.alone[i].x87_bits[1]);
        KEXPECT_EQ(s.interleaved[i].mxcsr >> 13 & 3, s.alone[i].rounding);
    }
    KEXPECT(s.alone[0].sse_bits != s.alone[1].sse_bits);  // the two modes do differ
    KEXPECT(axtask_test::divzero_flags(s.interleaved[0]));
    KEXPECT(!axtask_test::divzero_flags(s.interleaved[1]));
}

// The figure for chapter 5: TSC cycles of one FXSAVE64 + FXRSTOR64 pair, what each switch adds
// (ping_pong_switches prints the whole switch).
KTEST(axtask, fpu_switch_cost) {
    static axtask::detail::FpuState area;
    constexpr int kRounds = 20000;
    uint64_t t0 = axhal::rdtsc();
    for (int i = 0; i < kRounds; ++i) {
        asm volatile("fxsave64 %0\n fxrstor64 %0" : "+m"(area));
    }
    uint64_t cycles = axhal::rdtsc() - t0;
    KEXPECT(cycles > 0);
    axlog::info("axtask: FXSAVE64 + FXRSTOR64: {} TSC cycles per switch ({} rounds)",
                cycles / kRounds, kRounds);
}
